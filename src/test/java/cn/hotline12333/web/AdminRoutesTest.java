package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.agent.PauseReasons;
import cn.hotline12333.agent.SkillGroups;
import cn.hotline12333.store.RedisFixture;
import cn.hotline12333.wrapup.WrapupCodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The admin's edits over HTTP: only admins, every field checked by name, history kept, audited, never a 500. */
class AdminRoutesTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private WebServer server;
    private WrapupCodes codes;
    private Path wrapupFile;

    @BeforeEach
    void start() throws Exception {
        wrapupFile = dir.resolve("wrapup.yaml");
        Files.copy(Path.of("ivr-flows", "wrapup.yaml"), wrapupFile);
        codes = WrapupCodes.open(wrapupFile, dir.resolve("wrapup-history.jsonl"), Clock.systemUTC(), false);
        server = TestWeb.start(REDIS.redis(), new AdminRoutes(new PauseReasons(REDIS.redis(), Clock.systemUTC()),
                new SkillGroups(REDIS.redis(), Clock.systemUTC()), codes, null,
                () -> Set.of("hotline-general", "hotline-pension"), new Audit(REDIS.redis(), Clock.systemUTC()))
                .routes());
    }

    @AfterEach
    void stop() {
        server.close();
        codes.close();
    }

    private HttpResponse<String> call(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user + "-12333").getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isNotEqualTo(500);
        return r;
    }

    @Test
    void anAdminReplacesThePauseReasonsAndTheOldListIsKept() throws Exception {
        String first = "{\"reasons\":[{\"code\":\"休息\",\"label\":\"小休\",\"limitMinutes\":15}]}";
        String second = "{\"reasons\":[{\"code\":\"休息\",\"label\":\"小休\",\"limitMinutes\":10},"
                + "{\"code\":\"辅导\",\"label\":\"<b>业务辅导</b>\",\"limitMinutes\":30}]}";
        assertThat(call("PUT", "/api/admin/pause-reasons", "admin", first).statusCode()).isEqualTo(200);
        HttpResponse<String> r = call("PUT", "/api/admin/pause-reasons", "admin", second);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        JsonNode now = JSON.readTree(call("GET", "/api/admin/pause-reasons", "admin", null).body());
        assertThat(now.get("version").asLong()).isEqualTo(2);
        assertThat(now.get("reasons").get(1).get("label").asText()).isEqualTo("<b>业务辅导</b>");
        assertThat(now.get("history").get(0).get("reasons").get(0).get("limitMinutes").asInt()).isEqualTo(15);
        assertThat(REDIS.redis().jedis().xlen(Audit.STREAM)).isEqualTo(2);

        assertThat(call("PUT", "/api/admin/pause-reasons", "manager", first).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/admin/pause-reasons", "agent", null).statusCode()).isEqualTo(403);
        assertThat(call("PUT", "/api/admin/pause-reasons", null, first).statusCode()).isEqualTo(401);
    }

    @Test
    void badPauseReasonsAreFourHundredsNamingTheField() throws Exception {
        String path = "/api/admin/pause-reasons";
        assertThat(call("PUT", path, "admin", "{}").body()).contains("'reasons'");
        assertThat(call("PUT", path, "admin", "{\"reasons\":[1]}").body()).contains("'reasons[0]'");
        assertThat(call("PUT", path, "admin", "{\"reasons\":[{\"code\":\"a\",\"label\":\"b\",\"limitMinutes\":\"x\"}]}")
                .body()).contains("'reasons[0].limitMinutes'");
        assertThat(call("PUT", path, "admin", "{\"reasons\":[{\"label\":\"b\",\"limitMinutes\":5}]}").body())
                .contains("'reasons[0].code'");
        assertThat(call("PUT", path, "admin", "{\"reasons\":[{\"code\":\"a\",\"label\":\"b\",\"limitMinutes\":600}]}")
                .body()).contains("reasons[0].limit");
        assertThat(call("PUT", path, "admin", "{\"reasons\":[{\"code\":\"a\\u0001\",\"label\":\"b\",\"limitMinutes\":5}]}")
                .body()).contains("reasons[0].code");
        assertThat(call("PUT", path, "admin", "{\"reasons\":[],\"x\":1}").body()).contains("'x'");
        assertThat(call("PUT", path, "admin", "nope").statusCode()).isEqualTo(400);
        assertThat(REDIS.redis().jedis().exists("agent:pause-reasons")).isFalse();
    }

    @Test
    void skillGroupsNameOnlyQueuesTheFlowsKnow() throws Exception {
        String path = "/api/admin/skill-groups";
        assertThat(call("PUT", path, "admin", "{\"groups\":{\"pension\":[\"hotline-pensoin\"]}}").body())
                .contains("groups.pension[0]");
        assertThat(call("PUT", path, "admin", "{\"groups\":{\"pension\":\"hotline-pension\"}}").body())
                .contains("'groups.pension'");
        assertThat(call("PUT", path, "admin", "{\"groups\":{\"pension\":[\"hotline-pension\"]},"
                + "\"members\":{\"1001\":\"wages\"}}").body()).contains("members.1001");
        HttpResponse<String> ok = call("PUT", path, "admin", "{\"groups\":{\"pension\":[\"hotline-pension\","
                + "\"hotline-general\"]},\"members\":{\"1001\":\"pension\"}}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode now = JSON.readTree(call("GET", path, "admin", null).body());
        assertThat(now.get("groups").get("pension").get(1).asText()).isEqualTo("hotline-general");
        assertThat(now.get("members").get("1001").asText()).isEqualTo("pension");
        assertThat(call("PUT", path, "manager", "{\"groups\":{}}").statusCode()).isEqualTo(403);
    }

    @Test
    void aNewWrapupVersionIsCheckedThenPublishedAndTheOldOneIsKept() throws Exception {
        String original = Files.readString(wrapupFile);
        HttpResponse<String> broken = call("POST", "/api/admin/wrapup", "admin", "version: \"x\"\ntopics: [\n");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("upload:");
        assertThat(Files.readString(wrapupFile)).isEqualTo(original);

        String next = original.replace("version: \"2026.12-1\"", "version: \"2026.12-2\"");
        HttpResponse<String> r = call("POST", "/api/admin/wrapup", "admin", next);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("version").asText()).isEqualTo("2026.12-2");
        assertThat(body.get("versions")).hasSize(2);
        assertThat(codes.current().version()).isEqualTo("2026.12-2");
        assertThat(Files.readString(wrapupFile)).isEqualTo(next);
        assertThat(call("POST", "/api/admin/wrapup", "manager", next).statusCode()).isEqualTo(403);
    }
}
