package cn.hotline12333.ivr;

import cn.hotline12333.ivr.Node.HangupNode;
import cn.hotline12333.ivr.Node.InputNode;
import cn.hotline12333.ivr.Node.MenuNode;
import cn.hotline12333.ivr.Node.PlayNode;
import cn.hotline12333.ivr.Node.RecordNode;
import cn.hotline12333.ivr.Node.ReferNode;
import cn.hotline12333.ivr.Node.RequestNode;
import cn.hotline12333.ivr.Node.Say;
import cn.hotline12333.ivr.Node.ServiceNode;
import cn.hotline12333.ivr.Node.SurveyNode;
import cn.hotline12333.ivr.Node.TransferNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code interruptible: false} on a node: every prompt the node plays must be heard whole (a legal notice). A
 * question (menu, input, survey) is answered by a key, so it cannot be one; {@link FlowValidator} says so.
 */
final class WholePrompts {
    private WholePrompts() {
    }

    static Node of(Node node) {
        if (node instanceof PlayNode n) {
            return new PlayNode(n.id(), n.line(), whole(n.prompt()), n.next());
        } else if (node instanceof MenuNode n) {
            return new MenuNode(n.id(), n.line(), whole(n.prompt()), n.options(), n.timeout(), n.retries(),
                    n.invalid(), n.onFail());
        } else if (node instanceof InputNode n) {
            return new InputNode(n.id(), n.line(), whole(n.prompt()), n.kind(), n.maxDigits(), n.timeout(),
                    n.retries(), n.invalid(), n.saveAs(), n.verifies(), n.next(), n.onFail(), n.onLocked());
        } else if (node instanceof ServiceNode n) {
            return new ServiceNode(n.id(), n.line(), n.service(), n.citizen(), whole(n.say()), n.next(),
                    n.onNotFound(), n.onError());
        } else if (node instanceof TransferNode n) {
            return new TransferNode(n.id(), n.line(), whole(n.prompt()), n.queue(), n.timeout(), n.onAnswered(),
                    n.onTimeout(), n.onUnavailable());
        } else if (node instanceof ReferNode n) {
            return new ReferNode(n.id(), n.line(), whole(n.prompt()), n.target());
        } else if (node instanceof RecordNode n) {
            return new RecordNode(n.id(), n.line(), whole(n.prompt()), n.mailbox(), n.maxLength(), n.silence(),
                    n.next(), n.onSilence(), n.onFailure());
        } else if (node instanceof RequestNode n) {
            return new RequestNode(n.id(), n.line(), n.kind(), whole(n.prompt()), n.queue(), n.next());
        } else if (node instanceof SurveyNode n) {
            return new SurveyNode(n.id(), n.line(), whole(n.prompt()), n.timeout(), whole(n.thanks()), n.next());
        } else if (node instanceof HangupNode n) {
            return new HangupNode(n.id(), n.line(), whole(n.prompt()));
        }
        return node; // schedule, tag, goto play nothing
    }

    /** Whether the node type plays anything (else {@code interruptible} is a field it does not have). */
    static boolean plays(String type) {
        return !List.of("schedule", "tag", "goto").contains(type);
    }

    private static Prompt whole(Prompt p) {
        return p == null ? null : new Prompt(p.text(), p.audio(), false);
    }

    private static List<Say> whole(List<Say> say) {
        return say == null ? null : say.stream().map(WholePrompts::whole).toList();
    }

    private static Say whole(Say say) {
        if (say instanceof Say.SayPrompt p) {
            return new Say.SayPrompt(whole(p.prompt()));
        } else if (say instanceof Say.SayChoice c) {
            if (c.cases() == null) {
                return c;
            }
            Map<String, Prompt> cases = new LinkedHashMap<>();
            c.cases().forEach((value, prompt) -> cases.put(value, whole(prompt)));
            return new Say.SayChoice(c.field(), cases);
        } else if (say instanceof Say.SayWhen w) {
            return new Say.SayWhen(w.field(), w.values(), whole(w.say()));
        }
        return say; // numbers and digits: the engine plays them with the node's prompts' escape keys
    }
}
