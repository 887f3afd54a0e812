package cn.hotline12333.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versions of the statistics configuration, oldest first, each with the instant it took effect: one JSON
 * line per version ({@code effective_from}, {@code digest}, {@code yaml}: the file's whole text) appended to a
 * history file, so a restart still knows which T applied to last month. The first version ever applies from
 * the epoch (nothing older is known). Without a file the history lives in memory only. A line that no longer
 * parses (a hand edit, a newer format) is skipped and logged.
 */
final class ConfigHistory {
    private static final Logger log = LoggerFactory.getLogger(ConfigHistory.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final List<StatsConfigLoader.Version> versions = new ArrayList<>();

    ConfigHistory(Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            load();
        }
    }

    /** Adds {@code loaded} as a version effective {@code now} unless it is the latest already. */
    synchronized List<StatsConfigLoader.Version> record(StatsConfigLoader.Loaded loaded, Instant now) {
        String digest = loaded.digest();
        if (!versions.isEmpty() && versions.get(versions.size() - 1).digest().equals(digest)) {
            return List.copyOf(versions);
        }
        Instant from = versions.isEmpty() ? Instant.EPOCH : now;
        versions.add(new StatsConfigLoader.Version(from, loaded.config(), digest));
        append(from, digest, loaded.yaml());
        return List.copyOf(versions);
    }

    private void load() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("event=stats_config_history_unreadable file={} error=\"{}\"", file, e.toString());
            return;
        }
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode j = JSON.readTree(line);
                String yaml = j.get("yaml").asText();
                StatsConfigParser.Result r = StatsConfigParser.parse(file + ":" + n,
                        yaml.getBytes(StandardCharsets.UTF_8));
                if (r.config() == null) {
                    throw new IllegalArgumentException(r.problems().toString());
                }
                versions.add(new StatsConfigLoader.Version(Instant.parse(j.get("effective_from").asText()),
                        r.config(), j.get("digest").asText()));
            } catch (IOException | RuntimeException e) {
                log.warn("event=stats_config_history_line_skipped file={} line={} error=\"{}\"", file, n,
                        String.valueOf(e.getMessage()).replace("\"", "'"));
            }
        }
    }

    private void append(Instant from, String digest, String yaml) {
        if (file == null) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("effective_from", from.toString());
        line.put("digest", digest);
        line.put("yaml", yaml);
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The version still applies on this node; only a restart would forget when it began.
            log.warn("event=stats_config_history_not_written file={} error=\"{}\"", file, e.toString());
        }
    }

    static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
