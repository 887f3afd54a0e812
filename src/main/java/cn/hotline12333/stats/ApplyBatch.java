package cn.hotline12333.stats;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one apply script call: one UTC day's changes of a batch of records, summed here per key and
 * field so that the script writes each once (a batch of calls from one quarter hour shares most of its keys), and
 * per record its seen entry. {@link #freshArgv} is for apply-new.lua, which takes the sums when every record is
 * new and writes nothing otherwise; {@link #argv} adds each record's own changes as indexes into the table, for
 * apply.lua, which falls back to them when some record was applied before (a duplicate, a stale revision) or can
 * be revised (a handling record must store what it added, to take it back later). Set additions of records that
 * are never revised are idempotent, so they are grouped per key and always applied.
 */
final class ApplyBatch {
    static final char SEP = 31;

    private record Change(char kind, String key, String field) {
    }

    /** The batch's value of one change, over its records that are never revised ("" when only revisable ones use it). */
    private static final class Sum {
        final int index;
        boolean used;
        long n;

        Sum(int index) {
            this.index = index;
        }
    }

    /** One record: its seen entry, and its own changes (index into the table, value) kept for apply.lua. */
    private record Entry(String seenKey, String seenField, int revision, boolean revisable, int[] changes, long[] ns) {
    }

    private final LocalDate day;
    private final Map<Change, Sum> changes = new LinkedHashMap<>();
    private final Map<String, Set<String>> sets = new LinkedHashMap<>();
    private final List<Entry> records = new ArrayList<>();
    private boolean anyRevisable;

    ApplyBatch(LocalDate day) {
        this.day = day;
    }

    LocalDate day() {
        return day;
    }

    int records() {
        return records.size();
    }

    /** True when no record can be revised, so apply-new.lua may take the batch. */
    boolean fresh() {
        return !anyRevisable;
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
                sum(s, op);
            }
            own[k] = s.index;
            ns[k++] = op.n();
        }
        anyRevisable |= c.revisable();
        records.add(new Entry("s:" + Buckets.shard(c.recordId(), Buckets.SEEN_SHARDS),
                Buckets.digest(c.stream() + "/" + c.recordId()), c.revision(), c.revisable(),
                java.util.Arrays.copyOf(own, k), java.util.Arrays.copyOf(ns, k)));
    }

    private static void sum(Sum s, Op op) {
        if (op.kind() == 'm') {
            s.n = s.used ? Math.max(s.n, op.n()) : op.n();
        } else {
            s.n += op.n();
        }
        s.used = true;
    }

    private List<String> head(String gen, int perRecord) {
        List<String> argv = new ArrayList<>(4 + (changes.size() + sets.size()) * 4 + records.size() * perRecord);
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

    /** ARGV of apply-new.lua: prefix, generation, change count, record count, the changes, each record's seen entry. */
    List<String> freshArgv(String gen) {
        List<String> argv = head(gen, 2);
        for (Entry r : records) {
            argv.add(r.seenKey);
            argv.add(r.seenField);
        }
        return argv;
    }

    /** ARGV of apply.lua: as above, each record with its revision, whether it is revisable, and its own changes. */
    List<String> argv(String gen) {
        List<String> argv = head(gen, 5);
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

    /** Splits a batch by the UTC day of each change, in day order. */
    static Map<LocalDate, ApplyBatch> byDay(List<Contribution> batch) {
        Map<LocalDate, ApplyBatch> days = new java.util.TreeMap<>();
        for (Contribution c : batch) {
            for (Map.Entry<LocalDate, List<Op>> d : c.days().entrySet()) {
                days.computeIfAbsent(d.getKey(), ApplyBatch::new).add(c, d.getValue());
            }
        }
        return days;
    }
}
