package cn.hotline12333.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A FastAGI session recorded against a real Asterisk 22 (src/test/resources/transcripts; docs/asterisk-agi.md): {@code <<} lines are what
 * Asterisk sent (Python bytes literals), {@code >>} lines what the script sent (Python string literals,
 * without the newline). Timestamps are dropped.
 */
record Transcript(String name, List<Entry> entries) {

    record Entry(boolean fromAsterisk, String text) {
    }

    private static final Pattern LINE = Pattern.compile("^\\s*[0-9.]+ (<<|>>) (b?)(['\"])(.*)\\3$");

    /**
     * The recorded sessions, copied into the test resources from the shared notes so that a clone
     * without the shared folder still runs every test ({@code TranscriptCopiesTest} keeps the copies current).
     */
    static List<String> read(String name) throws IOException {
        try (java.io.InputStream in = Transcript.class.getResourceAsStream("/transcripts/" + name + ".txt")) {
            if (in == null) {
                throw new IllegalStateException("transcript " + name + " missing from src/test/resources/transcripts");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Every FastAGI session recorded (the transcripts that are neither AMI nor a queue_log), by name. */
    static List<String> fastAgi() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src", "test", "resources", "transcripts"))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".txt") && !n.startsWith("ami-") && !n.startsWith("queue_log"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
    }

    static Transcript load(String name) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String line : read(name)) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(name + ": not a transcript line: " + line);
            }
            String text = AmiTranscript.unescape(m.group(4));
            boolean fromAsterisk = m.group(1).equals("<<");
            if (fromAsterisk) {
                if (!text.endsWith("\n")) {
                    throw new IllegalArgumentException(name + ": Asterisk line without newline: " + line);
                }
                text = text.substring(0, text.length() - 1);
            }
            entries.add(new Entry(fromAsterisk, text));
        }
        return new Transcript(name, List.copyOf(entries));
    }

    /** The agi_* values of the environment block, in order. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (!e.fromAsterisk() || e.text().isEmpty()) {
                break;
            }
            int colon = e.text().indexOf(": ");
            env.put(e.text().substring(0, colon), e.text().substring(colon + 2));
        }
        return env;
    }

    List<String> linesFrom(boolean asterisk) {
        return entries.stream().filter(e -> e.fromAsterisk() == asterisk).map(Entry::text).toList();
    }
}
