package cn.hotline12333.stats;

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
 */
final class ApplyBatch {
    static final char SEP = 31;

    private record Change(char kind, String key, String field) {
        /**
         * The record's own hash (31 × the key's + the field's) let structured names collide: a key one higher in its
         * last character and a field 31 lower, as in {@code t:40:topic-3} with {@code queue-18|ab}, so a batch's
         * map grew tree bins (a JFR profile of the consumers: 4 % of their samples in {@code getTreeNode}). The
         * odd multiplier spreads the key's hash over all bits before the field's is added.
         */
        @Override
        public int hashCode() {
            return (key.hashCode() * 31 + kind) * 0x9E3779B1 + field.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Change c && c.kind == kind && c.key.equals(key) && c.field.equals(field);
        }
    }

    /**
     * The batch's value of one change: over its records that are never revised ({@code used}, {@code n}; apply.lua
     * adds the revisable ones' own changes itself), and over all its records ({@code all}; apply-new.lua, where
     * every record is new).
     */
    private static final class Sum {
        final int index;
        boolean used;
        long n;
        boolean anyUsed;
        long all;

        Sum(int index) {
            this.index = index;
        }
    }

    /** One record: its seen entry, and its own changes (index into the table, value), and for a revisable one its ops. */
    private record Entry(String seenKey, String seenField, int revision, boolean revisable, int[] changes, long[] ns,
                         List<Op> ops) {
    }

    private final LocalDate day;
    private final boolean later;
    private final Map<Change, Sum> changes = new LinkedHashMap<>();
    private final Map<String, Set<String>> sets = new LinkedHashMap<>();
    private final List<Entry> records = new ArrayList<>();
    private int revisable;

    ApplyBatch(LocalDate day) {
        this(day, false);
    }

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

    /** True when apply-new.lua may take the batch: no record in it is a later revision or met twice. */
    boolean fresh() {
        return !later;
    }

    void add(Contribution c, List<Op> ops) {
        int[] own = new int[ops.size()];
        long[] ns = new long[ops.size()];
        int k = 0;
        for (Op op : ops) {
            if (op.kind() == 's' && !c.revisable()) {
                sets.computeIfAbsent(op.key(), x -> new LinkedHashSet<>()).add(op.field());
                continue;
            }
            Sum s = changes.computeIfAbsent(new Change(op.kind(), op.key(), op.field()), x -> new Sum(changes.size() + 1));
            if (!c.revisable()) {
                s.n = sum(s.used, s.n, op);
                s.used = true;
            }
            s.all = sum(s.anyUsed, s.all, op);
            s.anyUsed = true;
            own[k] = s.index;
            ns[k++] = op.n();
        }
        if (c.revisable()) {
            revisable++;
        }
        records.add(new Entry("s:" + Buckets.shard(c.recordId(), Buckets.SEEN_SHARDS),
                Buckets.digest(c.stream() + "/" + c.recordId()), c.revision(), c.revisable(),
                Arrays.copyOf(own, k), Arrays.copyOf(ns, k), c.revisable() ? ops : null));
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

    /** Prefix, generation, change count, record count, then the changes, each with its value over the stable records. */
    private List<String> head(String gen, int size) {
        List<String> argv = new ArrayList<>(size + (changes.size() + sets.size()) * 4);
        argv.add(Buckets.prefix(day));
        argv.add(gen);
        argv.add(Integer.toString(changes.size() + sets.size()));
        argv.add(Integer.toString(records.size()));
        for (Map.Entry<Change, Sum> e : changes.entrySet()) {
            Sum s = e.getValue();
            argv.add(String.valueOf(e.getKey().kind()));
            argv.add(e.getKey().key());
            argv.add(e.getKey().field());
            argv.add(!s.used ? "" : Long.toString(s.n));
        }
        for (Map.Entry<String, Set<String>> e : sets.entrySet()) {
            argv.add("S");
            argv.add(e.getKey());
            argv.add(String.join(String.valueOf(SEP), e.getValue()));
            argv.add("1");
        }
        return argv;
    }

    /**
     * ARGV of apply-new.lua: prefix, generation, the number of keys, of records that are never revised and of
     * revisable ones, and where the records start; then per key its kind, name and number of fields, and each
     * field with its value summed over all records (a set's members, an 'S' key, as one field); then each record
     * of the first kind's seen entry, and each revisable one's seen entry with its value. Grouped by key, a change
     * costs the script two arguments instead of four, and the key's name is built once.
     */
    List<String> freshArgv(String gen) {
        int stable = records.size() - revisable;
        Map<Change, List<String>> keys = new LinkedHashMap<>();
        for (Map.Entry<Change, Sum> e : changes.entrySet()) {
            Change c = e.getKey();
            List<String> fields = keys.computeIfAbsent(new Change(c.kind(), c.key(), ""), x -> new ArrayList<>());
            fields.add(c.field());
            fields.add(Long.toString(e.getValue().all));
        }
        int size = 6 + (keys.size() + sets.size()) * 3 + changes.size() * 2 + sets.size() * 2 + stable * 2
                + revisable * 3;
        List<String> argv = new ArrayList<>(size);
        argv.add(Buckets.prefix(day));
        argv.add(gen);
        argv.add(Integer.toString(keys.size() + sets.size()));
        argv.add(Integer.toString(stable));
        argv.add(Integer.toString(revisable));
        argv.add(Integer.toString(size - stable * 2 - revisable * 3 + 1));
        for (Map.Entry<Change, List<String>> e : keys.entrySet()) {
            argv.add(String.valueOf(e.getKey().kind()));
            argv.add(e.getKey().key());
            argv.add(Integer.toString(e.getValue().size() / 2));
            argv.addAll(e.getValue());
        }
        for (Map.Entry<String, Set<String>> e : sets.entrySet()) {
            argv.add("S");
            argv.add(e.getKey());
            argv.add("1");
            argv.add(String.join(String.valueOf(SEP), e.getValue()));
            argv.add("1");
        }
        for (Entry r : records) {
            if (!r.revisable) {
                argv.add(r.seenKey);
                argv.add(r.seenField);
            }
        }
        for (Entry r : records) {
            if (r.revisable) {
                argv.add(r.seenKey);
                argv.add(r.seenField);
                argv.add(stored(r.revision, r.ops));
            }
        }
        return argv;
    }

    /**
     * ARGV of apply.lua: prefix, generation, change count, record count, the changes (summed over the records that
     * are never revised), each record with its revision, whether it is revisable, and its own changes.
     */
    List<String> argv(String gen) {
        List<String> argv = head(gen, 4 + records.size() * 5);
        for (Entry r : records) {
            argv.add(r.seenKey);
            argv.add(r.seenField);
            argv.add(Integer.toString(r.revision));
            argv.add(r.revisable ? "1" : "0");
            StringBuilder own = new StringBuilder(r.changes.length * 8);
            for (int i = 0; i < r.changes.length; i++) {
                if (i > 0) {
                    own.append(' ');
                }
                own.append(r.changes[i]).append(':').append(r.ns[i]);
            }
            argv.add(own.toString());
        }
        return argv;
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
            for (Map.Entry<LocalDate, List<Op>> d : c.days().entrySet()) {
                ApplyBatch[] two = days.computeIfAbsent(d.getKey(), x -> new ApplyBatch[2]);
                int i = later ? 1 : 0;
                if (two[i] == null) {
                    two[i] = new ApplyBatch(d.getKey(), later);
                }
                two[i].add(c, d.getValue());
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
