package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each directory under flows-broken/ is a small flow set with one kind of mistake (two or three where one
 * mistake truly causes another); `hotline flows check` must name exactly these problems at these lines.
 */
class FlowProblemsTest {
    private static final Path BROKEN = Path.of("src/test/resources/flows-broken");

    private static final Map<String, List<String>> EXPECTED = Map.ofEntries(
            Map.entry("yaml-syntax", List.of(
                    "main.yaml:20: YAML syntax error: expected <block end>, but found '<block mapping start>'")),
            Map.entry("unknown-type", List.of(
                    "main.yaml:48: node bye: unknown type \"hang_up\" (one of play, menu, input, service, transfer,"
                            + " refer, record, request, survey, schedule, tag, goto, hangup)")),
            Map.entry("missing-field", List.of("main.yaml:17: input ask_id: missing \"next\"")),
            Map.entry("unknown-field", List.of("main.yaml:17: menu main: unknown field \"on_fial\"")),
            Map.entry("bad-duration", List.of(
                    "main.yaml:16: menu main: bad duration \"5 sec\" for timeout (write it like 1500ms, 5s, 2m or 1h)")),
            Map.entry("bad-key", List.of("main.yaml:16: menu main: \"10\" is not a key (use 0-9, * or #)")),
            Map.entry("duplicate-key", List.of("main.yaml:16: menu main: option \"1\" appears twice")),
            Map.entry("unknown-node", List.of(
                    "main.yaml:16: menu main: option \"7\" goes to unknown node \"pension_menuu\"")),
            // The service behind the broken next really is unreachable: both are true and both are said.
            Map.entry("unknown-next", List.of(
                    "main.yaml:27: input ask_pin: next goes to unknown node \"crad\"",
                    "main.yaml:28: service card: never reached from start \"main\" or agent \"agent\"")),
            Map.entry("unknown-start", List.of("main.yaml:3: flow main: start \"welcome\" is not a node")),
            Map.entry("unreachable", List.of(
                    "main.yaml:50: play orphan: never reached from start \"main\" or agent \"agent\"")),
            Map.entry("unreachable-branch", List.of(
                    "main.yaml:50: play orphan: never reached from start \"main\" or agent \"agent\""
                            + " (nor are the 2 nodes after it)",
                    "main.yaml:62: menu ring_a: never reached from start \"main\" or agent \"agent\""
                            + " (nor is the node after it)")),
            Map.entry("missing-prompt-text", List.of("main.yaml:25: input ask_pin: \"prompt\" has no text")),
            Map.entry("missing-shared-prompt", List.of("main.yaml:5: prompts: missing \"goodbye\"")),
            Map.entry("bad-input-kind", List.of(
                    "main.yaml:19: input ask_id: unknown input kind \"passport\" (one of citizen_id, phone, pin, digits)")),
            Map.entry("max-digits", List.of(
                    "main.yaml:20: input ask_id: max_digits 17 is out of range for citizen_id (18)")),
            Map.entry("retries", List.of("main.yaml:17: menu main: retries must be at least 1, not 0")),
            Map.entry("unknown-service", List.of(
                    "main.yaml:30: service card: unknown service \"card_state\" (one of card_report_loss, card_status,"
                            + " contributions, pension_payment, unemployment_benefit)")),
            Map.entry("say-unknown-field", List.of(
                    "main.yaml:32: service card: card_status answers no field \"balance\" (it answers status)")),
            Map.entry("say-when-unknown-value", List.of(
                    "main.yaml:32: service card: when \"status\" names \"stolen\", which card_status never answers",
                    "main.yaml:35: service card: card_status answers no field \"balance\" (it answers status)")),
            Map.entry("say-choice-missing-case", List.of(
                    "main.yaml:32: service card: choice \"status\" has no case for \"not_applied\"")),
            Map.entry("pin-verifies-unsaved", List.of(
                    "main.yaml:26: input ask_pin: verifies \"citizen\" is not saved by any citizen_id input")),
            Map.entry("unknown-schedule", List.of("main.yaml:13: schedule hours: unknown schedule \"hotlne\"")),
            Map.entry("goto-unknown-flow", List.of("main.yaml:53: goto to_survey: unknown flow \"surveyy\"")),
            Map.entry("goto-unknown-node", List.of("main.yaml:54: goto to_other: flow \"other\" has no node \"nope\"")),
            Map.entry("loop-no-exit", List.of("main.yaml:51: play news: loop with no exit: \"news\", \"more_news\""
                    + " never reach a hangup, transfer, refer or goto")),
            Map.entry("flow-named-unlike-file", List.of(
                    "main.yaml:1: flow \"mian\" must be in a file named after it (mian.yaml)")),
            Map.entry("several-problems", List.of(
                    "main.yaml:16: menu main: bad duration \"soon\" for timeout (write it like 1500ms, 5s, 2m or 1h)",
                    "main.yaml:19: input ask_id: unknown input kind \"passport\" (one of citizen_id, phone, pin, digits)",
                    "main.yaml:27: input ask_pin: next goes to unknown node \"crad\"")),
            Map.entry("schedule-bad-range", List.of("schedules.yaml:4: schedule hotline: bad time range"
                    + " \"13:00-1730\" on monday (write it like 08:30-12:00)")),
            Map.entry("schedule-backwards-range", List.of(
                    "schedules.yaml:5: schedule hotline: time range \"17:30-08:30\" on friday ends before it starts")),
            Map.entry("schedule-overlap", List.of("schedules.yaml:4: schedule hotline: time ranges \"08:30-12:00\""
                    + " and \"11:00-17:30\" on monday overlap")),
            Map.entry("schedule-unknown-zone", List.of(
                    "schedules.yaml:3: schedule hotline: unknown time zone \"Asia/Peking\" (like Asia/Shanghai)")),
            Map.entry("schedule-unknown-day", List.of("schedules.yaml:5: schedule hotline: unknown field \"firday\"")),
            Map.entry("schedule-bad-closed-date", List.of(
                    "schedules.yaml:6: schedule hotline: \"2026-13-01\" is not a date (write it like 2026-10-01)")),
            Map.entry("calendar-not-a-date", List.of(
                    "calendar/cn-2026.yaml:5: calendar: \"2026-09-31\" is not a date (write it like 2026-10-01)")),
            Map.entry("calendar-holiday-and-working-day", List.of("calendar/cn-2026.yaml:5: calendar: 2026-10-03"
                    + " is both a holiday (国庆节) and a working day (国庆节)")),
            Map.entry("calendar-wrong-year", List.of("calendar/cn-2026.yaml:5: calendar: \"2027-10-10\" is not in 2026")));

    static Stream<Arguments> fixtures() {
        return EXPECTED.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void checkNamesEachProblemAtItsLine(String fixture, List<String> expected) {
        Path dir = BROKEN.resolve(fixture);

        List<FlowProblem> problems = FlowLibrary.check(dir);

        assertThat(problems).map(p -> p.toString().replace(dir + "/", "")).containsExactlyElementsOf(expected);
    }

    @Test
    void everyFixtureHasItsExpectedProblems() throws IOException {
        try (Stream<Path> dirs = Files.list(BROKEN)) {
            assertThat(dirs.map(d -> d.getFileName().toString())).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        }
    }

    @Test
    void missingDirectoryIsAProblemNotAnException() {
        assertThat(FlowLibrary.check(BROKEN.resolve("no-such-dir")))
                .containsExactly(new FlowProblem(BROKEN.resolve("no-such-dir").toString(), 0, "no such directory"));
    }
}
