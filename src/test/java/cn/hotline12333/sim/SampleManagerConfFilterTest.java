package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sample manager.conf's {@code eventfilter} lines for the server's user, read as Asterisk 22's manager.c
 * reads them (the emulator's Filter action parses the same criteria), against every event name of the recorded
 * transcripts: the events the agent desk acts on pass, the channel noise does not. A filter that dropped
 * FullyBooted would leave the link waiting for it forever after each login (AmiLink.maybeResync).
 */
class SampleManagerConfFilterTest {

    /** What AmiFacts.dispatch and AmiLink (FullyBooted) act on, and ClickToCall's Originate answer. */
    private static final Set<String> DESK = Set.of("FullyBooted", "QueueMemberAdded", "QueueMemberRemoved",
            "QueueMemberPause", "QueueMemberStatus", "AgentCalled", "AgentRingNoAnswer", "AgentConnect",
            "AgentComplete", "QueueCallerAbandon", "QueueCallerLeave", "Hold", "Unhold", "OriginateResponse");
    private static final Pattern LINE = Pattern.compile("^eventfilter(?:\\((.*)\\))?\\s*=\\s*(.*)$");
    private static final Pattern EVENT = Pattern.compile("<< b'Event: ([A-Za-z]+)\\\\r\\\\n'");

    @Test
    void theServersUserReceivesTheDesksEventsAndNotTheChannelNoise() throws IOException {
        List<AmiFilter> filters = userFilters(Path.of("deploy/asterisk/manager.conf"), "hotline");
        assertThat(filters).as("eventfilter lines of [hotline]").isNotEmpty();
        Set<String> recorded = recordedEventNames();
        assertThat(recorded).contains("Newchannel", "VarSet", "DeviceStateChange", "DialBegin", "AgentCalled");

        Set<String> passed = new TreeSet<>();
        for (String name : union(recorded, DESK)) {
            AmiEvent e = new AmiEvent(name, AmiClass.AGENT, new AmiMessage().add("Queue", "hotline-general"));
            if (AmiFilter.passes(filters, e, e.render(""))) {
                passed.add(name);
            }
        }
        assertThat(passed).containsAll(DESK);
        assertThat(passed).doesNotContain("Newchannel", "Newstate", "VarSet", "Newexten", "DeviceStateChange",
                "DialBegin", "DialEnd", "LocalBridge", "NewCallerid", "NewConnectedLine", "SuccessfulAuth");
    }

    private static List<AmiFilter> userFilters(Path conf, String user) throws IOException {
        List<AmiFilter> out = new ArrayList<>();
        String section = "";
        for (String raw : Files.readAllLines(conf)) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                section = line.substring(1, line.indexOf(']'));
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (section.equals(user) && m.matches()) {
                AmiFilter f = AmiFilter.parse(m.group(1) == null ? "" : m.group(1), m.group(2).strip());
                assertThat(f).as(line).isNotNull();
                out.add(f);
            }
        }
        return out;
    }

    private static Set<String> recordedEventNames() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/transcripts"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("ami-")).toList()) {
                Matcher m = EVENT.matcher(Files.readString(p));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }
}
