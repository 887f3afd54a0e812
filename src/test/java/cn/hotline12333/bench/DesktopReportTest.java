package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesktopReportTest {

    private static DesktopPages.Search search(double ms, double page, double server, double json) {
        Map<String, Double> legs = new LinkedHashMap<>();
        legs.put("page → fetch started", page);
        legs.put("server", server);
        legs.put("response end → JSON parsed", json);
        return new DesktopPages.Search(ms, -1, server, -1, -1, -1, -1, Map.of(), legs);
    }

    @Test
    void theSearchesOverFiftyMillisecondsAreSplitLegByLegWithTheirShareAndLargestLeg() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DesktopReport.slowSearches(List.of(search(30, 10, 10, 10), search(100, 10, 70, 20), search(200, 150, 30, 20)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(printed).contains("| searches over 50 ms, split end to end: 2 of 3 | — | p50 100.0 / p99 200.0 / max"
                + " 200.0 ms (n=2) |");
        // the 30 ms search is left out: the page's leg is 160 of the slow ones' 300 ms, the largest of one of them
        assertThat(printed).contains("| … … page → fetch started | — | p50 10.0 / p99 150.0 / max 150.0 ms (n=2); 53 %"
                + " of their time; the largest leg of 1 |");
        assertThat(printed).contains("| … … server | — | p50 30.0 / p99 70.0 / max 70.0 ms (n=2); 33 % of their time;"
                + " the largest leg of 1 |");
        assertThat(printed).contains("| … … response end → JSON parsed | — | p50 20.0 / p99 20.0 / max 20.0 ms (n=2);"
                + " 13 % of their time; the largest leg of 0 |");
    }

    @Test
    void withoutSlowSearchesOnlyTheirCountIsPrinted() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DesktopReport.slowSearches(List.of(search(30, 10, 10, 10)), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("| searches over 50 ms, split end to end: 0 of 1 | — | no samples |");
    }
}
