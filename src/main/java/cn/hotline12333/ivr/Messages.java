package cn.hotline12333.ivr;

import cn.hotline12333.ivr.IvrCall.State;
import cn.hotline12333.ivr.Node.RecordNode;

/** A record node: the caller leaves a message for a mailbox (a wage-arrears complaint, an after-hours message). */
final class Messages {
    static final int ATTEMPTS = 2;

    private final IvrCall call;
    private String file;
    private int attempts;

    Messages(IvrCall call) {
        this.call = call;
    }

    IvrAction enter(RecordNode node) {
        attempts = 0;
        // Asterisk writes it under its sounds/recording directory; dots in a file name would read as a format.
        file = "hotline-msg/" + call.info.uniqueId().replace('.', '-') + "-" + node.id();
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
     * endpos above 0 is a message, also when the caller hung up while speaking (result=-1 endpos=N): its save
     * still runs as Work after the hang-up. endpos 0 is silence (asterisk-agi.md): one more try, then on.
     */
    IvrAction finished(long endpos) {
        RecordNode node = (RecordNode) call.node;
        if (endpos > 0) {
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
            return call.retry(State.RECORD_GREETING, call.shared("no_input"), ATTEMPTS, node.next());
        }
        return call.goTo(node.next());
    }

    IvrAction saved() {
        call.draft.messageLeft = true;
        return call.goTo(((RecordNode) call.node).next());
    }
}
