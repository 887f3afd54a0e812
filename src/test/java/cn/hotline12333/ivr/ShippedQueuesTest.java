package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped flows and the sample queues.conf are installed together (docs/asterisk.md): a transfer to a queue
 * the sample does not define answers QUEUESTATUS UNKNOWN on every call, so each flow edit must keep them in step.
 */
class ShippedQueuesTest {
    // [name] or [name](template,...); (!) marks a template, which app_queue never loads as a queue. A section
    // commented out (";[hotline-sign-language]") does not match: the line must start with "[".
    private static final Pattern SECTION = Pattern.compile("\\[([^]]*)](?:\\(([^)]*)\\))?.*");

    /**
     * Queues a request node may name that are no Asterisk queue: the request becomes a task in the desk's task
     * pool (CallerRequests), worked by whoever sends the sign-language video link, and never reaches Asterisk.
     */
    private static final Set<String> TASK_POOL_ONLY = Set.of("hotline-accessibility");

    private static Set<String> sampleQueues() throws IOException {
        Set<String> queues = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("deploy/asterisk/queues.conf"))) {
            Matcher m = SECTION.matcher(line.strip());
            boolean template = m.matches() && m.group(2) != null && List.of(m.group(2).split(",")).contains("!");
            if (line.startsWith("[") && m.matches() && !template && !m.group(1).equalsIgnoreCase("general")) {
                queues.add(m.group(1));
            }
        }
        return queues;
    }

    private static List<Node> shippedNodes() {
        FlowDirectory.Result shipped = FlowDirectory.read(Path.of("ivr-flows"));
        assertThat(shipped.problems()).isEmpty();
        return shipped.flows().flows().values().stream().flatMap(f -> f.nodes().values().stream()).toList();
    }

    @Test
    void sampleQueuesConfDefinesTheHotlineQueues() throws IOException {
        assertThat(sampleQueues()).containsExactly("hotline-card", "hotline-general", "hotline-pension",
                "hotline-personnel", "hotline-unemployment", "labour-inspection");
    }

    @Test
    void everyQueueTheShippedFlowsTransferToIsInTheSampleQueuesConf() throws IOException {
        List<String> transfers = shippedNodes().stream().filter(n -> n instanceof Node.TransferNode)
                .map(n -> ((Node.TransferNode) n).queue()).distinct().toList();

        assertThat(transfers).isNotEmpty();
        assertThat(sampleQueues()).containsAll(transfers);
    }

    @Test
    void everyQueueTheShippedFlowsTakeRequestsForIsAnAsteriskQueueOrATaskPoolOne() throws IOException {
        Set<String> known = new TreeSet<>(sampleQueues());
        known.addAll(TASK_POOL_ONLY);

        List<String> requests = shippedNodes().stream().filter(n -> n instanceof Node.RequestNode)
                .map(n -> ((Node.RequestNode) n).queue()).distinct().toList();

        assertThat(requests).isNotEmpty();
        assertThat(known).containsAll(requests);
    }
}
