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
 * per record its seen entry and its own changes as indexes into that table. The script uses the sums when every
 * record of the batch is new, and the per-record changes when some record was applied before (a duplicate, a
 * stale revision) or can be revised (a handling record must store what it added, to take it back later).
 * Set additions of records that are never revised are idempotent, so they are grouped per key and always applied.
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
        StringBuilder list;

        Sum(int index) {
            this.index = index;
        }
    }

    private final LocalDate day;
    private final Map<Change, Sum> changes = new LinkedHashMap<>();
    private final Map<String, Set<String>> sets = new LinkedHashMap<>();
    private final List<String> records = new ArrayList<>();
    private int count;

    ApplyBatch(LocalDate day) {
        this.day = day;
    }

    LocalDate day() {
        return day;
    }

    int records() {
        return count;
    }

    void add(Contribution c, List<Op> ops) {
        StringBuilder own = new StringBuilder(ops.size() * 8);
        for (Op op : ops) {
            if (op.kind() == 's' && !c.revisable()) {
                sets.computeIfAbsent(op.key(), k -> new LinkedHashSet<>()).add(op.field());
                continue;
            }
            Sum s = changes.computeIfAbsent(new Change(op.kind(), op.key(), op.field()), k -> new Sum(changes.size() + 1));
            if (!c.revisable()) {
                sum(s, op);
            }
            if (own.length() > 0) {
                own.append(' ');
            }
            own.append(s.index).append(':').append(op.n());
        }
        records.add("s:" + Buckets.shard(c.recordId(), Buckets.SEEN_SHARDS));
        records.add(Buckets.digest(c.stream() + "/" + c.recordId()));
        records.add(Integer.toString(c.revision()));
        records.add(c.revisable() ? "1" : "0");
        records.add(own.toString());
        count++;
    }

    private static void sum(Sum s, Op op) {
        switch (op.kind()) {
            case 'm' -> s.n = s.used ? Math.max(s.n, op.n()) : op.n();
            case 'p' -> {
                if (s.list == null) {
                    s.list = new StringBuilder();
                } else {
                    s.list.append(',');
                }
                s.list.append(op.n());
            }
            default -> s.n += op.n();
        }
        s.used = true;
    }

    /** ARGV of apply.lua: prefix, generation, change count, record count, the changes, the records. */
    List<String> argv(String gen) {
        List<String> argv = new ArrayList<>(4 + (changes.size() + sets.size()) * 4 + records.size());
        argv.add(Buckets.prefix(day));
        argv.add(gen);
        argv.add(Integer.toString(changes.size() + sets.size()));
        argv.add(Integer.toString(count));
        for (Map.Entry<Change, Sum> e : changes.entrySet()) {
            Sum s = e.getValue();
            argv.add(String.valueOf(e.getKey().kind()));
            argv.add(e.getKey().key());
            argv.add(e.getKey().field());
            argv.add(!s.used ? "" : s.list != null ? s.list.toString() : Long.toString(s.n));
        }
        for (Map.Entry<String, Set<String>> e : sets.entrySet()) {
            argv.add("S");
            argv.add(e.getKey());
            argv.add(String.join(String.valueOf(SEP), e.getValue()));
            argv.add("1");
        }
        argv.addAll(records);
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
