package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The desktop benchmark's measuring parts work end to end at a tiny size: every ring's AgentCalled is stamped off
 * the AMI socket and its pop frame on the write, every socket desktop receives its pops, every page shows its pops
 * in the DOM, the clicks are confirmed and the searches answered. Like the page tests it fails (never skips)
 * without Chromium. No timing is asserted.
 */
class AgentDesktopBenchTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return AgentDesktopBench.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void everyPopIsStampedReceivedAndShown() {
        assertThat(run("--desktops", "5", "--calls", "20", "--ring-rate", "4", "--talk-seconds", "1", "--seconds", "3",
                "--browsers", "2", "--browser-pops", "2", "--toggles", "1", "--kb-searches", "1", "--kb-hybrid", "false",
                "--browser-nice", "10"))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();

        String printed = out.toString(StandardCharsets.UTF_8);
        Matcher load = Pattern.compile("rung (\\d+) times .* (\\d+) browser rings; AgentCalled read (\\d+), pop frames"
                + " written (\\d+) \\(unmatched 0\\), pops received by the desktops (\\d+) of (\\d+);").matcher(printed);
        assertThat(load.find()).as(printed).isTrue();
        long desktopRings = Long.parseLong(load.group(1));
        long browserRings = Long.parseLong(load.group(2));
        assertThat(desktopRings).isPositive();
        assertThat(browserRings).isEqualTo(8); // two passes: Chromium at its normal priority, then niced
        assertThat(Long.parseLong(load.group(3))).isEqualTo(desktopRings + browserRings);
        assertThat(Long.parseLong(load.group(4))).isEqualTo(desktopRings + browserRings);
        assertThat(load.group(5)).isEqualTo(load.group(6)).isEqualTo(load.group(1));
        assertThat(printed).containsPattern("Chromium processes reniced to 10")
                .containsPattern("legs: Chromium at its normal priority\\*\\*(?s).*4 of 4 rings shown.*"
                        + "legs: Chromium reniced to 10 \\(.*4 of 4 rings shown")
                .containsPattern("confirmed on the page, 2 pages at once"
                + " \\| p99 ≤ 500 ms \\| p50 [0-9.]+ / p99 [0-9.]+ / max [0-9.]+ ms \\(n=4\\)")
                .containsPattern("one search a second each, all pages in the same instant \\(query vectors: [0-9]+"
                        + " embedded, [0-9]+ cached, [0-9]+ late\\) \\| p99 ≤ 50 ms \\| p50 [0-9.]+ / p99 [0-9.]+ / max"
                        + " [0-9.]+ ms \\(n=2\\) \\|")
                .containsPattern("one search a second each, spread over the second \\(query vectors: [0-9]+"
                        + " embedded, [0-9]+ cached, [0-9]+ late\\) \\| p99 ≤ 50 ms \\| p50 [0-9.]+ / p99 [0-9.]+ / max"
                        + " [0-9.]+ ms \\(n=2\\) \\|");
        // the searches over 50 ms, split end to end, in each pass and pacing (how many depends on the box)
        assertThat(Pattern.compile("\\| searches over 50 ms, split end to end: [0-2] of 2 \\|").matcher(printed)
                .results().count()).isEqualTo(4);
        // every leg was read in the page: the answer's Server-Timing, the page's marks with the KB's tookMs
        for (String leg : List.of("the fetch as the page saw it", "in the server \\(Server-Timing",
                "waiting for a web worker", "the knowledge base's search \\(its tookMs", "the page after the response",
                "building the list \\(page marks", "Server-Timing kb-queue", "Server-Timing kb-cpu")) {
            assertThat(printed).as(leg).containsPattern(leg + "[^|]*\\| — \\| p50 [0-9.]+ / p99 [0-9.]+ / max [0-9.]+ ms"
                    + " \\(n=2\\)");
        }
    }

    @Test
    void badOptionsAreRefused() {
        assertThat(run("--desktops", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--desktops must be between 1 and 5000")
                .contains("usage: hotline-bench.jar bench agent-desktop");
    }
}
