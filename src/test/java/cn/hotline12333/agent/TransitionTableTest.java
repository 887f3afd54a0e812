package cn.hotline12333.agent;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.agent.Transition.Target;
import cn.hotline12333.agent.Trigger.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of the table, from every state it names, is the row that fires and lands where it says. */
class TransitionTableTest {
    private static final long NOW = 1_800_000_000_000L;

    static Stream<Arguments> rowsAndStates() {
        return Transitions.TABLE.stream()
                .flatMap(row -> row.from().stream().map(state -> Arguments.of(row.id(), state)));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("rowsAndStates")
    void eachRowFiresFromEachOfItsStatesAndLandsOnItsTarget(String id, AgentState from) {
        Transition row = Transitions.TABLE.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
        AgentView view = viewFor(row, from);
        Trigger trigger = triggerFor(row);

        assertThat(Transitions.find(view, trigger)).as("the first matching row").isEqualTo(row);
        Transitions.Step step = new Transitions(false, q -> 60_000).apply(view, trigger, NOW + 1000);

        assertThat(step.row).isEqualTo(row);
        AgentState expected = row.to() == Target.SAME ? from : AgentState.valueOf(row.to().name());
        assertThat(view.state).isEqualTo(expected);
    }

    @Test
    void theDocumentPrintsTheSameTable() throws IOException {
        List<String> documented = Files.readAllLines(Path.of("docs/agent-states.md")).stream()
                .filter(l -> l.matches("\\| [DTA]\\d+ \\|.*")).toList();
        List<String> coded = Transitions.TABLE.stream().map(Transition::markdown).toList();
        assertThat(documented).as("docs/agent-states.md rows; the code's:\n" + String.join("\n", coded))
                .containsExactlyElementsOf(coded);
    }

    @Test
    void rowIdsAreUnique() {
        assertThat(Transitions.TABLE.stream().map(Transition::id)).doesNotHaveDuplicates();
    }

    /** A view in {@code from} that satisfies the row's guard and no earlier row's. */
    static AgentView viewFor(Transition row, AgentState from) {
        AgentView v = new AgentView("1001");
        v.state = from;
        v.since = NOW;
        v.queues = List.of("hotline-general");
        v.reason = from == AgentState.NOT_READY ? "休息" : null;
        if (from == AgentState.RINGING || from == AgentState.ON_CALL || from == AgentState.WRAP_UP) {
            v.call = new AgentView.CallLeg("u1", "hotline-general", "13800000000", NOW);
            if (from != AgentState.RINGING) {
                v.call.answeredAt = NOW;
            }
            if (from == AgentState.WRAP_UP) {
                v.call.endedAt = NOW;
                if (row.when() != Transition.Guard.WRAPUP_OPEN && row.on() == Kind.WRAPUP_SUBMIT) {
                    v.call.wrapupEndedAt = NOW; // the fallback row: the wrap-up is already over
                }
            }
        }
        switch (row.when()) {
            case ASKED_LOGIN -> v.request = Request.of(Request.Kind.LOGIN);
            case ASKED_LOGOUT -> v.request = Request.of(Request.Kind.LOGOUT);
            case ASKED_READY -> v.request = Request.of(Request.Kind.READY);
            case ASKED_NOT_READY -> v.request = new Request(Request.Kind.NOT_READY, "用餐");
            default -> { }
        }
        return v;
    }

    static Trigger triggerFor(Transition row) {
        Kind k = row.on();
        return switch (k) {
            case NOT_READY -> Trigger.withReason(k, "用餐");
            case PAUSED -> Trigger.withReason(k, row.when() == Transition.Guard.AUTO_PAUSED
                    ? Transitions.AUTO_PAUSE_REASON : "用餐");
            case ACTION_REFUSED -> Trigger.withReason(k, "Interface not found");
            default -> new Trigger(k, null, "u1", "hotline-general", 3, "13800000000");
        };
    }
}
