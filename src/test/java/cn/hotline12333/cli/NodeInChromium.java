package cn.hotline12333.cli;

import cn.hotline12333.web.Chromium;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Page tests against a real node (embedded Redis, shipped flows and articles) in one headless Chromium per class. */
abstract class NodeInChromium {
    @TempDir
    static Path journal;
    static NodeHarness harness;
    static Chromium chromium;

    @BeforeAll
    static void startNodeAndBrowser() {
        harness = new NodeHarness("2026-11-23T10:00+08:00", journal, Map.of());
        chromium = new Chromium();
    }

    @AfterAll
    static void stopNodeAndBrowser() {
        if (chromium != null) {
            chromium.close();
        }
        harness.close();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + harness.node.webPort() + path;
    }
}
