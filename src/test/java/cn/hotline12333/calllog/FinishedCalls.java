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
        return new CallRecord(callId, "pbx-bj-1", "1732259050.17", "node-a", "hotline", "7", CALLER, "12333",
                "PJSIP/trunk-00000011", START, START.plusSeconds(1), START.plusSeconds(185), 185_000,
                List.of(new Visit("hotline", "main", START.plusSeconds(1)),
                        new Visit("pension", "pension_menu", START.plusSeconds(9))),
                List.of(new Input("ask_id", "citizen_id", "1101********1234", true),
                        new Input("ask_pin", "pin", "******", false)),
                List.of("pension", "agent"), Outcome.AGENT_ANSWERED, "pension", "CONTINUE", 142_000L, 4,
                HungUpBy.CALLER, null);
    }

    /** Hung up before ANSWER: every nullable field null, empty lists. */
    static CallRecord neverAnswered(String callId) {
        return new CallRecord(callId, "pbx-bj-1", "1732259050.18", "node-a", "hotline", "7", CALLER, "12333",
                "PJSIP/trunk-00000012", START, null, START.plusSeconds(2), 2_000, List.of(), List.of(), List.of(),
                Outcome.CALLER_HUNG_UP, null, null, null, null, HungUpBy.CALLER, null);
    }

    static CallRecord selfService(String callId) {
        return new CallRecord(callId, "pbx-bj-1", callId.substring(callId.indexOf('/') + 1), "node-a", "hotline",
                "7", CALLER, "12333", "PJSIP/trunk-00000013", START, START.plusSeconds(1), START.plusSeconds(40),
                40_000, List.of(new Visit("hotline", "main", START.plusSeconds(1))), List.of(), List.of("card"),
                Outcome.SELF_SERVICE, null, null, null, null, HungUpBy.IVR, null);
    }
}
