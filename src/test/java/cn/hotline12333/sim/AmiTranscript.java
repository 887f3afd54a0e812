package cn.hotline12333.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An AMI session recorded against a real Asterisk 22 (src/test/resources/transcripts/ami-*.txt, copies of
 * ../shared/transcripts): column 1 the seconds since the start, {@code <<} bytes Asterisk sent (a Python bytes
 * literal, {@code <EOF>} when it closed), {@code >>} what the client sent, {@code ..} what was done outside AMI
 * (a new connection, an Asterisk CLI command).
 */
record AmiTranscript(String name, List<Entry> entries) {

    enum Kind { CONNECT, CLI, SEND, RECEIVE, EOF }

    record Entry(double time, Kind kind, String text) {
    }

    private static final Pattern LINE = Pattern.compile("^\\s*([0-9.]+) (<<|>>|\\.\\.) (b?)(['\"])(.*)\\4$");

    static AmiTranscript load(String name) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = AmiTranscript.class.getResourceAsStream("/transcripts/" + name + ".txt")) {
            if (in == null) {
                throw new IllegalStateException("transcript " + name + " missing from src/test/resources/transcripts");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    throw new IllegalArgumentException(name + ": not a transcript line: " + line);
                }
                double time = Double.parseDouble(m.group(1));
                String text = unescape(m.group(5));
                Kind kind = switch (m.group(2)) {
                    case "<<" -> text.equals("<EOF>") ? Kind.EOF : Kind.RECEIVE;
                    case ">>" -> Kind.SEND;
                    default -> text.startsWith("connect") ? Kind.CONNECT : Kind.CLI;
                };
                entries.add(new Entry(time, kind, text));
            }
        }
        return new AmiTranscript(name, List.copyOf(entries));
    }

    /** A Python bytes literal as both kinds of transcript (AGI and AMI) record them, decoded as UTF-8. */
    static String unescape(String literal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c != '\\') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            char e = literal.charAt(++i);
            switch (e) {
                case 'n' -> bytes.write('\n');
                case 'r' -> bytes.write('\r');
                case 't' -> bytes.write('\t');
                case 'x' -> {
                    bytes.write(Integer.parseInt(literal.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> bytes.write(e);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
