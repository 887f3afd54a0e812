package cn.hotline12333.calllog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One record stream ({@value CallRecords#STREAM}, {@value HandlingRecord#STREAM}, {@value AgentStateSegment#STREAM}),
 * written idempotently: a record lands once however often it is sent (replays after a lost reply, several nodes
 * holding the same record). The script's two keys, the seen mark and the stream, share one Redis Cluster slot
 * through the hash tag in the mark ({@link RecordKind#seenPrefix}). Every method blocks and throws
 * JedisException when Redis fails: call it from the writer thread only.
 */
final class CallStream {
    /** How long a call id is remembered; a replay later than this would add the record a second time. */
    static final Duration SEEN_FOR = Duration.ofDays(30);

    // Same effect as SET NX then XADD, ordered so that an XADD that fails (OOM, a non-stream key) leaves
    // no seen key behind, which would hide the record forever. A script runs atomically. The seen key holds
    // what was stored (see seenValue); a refused record gets it back, to tell a replay from a collision.
    private static final String ADD_ONCE = """
            local seen = redis.call('GET', KEYS[1])
            if seen then return seen end
            redis.call('XADD', KEYS[2], '*', ARGV[1], ARGV[2], ARGV[3], ARGV[4])
            redis.call('SET', KEYS[1], ARGV[6], 'EX', ARGV[5])
            return 1
            """;
    private static final String ADD_ONCE_SHA = sha1(ADD_ONCE);

    private final UnifiedJedis jedis;
    private final String stream;
    private final String seenPrefix;

    CallStream(UnifiedJedis jedis, RecordKind<?> kind) {
        this.jedis = jedis;
        this.stream = kind.stream;
        this.seenPrefix = kind.seenPrefix;
    }

    /**
     * Null when the record was added; when this record id was in the stream already, what its seen key holds
     * ({@link #seenValue} of the stored record, or "1" for one stored before seen keys held more).
     * {@code source} says where the record came from (a call's server node and start time).
     */
    String add(String recordId, String json, String source) {
        List<String> keys = List.of(seenPrefix + recordId, stream);
        List<String> args = List.of(CallRecords.ID_FIELD, recordId, CallRecords.JSON_FIELD, json,
                Long.toString(SEEN_FOR.toSeconds()), seenValue(json, source));
        Object reply;
        try {
            reply = jedis.evalsha(ADD_ONCE_SHA, keys, args);
        } catch (JedisNoScriptException e) {
            // first use on this server, or it restarted and lost its script cache; EVAL caches it again
            reply = jedis.eval(ADD_ONCE, keys, args);
        }
        return Long.valueOf(1).equals(reply) ? null : String.valueOf(reply);
    }

    /**
     * What a seen key holds: a short hash of the record's JSON (a replay of the same record has the same one),
     * then where the record came from (server node, start time), for the warning about a collision.
     */
    static String seenValue(String json, String source) {
        return hash(json) + " " + source;
    }

    /** Whether a refused record is the one stored (a replay); false for another call under the same id. */
    static boolean sameRecord(String seen, String json) {
        return seen.equals("1") || seen.startsWith(hash(json) + " ");
    }

    private static String hash(String json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Throws when Redis cannot be reached; a cheap probe before replaying a journal. */
    void ping() {
        jedis.ping();
    }

    UnifiedJedis jedis() {
        return jedis;
    }

    private static String sha1(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
