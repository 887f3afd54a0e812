package cn.hotline12333.web;

import at.favre.lib.crypto.bcrypt.BCrypt;
import cn.hotline12333.stats.StatsConfig;
import cn.hotline12333.stats.StatsConfigLoader;
import cn.hotline12333.store.Redis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A web server with the statistics routes on a {@link FakeStatsReports}, users agent, manager and admin (all
 * with password {@code pw-12333}), and every response body it answered kept for the leak scan: a citizen ID
 * number or an unmasked mobile anywhere in a JSON answer, a CSV or inside an XLSX fails the suite.
 */
final class StatsHttp implements AutoCloseable {
    static final Pattern CITIZEN_ID = Pattern.compile("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])");
    static final Pattern MOBILE = Pattern.compile("(?<![0-9])1[3-9][0-9]{9}(?![0-9])");
    /** 2026-11-23 10:00 in Beijing, a Monday. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai"));

    private static final List<Body> BODIES = Collections.synchronizedList(new ArrayList<>());

    record Body(String what, byte[] bytes, String contentType) {
    }

    final FakeStatsReports reports = new FakeStatsReports();
    final HttpClient http = HttpClient.newHttpClient();
    final WebServer server;

    StatsHttp(Redis redis, Path dir, StatsReports engine) throws IOException {
        String hash = BCrypt.withDefaults().hashToString(4, "pw-12333".toCharArray());
        Path file = dir.resolve("users.yaml");
        Files.writeString(file, "users:\n"
                + "  - {name: agent, password_hash: '" + hash + "', role: agent}\n"
                + "  - {name: manager, password_hash: '" + hash + "', role: manager}\n"
                + "  - {name: admin, password_hash: '" + hash + "', role: admin}\n");
        Users users = Users.load(file);
        WebSettings d = WebSettings.defaults();
        WebSettings s = new WebSettings("127.0.0.1", 0, 4096, d.idleTimeout(), 2, 50, Duration.ofMinutes(5), 1000,
                Duration.ofMinutes(15));
        Login login = new Login(users, new Sessions(redis, s.sessionTtl()), new LoginThrottle(redis, 1000, s.loginWindow()));
        server = new WebServer(s, login, new StatsRoutes(engine == null ? reports : engine,
                StatsConfigLoader.fixed(StatsConfig.standard()), CLOCK).routes());
        server.start();
    }

    HttpResponse<byte[]> get(String user, String pathAndQuery) throws Exception {
        HttpResponse<byte[]> r = http.send(request(user, pathAndQuery), HttpResponse.BodyHandlers.ofByteArray());
        BODIES.add(new Body(pathAndQuery, r.body(), r.headers().firstValue("Content-Type").orElse("")));
        return r;
    }

    HttpResponse<java.io.InputStream> open(String user, String pathAndQuery) throws Exception {
        return http.send(request(user, pathAndQuery), HttpResponse.BodyHandlers.ofInputStream());
    }

    static void keep(String what, byte[] bytes, String contentType) {
        BODIES.add(new Body(what, bytes, contentType));
    }

    private HttpRequest request(String user, String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":pw-12333").getBytes(StandardCharsets.UTF_8)));
        }
        return b.GET().build();
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** Every hit of the two patterns in every body kept so far, as "what: hit". */
    static List<String> leaks() throws IOException {
        List<String> hits = new ArrayList<>();
        List<Body> bodies;
        synchronized (BODIES) {
            bodies = List.copyOf(BODIES);
        }
        for (Body b : bodies) {
            for (String text : texts(b)) {
                for (Pattern p : List.of(CITIZEN_ID, MOBILE)) {
                    Matcher m = p.matcher(text);
                    while (m.find()) {
                        hits.add(b.what() + ": " + m.group());
                    }
                }
            }
        }
        return hits;
    }

    static int bodiesKept() {
        return BODIES.size();
    }

    /** The body's text; an XLSX is unzipped and each part scanned. */
    static List<String> texts(Body b) throws IOException {
        if (!b.contentType().contains("spreadsheetml")) {
            return List.of(new String(b.bytes(), StandardCharsets.UTF_8));
        }
        return List.copyOf(XlsxSheet.parts(b.bytes()).values());
    }

    @Override
    public void close() {
        server.close();
    }
}
