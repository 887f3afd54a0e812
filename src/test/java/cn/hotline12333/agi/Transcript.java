package cn.hotline12333.agi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A recorded Asterisk 22 FastAGI session (src/test/resources/transcripts, copied from the shared notes; docs/asterisk-agi.md): {@code <<} lines are what Asterisk
 * sent, as Python bytes literals; {@code >>} lines what the test script sent, as Python strings.
 */
record Transcript(String name, List<String> fromAsterisk, List<String> toAsterisk) {
    private static final Pattern LINE = Pattern.compile("^\\s*[0-9.]+ (<<|>>) b?(['\"])(.*)\\2$");

    /** Every FastAGI session recorded (the transcripts that are neither AMI nor a queue_log), by name. */
    static final List<String> FASTAGI = recorded();

    static Transcript load(String name) {
        try (InputStream in = Transcript.class.getResourceAsStream("/transcripts/" + name + ".txt")) {
            if (in == null) {
                throw new IllegalArgumentException("no transcript " + name);
            }
            List<String> from = new ArrayList<>();
            List<String> to = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher m = LINE.matcher(line);
                if (m.matches()) {
                    (m.group(1).equals("<<") ? from : to).add(unescape(m.group(3)));
                }
            }
            return new Transcript(name, from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> recorded() {
        try (Stream<Path> files = Files.list(Path.of("src", "test", "resources", "transcripts"))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".txt") && !n.startsWith("ami-") && !n.startsWith("queue_log"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything Asterisk sent, byte for byte. */
    byte[] asteriskBytes() {
        return String.join("", fromAsterisk).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String unescape(String literal) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = literal.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'x' -> {
                    out.append((char) Integer.parseInt(literal.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }
}
