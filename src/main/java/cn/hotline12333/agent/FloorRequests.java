package cn.hotline12333.agent;

import cn.hotline12333.agent.Trigger.Kind;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A desk request as it reaches the floor, from this node or another (DeskCommands): a map of fields, {@code kind}
 * naming the request and {@code agent} whom it is for. Floor thread only, like the floor itself.
 */
final class FloorRequests {
    private static final Logger log = LoggerFactory.getLogger(FloorRequests.class);
    private final AgentFloor floor;

    FloorRequests(AgentFloor floor) {
        this.floor = floor;
    }

    /** One desk command on the floor's thread, from this node or another (DeskCommands). */
    DeskResult apply(Map<String, String> c) {
        String agent = c.get("agent");
        return switch (c.getOrDefault("kind", "")) {
            case "login" -> {
                String displaced = c.get("displaced");
                String extension = c.get("extension");
                if (displaced != null) {
                    floor.desk(displaced, Trigger.of(Kind.LOGOUT));
                    floor.listeners().forEach(l -> l.closed(displaced, null, "extension " + extension
                            + " taken over by " + agent));
                }
                if (c.get("replaced") != null) {
                    floor.listeners().forEach(l -> l.closed(agent, c.get("replaced"), "taken over by "
                            + c.get("where")));
                }
                String queues = c.get("queues");
                yield floor.login(agent, extension, queues == null ? null : java.util.List.of(queues.split(",")));
            }
            case "ready" -> floor.desk(agent, Trigger.of(Kind.READY));
            case "not_ready" -> floor.notReady(agent, c.get("reason"));
            case "logout" -> floor.desk(agent, Trigger.of(Kind.LOGOUT));
            case "wrapup" -> {
                try {
                    yield floor.wrapUp(agent, DeskCommands.JSON.readValue(c.get("form"), WrapUp.class));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    yield DeskResult.refused("form: unreadable", floor.snapshot(agent));
                }
            }
            case "heartbeat" -> {
                floor.heartbeat(agent);
                yield DeskResult.done(floor.snapshot(agent));
            }
            case "force" -> forced(agent, new Request(Request.Kind.valueOf(c.get("request")), c.get("reason")),
                    c.get("by"));
            default -> DeskResult.refused("unknown desk command " + c.get("kind"), floor.snapshot(agent));
        };
    }

    private DeskResult forced(String agent, Request request, String by) {
        AgentView v = floor.view(agent);
        if (v == null || v.state == AgentState.LOGGED_OUT) {
            return DeskResult.refused("not logged in", floor.snapshot(agent));
        }
        DeskResult r = switch (request.kind()) {
            case READY -> floor.desk(agent, Trigger.of(Kind.READY));
            case NOT_READY -> floor.notReady(agent, request.reason());
            default -> floor.desk(agent, Trigger.of(Kind.LOGOUT));
        };
        log.info("event=agent_forced agent={} by={} request={} reason={} done={} state={}", agent, by,
                request.kind(), request.reason(), r.done(), r.snapshot().state());
        return r;
    }

}
