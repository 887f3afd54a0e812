package cn.hotline12333.stats;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The arguments of one apply script call: one UTC day's changes of a batch of records, summed here per key and
 * field so that the script writes each once (a batch of calls from one quarter hour shares most of its keys), and
 * per record its seen entry. {@link #freshArgv} is for apply-new.lua, which takes the sums when every record is
 * new and writes nothing otherwise; {@link #argv} adds each record's own changes as indexes into the table, for
 * apply.lua, which falls back to them when some record was applied before (a duplicate, a stale revision) or can
 * be revised (a handling record must store what it added, to take it back later). Set additions of records that
 * are never revised are idempotent, so they are grouped per key and always applied.
 *
 * <p>A handling record's first revision, met once in the batch, is new in nearly every case, so it goes with the
 * records that are never revised to apply-new.lua, whose seen entry for it is the value {@link #stored} builds here:
 * what apply.lua would store, so that a later revision takes it back the same way and Lua never parses it before.
 * Later revisions and records met twice in the batch go to apply.lua in a second batch of the day, after the first.
 *
 * <p>The arguments are UTF-8 bytes, made here once each: the consumers' profile had a fifth of their time in
 * summing a batch and encoding its arguments (a map entry and a key object per change, the changes grouped by key a
 * second time for apply-new.lua, each argument a String, then its bytes, then Jedis's copy of them).
 */
final class ApplyBatch {
    static final char SEP = 31;
    private static final byte[] EMPTY = new byte[0];
    // made once, before any thread reads them; an argument is never written to
    private static final byte[][] SMALL = new byte[4096][];
    private static final byte[][] KINDS = new byte[128][];
    private static final byte[][] SEEN_KEYS = new byte[Buckets.SEEN_SHARDS][];
    /**
     * At most this many records in one seen group of apply-new.lua (a shard's records beyond it make another group):
     * Lua's unpack puts a command's arguments on a stack of 8,000 slots.
     */
    static final int SEEN_GROUP = 1000;

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        }
        for (char k : "imhsS".toCharArray()) {
            KINDS[k] = new byte[] {(byte) k};
        }
        for (int i = 0; i < SEEN_KEYS.length; i++) {
            SEEN_KEYS[i] = ("ss:" + i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * One key of the batch in one kind, with the sums of its fields in the order met. A key is found by its name
     * (the kept names of {@link KeyNames} by identity); a name written in two kinds (a queue hash's counters and
     * its maximum wait) has a group for each, chained.
     */
    private static final class Group {
        final char kind;
        final String key;
        final Map<String, Sum> fields = new LinkedHashMap<>();
        Group other;

        Group(char kind, String key) {
            this.kind = kind;
            this.key = key;
        }
    }

    /**
     * The batch's value of one change: over its records that are never revised ({@code used}, {@code n}; apply.lua
     * adds the revisable ones' own changes itself), and over all its records ({@code all}; apply-new.lua, where
     * every record is new). {@code index} is its place in apply.lua's table, given when {@link #argv} lists it.
     */
    private static final class Sum {
        int index;
        boolean used;
        long n;
        boolean anyUsed;
        long all;
    }

    /** One record: its seen entry (shard in the layout of before 2026-12-07) and its changes of the day. */
    private record Entry(int oldShard, String seenField, int revision, boolean revisable, List<Op> ops) {
    }

    private final LocalDate day;
    private final boolean later;
    private final Map<String, Group> byKey = new HashMap<>();
    private final List<Group> groups = new ArrayList<>();
    private int fieldCount;
    private Group last;
    private Group beforeLast;
    private final Map<String, Set<String>> sets = new LinkedHashMap<>();
    private final List<Entry> records = new ArrayList<>();
    private int revisable;

    private ApplyBatch(LocalDate day, boolean later) {
        this.day = day;
        this.later = later;
    }

    LocalDate day() {
        return day;
    }

    int records() {
        return records.size();
    }

    /**
     * True when apply-new.lua may take the batch: no record in it is a later revision or a revisable record met
     * twice. A record that is never revised may still come twice: the script finds it (its shard's HSET adds fewer
     * fields than it was given) and declines the batch.
     */
    boolean fresh() {
        return !later;
    }

    /** Adds one record's changes of this day; {@code oldShard} and {@code seenField} name its seen entry. */
    private void add(Contribution c, List<Op> ops, int oldShard, String seenField) {
        boolean revisable = c.revisable();
        for (Op op : ops) {
            if (op.kind() == 's' && !revisable) {
                sets.computeIfAbsent(op.key(), x -> new LinkedHashSet<>()).add(op.field());
                continue;
            }
            Sum s = sum(op.kind(), op.key(), op.field());
            if (!revisable) {
                s.n = sum(s.used, s.n, op);
                s.used = true;
            }
            s.all = sum(s.anyUsed, s.all, op);
            s.anyUsed = true;
        }
        if (revisable) {
            this.revisable++;
        }
        records.add(new Entry(oldShard, seenField, c.revision(), revisable, ops));
    }

    private Sum sum(char kind, String key, String field) {
        Group g = group(kind, key);
        Sum s = g.fields.get(field);
        if (s == null) {
            s = new Sum();
            g.fields.put(field, s);
            fieldCount++;
        }
        return s;
    }

    private Group group(char kind, String key) {
        // a record's changes come key by key, often alternating with the key's hourly twin: the last two groups
        // are checked by identity (the kept names) before the map
        if (last != null && last.key == key && last.kind == kind) {
            return last;
        }
        if (beforeLast != null && beforeLast.key == key && beforeLast.kind == kind) {
            Group g = beforeLast;
            beforeLast = last;
            last = g;
            return g;
        }
        Group g = lookup(kind, key);
        beforeLast = last;
        last = g;
        return g;
    }

    private Group lookup(char kind, String key) {
        Group first = byKey.get(key);
        for (Group g = first; g != null; g = g.other) {
            if (g.kind == kind) {
                return g;
            }
        }
        Group g = new Group(kind, key);
        if (first == null) {
            byKey.put(key, g);
        } else {
            g.other = first.other;
            first.other = g;
        }
        groups.add(g);
        return g;
    }

    private static long sum(boolean used, long n, Op op) {
        if (op.kind() == 'm') {
            return used ? Math.max(n, op.n()) : op.n();
        }
        return n + op.n();
    }

    /**
     * What apply.lua stores as a revisable record's seen entry: the revision, then kind, key, field and value of
     * each of its changes, separated by {@link #SEP}; a later revision takes the counters and bins back from it.
     */
    static String stored(int revision, List<Op> ops) {
        StringBuilder b = new StringBuilder(16 + ops.size() * 24).append(revision);
        for (Op op : ops) {
            b.append(SEP).append(op.kind()).append(SEP).append(op.key()).append(SEP).append(op.field()).append(SEP)
                    .append(op.n());
        }
        return b.toString();
    }

    /**
     * ARGV of apply-new.lua: prefix, generation, the number of keys, of records and of seen groups, and where the
     * seen groups start; then per key its kind, name and number of fields, and each field with its value summed
     * over all records (an 'S' key, the set members of records that are never revised: its number of members, then
     * the members, without values); then the records' seen entries grouped by seen
     * shard (key, number of records, then each one's field and value: 1, or a revisable record's stored changes),
     * so that the script tests a shard's records with one HMGET and marks them with one HSET. Grouped by key, a
     * change costs the script two arguments instead of four, and the key's name is built once.
     */
    List<byte[]> freshArgv(String gen) {
        int[] start = new int[Buckets.SEEN_SHARDS + 1];
        for (Entry r : records) {
            start[Buckets.seenShard(r.oldShard) + 1]++;
        }
        int seenGroups = 0;
        for (int s = 0; s < Buckets.SEEN_SHARDS; s++) {
            seenGroups += (start[s + 1] + SEEN_GROUP - 1) / SEEN_GROUP;
            start[s + 1] += start[s];
        }
        Entry[] byShard = new Entry[records.size()];
        int[] next = Arrays.copyOf(start, Buckets.SEEN_SHARDS);
        for (Entry r : records) {
            byShard[next[Buckets.seenShard(r.oldShard)]++] = r;
        }
        int members = 0;
        for (Set<String> m : sets.values()) {
            members += m.size();
        }
        int size = 6 + groups.size() * 3 + fieldCount * 2 + sets.size() * 3 + members + seenGroups * 2
                + records.size() * 2;
        List<byte[]> argv = new ArrayList<>(size);
        argv.add(text(Buckets.prefix(day)));
        argv.add(text(gen));
        argv.add(number(groups.size() + sets.size()));
        argv.add(number(records.size()));
        argv.add(number(seenGroups));
        argv.add(number(size - seenGroups * 2 - records.size() * 2 + 1));
        for (Group g : groups) {
            argv.add(kind(g.kind));
            argv.add(text(g.key));
            argv.add(number(g.fields.size()));
            for (Map.Entry<String, Sum> f : g.fields.entrySet()) {
                argv.add(text(f.getKey()));
                argv.add(number(f.getValue().all));
            }
        }
        for (Map.Entry<String, Set<String>> e : sets.entrySet()) {
            // one argument a member, which the script hands to SADD as they are: joined into one argument, they
            // were split again in Lua (string.gmatch), a pattern match over every byte of every member
            argv.add(kind('S'));
            argv.add(text(e.getKey()));
            argv.add(number(e.getValue().size()));
            for (String m : e.getValue()) {
                argv.add(text(m));
            }
        }
        for (int s = 0; s < Buckets.SEEN_SHARDS; s++) {
            for (int from = start[s]; from < start[s + 1]; from += SEEN_GROUP) {
                int to = Math.min(start[s + 1], from + SEEN_GROUP);
                argv.add(SEEN_KEYS[s]);
                argv.add(number(to - from));
                for (int i = from; i < to; i++) {
                    Entry r = byShard[i];
                    argv.add(text(r.seenField));
                    argv.add(r.revisable ? text(stored(r.revision, r.ops)) : SMALL[1]);
                }
            }
        }
        return argv;
    }

    /**
     * ARGV of apply.lua: prefix, generation, change count, record count, the changes (summed over the records that
     * are never revised), each record with its seen key in both layouts, its seen field, revision, whether it is
     * revisable, and its own changes as indexes into the changes with their values.
     */
    List<byte[]> argv(String gen) {
        List<String> argv = new ArrayList<>(4 + (fieldCount + sets.size()) * 4 + records.size() * 6);
        argv.add(Buckets.prefix(day));
        argv.add(gen);
        argv.add(Integer.toString(fieldCount + sets.size()));
        argv.add(Integer.toString(records.size()));
        int index = 0;
        for (Group g : groups) {
            for (Map.Entry<String, Sum> f : g.fields.entrySet()) {
                Sum s = f.getValue();
                s.index = ++index;
                argv.add(String.valueOf(g.kind));
                argv.add(g.key);
                argv.add(f.getKey());
                argv.add(!s.used ? "" : Long.toString(s.n));
            }
        }
        for (Map.Entry<String, Set<String>> e : sets.entrySet()) {
            argv.add("S");
            argv.add(e.getKey());
            argv.add(String.join(String.valueOf(SEP), e.getValue()));
            argv.add("1");
        }
        for (Entry r : records) {
            argv.add("ss:" + Buckets.seenShard(r.oldShard));
            argv.add("s:" + r.oldShard);
            argv.add(r.seenField);
            argv.add(Integer.toString(r.revision));
            argv.add(r.revisable ? "1" : "0");
            StringBuilder own = new StringBuilder(r.ops.size() * 8);
            for (Op op : r.ops) {
                if (op.kind() == 's' && !r.revisable) {
                    continue;
                }
                if (own.length() > 0) {
                    own.append(' ');
                }
                own.append(group(op.kind(), op.key()).fields.get(op.field()).index).append(':').append(op.n());
            }
            argv.add(own.toString());
        }
        List<byte[]> bytes = new ArrayList<>(argv.size());
        for (String a : argv) {
            bytes.add(text(a));
        }
        return bytes;
    }

    private static byte[] text(String s) {
        return s.isEmpty() ? EMPTY : s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] kind(char kind) {
        return KINDS[kind];
    }

    /** A number in decimal, as Redis reads it; the small ones made once. */
    private static byte[] number(long n) {
        return n >= 0 && n < SMALL.length ? SMALL[(int) n] : Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Splits a batch by the UTC day of each change, in day order, and each day in up to two batches, to be applied in
     * this order: the records that are never revised and the first revisions met once (apply-new.lua, unless one
     * was applied before), then the later revisions and the revisable records met more than once, in their order
     * (apply.lua). Records of different ids do not interact, and a record's versions all go in one of the two.
     */
    static List<ApplyBatch> byDay(List<Contribution> batch) {
        Map<String, Integer> revisions = new HashMap<>();
        for (Contribution c : batch) {
            if (c.revisable()) {
                revisions.merge(c.recordId(), 1, Integer::sum);
            }
        }
        Map<LocalDate, ApplyBatch[]> days = new TreeMap<>();
        for (Contribution c : batch) {
            boolean later = c.revisable() && (c.revision() != 1 || revisions.get(c.recordId()) > 1);
            int shard = Buckets.oldSeenShard(c.recordId());
            String seenField = Buckets.digest(c.stream() + "/" + c.recordId());
            for (Map.Entry<LocalDate, List<Op>> d : c.days().entrySet()) {
                ApplyBatch[] two = days.computeIfAbsent(d.getKey(), x -> new ApplyBatch[2]);
                int i = later ? 1 : 0;
                if (two[i] == null) {
                    two[i] = new ApplyBatch(d.getKey(), later);
                }
                two[i].add(c, d.getValue(), shard, seenField);
            }
        }
        List<ApplyBatch> out = new ArrayList<>();
        for (ApplyBatch[] two : days.values()) {
            for (ApplyBatch b : two) {
                if (b != null) {
                    out.add(b);
                }
            }
        }
        return out;
    }
}
