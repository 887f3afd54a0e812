package cn.hotline12333.calllog;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Everything we keep about one call: written once, when the call ends for whatever reason. Keyed by
 * {@code callId} = {@code <asterisk system>/<agi_uniqueid>}, unique across Asterisk boxes. Personal data is
 * masked before it gets here: {@link Input#value()} never holds a full citizen ID or any PIN digit, and the
 * statistics read {@code callerHash}, never {@code callerNumber}. Schema and versions: docs/call-record.md.
 *
 * @param version       schema version: {@value #VERSION} for records with stints and exits; 0 when read from
 *                      a record written before versions existed
 * @param linkedId      Asterisk's linkedid of the channel (the id shared by every leg of the call), or null
 * @param callerHash    keyed HMAC-SHA256 of the caller number (hex), null when the number is unknown; the key is
 *                      configuration, so the hash links a caller's calls without revealing the number
 * @param serverNode    which hotline server node handled the call
 * @param answeredAt    null when the call was never answered (it hung up before ANSWER)
 * @param queueStints   every entry of the call into an agent queue, in order (an overflow is two)
 * @param selfService   every self-service query or action the call ran, and whether it was answered
 * @param survey        whether the satisfaction survey was offered and the score keyed
 * @param queue         the last queue the call entered, null if none (kept for readers of version 0)
 * @param queueStatus   QUEUESTATUS of that queue as Asterisk gave it, or ABANDONED (version 0 readers)
 * @param queueWaitMs   entering to leaving that queue, talk included when answered (version 0 readers; the
 *                      statistics use the stints' wait and talk instead)
 * @param surveyScore   1-5, or null (version 0 readers; the same as {@code survey.score})
 * @param error         what went wrong on our side when outcome is ERROR, safe to show; otherwise null
 */
public record CallRecord(int version, String callId, String asteriskSystem, String uniqueId, String linkedId,
                         String serverNode, String flow, String flowVersion, String callerNumber, String callerHash,
                         String dialledNumber, String channel, OffsetDateTime startedAt, OffsetDateTime answeredAt,
                         OffsetDateTime endedAt, long durationMs, List<Visit> path, List<Input> inputs,
                         List<String> topics, List<QueueStint> queueStints, List<ServiceResult> selfService,
                         Survey survey, Outcome outcome, String queue, String queueStatus, Long queueWaitMs,
                         Integer surveyScore, HungUpBy hungUpBy, String error) {

    /** The schema version this code writes. */
    public static final int VERSION = 2;

    public CallRecord {
        // Records of version 0 lack the newer lists: read them as empty, never null.
        path = path == null ? List.of() : List.copyOf(path);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        topics = topics == null ? List.of() : List.copyOf(topics);
        queueStints = queueStints == null ? List.of() : List.copyOf(queueStints);
        selfService = selfService == null ? List.of() : List.copyOf(selfService);
        if (survey == null) {
            survey = new Survey(surveyScore != null, surveyScore);
        }
    }

    /**
     * A node the call passed through: when it got there, and how it left ({@code exit}, null for a record of
     * version 0). {@code key} is the key that took it on (menus), else null. {@code flow} differs from the
     * record's after a goto.
     */
    public record Visit(String flow, String node, OffsetDateTime at, Exit exit, String key) {
        /** A visit as version 0 wrote it. */
        public Visit(String flow, String node, OffsetDateTime at) {
            this(flow, node, at, null, null);
        }
    }

    /**
     * How a call left a node. {@code next}: the node finished and went on by itself (a prompt played, a tag was
     * set, a schedule chose); {@code error}: our side failed there; {@code end}: the flow ended the call there
     * (goodbye, hang-up node, referral handed back).
     */
    public enum Exit { KEY, TIMEOUT, INVALID, HANGUP, GOTO, QUEUE, SELF_SERVICE, NEXT, ERROR, END }

    /** What the caller keyed at an input node, already masked ({@code 1101********1234}, {@code ******}). */
    public record Input(String node, String kind, String value, boolean valid) {
    }

    /**
     * One entry of the call into one agent queue. {@code waitMs} is Asterisk's QUEUEWAIT_MS (entry until
     * answer or leaving, ring time included), {@code talkMs} ANSWEREDTIME_MS (0 when unanswered), {@code agent}
     * MEMBERNAME of the agent who answered (setinterfacevar=yes), null when nobody did.
     */
    public record QueueStint(String queue, OffsetDateTime enteredAt, OffsetDateTime leftAt, Long waitMs, Long talkMs,
                             String agent, StintResult result) {
    }

    /** How a stint ended, from QUEUESTATUS and Queue's result (docs/call-record.md maps each one). */
    public enum StintResult {
        ANSWERED, ABANDONED, TIMEOUT, JOINEMPTY, LEAVEEMPTY, JOINUNAVAIL, LEAVEUNAVAIL, FULL, EXIT_KEY, WITHDRAW,
        UNKNOWN;

        /** Refused at the door: the caller never waited (counted as blocked, not offered). */
        public boolean blocked() {
            return this == JOINEMPTY || this == JOINUNAVAIL || this == FULL || this == UNKNOWN;
        }
    }

    /** A self-service query or action (pension_status, card_loss, …) and whether it gave the caller an answer. */
    public record ServiceResult(String service, boolean ok) {
    }

    /** The satisfaction survey: offered to the caller or not, and the 1-5 score keyed (null: none keyed). */
    public record Survey(boolean offered, Integer score) {
    }

    /** Who ended the call. */
    public enum HungUpBy { CALLER, IVR, SYSTEM }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.version = version; b.callId = callId; b.asteriskSystem = asteriskSystem; b.uniqueId = uniqueId;
        b.linkedId = linkedId; b.serverNode = serverNode; b.flow = flow; b.flowVersion = flowVersion;
        b.callerNumber = callerNumber; b.callerHash = callerHash; b.dialledNumber = dialledNumber;
        b.channel = channel; b.startedAt = startedAt; b.answeredAt = answeredAt; b.endedAt = endedAt;
        b.durationMs = durationMs; b.path = path; b.inputs = inputs; b.topics = topics;
        b.queueStints = queueStints; b.selfService = selfService; b.survey = survey; b.outcome = outcome;
        b.queue = queue; b.queueStatus = queueStatus; b.queueWaitMs = queueWaitMs; b.surveyScore = surveyScore;
        b.hungUpBy = hungUpBy; b.error = error;
        return b;
    }

    /** For code that fills a record field by field (the simulator, tests); the IVR builds it from its draft. */
    public static final class Builder {
        private int version = VERSION;
        private String callId, asteriskSystem, uniqueId, linkedId, serverNode, flow, flowVersion, callerNumber,
                callerHash, dialledNumber, channel, queue, queueStatus, error;
        private OffsetDateTime startedAt, answeredAt, endedAt;
        private long durationMs;
        private List<Visit> path = List.of();
        private List<Input> inputs = List.of();
        private List<String> topics = List.of();
        private List<QueueStint> queueStints = List.of();
        private List<ServiceResult> selfService = List.of();
        private Survey survey;
        private Outcome outcome;
        private Long queueWaitMs;
        private Integer surveyScore;
        private HungUpBy hungUpBy = HungUpBy.CALLER;

        private Builder() {
        }

        public Builder version(int v) { version = v; return this; }
        public Builder callId(String v) { callId = v; return this; }
        public Builder asteriskSystem(String v) { asteriskSystem = v; return this; }
        public Builder uniqueId(String v) { uniqueId = v; return this; }
        public Builder linkedId(String v) { linkedId = v; return this; }
        public Builder serverNode(String v) { serverNode = v; return this; }
        public Builder flow(String v) { flow = v; return this; }
        public Builder flowVersion(String v) { flowVersion = v; return this; }
        public Builder callerNumber(String v) { callerNumber = v; return this; }
        public Builder callerHash(String v) { callerHash = v; return this; }
        public Builder dialledNumber(String v) { dialledNumber = v; return this; }
        public Builder channel(String v) { channel = v; return this; }
        public Builder startedAt(OffsetDateTime v) { startedAt = v; return this; }
        public Builder answeredAt(OffsetDateTime v) { answeredAt = v; return this; }
        public Builder endedAt(OffsetDateTime v) { endedAt = v; return this; }
        public Builder durationMs(long v) { durationMs = v; return this; }
        public Builder path(List<Visit> v) { path = v; return this; }
        public Builder inputs(List<Input> v) { inputs = v; return this; }
        public Builder topics(List<String> v) { topics = v; return this; }
        public Builder queueStints(List<QueueStint> v) { queueStints = v; return this; }
        public Builder selfService(List<ServiceResult> v) { selfService = v; return this; }
        public Builder survey(Survey v) { survey = v; return this; }
        public Builder outcome(Outcome v) { outcome = v; return this; }
        public Builder queue(String v) { queue = v; return this; }
        public Builder queueStatus(String v) { queueStatus = v; return this; }
        public Builder queueWaitMs(Long v) { queueWaitMs = v; return this; }
        public Builder surveyScore(Integer v) { surveyScore = v; return this; }
        public Builder hungUpBy(HungUpBy v) { hungUpBy = v; return this; }
        public Builder error(String v) { error = v; return this; }

        public CallRecord build() {
            return new CallRecord(version, callId, asteriskSystem, uniqueId, linkedId, serverNode, flow, flowVersion,
                    callerNumber, callerHash, dialledNumber, channel, startedAt, answeredAt, endedAt, durationMs, path,
                    inputs, topics, queueStints, selfService, survey, outcome, queue, queueStatus, queueWaitMs,
                    surveyScore, hungUpBy, error);
        }
    }
}
