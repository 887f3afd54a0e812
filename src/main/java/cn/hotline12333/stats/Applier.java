package cn.hotline12333.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.Rawable;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.util.RedisOutputStream;

/**
 * Applies contributions with the apply scripts, one script call per UTC day per batch ({@link ApplyBatch} sums the
 * batch's changes per key and field first), so a record applied twice counts once and a handling record's later
 * revision replaces the earlier one exactly once. The records that are never revised and the handling records'
 * first revisions go to apply-new.lua (sums, and seen entries written as they are sent); when it finds a record
 * applied before, apply.lua takes them record by record; later revisions go to apply.lua after them (see
 * {@link ApplyBatch#byDay}). Blocking: consumer threads, rebuild and tests call it, never a Netty loop.
 */
final class Applier {
    static final String SCRIPT = load("apply.lua");
    static final String FRESH = load("apply-new.lua");

    private final UnifiedJedis jedis;
    private String sha;
    private String freshSha;

    Applier(UnifiedJedis jedis) {
        this.jedis = jedis;
    }

    /** Applies to the live generation(s); returns how many (record, day) pairs were new. */
    long apply(List<Contribution> batch) {
        return apply(batch, "");
    }

    /** Applies to generation {@code gen} only (rebuild and verify build their own); "" for the live ones. */
    long apply(List<Contribution> batch, String gen) {
        long applied = 0;
        for (ApplyBatch day : ApplyBatch.byDay(batch)) {
            String prefix = Buckets.prefix(day.day());
            long n = -1;
            if (day.fresh()) {
                if (freshSha == null) {
                    freshSha = jedis.scriptLoad(FRESH, prefix + "gen");
                }
                n = run(prefix, freshSha, FRESH, day.freshArgv(gen));
            }
            if (n < 0) {
                if (sha == null) {
                    sha = jedis.scriptLoad(SCRIPT, prefix + "gen");
                }
                n = run(prefix, sha, SCRIPT, day.argv(gen));
            }
            applied += n;
        }
        return applied;
    }

    /**
     * Builds the script calls {@link #apply} would send for {@code batch} and writes them to {@code out} instead
     * of Redis (the consumers' warm-up at start): the same summing and encoding code, nothing applied. Returns
     * how many arguments were written.
     */
    static long dryRun(List<Contribution> batch, RedisOutputStream out) {
        long args = 0;
        for (ApplyBatch day : ApplyBatch.byDay(batch)) {
            String prefix = Buckets.prefix(day.day());
            // the first part's script on the usual path, apply.lua's arguments for later revisions
            List<byte[]> argv = day.fresh() ? day.freshArgv("") : day.argv("");
            Protocol.sendCommand(out, call(Protocol.Command.EVALSHA, DRY_SHA, prefix, argv));
            args += argv.size();
        }
        return args;
    }

    private static final String DRY_SHA = "0".repeat(40);

    private long run(String prefix, String sha, String script, List<byte[]> argv) {
        Object reply;
        try {
            reply = jedis.executeCommand(call(Protocol.Command.EVALSHA, sha, prefix, argv));
        } catch (JedisNoScriptException e) {
            // the server restarted and lost its script cache; EVAL caches it again
            reply = jedis.executeCommand(call(Protocol.Command.EVAL, script, prefix, argv));
        }
        return (Long) reply;
    }

    /**
     * EVAL or EVALSHA with the arguments' bytes as they are: Jedis copies every byte[] argument it is given (a
     * batch's arguments are about 11 a call record), but not a {@link Rawable}. The one declared key routes the
     * call to the day's slot on a cluster; the script builds the others.
     */
    private static CommandArguments call(Protocol.Command command, String script, String prefix, List<byte[]> argv) {
        CommandArguments args = new CommandArguments(command).add(script).add(1).key(prefix + "gen");
        for (byte[] a : argv) {
            args.add(new Arg(a));
        }
        return args;
    }

    private record Arg(byte[] raw) implements Rawable {
        @Override
        public byte[] getRaw() {
            return raw;
        }
    }

    private static String load(String name) {
        try (InputStream in = Applier.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("stats script " + name + " missing from the jar", e);
        }
    }
}
