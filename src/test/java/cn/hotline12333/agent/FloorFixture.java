package cn.hotline12333.agent;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.HandlingRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A floor on a hand-driven clock, recording what it sends to Asterisk and writes to the call log. */
final class FloorFixture {
    final FloorClock clock = new FloorClock();
    final List<String> sent = new ArrayList<>();
    /** each order as "KIND Interface StateInterface" */
    final List<String> sentTo = new ArrayList<>();
    final List<Consumer<String>> refusals = new ArrayList<>();
    final List<AgentStateSegment> segments = new ArrayList<>();
    final List<HandlingRecord> handling = new ArrayList<>();
    final List<String> told = new ArrayList<>();
    final AgentFloor floor;

    FloorFixture() {
        this(AgentSettings.defaults());
    }

    FloorFixture(AgentSettings settings) {
        Switchboard board = (member, order, refused) -> {
            sent.add(member.agent() + " " + order.kind() + (order.reason() == null ? "" : " " + order.reason()));
            sentTo.add(order.kind() + " " + member.iface() + " " + member.stateIface());
            refusals.add(refused);
        };
        floor = new AgentFloor(settings, clock, board, ViewStore.NONE, segments::add, handling::add, Runnable::run);
        floor.addListener(new DeskListener() {
            @Override
            public void pop(String agent, Pop pop) {
                told.add("pop " + agent + " " + pop.uniqueId());
            }

            @Override
            public void withdrawn(String agent, String uniqueId) {
                told.add("withdrawn " + agent + " " + uniqueId);
            }

            @Override
            public void refused(String agent, Request request, String asteriskSays) {
                told.add("refused " + agent + " " + request.kind() + " " + asteriskSays);
            }
        });
    }

    /** Logged in and confirmed ready. */
    AgentView ready(String agent, String extension) {
        floor.login(agent, extension);
        AgentView v = floor.view(agent);
        floor.fact(v, Trigger.withReason(Trigger.Kind.MEMBER_ADDED, ""));
        floor.desk(agent, Trigger.of(Trigger.Kind.READY));
        floor.fact(v, Trigger.of(Trigger.Kind.UNPAUSED));
        return v;
    }

    void fact(String agent, Trigger t) {
        floor.fact(floor.view(agent), t);
    }
}
