package cn.hotline12333.ivr;

import cn.hotline12333.calllog.CallRecord.Exit;
import cn.hotline12333.ivr.IvrCall.State;
import cn.hotline12333.ivr.Node.InputKind;
import cn.hotline12333.ivr.Node.RequestNode;
import java.time.Duration;

/**
 * A request node: a callback, or an SMS with the sign-language video link. The number is read back and
 * confirmed when the caller's own number is a phone number; otherwise (a withheld number, an office extension)
 * or on {@code 2} the caller keys one.
 */
final class Requests {
    static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);
    static final Duration NUMBER_TIMEOUT = Duration.ofSeconds(10);
    static final int ATTEMPTS = 3;
    // Shared prompts a flow may carry; until every flow file does, the engine has its own words.
    static final Prompt CONFIRM_NUMBER = new Prompt("确认这个号码请按1，换一个号码请按2。", "hotline/confirm_number");
    static final Prompt ENTER_NUMBER =
            new Prompt("请输入手机号码，或带区号的固定电话号码，以井号键结束。", "hotline/enter_number");

    private final IvrCall call;
    private String number;

    Requests(IvrCall call) {
        this.call = call;
    }

    IvrAction enter(RequestNode node) {
        number = Keyed.isPhone(call.info.callerId()) ? call.info.callerId() : null;
        return node.prompt() == null ? readBackOrAsk() : call.play(State.REQUEST_GREETING, node.prompt());
    }

    IvrAction readBackOrAsk() {
        return number == null ? askNumber()
                : call.await(State.READING_BACK, new IvrAction.SayDigits(number, Prompt.ALL_KEYS));
    }

    IvrAction askConfirm() {
        Prompt prompt = shared("confirm_number", CONFIRM_NUMBER);
        return call.await(State.CONFIRMING, new IvrAction.Ask(prompt, CONFIRM_TIMEOUT, 1));
    }

    IvrAction askNumber() {
        // 12 digits: the longest fixed line with its area code (0571 87654321).
        Prompt prompt = shared("enter_number", ENTER_NUMBER);
        return call.await(State.ENTERING_NUMBER, new IvrAction.Ask(prompt, NUMBER_TIMEOUT, 12));
    }

    IvrAction confirmKey(String digits) {
        if (digits.startsWith("1")) {
            return save(number);
        } else if (digits.startsWith("2")) {
            return askNumber();
        }
        return failed(State.CONFIRMING, digits);
    }

    IvrAction numberKeyed(String digits) {
        boolean valid = Keyed.isPhone(digits);
        if (!digits.isEmpty()) {
            call.draft.keyed(call.node, InputKind.PHONE, digits, valid);
        }
        return valid ? save(digits) : failed(State.ENTERING_NUMBER, digits);
    }

    // After the last attempt the caller goes on without a request.
    private IvrAction failed(State again, String digits) {
        Prompt notice = call.shared(digits.isEmpty() ? "no_input" : "invalid");
        return call.retry(again, notice, ATTEMPTS, ((RequestNode) call.node).next(),
                digits.isEmpty() ? Exit.TIMEOUT : Exit.INVALID);
    }

    private IvrAction save(String to) {
        RequestNode node = (RequestNode) call.node;
        CallerRequests requests = call.hotline.requests;
        String callId = call.draft.callId();
        var at = RecordDraft.at(call.now());
        return call.await(State.SAVING_REQUEST, new IvrAction.Work("request:" + node.kind(), () -> {
            requests.requested(node.kind(), node.queue(), callId, to, at);
            return new IvrEvent.WorkDone(node.kind());
        }));
    }

    /** A callback and an SMS with the sign-language video link are outcomes of their own. */
    IvrAction saved() {
        RequestNode node = (RequestNode) call.node;
        if ("callback".equals(node.kind())) {
            call.draft.callbackRequested = true;
        } else {
            call.draft.smsLinkRequested = true;
        }
        return call.goTo(node.next());
    }

    private Prompt shared(String name, Prompt fallback) {
        Prompt prompt = call.shared(name);
        return prompt != null ? prompt : fallback;
    }
}
