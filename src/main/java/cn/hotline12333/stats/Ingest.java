package cn.hotline12333.stats;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.calllog.HandlingRecord;
import java.time.Instant;

/** One record's JSON, from a stream entry or a JSONL line, to its contribution, or to why it is quarantined. */
final class Ingest {
    private final Contributions contributions;

    Ingest(StatsSettings settings) {
        this.contributions = new Contributions(settings);
    }

    /** Either {@code contribution} or {@code problem} is set; {@code recordId} when the record could be read. */
    record Result(Contribution contribution, String recordId, String problem) {
    }

    Result read(String stream, String json, Instant now) {
        try {
            switch (stream) {
                case Contributions.CALLS -> {
                    CallRecord c = CallRecords.parse(json);
                    String p = Checks.problem(c, now);
                    return p != null ? new Result(null, c.callId(), p) : new Result(contributions.of(c), c.callId(), null);
                }
                case Contributions.HANDLING -> {
                    HandlingRecord h = CallRecords.parseHandling(json);
                    String p = Checks.problem(h, now);
                    return p != null ? new Result(null, h.recordId(), p)
                            : new Result(contributions.of(h), h.recordId(), null);
                }
                case Contributions.STATES -> {
                    AgentStateSegment s = CallRecords.parseAgentState(json);
                    String p = Checks.problem(s, now);
                    return p != null ? new Result(null, s.segmentId(), p)
                            : new Result(contributions.of(s), s.segmentId(), null);
                }
                default -> throw new IllegalArgumentException("unknown stream " + stream);
            }
        } catch (IllegalArgumentException e) {
            // not JSON, a missing id, or an enum value (outcome, result) from a newer version
            return new Result(null, null, json == null ? "no_json" : "unparsable");
        }
    }
}
