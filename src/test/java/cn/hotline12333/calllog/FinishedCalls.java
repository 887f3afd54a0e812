package cn.hotline12333.calllog;

import cn.hotline12333.calllog.CallRecord.HungUpBy;
import cn.hotline12333.calllog.CallRecord.Input;
import cn.hotline12333.calllog.CallRecord.Visit;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Call records as the IVR would hand them over (synthetic numbers, inputs already masked). */
final class FinishedCalls {
    static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    static final String CALLER = "13800138000";
    private static final OffsetDateTime START = OffsetDateTime.of(2026, 11, 23, 10, 0, 5, 123_456_000, BEIJING);

    private FinishedCalls() {
    }

    /** Every field set: answered, through the pension menu into a queue, an agent took it, scored 4. */
    static CallRecord agentAnswered(String callId) {
        return CallRecord.builder().callId(callId).asteriskSystem("pbx-bj-1").uniqueId("1732259050.17")
                .linkedId("1732259050.17").serverNode("node-a").flow("hotline").flowVersion("7").callerNumber(CALLER)
                .callerHash("5f1c0e4a9b2d7c3e8f6a1b0c9d8e7f6a").dialledNumber("12333").channel("PJSIP/trunk-00000011")
                .startedAt(START).answeredAt(START.plusSeconds(1)).endedAt(START.plusSeconds(185)).durationMs(185_000)
                .path(List.of(new Visit("hotline", "main", START.plusSeconds(1), CallRecord.Exit.KEY, "1"),
                        new Visit("pension", "pension_menu", START.plusSeconds(9), CallRecord.Exit.KEY, "0")))
                .inputs(List.of(new Input("ask_id", "citizen_id", "1101********1234", true),
                        new Input("ask_pin", "pin", "******", false)))
                .topics(List.of("pension", "agent"))
                .queueStints(List.of(new CallRecord.QueueStint("pension", START.plusSeconds(20),
                        START.plusSeconds(162), 22_000L, 120_000L, "Agent 1001", CallRecord.StintResult.ANSWERED)))
                .selfService(List.of(new CallRecord.ServiceResult("pension_status", true)))
                .survey(new CallRecord.Survey(true, 4))
                .outcome(Outcome.AGENT_ANSWERED).queue("pension").queueStatus("CONTINUE").queueWaitMs(142_000L)
                .surveyScore(4).hungUpBy(HungUpBy.CALLER).build();
    }

    /** Hung up before ANSWER: every nullable field null, empty lists. */
    static CallRecord neverAnswered(String callId) {
        return CallRecord.builder().callId(callId).asteriskSystem("pbx-bj-1").uniqueId("1732259050.18")
                .serverNode("node-a").flow("hotline").flowVersion("7").callerNumber(CALLER).dialledNumber("12333")
                .channel("PJSIP/trunk-00000012").startedAt(START).endedAt(START.plusSeconds(2)).durationMs(2_000)
                .outcome(Outcome.CALLER_HUNG_UP).hungUpBy(HungUpBy.CALLER).build();
    }

    static CallRecord selfService(String callId) {
        return CallRecord.builder().callId(callId).asteriskSystem("pbx-bj-1")
                .uniqueId(callId.substring(callId.indexOf('/') + 1)).serverNode("node-a").flow("hotline").flowVersion("7")
                .callerNumber(CALLER).dialledNumber("12333").channel("PJSIP/trunk-00000013").startedAt(START)
                .answeredAt(START.plusSeconds(1)).endedAt(START.plusSeconds(40)).durationMs(40_000)
                .path(List.of(new Visit("hotline", "main", START.plusSeconds(1))))
                .topics(List.of("card")).selfService(List.of(new CallRecord.ServiceResult("card_status", true)))
                .outcome(Outcome.SELF_SERVICE).hungUpBy(HungUpBy.IVR).build();
    }
}
