package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.store.RedisFixture;
import cn.hotline12333.workorder.Deadlines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CalendarRoutesTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private final HttpClient http = HttpClient.newHttpClient();
    private WebServer server;

    @BeforeEach
    void start() {
        // A calendar of plain weeks that knows only 2025.
        Deadlines.Calendar weeks = Deadlines.Calendar.of(
                d -> d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY, y -> y == 2025);
        server = TestWeb.start(REDIS.redis(), new CalendarRoutes(() -> weeks).routes());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String query, boolean signedIn) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/calendar/due" + query));
        if (signedIn) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("agent:agent-12333".getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDueDateIsCountedFromTheNextDay() throws Exception {
        HttpResponse<String> r = get("?accepted=2025-09-26&workingDays=7", true);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"due\":\"2025-10-07\"").contains("\"countedFrom\":\"2025-09-27\"");
    }

    @Test
    void badParametersAreA400NamingThemAndAnUnknownYearA422() throws Exception {
        assertThat(get("?workingDays=7", true).body()).contains("parameter 'accepted'");
        assertThat(get("?accepted=26.9.2025&workingDays=7", true).body()).contains("parameter 'accepted'");
        assertThat(get("?accepted=2025-09-26", true).body()).contains("parameter 'workingDays'");
        assertThat(get("?accepted=2025-09-26&workingDays=-1", true).statusCode()).isEqualTo(400);
        assertThat(get("?accepted=2025-09-26&workingDays=367", true).statusCode()).isEqualTo(400);
        assertThat(get("?accepted=%2B999999999-12-31&workingDays=7", true).body()).contains("parameter 'accepted'");
        HttpResponse<String> later = get("?accepted=2025-12-30&workingDays=7", true);
        assertThat(later.statusCode()).isEqualTo(422);
        assertThat(later.body()).contains("cn-2026.yaml");
        assertThat(get("?accepted=2025-09-26&workingDays=7", false).statusCode()).isEqualTo(401);
    }
}
