package cn.hotline12333.ivr;

import cn.hotline12333.calllog.CallRecord.Exit;
import cn.hotline12333.ivr.IvrCall.State;
import cn.hotline12333.ivr.Node.InputKind;
import cn.hotline12333.ivr.Node.InputNode;
import cn.hotline12333.ivr.PinGuard.Verdict;
import java.util.HashMap;
import java.util.Map;

/**
 * An input node: digits checked by kind and saved in the call under {@code saveAs} (a citizen ID as a
 * {@link CitizenId}, a phone number or digits as typed). The record gets only the masked form; a PIN is checked
 * by {@link PinGuard} off the loop and never kept.
 */
final class Inputs {
    private final IvrCall call;
    private final Map<String, Object> saved = new HashMap<>();
    private String pin;

    Inputs(IvrCall call) {
        this.call = call;
    }

    CitizenId citizen(String savedAs) {
        return savedAs != null && saved.get(savedAs) instanceof CitizenId id ? id : null;
    }

    IvrAction ask() {
        InputNode input = (InputNode) call.node;
        return call.await(State.INPUT_ASKING, new IvrAction.Ask(input.prompt(), input.timeout(), input.maxDigits()));
    }

    IvrAction keyed(String keyed) {
        InputNode input = (InputNode) call.node;
        if (keyed.isEmpty()) {
            return failed(call.shared("no_input"), Exit.TIMEOUT);
        }
        Object value = switch (input.kind()) {
            case CITIZEN_ID -> CitizenId.parse(keyed);
            case PHONE -> Keyed.isPhone(keyed) ? keyed : null;
            case PIN -> Keyed.isPin(keyed) ? keyed : null;
            case DIGITS -> keyed;
        };
        if (value == null) {
            call.draft.keyed(input, input.kind(), keyed, false);
            return failed(invalid(input), Exit.INVALID);
        } else if (input.kind() == InputKind.PIN) {
            return checkPin(input, keyed);
        }
        call.draft.keyed(input, input.kind(), keyed, true);
        if (input.saveAs() != null) {
            saved.put(input.saveAs(), value);
        }
        return call.goTo(input.next());
    }

    private IvrAction checkPin(InputNode input, String keyed) {
        CitizenId citizen = citizen(input.verifies());
        if (citizen == null) {
            return call.fail("node " + input.id() + ": no citizen id saved as " + input.verifies());
        }
        PinGuard pins = call.hotline.pins;
        pin = keyed;
        return call.await(State.CHECKING_PIN,
                new IvrAction.Work("pin_check", () -> new IvrEvent.WorkDone(pins.check(citizen, keyed))));
    }

    IvrAction pinChecked(Verdict verdict) {
        InputNode input = (InputNode) call.node;
        call.draft.keyed(input, InputKind.PIN, pin, verdict == Verdict.ACCEPTED);
        pin = null;
        return switch (verdict) {
            case ACCEPTED -> call.goTo(input.next());
            case WRONG -> failed(invalid(input), Exit.INVALID);
            case LOCKED -> locked(input);
        };
    }

    private IvrAction locked(InputNode input) {
        call.draft.leaving(Exit.INVALID, null);
        return call.goTo(input.onLocked() != null ? input.onLocked() : call.orAgent(input.onFail()));
    }

    private IvrAction failed(Prompt notice, Exit whyGivingUp) {
        InputNode input = (InputNode) call.node;
        return call.retry(State.INPUT_ASKING, notice, input.retries(), call.orAgent(input.onFail()), whyGivingUp);
    }

    private Prompt invalid(InputNode input) {
        return input.invalid() != null ? input.invalid() : call.shared("invalid");
    }
}
