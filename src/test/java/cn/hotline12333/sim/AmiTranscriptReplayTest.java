package cn.hotline12333.sim;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every AMI session recorded against a real Asterisk 22 in ../shared/transcripts, replayed against the emulator
 * (see {@link AmiReplay}). Sessions without calls are compared byte for byte; sessions with a call compare the
 * responses and every queue, member, system and security event byte for byte and leave out the channel and
 * dialplan events (Newchannel, VarSet, Dial*, Bridge*, DeviceStateChange…), which the emulator does not make.
 */
class AmiTranscriptReplayTest {

    private static final String GENERAL_AGENT = "Local/agent@agents/n";
    private static final String NOANSWER_AGENT = "Local/noanswer@agents/n";

    /** The recording box's queues, in the order its "all queues" lists showed them (hash order there). */
    private static List<AmiSettings.Queue> recordedQueues() {
        return List.of(AmiSettings.Queue.dynamic("hotline-dynamic"),
                new AmiSettings.Queue("hotline-general", "rrmemory", List.of(GENERAL_AGENT)),
                new AmiSettings.Queue("hotline-noanswer", "ringall", List.of(NOANSWER_AGENT)),
                new AmiSettings.Queue("hotline-labour", "rrmemory", List.of(GENERAL_AGENT)));
    }

    /**
     * Every recording but ami-login and ami-settings comes from one box; the Uptime and LastReload of its four
     * logins (whole seconds) leave it started in 548.165–548.322 and reloaded in 548.687–549.165.
     */
    private static final long BOX_STARTUP = 1795446548_200000L;
    private static final long BOX_RELOAD = 1795446548_900000L;
    private static final long ANSWERED_BASE = 1795446553_386000L;
    private static final long ABANDON_BASE = 1795446560_704000L;
    private static final long RING_NO_ANSWER_BASE = 1795446570_020000L;

    private static AmiReplay replay(String name) throws Exception {
        AmiReplay r = new AmiReplay(name);
        r.queues = recordedQueues();
        r.startup = BOX_STARTUP;
        r.reload = BOX_RELOAD;
        return r;
    }

    @Test
    void loginErrorsAndLogoffAreAsterisksBytes() throws Exception {
        AmiReplay r = new AmiReplay("ami-login"); // another box: its own boot times, from its FullyBooted
        r.queues = recordedQueues();
        r.sessionIds.add(0xdeadL);
        r.sessionIds.add(0x7fc1f00011a0L);
        r.sessionIds.add(0xbeefL);
        r.challenge = 160292621;
        // the two security events were stamped a millisecond after the step that raised them
        r.clockByActionId.put("no-action", 1795446730636000L);
        r.clockByActionId.put("unknown", 1795446730637000L);
        r.run();
    }

    @Test
    void memberAddPauseStatusAndRemoveAreAsterisksBytes() throws Exception {
        AmiReplay r = replay("ami-member-pause");
        r.sessionIds.add(0x7fb038001ae0L);
        // the box had taken the answered, abandoned and timed-out calls of the other recordings before
        r.before = replay -> {
            long own = replay.base;
            replay.base = ANSWERED_BASE;
            answeredCall(replay);
            replay.base = ABANDON_BASE;
            abandonedCall(replay);
            replay.base = RING_NO_ANSWER_BASE;
            unansweredCall(replay);
            replay.base = own;
        };
        r.run();
    }

    @Test
    void filteredAnsweredCallIsAsterisksBytes() throws Exception {
        AmiReplay r = replay("ami-queue-answered-filter");
        r.sessionIds.add(0x7fb02c0011a0L);
        r.cli = AmiTranscriptReplayTest::answeredCall;
        r.run();
    }

    @Test
    void answeredCallGivesAsterisksQueueEvents() throws Exception {
        AmiReplay r = replay("ami-queue-answered");
        r.exact = false;
        r.sessionIds.add(0x7fb0240011a0L);
        r.sessionIds.add(0x7fb0300011a0L);
        r.sessionIds.add(0x7fb02c0011a0L);
        List<AmiTestClient> others = new ArrayList<>();
        r.afterSend.put("login", replay -> {
            await().atMost(Duration.ofSeconds(5)).until(() -> replay.box.logins() == 1);
            others.add(replay.otherLogin());
            others.add(replay.otherLogin());
        });
        r.cli = AmiTranscriptReplayTest::answeredCall;
        r.run();
        for (AmiTestClient other : others) {
            other.close();
        }
    }

    @Test
    void answeredCallWithCallAndAgentEventsOnly() throws Exception {
        AmiReplay r = replay("ami-queue-answered-call-agent");
        r.exact = false;
        r.base = ANSWERED_BASE; // the same call as ami-queue-answered.txt, whose EventTV gives the clock
        r.cli = AmiTranscriptReplayTest::answeredCall;
        r.run();
    }

    /** Local/answered@qscen: Answer(), Queue(hotline-general), the static member answers, hangs up 2.5 s later. */
    private static void answeredCall(AmiReplay r) {
        AmiChannel originator = AmiChannel.caller("Local/answered@qscen-00000000;1", null, "qscen", "answered", 1,
                "1795446554.0", "1795446554.0");
        AmiChannel caller = AmiChannel.caller("Local/answered@qscen-00000000;2", null, "qscen", "answered", 2,
                "1795446554.1", "1795446554.0");
        AmiChannel leg = AmiChannel.memberLeg("Local/agent@agents-00000001;1", "answered", "agents", "answered",
                "1795446555.2", "1795446554.0");
        r.at(1.811);
        AmiCaller call = r.box.callerJoins("hotline-general", caller).ring(GENERAL_AGENT, leg);
        r.at(1.814);
        r.box.deviceState(GENERAL_AGENT, "INUSE"); // the Local member's device is in use once its leg answers
        call.connect(GENERAL_AGENT);
        r.at(4.314);
        call.complete("agent");
        r.box.hangup(caller);
        r.box.hangup(originator);
        r.at(4.316);
        r.box.deviceState(GENERAL_AGENT, "NOT_INUSE");
    }

    @Test
    void callerHangingUpWhileRingingGivesAsterisksQueueEvents() throws Exception {
        AmiReplay r = replay("ami-queue-abandon");
        r.exact = false;
        r.sessionIds.add(0x7fb0480011a0L);
        r.cli = AmiTranscriptReplayTest::abandonedCall;
        r.run();
    }

    private static void abandonedCall(AmiReplay replay) {
        {
            AmiChannel caller = AmiChannel.caller("Local/abandon@qscen-00000002;2", null, "qscen", "abandon", 2,
                    "1795446562.5", "1795446562.4");
            AmiChannel leg = AmiChannel.memberLeg("Local/noanswer@agents-00000003;1", "abandon", "agents", "abandon",
                    "1795446562.6", "1795446562.4");
            replay.at(1.811);
            AmiCaller call = replay.box.callerJoins("hotline-noanswer", caller).ring(NOANSWER_AGENT, leg);
            replay.at(6.314);
            call.abandon();
        }
    }

    @Test
    void nobodyAnsweringGivesAsterisksQueueEvents() throws Exception {
        AmiReplay r = replay("ami-queue-ringnoanswer");
        r.exact = false;
        r.sessionIds.add(0x55cb8946e380L);
        r.cli = AmiTranscriptReplayTest::unansweredCall;
        r.run();
    }

    private static void unansweredCall(AmiReplay replay) {
        {
            AmiChannel caller = AmiChannel.caller("Local/ringnoanswer@qscen-00000004;2", null, "qscen", "ringnoanswer",
                    2, "1795446571.9", "1795446571.8");
            replay.at(1.822);
            AmiCaller call = replay.box.callerJoins("hotline-noanswer", caller).ring(NOANSWER_AGENT,
                    AmiChannel.memberLeg("Local/noanswer@agents-00000005;1", "ringnoanswer", "agents", "ringnoanswer",
                            "1795446571.10", "1795446571.8"));
            replay.at(16.836);
            call.ringNoAnswer(NOANSWER_AGENT, 15_000); // the member's timeout (15 s), as app_queue reports it
            replay.at(17.838);
            call.ring(NOANSWER_AGENT, AmiChannel.memberLeg("Local/noanswer@agents-00000006;1", "ringnoanswer", "agents",
                    "ringnoanswer", "1795446587.12", "1795446571.8"));
            replay.at(21.840);
            call.ringNoAnswer(NOANSWER_AGENT, 4_000); // cut by the caller's 20 s queue timeout
            replay.at(21.841);
            call.timeout();
        }
    }

    @Test
    void dynamicMemberTakingACallGivesAsterisksEvents() throws Exception {
        AmiReplay r = replay("ami-dynamic-call");
        r.exact = false;
        r.base = 1795446606900000L; // LoginTime 1795446607 at 0.301 s; the caller's Uniqueid was made at 1795446608
        r.cli = replay -> {
            replay.at(1.810);
            replay.box.callerJoins("hotline-dynamic", AmiChannel.caller("Local/dynamic@qscen-00000007;2", null,
                    "qscen", "dynamic", 2, "1795446608.15", "1795446608.14"));
        };
        AmiChannel leg = AmiChannel.memberLeg("Local/talk@agents-00000008;1", "dynamic", "agents", "dynamic",
                "1795446611.16", "1795446608.14").withState(5); // its phone said Ringing before AgentCalled went out
        // the member, paused at login, is rung once QueuePause unpauses it
        r.afterSend.put("ready", replay -> {
            await().atMost(Duration.ofSeconds(5)).until(() -> !replay.box.members("hotline-dynamic")
                    .get("Local/talk@agents/n"));
            AmiCaller call = replay.box.caller("1795446608.15");
            replay.at(4.813);
            call.ring("Local/talk@agents/n", leg);
            replay.at(6.816);
            call.connect("Local/talk@agents/n");
            replay.at(10.313);
            call.complete("caller");
        });
        r.run();
    }

    @Test
    void originatesAnswerAsTheHandlerSaysWithAsteriksResponses() throws Exception {
        AmiReplay r = replay("ami-originate");
        r.exact = false;
        r.base = 1795446619_800000L; // the first answered channel's Uniqueid was made at 1795446620
        java.util.Deque<AmiOriginateResult> agentCalls = new java.util.ArrayDeque<>(List.of(
                AmiOriginateResult.answered("Local/agent@agents-00000009;1", "1795446620.18"),
                AmiOriginateResult.answered("Local/agent@agents-0000000c;1", "1795446632.24"),
                AmiOriginateResult.answered("Local/agent@agents-0000000f;1", "1795446636.30")));
        r.afterSend.put("login", replay -> replay.box.onOriginate(channel -> switch (channel) {
            case "Local/nosuch@agents" -> AmiOriginateResult.failed(0);
            case "Local/noanswer@agents/n" -> AmiOriginateResult.failed(3);
            default -> agentCalls.poll();
        }));
        r.run();
    }

    @Test
    void timestampEventsAndChannelVariablesAddAsterisksLines() throws Exception {
        AmiReplay r = new AmiReplay("ami-settings"); // a box restarted with timestampevents and channelvars
        r.queues = recordedQueues();
        r.exact = false;
        r.startup = 1795446647_500000L;
        // app_queue reloaded at 647 keeps a static member's call count: the answered call of 557 still shows
        r.before = replay -> {
            long own = replay.base;
            replay.base = ANSWERED_BASE;
            answeredCall(replay);
            replay.base = own;
        };
        r.configure = c -> c.withTimestampEvents(true).withChannelVars(List.of("HOTLINE_TOPIC", "CALLERID(num)"));
        // Asterisk stamps each event when it is raised, microseconds apart; the replay's clock stands still
        // within a step, so Timestamp lines are compared to the millisecond
        r.loosen = m -> m.replaceAll("(Timestamp: \\d+\\.\\d{3})\\d{3}", "$1");
        r.afterSend.put("login", replay -> replay.box.onOriginate(channel -> {
            replay.clock.set(1795446710_009832L); // the first QueueMemberStatus's Timestamp
            replay.box.deviceState(GENERAL_AGENT, "INUSE");
            replay.clock.set(1795446710_010678L); // OriginateResponse's
            return AmiOriginateResult.answered("Local/agent@agents-00000012;1", "1795446710.36");
        }));
        r.afterSend.put("orig", replay -> {
            await().atMost(Duration.ofSeconds(5)).until(() -> replay.clock.get() == 1795446710_010678L);
            replay.clock.set(1795446711_012594L);
            replay.box.deviceState(GENERAL_AGENT, "NOT_INUSE");
        });
        r.run();
    }
}
