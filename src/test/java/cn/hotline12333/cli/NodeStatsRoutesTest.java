package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node serves the statistics routes: 503 until an engine is plugged in, the shipped stats.yaml to admins. */
class NodeStatsRoutesTest {

    @Test
    void theNodeServesTheStatisticsRoutesBehindTheirSeam(@TempDir Path journal) throws Exception {
        NodeHarness harness = new NodeHarness("2026-11-23T10:00+08:00", journal, Map.of());
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> report = http.send(get(harness, "/api/stats/queues", "manager:manager-12333"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(report.statusCode()).isEqualTo(503);
            assertThat(report.body()).contains("statistics engine is not running");
            HttpResponse<String> config = http.send(get(harness, "/api/stats/config", "admin:admin-12333"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(config.statusCode()).isEqualTo(200);
            assertThat(config.body()).contains("\"serviceLevelSeconds\":20");
            assertThat(config.body()).contains("\"effectiveFrom\":");
            assertThat(journal).as("the journal directory holds call records only").isEmptyDirectory();
            assertThat(http.send(get(harness, "/api/stats/me", null), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(401);
        } finally {
            harness.close();
        }
    }

    private static HttpRequest get(NodeHarness harness, String path, String credentials) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.node.webPort() + path));
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return b.build();
    }
}
