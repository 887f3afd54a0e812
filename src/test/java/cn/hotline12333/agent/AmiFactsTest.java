package cn.hotline12333.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.internal.TranscriptEvents;
import org.junit.jupiter.api.Test;

/** The recorded Asterisk 22 transcripts, through Asterisk-Java's event builder, onto the floor. */
class AmiFactsTest {
    private static final Path TRANSCRIPTS = Path.of("src/test/resources/transcripts");
    private final FloorFixture f = new FloorFixture();
    private final AmiFacts facts = new AmiFacts(f.floor);

    private AgentView loggingIn(String agent, String iface) {
        f.floor.login(agent, "6001");
        AgentView v = f.floor.view(agent);
        v.iface = iface;
        return v;
    }

    private List<ManagerEvent> transcript(String name) throws Exception {
        return TranscriptEvents.read(TRANSCRIPTS.resolve(name));
    }

    @Test
    void theDynamicMemberCallWalksLoginReadyRingTalkWrapUpAndRemoval() throws Exception {
        loggingIn("Agent 1002", "Local/talk@agents/n");
        for (ManagerEvent e : transcript("ami-dynamic-call.txt")) {
            f.clock.advance(java.time.Duration.ofMillis(100));
            facts.apply(e);
        }
        AgentSnapshot s = f.floor.snapshot("Agent 1002");
        // the transcript ends with a QueueRemove sent from outside: removed by the phone system, as far as we know
        assertThat(s.state()).isEqualTo(AgentState.LOGGED_OUT);
        assertThat(s.removedByPhoneSystem()).isTrue();
        assertThat(f.segments).extracting(seg -> seg.state().name())
                .containsExactly("NOT_READY", "READY", "RINGING", "ON_CALL", "WRAP_UP");
        assertThat(f.segments.get(0).reason()).isEqualTo("login");
        assertThat(f.told).containsExactly("pop Agent 1002 1795446608.15", "withdrawn Agent 1002 1795446608.15");
        assertThat(f.handling).singleElement().satisfies(h -> {
            assertThat(h.talkMs()).isEqualTo(4_000); // TalkTime: 4 (seconds)
            assertThat(h.uniqueId()).isEqualTo("1795446608.15");
        });
        assertThat(f.sent).contains("Agent 1002 PAUSE wrapup");
        assertThat(facts.flawed.sum()).isZero();
        assertThat(facts.ignored.sum()).as("noise such as Newchannel is ignored and counted").isPositive();
    }

    @Test
    void thePauseReasonIsReadFromTheFieldAsteriskJavaFills() throws Exception {
        List<String> reasons = transcript("ami-member-pause.txt").stream()
                .filter(e -> e instanceof org.asteriskjava.manager.event.QueueMemberPauseEvent)
                .map(e -> AmiFacts.pausedReason((org.asteriskjava.manager.event.QueueMemberPauseEvent) e))
                .toList();
        assertThat(reasons).startsWith("lunch");
    }

    @Test
    void theSameTranscriptTwiceChangesNothingMore() throws Exception {
        loggingIn("Agent 1002", "Local/talk@agents/n");
        List<ManagerEvent> events = transcript("ami-dynamic-call.txt");
        events.forEach(facts::apply);
        int segments = f.segments.size();
        events.stream().filter(e -> !e.getClass().getSimpleName().startsWith("Agent")).forEach(facts::apply);
        assertThat(f.segments).hasSize(segments);
    }

    @Test
    void aMalformedHoldTimeIsCountedAsFlawedAndTheCallStillConnects() {
        AgentView v = loggingIn("1001", "PJSIP/6001");
        f.fact("1001", Trigger.withReason(Trigger.Kind.MEMBER_ADDED, ""));
        f.floor.desk("1001", Trigger.of(Trigger.Kind.READY));
        f.fact("1001", Trigger.of(Trigger.Kind.UNPAUSED));
        facts.apply(TranscriptEvents.build("Event: AgentCalled", "Queue: hotline-general", "Uniqueid: 17.1",
                "Interface: PJSIP/6001", "MemberName: 1001", "CallerIDNum: 13800000000"));
        facts.apply(TranscriptEvents.build("Event: AgentConnect", "Queue: hotline-general", "Uniqueid: 17.1",
                "Interface: PJSIP/6001", "MemberName: 1001", "HoldTime: abc", "RingTime: 2"));
        assertThat(facts.flawed.sum()).isEqualTo(1);
        assertThat(v.state).isEqualTo(AgentState.ON_CALL);
    }

    @Test
    void membersAreFoundByInterfaceWhenTheNameDiffers() {
        AgentView v = loggingIn("1001", "PJSIP/6001");
        facts.apply(TranscriptEvents.build("Event: QueueMemberAdded", "Queue: hotline-general",
                "MemberName: PJSIP/6001", "Interface: PJSIP/6001", "Paused: 1", "Status: 5"));
        assertThat(v.state).isEqualTo(AgentState.NOT_READY);
        assertThat(v.phoneOffline).as("Status 5: phone offline").isTrue();
    }

    @Test
    void anInvalidInterfaceIsAPhoneOfflineUntilItsDeviceIsThere() {
        AgentView v = loggingIn("1001", "PJSIP/6001");
        // app_queue is_member_available: AST_DEVICE_INVALID (4) is never offered a call, like UNAVAILABLE (5)
        facts.apply(TranscriptEvents.build("Event: QueueMemberAdded", "Queue: hotline-general",
                "MemberName: 1001", "Interface: PJSIP/6001", "StateInterface: PJSIP/6001", "Paused: 1", "Status: 4"));
        assertThat(v.phoneOffline).as("Status 4: the interface names no device").isTrue();
        assertThat(f.floor.snapshot("1001").phoneOffline()).isTrue();
        facts.apply(TranscriptEvents.build("Event: QueueMemberStatus", "Queue: hotline-general",
                "MemberName: 1001", "Interface: PJSIP/6001", "StateInterface: PJSIP/6001", "Paused: 1", "Status: 0"));
        assertThat(v.phoneOffline).as("Status 0 (unknown) is offered a call: online").isFalse();
        facts.apply(TranscriptEvents.build("Event: QueueMemberStatus", "Queue: hotline-general",
                "MemberName: 1001", "Interface: PJSIP/6001", "StateInterface: PJSIP/6001", "Paused: 1", "Status: 4"));
        assertThat(v.phoneOffline).isTrue();
    }

    @Test
    void unknownEventsAndForeignMembersAreCountedNotApplied() {
        loggingIn("1001", "PJSIP/6001");
        facts.apply(TranscriptEvents.build("Event: QueueMemberPause", "Queue: q", "MemberName: 9999",
                "Interface: PJSIP/9999", "Paused: 1"));
        facts.apply(TranscriptEvents.build("Event: Newchannel", "Channel: PJSIP/1-1"));
        assertThat(facts.foreign.sum()).isEqualTo(1);
        assertThat(facts.ignored.sum()).isEqualTo(1);
    }
}
