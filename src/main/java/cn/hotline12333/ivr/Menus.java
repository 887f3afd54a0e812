package cn.hotline12333.ivr;

import cn.hotline12333.calllog.CallRecord.Exit;
import cn.hotline12333.ivr.IvrCall.State;
import cn.hotline12333.ivr.Node.MenuNode;

/**
 * A menu node talking with the caller: one key, with the keys every 12333 menu shares ({@code 9} again,
 * {@code *} back, {@code 0} an agent) unless the menu maps them itself.
 */
final class Menus {
    private final IvrCall call;
    private final MenuTrail trail = new MenuTrail();

    Menus(IvrCall call) {
        this.call = call;
    }

    IvrAction enter(MenuNode menu) {
        trail.entered(call.flow.name(), menu.id());
        return ask();
    }

    // GET DATA with one digit: a key interrupts the prompt, and the prompt is the whole wait.
    IvrAction ask() {
        MenuNode menu = (MenuNode) call.node;
        return call.await(State.MENU_ASKING, new IvrAction.Ask(menu.prompt(), menu.timeout(), 1));
    }

    IvrAction key(String digits, boolean timedOut) {
        MenuNode menu = (MenuNode) call.node;
        // GET DATA ends at # without returning it: an empty answer that did not time out is the # key
        // (res_agi answers "200 result=" with no "(timeout)" then).
        if (digits.isEmpty() && !timedOut) {
            digits = "#";
        }
        if (digits.isEmpty()) {
            return call.retry(State.MENU_ASKING, call.shared("no_input"), menu.retries(), call.orAgent(menu.onFail()),
                    Exit.TIMEOUT);
        }
        String key = digits.substring(0, 1);
        String target = menu.options().get(key);
        if (target != null) {
            call.draft.leaving(Exit.KEY, key);
            return call.goTo(target);
        } else if (key.equals("9")) {
            return ask();
        } else if (key.equals("*")) {
            return back();
        } else if (key.equals("0") && call.flow.agent() != null) {
            call.draft.leaving(Exit.KEY, key);
            return call.goTo(call.flow.agent());
        }
        Prompt invalid = menu.invalid() != null ? menu.invalid() : call.shared("invalid");
        return call.retry(State.MENU_ASKING, invalid, menu.retries(), call.orAgent(menu.onFail()), Exit.INVALID);
    }

    private IvrAction back() {
        MenuTrail.Place previous = trail.back();
        if (previous == null) {
            return ask();
        }
        call.draft.leaving(Exit.KEY, "*");
        call.flow = call.flows.flow(previous.flow());
        return call.goTo(previous.menu());
    }
}
