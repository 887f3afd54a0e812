package cn.hotline12333.stats;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Base64;

/**
 * 15-minute UTC buckets and the names of the keys that hold them. Every UTC offset in use is a multiple of 15
 * minutes, so any zone's 15/30/60-minute intervals, days, weeks and months are unions of these buckets. All keys
 * of one UTC day share the hash tag {@code {st:YYYY-MM-DD}}, so one script may touch them on Redis Cluster.
 */
final class Buckets {
    static final int SECONDS = 900;
    static final int PER_DAY = 96;
    /**
     * Shards of the per-day "seen" hashes ({@code ss:<shard>}): about 27,000 record ids each on a 1.7-million-record
     * day, hash tables as the shards always were (docs/kpi.md). So few that a batch of 4,000 records tests and marks
     * its records with two commands a shard rather than one a record.
     */
    static final int SEEN_SHARDS = 64;
    /**
     * The seen shards of days written before 2026-12-07 ({@code s:<shard>}), still read and written for those days.
     * A multiple of {@link #SEEN_SHARDS}: a record's shard is its old one modulo {@link #SEEN_SHARDS}.
     */
    static final int OLD_SEEN_SHARDS = 16_384;
    /**
     * Kinds whose counters are also kept per UTC hour ({@code ah:<hour>:<agent>}): the agent report reads a thousand
     * agents. The topics' hourly twins ({@code th:}) are no longer written: they were over a quarter of a call
     * record's changes at ingest, and the topic report, fifty topics, reads their 15-minute hashes well within its
     * target; DayKeys still lists them, so the days that have them are compared and deleted whole.
     */
    static final String HOURLY_KINDS = "a";

    private Buckets() {
    }

    static long index(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), SECONDS);
    }

    static long index(OffsetDateTime t) {
        // the epoch second without an Instant: a few of these a record
        return Math.floorDiv(t.toEpochSecond(), SECONDS);
    }

    static LocalDate day(long index) {
        return LocalDate.ofEpochDay(Math.floorDiv(index, PER_DAY));
    }

    static int slot(long index) {
        return (int) Math.floorMod(index, PER_DAY);
    }

    static long first(LocalDate day) {
        return day.toEpochDay() * PER_DAY;
    }

    static Instant start(long index) {
        return Instant.ofEpochSecond(index * SECONDS);
    }

    /**
     * The hourly roll-up of a 15-minute agent hash ({@code a:41:1001} to {@code ah:10:1001}), or null for the other
     * kinds. Every change to the one is made to the other too (Contribution.Builder), so that a day's agent report
     * reads 24 hashes per member instead of 96.
     */
    static String hourly(String key) {
        if (key.length() < 4 || key.charAt(1) != ':' || HOURLY_KINDS.indexOf(key.charAt(0)) < 0) {
            return null;
        }
        int end = key.indexOf(':', 2);
        int slot = Integer.parseInt(key, 2, end, 10);
        return key.charAt(0) + "h:" + slot / 4 + key.substring(end);
    }

    /** {@code {st:2026-11-23}:} — every key of that UTC day starts with it. */
    static String prefix(LocalDate day) {
        return "{st:" + day + "}:";
    }

    /** A short, fixed-size stand-in for a record id or caller hash: 11 characters of SHA-256 (the seen shard is {@link #seenShard}'s). */
    static String digest(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(sha(id), 8));
    }

    /** A record's seen shard in the layout of before 2026-12-07 ({@link #seenShard} of it is the current one). */
    static int oldSeenShard(String recordId) {
        return shard(recordId, OLD_SEEN_SHARDS);
    }

    static int seenShard(int oldSeenShard) {
        return oldSeenShard % SEEN_SHARDS;
    }

    static int shard(String id, int shards) {
        byte[] d = sha(id);
        int v = ((d[8] & 0xff) << 24) | ((d[9] & 0xff) << 16) | ((d[10] & 0xff) << 8) | (d[11] & 0xff);
        return Math.floorMod(v, shards);
    }

    /** The first 8 bytes of {@link #digest}'s hash as a number: a record's identity for the rebuild's duplicate check. */
    static long digestBits(byte[] sha) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (sha[i] & 0xff);
        }
        return v;
    }

    static String digest(byte[] sha) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(sha, 8));
    }

    static byte[] sha(String id) {
        return SHA.get().digest(id.getBytes(StandardCharsets.UTF_8));
    }

    // looking the algorithm up costs more than hashing a record id; one digest per thread, reset by digest()
    private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    });
}
