package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.stats.Interval;
import cn.hotline12333.stats.ReportQuery;
import cn.hotline12333.store.RedisFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StatsRoutesTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final List<String> REPORTS = List.of("queues", "agents", "agent-states", "topics", "routing", "ivr-funnel",
            "outcomes", "satisfaction", "abandoned", "work-orders", "repeat-callers", "heatmap");
    private static StatsHttp web;
    private static FakeStatsReports fake;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        web = new StatsHttp(REDIS.redis(), dir, null);
        fake = web.reports;
    }

    @AfterAll
    static void stopAndScan() throws Exception {
        web.close();
        // The leak scan over every body this class produced (JSON, CSV, XLSX parts).
        assertThat(StatsHttp.bodiesKept()).isGreaterThan(50);
        assertThat(StatsHttp.leaks()).isEmpty();
    }

    private static HttpResponse<byte[]> get(String user, String path) throws Exception {
        return web.get(user, path);
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void everyRouteAnswersOnlyTheRolesAllowedToReadIt() throws Exception {
        List<String> managerRoutes = new ArrayList<>();
        REPORTS.forEach(r -> managerRoutes.add("/api/stats/" + r));
        managerRoutes.addAll(List.of("/api/stats/health", "/api/calls", "/api/calls/1764000000.1"));
        List<String> problems = new ArrayList<>();
        for (String path : managerRoutes) {
            expect(problems, path, null, 401);
            expect(problems, path, "agent", 403);
            expect(problems, path, "manager", 200);
            expect(problems, path, "admin", 200);
        }
        expect(problems, "/api/stats/me", null, 401);
        expect(problems, "/api/stats/me", "agent", 200);
        expect(problems, "/api/stats/me", "manager", 200);
        expect(problems, "/api/stats/config", null, 401);
        expect(problems, "/api/stats/config", "agent", 403);
        expect(problems, "/api/stats/config", "manager", 403);
        expect(problems, "/api/stats/config", "admin", 200);
        for (String format : List.of("csv", "xlsx")) {
            expect(problems, "/api/stats/queues?format=" + format, null, 401);
            expect(problems, "/api/stats/queues?format=" + format, "agent", 403);
            expect(problems, "/api/calls?format=" + format, "agent", 403);
        }
        assertThat(problems).isEmpty();
    }

    private static void expect(List<String> problems, String path, String user, int status) throws Exception {
        int got = get(user, path).statusCode();
        if (got != status) {
            problems.add(path + " as " + user + ": " + got + " (expected " + status + ")");
        }
    }

    @Test
    void aReportAnswersMetaColumnsAndEveryKpiWithItsParts() throws Exception {
        HttpResponse<byte[]> r = get("manager", "/api/stats/queues?from=2026-11-23&interval=15m");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("report").asText()).isEqualTo("queues");
        assertThat(body.at("/meta/thresholds/sl_seconds").asInt()).isEqualTo(20);
        assertThat(body.at("/columns/4/key").asText()).isEqualTo("service_level");
        assertThat(body.at("/columns/4/kind").asText()).isEqualTo("kpi");
        JsonNode row = body.at("/rows/0");
        assertThat(row.get("interval").asText()).isEqualTo("2026-11-23T08:00:00+08:00");
        assertThat(row.get("offered").asLong()).isEqualTo(120);
        assertThat(row.get("asa_ms").asLong()).isEqualTo(15_250);
        assertThat(row.at("/service_level/value").asDouble()).isEqualTo(97.0 / 118);
        assertThat(row.at("/service_level/numerator").asLong()).isEqualTo(97);
        assertThat(row.at("/service_level/denominator").asLong()).isEqualTo(118);
        assertThat(row.at("/service_level/provisional").asBoolean()).isFalse();
        JsonNode empty = body.at("/rows/1");
        assertThat(empty.at("/service_level/value").isNull()).isTrue();
        assertThat(empty.at("/service_level/denominator").asLong()).isZero();
        assertThat(empty.at("/abandon_rate/provisional").asBoolean()).isTrue();
        assertThat(empty.get("asa_ms").isNull()).isTrue();
    }

    @Test
    void datesAreLocalToTheZoneAndADateToIncludesThatWholeDay() throws Exception {
        assertThat(get("manager", "/api/stats/queues?from=2026-11-01&to=2026-11-30&interval=day&queue=hotline-pension"
                + "&queue=hotline-general,labour-inspection&agent=a1&topic=pension&entry=12333&sl=30&shortAbandon=3")
                .statusCode()).isEqualTo(200);
        ReportQuery q = fake.lastQuery;
        assertThat(q.from()).isEqualTo(ZonedDateTime.of(2026, 11, 1, 0, 0, 0, 0, SHANGHAI));
        assertThat(q.to()).isEqualTo(ZonedDateTime.of(2026, 12, 1, 0, 0, 0, 0, SHANGHAI));
        assertThat(q.interval()).isEqualTo(Interval.DAY);
        assertThat(q.queues()).containsExactly("hotline-pension", "hotline-general", "labour-inspection");
        assertThat(q.agents()).containsExactly("a1");
        assertThat(q.topics()).containsExactly("pension");
        assertThat(q.entries()).containsExactly("12333");
        assertThat(q.serviceLevelSeconds()).isEqualTo(30);
        assertThat(q.shortAbandonSeconds()).isEqualTo(3);

        get("manager", "/api/stats/queues?from=2026-03-29T01:30&to=2026-03-29T04:00&tz=Europe/Berlin&interval=15m");
        q = fake.lastQuery;
        assertThat(q.from().getZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(q.to().toInstant().getEpochSecond() - q.from().toInstant().getEpochSecond())
                .as("the DST night loses an hour").isEqualTo(3600 + 1800);

        get("manager", "/api/stats/queues?from=2026-11-23T08:00%2B08:00&to=2026-11-23T09:00Z&interval=1h");
        assertThat(fake.lastQuery.from().toLocalDateTime().toString()).isEqualTo("2026-11-23T08:00");
        assertThat(fake.lastQuery.to().toLocalDateTime().toString()).isEqualTo("2026-11-23T17:00");
    }

    @Test
    void withoutDatesAReportCoversTodayInTheConfiguredZone() throws Exception {
        get("manager", "/api/stats/queues");
        ReportQuery q = fake.lastQuery;
        assertThat(q.from()).isEqualTo(ZonedDateTime.of(2026, 11, 23, 0, 0, 0, 0, SHANGHAI));
        assertThat(q.to()).isEqualTo(ZonedDateTime.of(2026, 11, 24, 0, 0, 0, 0, SHANGHAI));
        assertThat(q.interval()).isEqualTo(Interval.DAY);
        assertThat(q.queues()).isEmpty();
        assertThat(q.serviceLevelSeconds()).isNull();
        get("manager", "/api/stats/queues?to=2026-11-20");
        assertThat(fake.lastQuery.from()).isEqualTo(ZonedDateTime.of(2026, 11, 20, 0, 0, 0, 0, SHANGHAI));
    }

    @Test
    void everyBadParameterIsA400NamingItAndItsRule() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("from=2026-13-01", "'from' must be an ISO-8601 date");
        cases.put("from=yesterday", "'from' must be an ISO-8601 date");
        cases.put("to=2026-11-23T25:00", "'to' must be an ISO-8601 date");
        cases.put("from=2026-11-24&to=2026-11-22", "'from' must be before 'to'");
        cases.put("from=2026-11-23T10:00&to=2026-11-23T10:00", "'from' must be before 'to'");
        cases.put("tz=Asia/Peking", "'tz' must be an IANA time-zone id");
        cases.put("tz=%2B08:00", "'tz' must be an IANA time-zone id");
        cases.put("interval=5m", "'interval' must be one of 15m|30m|1h|day|week|month");
        cases.put("queue=nosuch", "'queue' names an unknown queue \"nosuch\"");
        cases.put("queue=a%20b", "'queue' must be a name");
        cases.put("sl=5&shortAbandon=5", "'sl' must be greater than 'shortAbandon'");
        cases.put("sl=3", "'sl' must be greater than the short-abandon limit S=5 s");
        cases.put("shortAbandon=20", "'shortAbandon' must be less than the service-level time T=20 s");
        cases.put("sl=abc", "'sl' must be a whole number");
        cases.put("sl=601", "'sl' must be between 1 and 600");
        cases.put("entry=12333abc", "'entry' must be a dialled number");
        cases.put("format=pdf", "'format' must be json, csv or xlsx");
        cases.put("shortabandon=3", "'shortabandon' is not known here");
        cases.put("from=2026-01-01&to=2026-02-15&interval=15m", "'to' must be at most 31 days after 'from' with interval=15m");
        cases.put("from=2026-01-01&to=2026-02-15&interval=1h", "(report limit: 31 days at 15m/30m/1h");
        cases.put("from=2025-01-01&to=2026-02-15&interval=day", "'to' must be at most 366 days after 'from' with interval=day");
        cases.put("from=2020-01-01&to=2026-02-15&interval=month", "at most 731 days");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            for (String format : List.of("", "&format=csv")) {
                HttpResponse<byte[]> r = get("manager", "/api/stats/queues?" + c.getKey() + format);
                String body = StatsHttp.text(r);
                if (r.statusCode() != 400 || !body.contains(c.getValue().replace("\"", "\\\""))
                        || body.contains("Exception")) {
                    wrong.add(c.getKey() + format + " -> " + r.statusCode() + " " + body);
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(get("manager", "/api/stats/queues?from=2026-01-01&to=2026-01-31&interval=15m").statusCode())
                .as("31 days inclusive is within the limit").isEqualTo(200);
        assertThat(get("manager", "/api/stats/queues?from=2025-01-01&to=2025-12-31&interval=day").statusCode())
                .isEqualTo(200);
    }

    @Test
    void callSearchPagesAtMost500RowsAndChecksItsParameters() throws Exception {
        fake.callRows = 10_000;
        HttpResponse<byte[]> r = get("manager", "/api/calls?from=2026-11-23&caller=13812345678&agent=a1&queue=hotline-general"
                + "&topic=pension&outcome=queue_abandoned&survey=dissatisfied&page=3&size=500");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("rows")).hasSize(500);
        assertThat(body.get("page").asInt()).isEqualTo(3);
        assertThat(body.at("/meta/total").asLong()).isEqualTo(500);
        CallSearch s = fake.lastSearch;
        assertThat(s.callerNumber()).isEqualTo("13812345678");
        assertThat(s.toString()).doesNotContain("13812345678");
        assertThat(s.outcomes()).containsExactly("queue_abandoned");
        assertThat(s.surveyAtMost()).as("below the standard 4 of 5").isEqualTo(3);
        assertThat(s.page()).isEqualTo(3);
        assertThat(s.size()).isEqualTo(500);
        assertThat(body.at("/rows/0/caller").asText()).isEqualTo("138****0001");

        assertThat(StatsHttp.text(get("manager", "/api/calls?size=501")))
                .contains("'size' must be at most 500 (detail page limit)");
        assertThat(StatsHttp.text(get("manager", "/api/calls?outcome=gone")))
                .contains("'outcome' must be one of ").contains("queue_timeout");
        assertThat(StatsHttp.text(get("manager", "/api/calls?survey=angry")))
                .contains("'survey' must be dissatisfied (or left out)");
        get("manager", "/api/calls?from=2026-11-23");
        assertThat(fake.lastSearch.surveyAtMost()).isNull();
        assertThat(StatsHttp.text(get("manager", "/api/calls?caller=138-1234")))
                .contains("'caller' must be a phone number");
        assertThat(StatsHttp.text(get("manager", "/api/calls?from=2026-01-01&to=2026-03-01")))
                .contains("'to' must be at most 31 days after 'from' for a call search");
        assertThat(StatsHttp.text(get("manager", "/api/calls?interval=day"))).contains("'interval' is not known here");
        assertThat(get("manager", "/api/calls?page=0").statusCode()).isEqualTo(400);
    }

    @Test
    void aCallShowsItsPathAndStintsMaskedAndAnUnknownCallIs404() throws Exception {
        HttpResponse<byte[]> r = get("manager", "/api/calls/1764000000.1");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.at("/call/caller").asText()).isEqualTo("138****5678");
        assertThat(body.at("/call/entered").asText()).doesNotContain(FakeStatsReports.LEAKY_ID).contains("110***");
        assertThat(body.at("/path/rows/1/exit").asText()).isEqualTo("queue");
        assertThat(body.at("/stints/rows/0/wait_ms").asLong()).isEqualTo(12_000);
        assertThat(get("manager", "/api/calls/1764000000.9").statusCode()).isEqualTo(404);
        assertThat(StatsHttp.text(get("manager", "/api/calls/a%20b"))).contains("'callId' must be a call id");
    }

    @Test
    void meReportsTheSignedInAgentAndTakesNoAgentParameter() throws Exception {
        assertThat(get("agent", "/api/stats/me").statusCode()).isEqualTo(200);
        assertThat(fake.lastAgent).isEqualTo("agent");
        HttpResponse<byte[]> other = get("agent", "/api/stats/me?agent=manager");
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(StatsHttp.text(other)).contains("'agent' is not known here");
        assertThat(get("agent", "/api/stats/me?format=csv").statusCode()).isEqualTo(200);
    }

    @Test
    void healthAndConfigurationAnswer() throws Exception {
        JsonNode health = json(get("manager", "/api/stats/health"));
        assertThat(health.at("/rows/0/stream").asText()).isEqualTo("calls");
        JsonNode config = json(get("admin", "/api/stats/config"));
        assertThat(config.at("/current/timezone").asText()).isEqualTo("Asia/Shanghai");
        assertThat(config.at("/current/defaults/serviceLevelSeconds").asInt()).isEqualTo(20);
        assertThat(config.at("/versions/0/effectiveFrom").asText()).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void anEngineThatIsNotRunningIsA503NotA500(@TempDir Path dir) throws Exception {
        try (StatsHttp down = new StatsHttp(REDIS.redis(), dir, StatsReports.notRunning())) {
            for (String path : List.of("/api/stats/queues", "/api/stats/health", "/api/calls?format=csv",
                    "/api/calls/1.2")) {
                HttpResponse<byte[]> r = down.get("manager", path);
                assertThat(r.statusCode()).as(path).isEqualTo(503);
                assertThat(StatsHttp.text(r)).contains("statistics unavailable");
                assertThat(r.headers().firstValue("Retry-After")).hasValue("30");
            }
        }
    }

    @Test
    void aCallExportStreamsWhileTheEngineIsStillMakingRows() throws Exception {
        fake.callRows = 50_000;
        fake.pauseAfter = 20_000;
        fake.rowsMade.set(0);
        HttpResponse<InputStream> r = web.open("manager", "/api/calls?from=2026-11-23&format=csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(r.headers().firstValue("Content-Length")).isEmpty();
        byte[] first = r.body().readNBytes(64 * 1024);
        // The first chunks arrived while the engine is held at row 20,000 of 50,000.
        assertThat(first).hasSize(64 * 1024);
        assertThat(fake.rowsMade.get()).isLessThanOrEqualTo(20_000);
        org.awaitility.Awaitility.await().until(() -> fake.rowsMade.get() == 20_000);
        fake.resume.countDown();
        byte[] rest = r.body().readAllBytes();
        String csv = new String(first, StandardCharsets.UTF_8) + new String(rest, StandardCharsets.UTF_8);
        StatsHttp.keep("/api/calls export", (new String(first, StandardCharsets.UTF_8)
                + new String(rest, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8), "text/csv");
        String[] lines = csv.split("\r\n");
        assertThat(lines).hasSize(50_001);
        assertThat(lines[50_000]).startsWith("1764000000.50000,");
        assertThat(fake.lastSearch.paged()).isFalse();
        fake.pauseAfter = -1;
    }

    @Test
    void aClientThatHangsUpMidExportStopsTheEngine() throws Exception {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        ch.qos.logback.classic.Logger handlerLog =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ApiHandler.class);
        handlerLog.addAppender(logs);
        ch.qos.logback.classic.Level levelBefore = handlerLog.getLevel();
        handlerLog.setLevel(ch.qos.logback.classic.Level.INFO);
        fake.callRows = 5_000_000;
        fake.rowsMade.set(0);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", web.server.port())) {
            String auth = java.util.Base64.getEncoder().encodeToString("manager:pw-12333".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(("GET /api/calls?format=csv HTTP/1.1\r\nHost: x\r\nAuthorization: Basic "
                    + auth + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readNBytes(200_000), StandardCharsets.UTF_8))
                    .startsWith("HTTP/1.1 200 OK");
        }
        long[] seen = {-1};
        // Stopped: two polls 300 ms apart see the same count.
        org.awaitility.Awaitility.await().pollInterval(java.time.Duration.ofMillis(300)).until(() -> {
            long made = fake.rowsMade.get();
            boolean still = made == seen[0];
            seen[0] = made;
            return still;
        });
        assertThat(fake.rowsMade.get()).isLessThan(5_000_000);
        // The worker gave up at once (the write failed), not after the 60 s stall limit.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> logs.list.stream()
                .anyMatch(e -> e.getFormattedMessage().startsWith("event=http_stream_cut")));
        handlerLog.detachAppender(logs);
        handlerLog.setLevel(levelBefore);
    }

    @Test
    void csvOpensInExcelAndCarriesTheNumbersOfTheJson() throws Exception {
        String query = "/api/stats/queues?from=2026-11-23&interval=15m";
        JsonNode json = json(get("manager", query));
        HttpResponse<byte[]> r = get("manager", query + "&format=csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"queues_2026-11-23_2026-11-23.csv\"; filename*=UTF-8''"
                        + URLEncoder.encode("队列报表", StandardCharsets.UTF_8) + "_2026-11-23_2026-11-23.csv");
        byte[] bytes = r.body();
        assertThat(bytes[0]).isEqualTo((byte) 0xEF);
        assertThat(bytes[1]).isEqualTo((byte) 0xBB);
        assertThat(bytes[2]).isEqualTo((byte) 0xBF);
        String csv = StatsHttp.text(r).substring(1);
        assertThat(csv).endsWith("\r\n").doesNotContain("\n\n");
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo("时段,队列,呼入量,平均应答时长(毫秒),服务水平,服务水平·分子,服务水平·分母,"
                + "放弃率,放弃率·分子,放弃率·分母,暂定");
        JsonNode sl = json.at("/rows/0/service_level");
        assertThat(lines[1]).isEqualTo("2026-11-23T08:00:00+08:00,hotline-general,120,15250,"
                + sl.get("value").asText() + ",97,118," + json.at("/rows/0/abandon_rate/value").asText() + ",2,118,");
        assertThat(lines[2]).isEqualTo("2026-11-23T08:15:00+08:00,hotline-pension,0,,,0,0,,0,0,abandon_rate");
    }

    @Test
    void xlsxHoldsTheCellsOfTheCsvAndStatesTheReport() throws Exception {
        String query = "/api/stats/queues?from=2026-11-23&interval=15m";
        String csv = StatsHttp.text(get("manager", query + "&format=csv")).substring(1);
        HttpResponse<byte[]> r = get("manager", query + "&format=xlsx");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).contains("queues_2026-11-23_2026-11-23.xlsx");
        assertThat(XlsxSheet.partNames(r.body())).contains("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml");
        List<List<String>> sheet = XlsxSheet.rows(r.body(), 1);
        String[] lines = csv.split("\r\n");
        assertThat(sheet).hasSize(lines.length);
        for (int i = 0; i < lines.length; i++) {
            assertThat(String.join(",", pad(sheet.get(i), lines[0].split(",").length))).as("row " + i).isEqualTo(lines[i]);
        }
        List<List<String>> notes = XlsxSheet.rows(r.body(), 2);
        assertThat(notes).anySatisfy(row -> assertThat(row).containsExactly("source", "redis"));
        assertThat(notes).anySatisfy(row -> assertThat(row.get(0)).isEqualTo("thresholds"));
    }

    private static List<String> pad(List<String> row, int n) {
        List<String> out = new ArrayList<>(row);
        while (out.size() < n) {
            out.add("");
        }
        return out;
    }

    @Test
    void formulaTextIsNeutralisedInCsvAndXlsx() throws Exception {
        String csv = StatsHttp.text(get("manager", "/api/stats/agents?format=csv")).substring(1);
        assertThat(csv).isEqualTo("坐席,接听量,备注\r\n"
                + "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",3,'+1 回拨 138****5678\r\n"
                + "'@SUM(A1),1,\"'-2, \"\"quoted\"\"\r\nsecond line\"\r\n"
                + "'\tTAB,0,身份证 110***********001X\r\n");
        List<List<String>> sheet = XlsxSheet.rows(get("manager", "/api/stats/agents?format=xlsx").body(), 1);
        assertThat(sheet.get(1)).containsExactly("'=HYPERLINK(\"http://evil\",\"x\")", "3", "'+1 回拨 138****5678");
        assertThat(sheet.get(2).get(0)).isEqualTo("'@SUM(A1)");
        assertThat(sheet.get(3).get(0)).isEqualTo("'\tTAB");
        assertThat(XlsxSheet.part(get("manager", "/api/stats/agents?format=xlsx").body(), "xl/worksheets/sheet1.xml"))
                .doesNotContain("<f>");
        JsonNode json = json(get("manager", "/api/stats/agents"));
        assertThat(json.at("/rows/0/agent").asText()).as("JSON carries the data as it is").startsWith("=HYPERLINK");
    }

    @Test
    void phoneNumbersAndIdNumbersAreMaskedInReportsAndExports() throws Exception {
        for (String format : List.of("", "?format=csv", "?format=xlsx")) {
            for (String report : List.of("agents", "abandoned")) {
                HttpResponse<byte[]> r = get("manager", "/api/stats/" + report + format);
                assertThat(r.statusCode()).isEqualTo(200);
                StatsHttp.Body body = new StatsHttp.Body(report, r.body(),
                        r.headers().firstValue("Content-Type").orElse(""));
                for (String text : StatsHttp.texts(body)) {
                    assertThat(text).doesNotContain(FakeStatsReports.LEAKY_MOBILE, FakeStatsReports.LEAKY_ID,
                            "13987654321");
                }
            }
        }
        assertThat(json(get("manager", "/api/stats/abandoned")).at("/rows/1/caller").asText())
                .isEqualTo("+86139****4321");
    }
}
