package cn.hotline12333.ivr;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.Exit;
import cn.hotline12333.calllog.CallRecord.HungUpBy;
import cn.hotline12333.calllog.CallRecord.Input;
import cn.hotline12333.calllog.CallRecord.QueueStint;
import cn.hotline12333.calllog.CallRecord.ServiceResult;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.CallRecord.Survey;
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
    String linkedId;
    String callerHash;
    Instant answeredAt;
    private final List<Visit> path = new ArrayList<>();
    // How the call is leaving the last visit, once a key or a give-up has decided it; null: not decided yet.
    private Exit leaving;
    private String leavingKey;
    private final List<QueueStint> stints = new ArrayList<>();
    private final List<ServiceResult> services = new ArrayList<>();
    private final List<Input> inputs = new ArrayList<>();
    private final Set<String> topics = new LinkedHashSet<>();

    // What happened, in the words of docs/call-record.md, "Outcomes"; outcome() ranks them.
    boolean selfServed;
    boolean agentAnswered;
    boolean queueAbandoned;
    boolean messageLeft;
    boolean callbackRequested;
    boolean smsLinkRequested;
    boolean transferred;
    boolean afterHours;
    private String error;
    private HungUpBy hungUpBy;

    String queue;
    String queueStatus;
    Long queueWaitMs;
    Integer surveyScore;
    boolean surveyOffered;

    RecordDraft(CallInfo info, String serverNode, Flow flow, Instant startedAt) {
        this.info = info;
        this.serverNode = serverNode;
        this.flow = flow;
        this.startedAt = startedAt;
    }

    Instant startedAt() {
        return startedAt;
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZONE);
    }

    String callId() {
        return asteriskSystem + "/" + info.uniqueId();
    }

    String uniqueId() {
        return info.uniqueId();
    }

    String flowName() {
        return flow.name();
    }

    // What the call has come to so far, for its screen pop (PopContext): copies, the draft goes on.
    List<Visit> pathSoFar() {
        return List.copyOf(path);
    }

    List<ServiceResult> servicesSoFar() {
        return List.copyOf(services);
    }

    List<String> topicsSoFar() {
        return List.copyOf(topics);
    }

    List<Input> inputsSoFar() {
        return List.copyOf(inputs);
    }

    /** The call reached a node; the visit before it closes with the exit decided for it, or {@code next}. */
    void visited(Flow in, Node node, Instant at) {
        closeVisit(Exit.NEXT);
        path.add(new Visit(in.name(), node.id(), at(at), null, null));
    }

    /** How the call leaves the node it is at ({@code key}: the key that took it on, else null); the last word wins. */
    void leaving(Exit exit, String key) {
        leaving = exit;
        leavingKey = key;
    }

    /** Like {@link #leaving}, unless an exit is decided already (our failure after a key keeps the key). */
    void leavingUnlessDecided(Exit exit) {
        if (leaving == null) {
            leaving = exit;
        }
    }

    private void closeVisit(Exit otherwise) {
        int last = path.size() - 1;
        if (last >= 0 && path.get(last).exit() == null) {
            Visit open = path.get(last);
            Exit exit = leaving != null ? leaving : otherwise;
            path.set(last, new Visit(open.flow(), open.node(), open.at(), exit, leaving != null ? leavingKey : null));
        }
        leaving = null;
        leavingKey = null;
    }

    /** One entry into an agent queue, with what Asterisk said when Queue() returned. */
    void queued(QueueStint stint) {
        stints.add(stint);
    }

    /** A self-service query or action ran; {@code ok}: it gave the caller an answer. */
    void served(String service, boolean ok) {
        services.add(new ServiceResult(service, ok));
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
     * Exactly one outcome, the highest that happened (docs/call-record.md, "Outcomes"). A self-service answer
     * counts only when no agent was asked for after it (entering a transfer node clears selfServed). A caller
     * who asked for an agent and got none (timeout, refused at the door, put out of an empty queue) and left
     * nothing is queue_timeout, whoever hung up. With nothing else to show: error when our side failed (even if
     * the caller hung up during the apology), caller_hung_up when the caller hung up, and ivr_ended when the
     * flow said goodbye (the caller keyed "end the call", or nothing at a last menu).
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
        } else if (smsLinkRequested) {
            return Outcome.SMS_LINK_REQUESTED;
        } else if (transferred) {
            return Outcome.TRANSFERRED;
        } else if (selfServed) {
            return Outcome.SELF_SERVICE;
        } else if (!stints.isEmpty()) {
            return Outcome.QUEUE_TIMEOUT; // every stint ended unanswered and not abandoned, or we would be above
        } else if (afterHours) {
            return Outcome.AFTER_HOURS;
        } else if (error != null) {
            return Outcome.ERROR;
        }
        return hungUpBy() == HungUpBy.CALLER ? Outcome.CALLER_HUNG_UP : Outcome.IVR_ENDED;
    }

    private HungUpBy hungUpBy() {
        return hungUpBy == null ? HungUpBy.IVR : hungUpBy;
    }

    CallRecord build(Instant endedAt) {
        HungUpBy who = hungUpBy();
        closeVisit(switch (who) {
            case CALLER -> Exit.HANGUP;
            case IVR -> Exit.END;
            case SYSTEM -> Exit.ERROR;
        });
        Outcome outcome = outcome();
        QueueStint lastStint = stints.isEmpty() ? null : stints.get(stints.size() - 1);
        return new CallRecord(CallRecord.VERSION, callId(), asteriskSystem, info.uniqueId(), linkedId, serverNode,
                flow.name(), flow.version(), info.callerId(), callerHash, info.dialled(), info.channel(),
                at(startedAt), at(answeredAt), at(endedAt), Duration.between(startedAt, endedAt).toMillis(), path,
                inputs, List.copyOf(topics), stints, services, new Survey(surveyOffered, surveyScore), outcome,
                lastStint == null ? queue : lastStint.queue(), queueStatus, queueWaitMs, surveyScore, who,
                outcome == Outcome.ERROR ? error : null);
    }

    /** A stint's result from QUEUESTATUS and whether Queue() said the caller hung up (docs/call-record.md). */
    static StintResult stintResult(String queueStatus, boolean agentAnswered, boolean callerHungUp) {
        if (agentAnswered) {
            return StintResult.ANSWERED;
        } else if (callerHungUp) {
            return StintResult.ABANDONED;
        } else if (queueStatus == null) {
            return StintResult.UNKNOWN;
        }
        return switch (queueStatus) {
            case "TIMEOUT" -> StintResult.TIMEOUT;
            case "FULL" -> StintResult.FULL;
            case "JOINEMPTY" -> StintResult.JOINEMPTY;
            case "LEAVEEMPTY" -> StintResult.LEAVEEMPTY;
            case "JOINUNAVAIL" -> StintResult.JOINUNAVAIL;
            case "LEAVEUNAVAIL" -> StintResult.LEAVEUNAVAIL;
            case "WITHDRAW" -> StintResult.WITHDRAW;
            default -> StintResult.UNKNOWN;
        };
    }
}
