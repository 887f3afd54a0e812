package cn.hotline12333.calllog;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Handling records and agent-state segments as the agent desktop would hand them over. */
final class OtherKinds {
    private static final OffsetDateTime AT = OffsetDateTime.of(2026, 11, 23, 10, 0, 0, 0, ZoneOffset.ofHours(8));

    private OtherKinds() {
    }

    static HandlingRecord handling(String callId, int revision) {
        return new HandlingRecord(HandlingRecord.VERSION, callId + "/agent-1001/1", revision, callId, "1732259050.17",
                "agent-1001", "hotline-general", AT, AT.plusSeconds(8), AT.plusSeconds(188), 15_000, 180_000,
                revision * 20_000L, "pension.payment", HandlingRecord.Resolution.ANSWERED, null,
                List.of("WO-20261123-0001"), 1, AT.plusSeconds(188 + revision * 20L));
    }

    static AgentStateSegment segment(String agent, int n) {
        OffsetDateTime from = AT.plusMinutes(n);
        return new AgentStateSegment(AgentStateSegment.VERSION, agent + "/" + from.toInstant().toEpochMilli(), agent,
                n % 2 == 0 ? AgentStateSegment.AgentState.READY : AgentStateSegment.AgentState.NOT_READY,
                n % 2 == 0 ? null : "休息", from, from.plusMinutes(1), List.of("hotline-general"));
    }
}
