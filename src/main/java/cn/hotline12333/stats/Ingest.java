package cn.hotline12333.stats;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.calllog.HandlingRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One record's JSON, from a stream entry or a JSONL line, to its contribution, or to why it is quarantined. Safe on
 * several threads at once.
 */
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
            return switch (stream) {
                case Contributions.CALLS -> checked(CallRecords.parse(json), now);
                case Contributions.HANDLING -> checked(CallRecords.parseHandling(json), now);
                case Contributions.STATES -> checked(CallRecords.parseAgentState(json), now);
                default -> throw new IllegalArgumentException("unknown stream " + stream);
            };
        } catch (IllegalArgumentException e) {
            // not JSON, a missing id, or an enum value (outcome, result) from a newer version
            return new Result(null, null, json == null ? "no_json" : "unparsable");
        }
    }

    /**
     * As above, from the UTF-8 bytes of a JSONL line or a stream entry. Bytes Jackson refuses are read once more as
     * their String, as the String reading had them: malformed UTF-8 becomes U+FFFD there instead of a refusal.
     */
    Result read(String stream, byte[] json, int offset, int length, Instant now) {
        Reader reader = reader(stream);
        return reader != null ? reader.read(json, offset, length, now)
                : read(stream, new String(json, offset, length, StandardCharsets.UTF_8), now);
    }

    /** Reads one kind's records from their UTF-8 bytes, as {@link #read(String, byte[], int, int, Instant)} does. */
    interface Reader {
        Result read(byte[] json, int offset, int length, Instant now);
    }

    // One method per kind, chosen once per file or stream: with the kind's switch in the one method, every method C2
    // inlined it into (the rebuild's line parse, its summing thread's re-read of a taken-back revision) took in the
    // three kinds' parsing and contributions, agent-state segments first, and ran out of its inlining budget before
    // the records it actually reads (the record accessors and list calls left as calls).
    private final Reader calls = this::call;
    private final Reader handling = this::handling;
    private final Reader states = this::state;

    /** The reader of {@code stream}'s records; null for a stream that has none. */
    Reader reader(String stream) {
        return switch (stream) {
            case Contributions.CALLS -> calls;
            case Contributions.HANDLING -> handling;
            case Contributions.STATES -> states;
            default -> null;
        };
    }

    private Result call(byte[] json, int offset, int length, Instant now) {
        try {
            return checked(CallRecords.parse(json, offset, length), now);
        } catch (IllegalArgumentException e) {
            return read(Contributions.CALLS, new String(json, offset, length, StandardCharsets.UTF_8), now);
        }
    }

    private Result handling(byte[] json, int offset, int length, Instant now) {
        try {
            return checked(CallRecords.parseHandling(json, offset, length), now);
        } catch (IllegalArgumentException e) {
            return read(Contributions.HANDLING, new String(json, offset, length, StandardCharsets.UTF_8), now);
        }
    }

    private Result state(byte[] json, int offset, int length, Instant now) {
        try {
            return checked(CallRecords.parseAgentState(json, offset, length), now);
        } catch (IllegalArgumentException e) {
            return read(Contributions.STATES, new String(json, offset, length, StandardCharsets.UTF_8), now);
        }
    }

    private Result checked(CallRecord c, Instant now) {
        String p = Checks.problem(c, now);
        return p != null ? new Result(null, c.callId(), p) : new Result(contributions.of(c), c.callId(), null);
    }

    private Result checked(HandlingRecord h, Instant now) {
        String p = Checks.problem(h, now);
        return p != null ? new Result(null, h.recordId(), p) : new Result(contributions.of(h), h.recordId(), null);
    }

    private Result checked(AgentStateSegment s, Instant now) {
        String p = Checks.problem(s, now);
        return p != null ? new Result(null, s.segmentId(), p) : new Result(contributions.of(s), s.segmentId(), null);
    }
}
