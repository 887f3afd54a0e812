package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The emulator's agents wait in the queues a real box has, not in a task-pool-only request queue. */
class NodeHarnessQueuesTest {
    @Test
    void theHarnessQueuesAreQueuesTheSampleQueuesConfDefines() throws IOException {
        // A queue section starts its line: [name] or [name](template).
        List<String> conf = Files.readAllLines(Path.of("deploy/asterisk/queues.conf"));
        for (String queue : NodeHarness.QUEUES) {
            assertThat(conf).as(queue).anyMatch(line -> line.startsWith("[" + queue + "]"));
        }
    }
}
