package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.Exit;
import cn.hotline12333.calllog.CallRecord.HungUpBy;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.ivr.IvrEvent.QueueLeft;
import cn.hotline12333.ivr.Node.HangupNode;
import cn.hotline12333.ivr.Node.ReferNode;
import cn.hotline12333.ivr.Node.ServiceNode;
import cn.hotline12333.ivr.Node.TransferNode;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a call can end in the shipped flows (ivr-flows/): each hang-up node, the referral, each transfer
 * node with every way a queue can let the caller go, each self-service answer found and not found, the
 * after-hours branches, the caller hanging up and our failures. Each walk asserts its outcome and who hung up;
 * afterwards, every terminal node of the flows must have been the end of some walk.
 */
class EveryEndOfTheFlowsTest {
    private static final String ID = InputTest.ID;
    private static final String PIN = "246810";
    private static final String HANG_UP = "<hang up at this menu or input>";
    private static final String HANG_UP_NOW = "<hang up during the next prompt>";
    private static final String MESSAGE = "<a message>";
    private static final String SILENCE = "<silence>";
    private static final String LINK_BREAKS = "<the link breaks>";
    private static final QueueLeft ANSWERED = new QueueLeft("CONTINUE", false, 20_000L, 120_000L, "Agent 1001");
    private static final QueueLeft TALKING_HUNG_UP = new QueueLeft(null, true, 20_000L, 90_000L, "Agent 1001");
    private static final QueueLeft ABANDONED = new QueueLeft(null, true, 40_000L, 0L);
    private static final List<String> REFUSED = List.of("TIMEOUT", "FULL", "JOINEMPTY", "LEAVEEMPTY", "JOINUNAVAIL",
            "LEAVEUNAVAIL", "UNKNOWN");

    private static FlowSet shipped;
    // the (flow, node) where each walk ended
    private static final Set<String> endedAt = new HashSet<>();
    private static final Set<String> transferResults = new HashSet<>();
    // flow/node:result of every stint, from the transfer visits of the path in order
    private static final Set<String> nodeResults = new HashSet<>();

    /** One walk: the caller's keys and tokens in turn, what the queues do, and what the record must say. */
    record Walk(String name, boolean open, String callerId, List<String> keys, List<QueueLeft> queues,
                Set<String> failingServices, Set<String> missingCitizens, Outcome outcome, HungUpBy hungUpBy) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void load() {
        FlowDirectory.Result read = FlowDirectory.read(Path.of("ivr-flows"));
        assertThat(read.problems()).isEmpty();
        shipped = read.flows();
    }

    static Stream<Walk> walks() {
        List<Walk> walks = new ArrayList<>();
        String caller = CallHarness.CALLER;
        // before anything counts
        walks.add(open("caller hangs up during the welcome", keys(HANG_UP_NOW), Outcome.CALLER_HUNG_UP,
                HungUpBy.CALLER));
        walks.add(open("caller hangs up at the main menu", keys(HANG_UP), Outcome.CALLER_HUNG_UP, HungUpBy.CALLER));
        walks.add(open("caller hangs up after a policy prompt", keys("3", "2", HANG_UP), Outcome.CALLER_HUNG_UP,
                HungUpBy.CALLER));
        // self-service, found and not found, for every service node
        Map<String, List<String>> services = Map.of(
                "pension_payment", keys("1", "1", "1", ID, PIN),
                "unemployment_benefit", keys("1", "2", "1", ID, PIN),
                "contributions", keys("1", "5", ID, PIN),
                "card_status", keys("2", "1", ID, PIN),
                "card_report_loss", keys("2", "2", ID, PIN, "1"));
        services.forEach((service, path) -> {
            walks.add(open(service + " answered, # at the end", plus(path, "#"), Outcome.SELF_SERVICE, HungUpBy.IVR));
            walks.add(open(service + " answered, no key at the end", path, Outcome.SELF_SERVICE, HungUpBy.IVR));
            walks.add(open(service + " answered, caller hangs up", plus(path, HANG_UP), Outcome.SELF_SERVICE,
                    HungUpBy.CALLER));
            walks.add(new Walk(service + " not found, # at the end", true, caller, plus(path, "#"), List.of(), Set.of(),
                    Set.of(service), Outcome.IVR_ENDED, HungUpBy.IVR));
            walks.add(new Walk(service + " not found, caller hangs up", true, caller, plus(path, HANG_UP), List.of(),
                    Set.of(), Set.of(service), Outcome.CALLER_HUNG_UP, HungUpBy.CALLER));
            walks.add(new Walk(service + " fails: apology, then an agent", true, caller, path, List.of(ANSWERED),
                    Set.of(service), Set.of(), Outcome.AGENT_ANSWERED, HungUpBy.IVR));
            walks.add(new Walk(service + " fails: caller hangs up during the apology", true, caller,
                    plus(path, HANG_UP_NOW), List.of(), Set.of(service), Set.of(), Outcome.ERROR, HungUpBy.CALLER));
        });
        walks.add(open("answered, back to the main menu, then hangs up", keys("2", "1", ID, PIN, "1", HANG_UP),
                Outcome.SELF_SERVICE, HungUpBy.CALLER));
        walks.add(open("card loss cancelled, caller hangs up", keys("2", "2", ID, PIN, "2", HANG_UP),
                Outcome.CALLER_HUNG_UP, HungUpBy.CALLER));
        // messages, callbacks, the SMS link, the referral
        walks.add(open("wage-arrears complaint left", keys("4", "2", MESSAGE), Outcome.MESSAGE_LEFT, HungUpBy.IVR));
        walks.add(open("wage-arrears complaint silent twice", keys("4", "2", SILENCE, SILENCE, HANG_UP),
                Outcome.CALLER_HUNG_UP, HungUpBy.CALLER));
        walks.add(open("sign-language link by SMS", keys("7", "1", "1"), Outcome.SMS_LINK_REQUESTED, HungUpBy.IVR));
        walks.add(new Walk("sign-language link to a keyed number", true, null, keys("7", "1", "13900001111"),
                List.of(), Set.of(), Set.of(), Outcome.SMS_LINK_REQUESTED, HungUpBy.IVR));
        walks.add(new Walk("sign-language link, no valid number keyed", true, null, keys("7", "1", "12", "34", "56"),
                List.of(), Set.of(), Set.of(), Outcome.IVR_ENDED, HungUpBy.IVR));
        walks.add(open("medical insurance referred to 12393", keys("8"), Outcome.TRANSFERRED, HungUpBy.IVR));
        walks.add(open("maternity referred to 12393", keys("1", "4", "1"), Outcome.TRANSFERRED, HungUpBy.IVR));
        walks.add(open("caller hangs up during the referral", keys("8", HANG_UP_NOW), Outcome.CALLER_HUNG_UP,
                HungUpBy.CALLER));
        // every transfer node that ends at the busy menu, every way out of its queue; the pension overflow after
        // 90 s in the pension queue
        QueueLeft pensionTimeout = new QueueLeft("TIMEOUT", false, 90_000L, 0L);
        record Transfer(String node, List<String> path, List<QueueLeft> before) { }
        List<Transfer> transfers = List.of(new Transfer("agent", keys("0"), List.of()),
                new Transfer("agent_labour", keys("4", "0"), List.of()),
                new Transfer("pension_overflow", keys("1", "1", "0"), List.of(pensionTimeout)));
        for (Transfer t : transfers) {
            String node = t.node();
            List<String> path = t.path();
            Function<QueueLeft[], List<QueueLeft>> stints = q -> {
                List<QueueLeft> all = new ArrayList<>(t.before());
                all.addAll(Arrays.asList(q));
                return all;
            };
            walks.add(queue(node + ": answered, survey scored", plus(path, "5"), stints.apply(a(ANSWERED)),
                    Outcome.AGENT_ANSWERED, HungUpBy.IVR));
            walks.add(queue(node + ": answered, survey skipped", path, stints.apply(a(ANSWERED)),
                    Outcome.AGENT_ANSWERED, HungUpBy.IVR));
            walks.add(queue(node + ": caller hangs up talking", path, stints.apply(a(TALKING_HUNG_UP)),
                    Outcome.AGENT_ANSWERED, HungUpBy.CALLER));
            walks.add(queue(node + ": caller hangs up waiting", path, stints.apply(a(ABANDONED)),
                    Outcome.QUEUE_ABANDONED, HungUpBy.CALLER));
            for (String status : REFUSED) {
                QueueLeft left = new QueueLeft(status, false, 180_000L, 0L);
                walks.add(queue(node + ": " + status + ", # at the busy menu", plus(path, "#"), stints.apply(a(left)),
                        Outcome.QUEUE_TIMEOUT, HungUpBy.IVR));
                walks.add(queue(node + ": " + status + ", nothing chosen, goodbye", path, stints.apply(a(left)),
                        Outcome.QUEUE_TIMEOUT, HungUpBy.IVR));
                walks.add(queue(node + ": " + status + ", caller hangs up at the busy menu", plus(path, HANG_UP),
                        stints.apply(a(left)), Outcome.QUEUE_TIMEOUT, HungUpBy.CALLER));
            }
            QueueLeft timeout = new QueueLeft("TIMEOUT", false, 180_000L, 0L);
            walks.add(queue(node + ": timeout, message", plus(path, "1", MESSAGE), stints.apply(a(timeout)),
                    Outcome.MESSAGE_LEFT, HungUpBy.IVR));
            walks.add(queue(node + ": timeout, callback", plus(path, "2", "1"), stints.apply(a(timeout)),
                    Outcome.CALLBACK_REQUESTED, HungUpBy.IVR));
            walks.add(queue(node + ": timeout, silent message, goodbye", plus(path, "1", SILENCE, SILENCE),
                    stints.apply(a(timeout)), Outcome.QUEUE_TIMEOUT, HungUpBy.IVR));
            walks.add(queue(node + ": timeout, wait again, answered", plus(path, "3", "4"),
                    stints.apply(a(timeout, ANSWERED)), Outcome.AGENT_ANSWERED, HungUpBy.IVR));
            walks.add(queue(node + ": timeout, wait again, abandoned", plus(path, "3"), stints.apply(a(timeout, ABANDONED)),
                    Outcome.QUEUE_ABANDONED, HungUpBy.CALLER));
        }
        // the pension queue itself: answered there, or the caller overflows to the general queue on a timeout
        // and whenever the pension queue cannot take the call (nobody logged in, full, unknown)
        List<String> pension = keys("1", "1", "0");
        walks.add(queue("agent_pension: answered, survey scored", plus(pension, "5"), List.of(ANSWERED),
                Outcome.AGENT_ANSWERED, HungUpBy.IVR));
        walks.add(queue("agent_pension: caller hangs up talking", pension, List.of(TALKING_HUNG_UP),
                Outcome.AGENT_ANSWERED, HungUpBy.CALLER));
        walks.add(queue("agent_pension: caller hangs up waiting", pension, List.of(ABANDONED),
                Outcome.QUEUE_ABANDONED, HungUpBy.CALLER));
        for (String status : REFUSED) {
            QueueLeft left = new QueueLeft(status, false, "TIMEOUT".equals(status) ? 90_000L : 0L, 0L);
            walks.add(queue("agent_pension: " + status + ", overflow answered", plus(pension, "4"),
                    List.of(left, ANSWERED), Outcome.AGENT_ANSWERED, HungUpBy.IVR));
            walks.add(queue("agent_pension: " + status + ", overflow times out too, #", plus(pension, "#"),
                    List.of(left, new QueueLeft("TIMEOUT", false, 120_000L, 0L)), Outcome.QUEUE_TIMEOUT, HungUpBy.IVR));
        }
        walks.add(queue("retirement 0: pension timeout, overflow answered", keys("5", "6", "0", "5"),
                List.of(pensionTimeout, ANSWERED), Outcome.AGENT_ANSWERED, HungUpBy.IVR));
        walks.add(queue("no key at the main menu: to an agent", keys(), List.of(ANSWERED), Outcome.AGENT_ANSWERED,
                HungUpBy.IVR));
        walks.add(queue("PIN locked, then an agent", keys("2", "1", ID, PIN, "0"), List.of(ANSWERED),
                Outcome.AGENT_ANSWERED, HungUpBy.IVR));
        // after hours
        walks.add(closed("after hours, # at the notice", keys("#"), List.of(), Outcome.AFTER_HOURS, HungUpBy.IVR));
        walks.add(closed("after hours, nothing chosen", keys(), List.of(), Outcome.AFTER_HOURS, HungUpBy.IVR));
        walks.add(closed("after hours, caller hangs up", keys(HANG_UP), List.of(), Outcome.AFTER_HOURS,
                HungUpBy.CALLER));
        walks.add(closed("after hours, 0 explains, then #", keys("0", "#"), List.of(), Outcome.AFTER_HOURS,
                HungUpBy.IVR));
        walks.add(closed("after hours message", keys("1", MESSAGE), List.of(), Outcome.MESSAGE_LEFT, HungUpBy.IVR));
        walks.add(closed("after hours silent message, then #", keys("1", SILENCE, SILENCE, "#"), List.of(),
                Outcome.AFTER_HOURS, HungUpBy.IVR));
        walks.add(closed("after hours callback", keys("2", "1"), List.of(), Outcome.CALLBACK_REQUESTED, HungUpBy.IVR));
        walks.add(closed("after hours self-service", keys("3", "2", "1", ID, PIN, "#"), List.of(),
                Outcome.SELF_SERVICE, HungUpBy.IVR));
        walks.add(closed("after hours self-service, agent asked, queue empty", keys("3", "0", "#"),
                List.of(new QueueLeft("JOINEMPTY", false, 0L, 0L)), Outcome.QUEUE_TIMEOUT, HungUpBy.IVR));
        // our failures
        walks.add(open("the link breaks at the main menu", keys(LINK_BREAKS), Outcome.ERROR, HungUpBy.SYSTEM));
        walks.add(queue("the link breaks at the busy menu", keys("0", LINK_BREAKS),
                List.of(new QueueLeft("TIMEOUT", false, 180_000L, 0L)), Outcome.QUEUE_TIMEOUT, HungUpBy.SYSTEM));
        return walks.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("walks")
    void endsWithItsOutcomeAndWhoHungUp(Walk walk) {
        CallHarness h = harness(walk);
        walk(h, walk);

        CallRecord r = h.record();
        assertThat(r.outcome()).as("outcome").isEqualTo(walk.outcome());
        assertThat(r.hungUpBy()).as("hung_up_by").isEqualTo(walk.hungUpBy());
        // consistency, whatever the walk
        if (r.outcome() == Outcome.CALLER_HUNG_UP) {
            assertThat(r.hungUpBy()).isEqualTo(HungUpBy.CALLER);
        } else if (r.outcome() == Outcome.IVR_ENDED) {
            assertThat(r.hungUpBy()).isEqualTo(HungUpBy.IVR);
        }
        assertThat(r.path()).isNotEmpty().allSatisfy(v -> assertThat(v.exit()).as(v.node()).isNotNull());
        CallRecord.Visit last = r.path().get(r.path().size() - 1);
        if (r.hungUpBy() == HungUpBy.CALLER) {
            // the exit decided before the hang-up stays: a conversation left by the queue, a failed service
            assertThat(last.exit()).isEqualTo(switch (r.outcome()) {
                case AGENT_ANSWERED -> Exit.QUEUE;
                case ERROR -> Exit.ERROR;
                default -> Exit.HANGUP;
            });
        }
        assertThat(r.queueStints()).hasSize(walk.queues().size());
        if (walk.callerId() == null) {
            assertThat(r.callerHash()).isNull();
        } else {
            assertThat(r.callerHash()).hasSize(32);
        }
        assertThat(r.linkedId()).isEqualTo("1732259050.17");
        endedAt.add(last.flow() + "/" + last.node());
        r.queueStints().forEach(s -> transferResults.add(s.queue() + ":" + s.result()));
        List<CallRecord.Visit> transferVisits = r.path().stream()
                .filter(v -> shipped.flows().get(v.flow()).node(v.node()) instanceof TransferNode).toList();
        assertThat(transferVisits).as("one transfer visit per stint").hasSize(r.queueStints().size());
        for (int i = 0; i < transferVisits.size(); i++) {
            CallRecord.Visit v = transferVisits.get(i);
            TransferNode node = (TransferNode) shipped.flows().get(v.flow()).node(v.node());
            assertThat(r.queueStints().get(i).queue()).as(v.node()).isEqualTo(node.queue());
            nodeResults.add(v.flow() + "/" + v.node() + ":" + r.queueStints().get(i).result());
        }
    }

    /** The pension overflow: two stints, the first timed out in hotline-pension, the second answered in general. */
    @org.junit.jupiter.api.Test
    void aPensionCallerWhoseWaitRunsOutOverflowsToTheGeneralQueue() {
        Walk walk = queue("overflow", keys("1", "1", "0", "5"),
                List.of(new QueueLeft("TIMEOUT", false, 90_000L, 0L), ANSWERED), Outcome.AGENT_ANSWERED, HungUpBy.IVR);
        CallHarness h = harness(walk);
        walk(h, walk);
        CallRecord r = h.record();
        assertThat(r.queueStints()).extracting(s -> s.queue() + ":" + s.result() + ":" + s.waitMs() + ":" + s.agent())
                .containsExactly("hotline-pension:TIMEOUT:90000:null", "hotline-general:ANSWERED:20000:Agent 1001");
        assertThat(r.path()).filteredOn(v -> v.exit() == Exit.QUEUE).extracting(CallRecord.Visit::node)
                .containsExactly("agent_pension", "pension_overflow");
        assertThat(r.outcome()).isEqualTo(Outcome.AGENT_ANSWERED);
        assertThat(r.survey().score()).isEqualTo(5);
        assertThat(r.queue()).isEqualTo("hotline-general");
    }

    /** Every hang-up node and the referral ended some walk; every queue of the flows saw every result. */
    @AfterAll
    static void everyTerminalNodeWasReached() {
        Set<String> terminal = new HashSet<>();
        Set<String> results = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        shipped.flows().values().forEach(flow -> flow.nodes().values().forEach(node -> {
            if (node instanceof HangupNode || node instanceof ReferNode) {
                terminal.add(flow.name() + "/" + node.id());
            } else if (node instanceof TransferNode t) {
                for (CallRecord.StintResult result : CallRecord.StintResult.values()) {
                    if (result != CallRecord.StintResult.EXIT_KEY && result != CallRecord.StintResult.WITHDRAW) {
                        results.add(t.queue() + ":" + result); // our Queue() has no exit keys and no withdrawal
                        nodes.add(flow.name() + "/" + t.id() + ":" + result);
                    }
                }
            } else if (node instanceof ServiceNode s && s.onError() != null) {
                // the walks above send a failed service to an agent
                assertThat(flow.node(s.onError())).as(s.id()).isInstanceOf(TransferNode.class);
            }
        }));
        assertThat(terminal).isNotEmpty();
        assertThat(endedAt).containsAll(terminal);
        assertThat(transferResults).containsAll(results);
        assertThat(nodeResults).containsAll(nodes);
    }

    private static CallHarness harness(Walk walk) {
        Flow[] flows = shipped.flows().values().toArray(Flow[]::new);
        CallHarness h = new CallHarness(flows);
        when(h.hours.isOpen(any(), any())).thenReturn(walk.open());
        when(h.pins.check(any(), any())).thenReturn(walk.name().startsWith("PIN locked")
                ? PinGuard.Verdict.LOCKED : PinGuard.Verdict.ACCEPTED);
        when(h.selfService.answer(any(), any())).thenAnswer(call -> {
            String service = call.getArgument(0);
            if (walk.failingServices().contains(service)) {
                throw new IllegalStateException("redis down");
            }
            return walk.missingCitizens().contains(service) ? ServiceAnswer.notFound() : found(service);
        });
        return h;
    }

    private static ServiceAnswer found(String service) {
        String status = switch (service) {
            case "pension_payment" -> "paid";
            case "unemployment_benefit" -> "receiving";
            case "card_status" -> "active";
            case "card_report_loss" -> "reported";
            default -> "none";
        };
        return new ServiceAnswer(true, Map.of("status", status, "month", "11", "amount", "3280", "months_left", "6",
                "months", "180", "last_paid_year", "2026", "last_paid_month", "10"));
    }

    private static void walk(CallHarness h, Walk walk) {
        Function<IvrAction, IvrEvent> caller = caller(walk);
        IvrAction action = h.dial("hotline", walk.callerId());
        for (int i = 0; !(action instanceof IvrAction.End); i++) {
            assertThat(i).as("actions").isLessThan(500);
            action = h.on(caller.apply(action));
        }
    }

    private static Function<IvrAction, IvrEvent> caller(Walk walk) {
        Deque<String> keys = new ArrayDeque<>(walk.keys());
        Deque<QueueLeft> queues = new ArrayDeque<>(walk.queues());
        return action -> {
            if (action instanceof IvrAction.ReadVariable) {
                return new IvrEvent.VariableRead("ast-bj-1|1732259050.17");
            } else if (action instanceof IvrAction.Play) {
                if (HANG_UP_NOW.equals(keys.peek())) {
                    keys.poll();
                    return new IvrEvent.CallerHungUp();
                }
                return new IvrEvent.PromptPlayed((char) 0, false);
            } else if (action instanceof IvrAction.Ask) {
                String k = keys.poll();
                if (HANG_UP.equals(k)) {
                    return new IvrEvent.CallerHungUp();
                } else if (LINK_BREAKS.equals(k)) {
                    return new IvrEvent.CommandFailed("connection closed during GET_DATA");
                }
                return new IvrEvent.DigitsEntered(k == null ? "" : k, k == null);
            } else if (action instanceof IvrAction.EnterQueue) {
                assertThat(queues).as("a queue result for the walk").isNotEmpty();
                return queues.poll();
            } else if (action instanceof IvrAction.Record) {
                String k = keys.poll();
                return new IvrEvent.RecordingFinished(MESSAGE.equals(k) ? 96_000 : 8_000, true);
            } else if (action instanceof IvrAction.Work w) {
                try {
                    return w.task().call();
                } catch (Exception e) {
                    return new IvrEvent.WorkFailed(w.name(), e.getClass().getSimpleName());
                }
            } else if (action instanceof IvrAction.WaitForKey) {
                return new IvrEvent.PromptPlayed((char) 0, false);
            }
            return new IvrEvent.Done(); // Answer, SetVariable, SayNumber, SayDigits, Hangup
        };
    }

    private static Walk open(String name, List<String> keys, Outcome outcome, HungUpBy by) {
        return new Walk(name, true, CallHarness.CALLER, keys, List.of(), Set.of(), Set.of(), outcome, by);
    }

    private static Walk queue(String name, List<String> keys, List<QueueLeft> queues, Outcome outcome, HungUpBy by) {
        return new Walk(name, true, CallHarness.CALLER, keys, queues, Set.of(), Set.of(), outcome, by);
    }

    private static Walk closed(String name, List<String> keys, List<QueueLeft> queues, Outcome outcome, HungUpBy by) {
        return new Walk(name, false, CallHarness.CALLER, keys, queues, Set.of(), Set.of(), outcome, by);
    }

    private static QueueLeft[] a(QueueLeft... stints) {
        return stints;
    }

    private static List<String> keys(String... keys) {
        return Arrays.asList(keys);
    }

    private static List<String> plus(List<String> path, String... more) {
        List<String> all = new ArrayList<>(path);
        all.addAll(Arrays.asList(more));
        return all;
    }
}
