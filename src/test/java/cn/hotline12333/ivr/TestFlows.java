package cn.hotline12333.ivr;

import cn.hotline12333.ivr.Node.InputKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small flows built in code: nodes as records, prompts named by their audio. */
final class TestFlows {
    static final Duration ASK = Duration.ofSeconds(5);

    private TestFlows() {
    }

    static Prompt p(String name) {
        return new Prompt("（" + name + "）", "hotline/" + name);
    }

    static Flow flow(String name, String start, String agent, Node... nodes) {
        Map<String, Node> byId = new HashMap<>();
        for (Node node : nodes) {
            byId.put(node.id(), node);
        }
        Map<String, Prompt> shared = Map.of("sorry", p("sorry"), "invalid", p("invalid"), "no_input", p("no_input"),
                "goodbye", p("goodbye"));
        return new Flow(name, "1.0-abc123", name + ".yaml", start, agent, shared, byId);
    }

    static Node.PlayNode play(String id, String next) {
        return new Node.PlayNode(id, 1, p(id), next);
    }

    static Node.MenuNode menu(String id, int retries, String onFail, String... keyThenNode) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < keyThenNode.length; i += 2) {
            options.put(keyThenNode[i], keyThenNode[i + 1]);
        }
        return new Node.MenuNode(id, 1, p(id), options, ASK, retries, null, onFail);
    }

    static Node.InputNode input(String id, InputKind kind, int maxDigits, String saveAs, String next) {
        return new Node.InputNode(id, 1, p(id), kind, maxDigits, ASK, 3, null, saveAs, null, next, "failed", null);
    }

    static Node.InputNode pin(String id, String verifies, String next, String onLocked) {
        return new Node.InputNode(id, 1, p(id), InputKind.PIN, 6, ASK, 3, null, null, verifies, next, "failed",
                onLocked);
    }

    static Node.ServiceNode service(String id, String service, String citizen, List<Node.Say> say, String next,
                                    String onNotFound, String onError) {
        return new Node.ServiceNode(id, 1, service, citizen, say, next, onNotFound, onError);
    }

    static Node.TransferNode transfer(String id, String queue, String onAnswered, String onTimeout,
                                      String onUnavailable) {
        return new Node.TransferNode(id, 1, p(id), queue, Duration.ofSeconds(120), onAnswered, onTimeout,
                onUnavailable);
    }

    static Node.RecordNode record(String id, String mailbox, String next) {
        return new Node.RecordNode(id, 1, p(id), mailbox, Duration.ofSeconds(120), Duration.ofSeconds(5), next,
                "silent", "silent");
    }

    static Node.RequestNode request(String id, String kind, String queue, String next) {
        return new Node.RequestNode(id, 1, kind, p(id), queue, next);
    }

    static Node.SurveyNode survey(String id, String next) {
        return new Node.SurveyNode(id, 1, p(id), ASK, p(id + "_thanks"), next);
    }

    static Node.HangupNode hangup(String id) {
        return new Node.HangupNode(id, 1, p(id));
    }
}
