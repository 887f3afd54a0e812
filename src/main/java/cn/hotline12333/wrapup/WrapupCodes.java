package cn.hotline12333.wrapup;

import cn.hotline12333.calllog.HandlingRecord.Resolution;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import cn.hotline12333.config.FileWatch;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The wrap-up codes agents close calls with, from {@code ivr-flows/wrapup.yaml}, reloaded when the file changes the
 * way the flows and stats.yaml are: a daemon thread waits for a quiet moment, parses and validates, and swaps one
 * volatile reference; a bad edit is refused with its {@code file:line} problems logged and the last good tree keeps
 * serving. Every distinct tree is kept as a {@link Version} with the instant it took effect, in a JSON-lines
 * history file that survives restarts, so a handling record written under an older tree is still read with the
 * words of its time ({@link #describe}).
 */
public final class WrapupCodes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WrapupCodes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String FILE_NAME = "wrapup.yaml";
    /** Longest wrap-up note, in characters. */
    public static final int MAX_NOTES = 500;

    /** One tree and the instant from which it applies (the first ever applies from the epoch). */
    public record Version(Instant effectiveFrom, WrapupTree tree) {
    }

    /** A code as it read when a handling record was written: its label and its topic's name. */
    public record Described(String code, String label, String topic, String topicName) {
    }

    /** What is wrong with a wrap-up form: the field and why, for a 400 naming it. */
    public record Refusal(String field, String why) {
    }

    private final Path file;
    private final Path historyFile;
    private final Clock clock;
    private final FileWatch watcher;
    private volatile List<Version> versions;

    private WrapupCodes(Path file, Path historyFile, Clock clock, FileWatch watcher, List<Version> versions) {
        this.file = file;
        this.historyFile = historyFile;
        this.clock = clock;
        this.watcher = watcher;
        this.versions = List.copyOf(versions);
    }

    /** A tree that never changes: tests and tools. */
    public static WrapupCodes fixed(WrapupTree tree) {
        return new WrapupCodes(null, null, Clock.systemUTC(), null, List.of(new Version(Instant.EPOCH, tree)));
    }

    /**
     * Reads {@code file}, adds it to the history when it differs from the last version there, and watches it when
     * {@code watch} is set. A missing or broken file refuses to start, naming each problem as file:line.
     */
    public static WrapupCodes open(Path file, Path historyFile, Clock clock, boolean watch) {
        WrapupParser.Result first = read(file);
        if (first.tree() == null) {
            throw new IllegalStateException("wrap-up codes " + file + " refused:\n"
                    + first.problems().stream().map(Object::toString).collect(Collectors.joining("\n")));
        }
        List<Version> versions = loadHistory(historyFile);
        versions = added(versions, first.tree(), clock.instant(), historyFile, bytes(file));
        FileWatch watcher = watch ? FileWatch.open(file) : null;
        WrapupCodes codes = new WrapupCodes(file, historyFile, clock, watcher, versions);
        if (watcher != null) {
            watcher.start("wrapup-watcher", codes::reload);
        }
        log.info("event=wrapup_codes_loaded file={} version={} digest={} versions={}", file,
                first.tree().version(), first.tree().digest(), versions.size());
        return codes;
    }

    /** Every problem of {@code file} as file:line, in line order; empty when it would load. */
    public static List<WrapupProblem> check(Path file) {
        return read(file).problems();
    }

    /** The tree new wrap-ups are filled from. */
    public WrapupTree current() {
        List<Version> v = versions;
        return v.get(v.size() - 1).tree();
    }

    /** Oldest first. */
    public List<Version> versions() {
        return versions;
    }

    /** The tree in force at {@code t}. */
    public WrapupTree at(Instant t) {
        WrapupTree found = versions.get(0).tree();
        for (Version v : versions) {
            if (!v.effectiveFrom().isAfter(t)) {
                found = v.tree();
            }
        }
        return found;
    }

    /**
     * A code in the words of the tree in force when it was written ({@code at}; null: now); a code that tree
     * lacks is looked up in the others, newest first, so a code removed later still reads. Null when no version
     * ever had it.
     */
    public Described describe(String code, Instant at) {
        if (code == null) {
            return null;
        }
        List<WrapupTree> order = new ArrayList<>();
        order.add(at == null ? current() : at(at));
        for (int i = versions.size() - 1; i >= 0; i--) {
            order.add(versions.get(i).tree());
        }
        for (WrapupTree tree : order) {
            WrapupTree.Code c = tree.code(code);
            if (c != null) {
                WrapupTree.Topic topic = tree.topicOf(code);
                return new Described(code, c.label(), topic.id(), topic.name());
            }
        }
        return null;
    }

    /** The name of an IVR topic in the current tree (养老保险 for pension), or null. */
    public String topicName(String topic) {
        WrapupTree.Topic t = current().topic(topic);
        return t == null ? null : t.name();
    }

    /**
     * Checks a submitted wrap-up against the current tree: a known code, one of the five resolutions by its wire
     * name ({@code answered}, {@code referred}, …), notes of at most {@link #MAX_NOTES} characters without control
     * characters other than line breaks and tabs. Null when it is good.
     */
    public Refusal refusal(String code, String resolution, String notes) {
        if (code == null || code.isEmpty()) {
            return new Refusal("code", "is required");
        } else if (code.length() > 100 || current().code(code) == null) {
            return new Refusal("code", "is no wrap-up code of version " + current().version());
        }
        if (resolution == null || resolution.isEmpty()) {
            return new Refusal("resolution", "is required");
        }
        if (resolution(resolution) == null) {
            return new Refusal("resolution", "must be one of answered, referred, transferred, invalid_call, callback");
        }
        if (notes != null) {
            if (notes.length() > MAX_NOTES * 2 || notes.codePointCount(0, notes.length()) > MAX_NOTES) {
                return new Refusal("notes", "is longer than " + MAX_NOTES + " characters");
            }
            for (int i = 0; i < notes.length(); i++) {
                char c = notes.charAt(i);
                if ((Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')
                        || (Character.isSurrogate(c) && !validPair(notes, i))) {
                    return new Refusal("notes", "contains a control character or broken text");
                }
            }
        }
        return null;
    }

    /** The resolution for its wire name, or null. */
    public static Resolution resolution(String wire) {
        for (Resolution r : Resolution.values()) {
            if (r.name().toLowerCase(Locale.ROOT).equals(wire)) {
                return r;
            }
        }
        return null;
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * An admin's new tree: checked as the file would be (problems name {@code upload:line}), then written over the
     * file through a temporary file and a rename (the watcher never reads half of it) and loaded as a new version;
     * earlier versions stay in the history, so old handling records keep their meaning. Codes not read from a file
     * refuse. A disk that cannot be written throws UncheckedIOException.
     */
    public synchronized List<WrapupProblem> publish(byte[] yaml) {
        if (file == null) {
            return List.of(new WrapupProblem("upload", 0, "these wrap-up codes are not read from a file"));
        }
        WrapupParser.Result checked = WrapupParser.parse("upload", yaml);
        if (checked.tree() == null) {
            return checked.problems();
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".upload");
        try {
            Files.write(temporary, yaml);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
        return reload();
    }

    /** Reads the file now; a good one that differs becomes a new version. Returns what refused it (also logged). */
    public synchronized List<WrapupProblem> reload() {
        if (file == null) {
            return List.of();
        }
        WrapupParser.Result next = Files.exists(file) ? read(file) : new WrapupParser.Result(null,
                List.of(new WrapupProblem(file.toString(), 0, "the file is gone; keeping the last good codes")));
        if (next.tree() == null) {
            for (WrapupProblem p : next.problems()) {
                log.warn("event=wrapup_codes_refused file={} line={} problem=\"{}\"", p.file(), p.line(),
                        p.message().replace('"', '\''));
            }
            return next.problems();
        }
        List<Version> before = versions;
        versions = List.copyOf(added(before, next.tree(), clock.instant(), historyFile, bytes(file)));
        if (versions.size() != before.size()) {
            log.info("event=wrapup_codes_reloaded file={} version={} digest={}", file, next.tree().version(),
                    next.tree().digest());
        }
        return List.of();
    }

    private static WrapupParser.Result read(Path file) {
        if (!Files.exists(file)) {
            return new WrapupParser.Result(null, List.of(new WrapupProblem(file.toString(), 0, "no such file")));
        }
        return WrapupParser.parse(file.toString(), bytes(file));
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0]; // parsed as an empty file: refused with a line number
        }
    }

    private static List<Version> added(List<Version> versions, WrapupTree tree, Instant now, Path historyFile,
                                       byte[] yaml) {
        if (!versions.isEmpty() && versions.get(versions.size() - 1).tree().digest().equals(tree.digest())) {
            return versions;
        }
        Instant from = versions.isEmpty() ? Instant.EPOCH : now;
        List<Version> more = new ArrayList<>(versions);
        more.add(new Version(from, tree));
        if (historyFile != null) {
            try {
                if (historyFile.getParent() != null) {
                    Files.createDirectories(historyFile.getParent());
                }
                String line = JSON.writeValueAsString(Map.of("effective_from", from.toString(), "digest",
                        tree.digest(), "yaml", WrapupParser.text(yaml))) + "\n";
                Files.writeString(historyFile, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                log.warn("event=wrapup_history_not_written file={} error=\"{}\"", historyFile, e.toString());
            }
        }
        return more;
    }

    private static List<Version> loadHistory(Path historyFile) {
        List<Version> versions = new ArrayList<>();
        if (historyFile == null || !Files.exists(historyFile)) {
            return versions;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(historyFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("event=wrapup_history_unreadable file={} error=\"{}\"", historyFile, e.toString());
            return versions;
        }
        for (int n = 0; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            try {
                JsonNode j = JSON.readTree(lines.get(n));
                byte[] yaml = j.get("yaml").asText().getBytes(StandardCharsets.UTF_8);
                WrapupParser.Result r = WrapupParser.parse(historyFile + ":" + (n + 1), yaml);
                if (r.tree() == null) {
                    throw new IllegalArgumentException(r.problems().toString());
                }
                versions.add(new Version(Instant.parse(j.get("effective_from").asText()), r.tree()));
            } catch (IOException | RuntimeException e) {
                log.warn("event=wrapup_history_line_skipped file={} line={} error=\"{}\"", historyFile, n + 1,
                        String.valueOf(e.getMessage()).replace('"', '\''));
            }
        }
        return versions;
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }
}
