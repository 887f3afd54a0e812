package cn.hotline12333.ivr;

import cn.hotline12333.calllog.CallContext;
import cn.hotline12333.calllog.CallRecord.Exit;
import cn.hotline12333.calllog.CallRecord.HungUpBy;
import cn.hotline12333.calllog.CallRecord.QueueStint;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.ivr.IvrCall.State;
import cn.hotline12333.ivr.Node.TransferNode;
import java.time.Duration;
import java.time.Instant;

/**
 * A transfer node: the caller waits in an Asterisk queue (EXEC Queue with option c, so the call comes back to us
 * after the agent hangs up) and the record learns how the queue went: one stint per Queue(), with Asterisk's
 * QUEUEWAIT_MS, ANSWEREDTIME_MS and MEMBERNAME.
 */
final class Transfers {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Transfers.class);
    private final IvrCall call;
    private Instant queuedAt;

    Transfers(IvrCall call) {
        this.call = call;
    }

    IvrAction enter(TransferNode node) {
        call.draft.selfServed = false; // an agent asked for after a self-service answer: it did not serve them
        return node.prompt() == null ? enterQueue() : call.play(State.QUEUE_GREETING, node.prompt());
    }

    /**
     * The caller's screen-pop context goes to Redis first (on the work pool), so that the agent the queue rings
     * finds it: AgentCalled can only follow Queue(). Whatever the store does, the call then queues.
     */
    IvrAction enterQueue() {
        TransferNode node = (TransferNode) call.node;
        Hotline.ContextStore store = call.hotline.contexts;
        if (store == null) {
            return queueNow();
        }
        CallContext context;
        String number = call.info.callerId();
        try {
            context = PopContext.of(call.draft, call.flows, number == null ? null : Masking.maskPhone(number),
                    node.queue(), call.now());
        } catch (RuntimeException e) {
            log.error("event=call_context_bug call={}", call.draft.callId(), e);
            return queueNow();
        }
        return call.await(State.STORING_CONTEXT, new IvrAction.Work("call_context", () -> {
            store.store(context, number);
            return new IvrEvent.WorkDone(Boolean.TRUE);
        }));
    }

    IvrAction queueNow() {
        TransferNode node = (TransferNode) call.node;
        queuedAt = call.now();
        return call.await(State.QUEUEING, new IvrAction.EnterQueue(node.queue(), node.timeout()));
    }

    IvrAction left(IvrEvent.QueueLeft left) {
        TransferNode node = (TransferNode) call.node;
        RecordDraft draft = call.draft;
        Instant leftAt = call.now();
        StintResult result = RecordDraft.stintResult(left.status(), left.agentAnswered(), left.callerHungUp());
        // MEMBERNAME stays on the channel after a conversation: only an answered stint names its agent
        String agent = result == StintResult.ANSWERED && left.agent() != null && !left.agent().isBlank()
                ? left.agent() : null;
        draft.queued(new QueueStint(node.queue(), RecordDraft.at(queuedAt), RecordDraft.at(leftAt), left.waitMs(),
                left.talkMs(), agent, result));
        draft.leaving(result == StintResult.ABANDONED ? Exit.HANGUP : Exit.QUEUE, null);
        draft.queue = node.queue();
        draft.queueWaitMs = left.waitMs() != null ? left.waitMs() : Duration.between(queuedAt, leftAt).toMillis();
        draft.queueStatus = left.status();
        if (left.agentAnswered()) {
            draft.agentAnswered = true;
            if (left.callerHungUp()) {
                return call.endedBy(HungUpBy.CALLER);
            }
            // After a conversation there is no goodbye to say: the survey, or back to the dialplan.
            return node.onAnswered() == null ? call.resultOk() : call.goTo(node.onAnswered());
        } else if (left.callerHungUp()) {
            // Asterisk leaves QUEUESTATUS unset when the caller gives up: transcript queue-abandon.txt
            draft.queueAbandoned = true;
            draft.queueStatus = "ABANDONED";
            return call.endedBy(HungUpBy.CALLER);
        } else if ("TIMEOUT".equals(left.status())) {
            return call.goTo(node.onTimeout());
        }
        return call.goTo(node.onUnavailable()); // FULL, JOINEMPTY, LEAVEEMPTY, JOINUNAVAIL, LEAVEUNAVAIL, UNKNOWN
    }
}
