package org.asteriskjava.manager.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.asteriskjava.manager.event.ManagerEvent;

/**
 * The events of a recorded Asterisk 22 transcript (shared/transcripts/ami-*.txt, {@code <<} lines), built by
 * Asterisk-Java's own event builder exactly as its reader would hand them to a listener. Lives in the library's
 * package because the builder is package-private there; test code only.
 */
public final class TranscriptEvents {
    private TranscriptEvents() {
    }

    public static List<ManagerEvent> read(Path transcript) throws IOException {
        List<Map<String, Object>> blocks = blocks(transcript);
        EventBuilderImpl builder = new EventBuilderImpl();
        List<ManagerEvent> events = new ArrayList<>();
        for (Map<String, Object> block : blocks) {
            ManagerEvent e = builder.buildEvent(TranscriptEvents.class, block);
            if (e != null) {
                events.add(e);
            }
        }
        return events;
    }

    /** One event from header lines, e.g. {@code "Event: AgentConnect", "HoldTime: abc"}. */
    public static ManagerEvent build(String... lines) {
        Map<String, Object> block = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            block.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        return new EventBuilderImpl().buildEvent(TranscriptEvents.class, block);
    }

    /** The messages from Asterisk that are events (they start with {@code Event:}), header names lower-cased. */
    static List<Map<String, Object>> blocks(Path transcript) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> current = new LinkedHashMap<>();
        for (String raw : Files.readAllLines(transcript, StandardCharsets.UTF_8)) {
            int at = raw.indexOf("<< b'");
            if (at < 0) {
                continue;
            }
            String line = unescape(raw.substring(at + 5, raw.length() - 1));
            if (line.endsWith("\r\n")) {
                line = line.substring(0, line.length() - 2);
            }
            if (line.isEmpty()) {
                if (current.containsKey("event")) {
                    out.add(current);
                }
                current = new LinkedHashMap<>();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                String value = line.substring(colon + 1);
                current.putIfAbsent(line.substring(0, colon).toLowerCase(java.util.Locale.ROOT),
                        value.startsWith(" ") ? value.substring(1) : value);
            }
        }
        return out;
    }

    /** Python's bytes repr back to the bytes' UTF-8 text. */
    private static String unescape(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                bytes.write(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'r' -> bytes.write('\r');
                case 'n' -> bytes.write('\n');
                case 't' -> bytes.write('\t');
                case 'x' -> {
                    bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> bytes.write(n);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
