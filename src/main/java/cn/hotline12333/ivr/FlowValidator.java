package cn.hotline12333.ivr;

import cn.hotline12333.ivr.Node.GotoNode;
import cn.hotline12333.ivr.Node.HangupNode;
import cn.hotline12333.ivr.Node.InputKind;
import cn.hotline12333.ivr.Node.InputNode;
import cn.hotline12333.ivr.Node.MenuNode;
import cn.hotline12333.ivr.Node.ReferNode;
import cn.hotline12333.ivr.Node.ScheduleNode;
import cn.hotline12333.ivr.Node.ServiceNode;
import cn.hotline12333.ivr.Node.TransferNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks that need the whole flow, or the whole set: where every reference leads, what can be reached,
 * whether a caller can get stuck, and whether services, schedules and goto targets exist.
 */
final class FlowValidator {
    private final Flow flow;
    private final Set<String> declared;
    private final boolean complete;
    private final Map<String, Integer> lines;
    private final Map<String, Set<String>> nodesByFlow;
    private final WorkingHours hours;
    private final List<FlowProblem> problems = new ArrayList<>();

    private FlowValidator(FlowLoader.Loaded loaded, Map<String, Set<String>> nodesByFlow, WorkingHours hours) {
        this.flow = loaded.flow();
        this.declared = loaded.nodeIds();
        this.complete = loaded.complete();
        this.lines = loaded.lines();
        this.nodesByFlow = nodesByFlow;
        this.hours = hours;
    }

    /**
     * Checks what {@code loaded} could read. Reachability and loops are checked only on a complete flow: a
     * node that failed to load has lost its ways on, and the nodes behind it would look unreachable.
     *
     * @param nodesByFlow the node ids of every flow in the set, for goto
     */
    static List<FlowProblem> validate(FlowLoader.Loaded loaded, Map<String, Set<String>> nodesByFlow,
                                      WorkingHours hours) {
        FlowValidator validator = new FlowValidator(loaded, nodesByFlow, hours);
        validator.references();
        // Without a real start or agent, everything would look unreachable: fix those first.
        boolean rooted = validator.declares(loaded.flow().start()) && validator.declares(loaded.flow().agent());
        if (validator.complete && rooted) {
            validator.unreachable();
            validator.loopsWithNoExit();
        }
        return List.copyOf(validator.problems);
    }

    private void references() {
        for (String entry : List.of("start", "agent")) {
            String id = entry.equals("start") ? flow.start() : flow.agent();
            if (id != null && !declares(id)) {
                problem(lines.getOrDefault(entry, 1), "flow " + flow.name() + ": " + entry + " \"" + id
                        + "\" is not a node");
            }
        }
        for (Node node : inFileOrder(flow.nodes().keySet())) {
            for (Edge edge : Edge.of(node)) {
                // A fail path left to default to a missing agent: the agent line says so already.
                boolean defaultedToMissingAgent = edge.target().equals(flow.agent()) && !declares(edge.target());
                if (!declares(edge.target()) && !defaultedToMissingAgent) {
                    problem(node, edge.field(), edge.label() + " goes to unknown node \"" + edge.target() + "\"");
                }
            }
            // A null field was missing, and is reported already.
            if (node instanceof GotoNode go && go.flow() != null) {
                gotoTarget(go);
            } else if (node instanceof ServiceNode service && service.service() != null) {
                ServiceFields.check(service, this);
                savedCitizen(node, "citizen", service.citizen());
            } else if (node instanceof InputNode input && input.kind() == InputKind.PIN && input.verifies() != null) {
                savedCitizen(node, "verifies", input.verifies());
            }
            Prompt question = PromptReview.question(node);
            if (question != null && !question.interruptible()) {
                problem(node, "interruptible", "a question is answered by a key, so its prompt is always"
                        + " interruptible (interruptible: false is for prompts that only play)");
            }
            if (node instanceof ScheduleNode schedule && schedule.schedule() != null
                    && !hours.has(schedule.schedule())) {
                problem(node, "schedule", "unknown schedule \"" + schedule.schedule() + "\"");
            }
        }
    }

    private boolean declares(String id) {
        return id != null && declared.contains(id);
    }

    private void gotoTarget(GotoNode go) {
        Set<String> target = nodesByFlow.get(go.flow());
        if (target == null) {
            problem(go, "flow", "unknown flow \"" + go.flow() + "\"");
        } else if (go.node() != null && !target.contains(go.node())) {
            problem(go, "node", "flow \"" + go.flow() + "\" has no node \"" + go.node() + "\"");
        }
    }

    private void savedCitizen(Node node, String field, String saved) {
        if (!complete) {
            return; // the citizen_id input may be among the nodes that failed to load
        }
        boolean found = flow.nodes().values().stream().anyMatch(n -> n instanceof InputNode input
                && input.kind() == InputKind.CITIZEN_ID && saved.equals(input.saveAs()));
        if (!found) {
            problem(node, field, field + " \"" + saved + "\" is not saved by any citizen_id input");
        }
    }

    /**
     * Reports where each unreachable part begins, not every node in it: one mistyped option strands a whole
     * branch, and the administrator needs the one line that says which.
     */
    private void unreachable() {
        Set<String> reached = reachable(List.of(flow.start(), flow.agent()), flow.nodes().keySet());
        Set<String> stranded = new HashSet<>(flow.nodes().keySet());
        stranded.removeAll(reached);
        Set<String> told = new HashSet<>();
        List<Node> heads = new ArrayList<>(inFileOrder(stranded).stream()
                .filter(n -> stranded.stream().noneMatch(o -> !o.equals(n.id()) && next(flow.node(o)).contains(n.id())))
                .toList());
        // A stranded cycle has no head; name its first node in the file.
        for (Node node : inFileOrder(stranded)) {
            heads.forEach(h -> told.addAll(reachable(List.of(h.id()), stranded)));
            if (!told.contains(node.id())) {
                heads.add(node);
            }
        }
        for (Node head : heads) {
            int after = reachable(List.of(head.id()), stranded).size() - 1;
            problem(head.line(), name(head) + ": never reached from start \"" + flow.start() + "\" or agent \""
                    + flow.agent() + "\"" + (after == 0 ? "" : " (nor " + (after == 1 ? "is the node" : "are the "
                    + after + " nodes") + " after it)"));
        }
    }

    private Set<String> reachable(List<String> from, Set<String> within) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(from);
        while (!todo.isEmpty()) {
            String id = todo.remove(todo.size() - 1);
            if (within.contains(id) && seen.add(id)) {
                todo.addAll(next(flow.node(id)));
            }
        }
        return seen;
    }

    /**
     * A node can leave when a hangup, transfer, refer or goto is reachable from it. The others are stuck:
     * the caller would go round (a play leading back to itself) until they hang up. An edge to an unknown
     * node counts as a way out, since it is reported already.
     */
    private void loopsWithNoExit() {
        Set<String> canLeave = new HashSet<>();
        flow.nodes().values().stream().filter(FlowValidator::leaves).forEach(n -> canLeave.add(n.id()));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Node node : flow.nodes().values()) {
                if (!canLeave.contains(node.id()) && next(node).stream()
                        .anyMatch(t -> canLeave.contains(t) || flow.node(t) == null)) {
                    grew = canLeave.add(node.id());
                }
            }
        }
        Set<String> stuck = new HashSet<>(flow.nodes().keySet());
        stuck.removeAll(canLeave);
        while (!stuck.isEmpty()) {
            Set<String> group = connected(stuck.iterator().next(), stuck);
            stuck.removeAll(group);
            List<Node> members = inFileOrder(group);
            problem(members.get(0).line(), name(members.get(0)) + ": loop with no exit: "
                    + members.stream().map(n -> "\"" + n.id() + "\"").collect(Collectors.joining(", "))
                    + " never reach a hangup, transfer, refer or goto");
        }
    }

    private Set<String> connected(String from, Set<String> among) {
        Set<String> group = new HashSet<>(Set.of(from));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String id : among) {
                boolean touches = next(flow.node(id)).stream().anyMatch(group::contains)
                        || group.stream().anyMatch(g -> next(flow.node(g)).contains(id));
                if (!group.contains(id) && touches) {
                    grew = group.add(id);
                }
            }
        }
        return group;
    }

    private List<String> next(Node node) {
        List<String> targets = new ArrayList<>(Edge.of(node).stream().map(Edge::target).toList());
        if (node instanceof MenuNode menu && !menu.options().containsKey("0")) {
            targets.add(flow.agent());
        }
        return targets;
    }

    private static boolean leaves(Node node) {
        return node instanceof HangupNode || node instanceof TransferNode || node instanceof ReferNode
                || node instanceof GotoNode;
    }

    private List<Node> inFileOrder(Set<String> ids) {
        return ids.stream().map(flow::node).sorted(Comparator.comparingInt(Node::line)).toList();
    }

    static String name(Node node) {
        String type = node.getClass().getSimpleName().replace("Node", "").toLowerCase(Locale.ROOT);
        return type + " " + node.id();
    }

    void problem(Node node, String field, String message) {
        problem(lines.getOrDefault(node.id() + "." + field, node.line()), name(node) + ": " + message);
    }

    private void problem(int line, String message) {
        problems.add(new FlowProblem(flow.file(), line, message));
    }
}
