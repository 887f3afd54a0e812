package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A pause turns amber at its reason's limit and red at twice the limit; a state without a limit never does. */
class PauseLevelTest {
    private static final Duration REST = Duration.ofMinutes(15);

    @Test
    void amberAtTheLimitRedAtTwiceTheLimit() {
        assertThat(SupervisorRoutes.level(REST, REST.toMillis() - 1)).isEmpty();
        assertThat(SupervisorRoutes.level(REST, REST.toMillis())).isEqualTo("amber");
        assertThat(SupervisorRoutes.level(REST, 2 * REST.toMillis() - 1)).isEqualTo("amber");
        assertThat(SupervisorRoutes.level(REST, 2 * REST.toMillis())).isEqualTo("red");
        assertThat(SupervisorRoutes.level(null, Long.MAX_VALUE / 4)).isEmpty();
    }
}
