package cn.hotline12333.calllog;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Everything we keep about one call: written once, when the call ends for whatever reason. Keyed by
 * {@code callId} = {@code <asterisk system>/<agi_uniqueid>}, unique across Asterisk boxes. Personal data is
 * masked before it gets here: {@link Input#value()} never holds a full citizen ID or any PIN digit.
 *
 * @param serverNode    which hotline server node handled the call
 * @param answeredAt    null when the call was never answered (it hung up before ANSWER)
 * @param queue         null when the call never entered a queue
 * @param queueStatus   QUEUESTATUS as Asterisk gave it (CONTINUE, TIMEOUT, …), or ABANDONED when the caller
 *                      hung up while waiting (Asterisk leaves it unset then)
 * @param queueWaitMs   time from entering the queue to leaving it (the caller's wait, plus talk time when
 *                      answered: Asterisk returns only when the agent hangs up)
 * @param surveyScore   1-5, or null when no score was given
 * @param error         what went wrong on our side when outcome is ERROR, safe to show; otherwise null
 */
public record CallRecord(String callId, String asteriskSystem, String uniqueId, String serverNode,
                         String flow, String flowVersion, String callerNumber, String dialledNumber,
                         String channel, OffsetDateTime startedAt, OffsetDateTime answeredAt,
                         OffsetDateTime endedAt, long durationMs, List<Visit> path, List<Input> inputs,
                         List<String> topics, Outcome outcome, String queue, String queueStatus,
                         Long queueWaitMs, Integer surveyScore, HungUpBy hungUpBy, String error) {

    public CallRecord {
        path = List.copyOf(path);
        inputs = List.copyOf(inputs);
        topics = List.copyOf(topics);
    }

    /** A node the call passed through, and when. {@code flow} differs from the record's after a goto. */
    public record Visit(String flow, String node, OffsetDateTime at) {
    }

    /** What the caller keyed at an input node, already masked ({@code 1101********1234}, {@code ******}). */
    public record Input(String node, String kind, String value, boolean valid) {
    }

    /** Who ended the call. */
    public enum HungUpBy { CALLER, IVR, SYSTEM }
}
