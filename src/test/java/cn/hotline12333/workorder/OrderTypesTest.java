package cn.hotline12333.workorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderTypesTest {
    @TempDir
    Path dir;

    @Test
    void theShippedTypesLoadWithSevenWorkingDaysForWageArrears() {
        assertThat(OrderTypes.check(Path.of("ivr-flows", OrderTypes.FILE_NAME))).isEmpty();
        try (OrderTypes types = OrderTypes.open(Path.of("ivr-flows", OrderTypes.FILE_NAME), false)) {
            assertThat(types.get("wage_arrears")).isEqualTo(new OrderType("wage_arrears", "欠薪投诉", 7, "劳动保障监察"));
            assertThat(types.all()).containsKeys("policy_referral", "card_problem");
        }
    }

    @Test
    void everyProblemIsNamedByFileAndLine() throws IOException {
        Path file = write("""
                types:
                  wage_arrears:
                    name: 欠薪投诉
                    working_days: seven
                  Bad-Code:
                    name: x
                    working_days: 3
                  card_problem:
                    working_days: 400
                    colour: red
                """);
        assertThat(OrderTypes.check(file)).extracting(Object::toString).containsExactly(
                file + ":4: type 'wage_arrears': working_days must be a whole number 1 to 366, was 'seven'",
                file + ":5: type code 'Bad-Code' must be lowercase letters, digits and _ (up to 40)",
                file + ":8: type 'card_problem': no name",
                file + ":9: type 'card_problem': working_days must be a whole number 1 to 366, was '400'",
                file + ":10: type 'card_problem': unknown key 'colour' (name, working_days, department)");
        assertThat(OrderTypes.check(write("types: [\n"))).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("YAML syntax error"));
        assertThatThrownBy(() -> OrderTypes.open(file, false)).hasMessageContaining(file + ":4:");
    }

    @Test
    void aSavedEditIsTakenAndABrokenOneRefusedKeepingTheLastGoodTypes() throws IOException {
        Path file = write("types:\n  wage_arrears:\n    name: 欠薪投诉\n    working_days: 7\n");
        try (OrderTypes types = OrderTypes.open(file, true)) {
            Files.writeString(file, "types:\n  wage_arrears:\n    name: 欠薪投诉\n    working_days: 10\n",
                    StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(20)).until(() -> types.get("wage_arrears").workingDays() == 10);
            Files.writeString(file, "types:\n  wage_arrears:\n    working_days: 0\n", StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(20)).until(() -> !types.lastProblems().isEmpty());
            assertThat(types.get("wage_arrears").workingDays()).isEqualTo(10);
            assertThat(types.lastProblems()).extracting(TypesProblem::line).contains(3);
        }
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "types", ".yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }
}
