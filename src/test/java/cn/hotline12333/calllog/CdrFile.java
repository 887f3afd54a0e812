package cn.hotline12333.calllog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The CDR file src/test/resources/logback-test.xml has Logback write; every test run appends, hence by call id. */
final class CdrFile {
    private static final Path FILE = Path.of("target/test-logs/cdr-test.jsonl");
    private static final Pattern CALL_ID = Pattern.compile("\"call_id\":\"([^\"]*)\"");

    private CdrFile() {
    }

    /** How many CDR lines each call id has. */
    static Map<String, Long> linesPerCall() {
        return all().stream().map(CdrFile::callId)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    static long lines(String callId) {
        return linesPerCall().getOrDefault(callId, 0L);
    }

    static List<CallRecord> recordsOf(String callId) {
        return all().stream().filter(l -> callId.equals(callId(l))).map(CallRecords::parse).toList();
    }

    private static String callId(String line) {
        Matcher m = CALL_ID.matcher(line);
        return m.find() ? m.group(1) : "";
    }

    private static List<String> all() {
        try {
            return Files.exists(FILE) ? Files.readAllLines(FILE, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
