package cn.hotline12333.ivr;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.HungUpBy;
import cn.hotline12333.calllog.CallRecord.Input;
import cn.hotline12333.calllog.CallRecord.Visit;
import cn.hotline12333.calllog.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one call has come to so far, filled in as the call walks its flow and turned into its
 * {@link CallRecord} when it ends. Touched only from the call's own event loop thread, like its IvrCall.
 */
final class RecordDraft {
    /** Records carry China's offset (+08:00) whatever the server's zone. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final CallInfo info;
    private final String serverNode;
    private final Flow flow;
    private final Instant startedAt;

    String asteriskSystem;
    Instant answeredAt;
    private final List<Visit> path = new ArrayList<>();
    private final List<Input> inputs = new ArrayList<>();
    private final Set<String> topics = new LinkedHashSet<>();

    // What happened, in the words of design.md "Call outcomes"; outcome() ranks them.
    boolean selfServed;
    boolean agentAnswered;
    boolean queueAbandoned;
    boolean messageLeft;
    boolean callbackRequested;
    boolean transferred;
    boolean afterHours;
    private String error;
    private HungUpBy hungUpBy;

    String queue;
    String queueStatus;
    Long queueWaitMs;
    Integer surveyScore;

    RecordDraft(CallInfo info, String serverNode, Flow flow, Instant startedAt) {
        this.info = info;
        this.serverNode = serverNode;
        this.flow = flow;
        this.startedAt = startedAt;
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZONE);
    }

    String callId() {
        return asteriskSystem + "/" + info.uniqueId();
    }

    void visited(Flow in, Node node, Instant at) {
        path.add(new Visit(in.name(), node.id(), at(at)));
    }

    void keyed(Node node, Node.InputKind kind, String keyed, boolean valid) {
        inputs.add(new Input(node.id(), Keyed.wireName(kind), Keyed.masked(kind, keyed), valid));
    }

    void tagged(String topic) {
        topics.add(topic);
    }

    /** Our side failed; only the first reason is kept. The call may still go on (a service node's onError). */
    void failed(String reason) {
        if (error == null) {
            error = reason;
        }
    }

    /** Who ended the call: set once, when the call ends. */
    void endedBy(HungUpBy who) {
        if (hungUpBy == null) {
            hungUpBy = who;
        }
    }

    /**
     * Exactly one outcome, the highest that happened. A self-service answer counts only when no agent was asked
     * for after it (entering a transfer node clears selfServed). With nothing else to show, a call on which our
     * side failed is an error, even when the caller hung up during the apology; any other is caller_hung_up:
     * the caller left the IVR (or the flow let them go) before anything the hotline counts.
     */
    Outcome outcome() {
        if (agentAnswered) {
            return Outcome.AGENT_ANSWERED;
        } else if (queueAbandoned) {
            return Outcome.QUEUE_ABANDONED;
        } else if (messageLeft) {
            return Outcome.MESSAGE_LEFT;
        } else if (callbackRequested) {
            return Outcome.CALLBACK_REQUESTED;
        } else if (transferred) {
            return Outcome.TRANSFERRED;
        } else if (selfServed) {
            return Outcome.SELF_SERVICE;
        } else if (afterHours) {
            return Outcome.AFTER_HOURS;
        }
        return error == null ? Outcome.CALLER_HUNG_UP : Outcome.ERROR;
    }

    CallRecord build(Instant endedAt) {
        Outcome outcome = outcome();
        return new CallRecord(CallRecord.VERSION, callId(), asteriskSystem, info.uniqueId(), null, serverNode,
                flow.name(), flow.version(), info.callerId(), null, info.dialled(), info.channel(), at(startedAt),
                at(answeredAt), at(endedAt), Duration.between(startedAt, endedAt).toMillis(), path, inputs,
                List.copyOf(topics), List.of(), List.of(), null, outcome, queue, queueStatus, queueWaitMs, surveyScore,
                hungUpBy == null ? HungUpBy.IVR : hungUpBy, outcome == Outcome.ERROR ? error : null);
    }
}
