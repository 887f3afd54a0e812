package cn.hotline12333.ivr;

import cn.hotline12333.calllog.CallRecord.Exit;
import cn.hotline12333.ivr.IvrCall.State;
import cn.hotline12333.ivr.Node.RecordNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A record node: the caller leaves a message for a mailbox (a wage-arrears complaint, an after-hours message). */
final class Messages {
    private static final Logger log = LoggerFactory.getLogger(Messages.class);
    static final int ATTEMPTS = 2;
    /**
     * Less audio than this is no message. When silence ends RECORD FILE, Asterisk cuts the silence but keeps
     * about one second (res_agi.c, handle_recordfile: it rewinds by the silence length less 1000 ms), so a
     * caller who said nothing leaves endpos near 8000 samples (8 kHz), not 0.
     */
    static final long MIN_MESSAGE_SAMPLES = 12_000;

    private final IvrCall call;
    private String file;
    private int attempts;

    Messages(IvrCall call) {
        this.call = call;
    }

    IvrAction enter(RecordNode node) {
        attempts = 0;
        // An absolute directory: a relative name lands under Asterisk's sounds directory, where res_agi does not
        // create a missing folder (docs/asterisk.md). Dots in a file name would read as a format.
        file = call.hotline.recordings + "/" + call.info.uniqueId().replace('.', '-') + "-" + node.id();
        return greet();
    }

    IvrAction greet() {
        Prompt prompt = ((RecordNode) call.node).prompt();
        return prompt == null ? record() : call.play(State.RECORD_GREETING, prompt);
    }

    IvrAction record() {
        RecordNode node = (RecordNode) call.node;
        attempts++;
        return call.await(State.RECORDING, new IvrAction.Record(file, "wav", node.maxLength(), node.silence()));
    }

    /**
     * Enough audio is a message, also when the caller hung up while speaking (result=-1 endpos=N): its save
     * still runs as Work after the hang-up. Too little is silence: one more try, then onSilence (never the
     * node that thanks the caller for a message).
     */
    IvrAction finished(long endpos) {
        RecordNode node = (RecordNode) call.node;
        if (endpos >= MIN_MESSAGE_SAMPLES) {
            CallerRequests requests = call.hotline.requests;
            String callId = call.draft.callId();
            String caller = call.info.callerId();
            String recording = file;
            var at = RecordDraft.at(call.now());
            return call.await(State.SAVING_MESSAGE, new IvrAction.Work("message_left", () -> {
                requests.messageLeft(node.mailbox(), callId, caller, recording, at);
                return new IvrEvent.WorkDone(recording);
            }));
        } else if (attempts < ATTEMPTS) {
            return call.retry(State.RECORD_GREETING, call.shared("no_input"), ATTEMPTS, node.onSilence(),
                    Exit.TIMEOUT);
        }
        call.draft.leaving(Exit.TIMEOUT, null);
        return call.goTo(node.onSilence());
    }

    /**
     * Asterisk could not record (on a box without the beep sound RECORD FILE answers -1 at once): the caller is
     * not lost to an error but taken to the node's onFailure, a callback request in the shipped flows. Logged
     * once, here, with the cause; the record shows the way taken.
     */
    IvrAction failed(String reason) {
        RecordNode node = (RecordNode) call.node;
        log.warn("event=message_not_recorded call={} node={} cause=\"{}\" then={}", call.draft.callId(), node.id(),
                reason, node.onFailure());
        return call.goTo(node.onFailure());
    }

    IvrAction saved() {
        call.draft.messageLeft = true;
        return call.goTo(((RecordNode) call.node).next());
    }
}
