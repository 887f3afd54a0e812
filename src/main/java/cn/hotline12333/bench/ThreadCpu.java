package cn.hotline12333.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time of the bench JVM's threads (the node, the AMI emulator and the bench's own clients are all in it) between
 * {@link #start} and {@link #since}, summed per kind of thread: the name with its digits replaced by {@code #}
 * ({@code agent-hub-3} → {@code agent-hub-#}). A count that the box's other load does not move much, beside the
 * wall-clock latencies that it does: whether the floor or the hub spends more CPU per pop, not only waits longer.
 */
final class ThreadCpu {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> start = Map.of();

    ThreadCpu() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
    }

    void start() {
        start = cpuById();
    }

    /** CPU ns per kind of thread since {@link #start}, largest first. */
    Map<String, Long> since() {
        Map<String, Long> byKind = new HashMap<>();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null) {
                continue; // ended meanwhile
            }
            long now = threads.getThreadCpuTime(t.getThreadId());
            if (now < 0) {
                continue;
            }
            long used = now - start.getOrDefault(t.getThreadId(), 0L);
            byKind.merge(t.getThreadName().replaceAll("[0-9]+", "#"), used, Long::sum);
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        byKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** The {@code top} kinds as "name 1.23 s", and the rest summed. */
    static String summary(Map<String, Long> cpu, int top) {
        List<Map.Entry<String, Long>> all = List.copyOf(cpu.entrySet());
        StringBuilder out = new StringBuilder();
        long rest = 0;
        for (int i = 0; i < all.size(); i++) {
            if (i < top) {
                out.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f s", all.get(i).getKey(),
                        all.get(i).getValue() / 1e9));
            } else {
                rest += all.get(i).getValue();
            }
        }
        return out.append(String.format(Locale.ROOT, "; the other %d kinds %.2f s", Math.max(0, all.size() - top),
                rest / 1e9)).toString();
    }

    private Map<Long, Long> cpuById() {
        Map<Long, Long> out = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                out.put(id, cpu);
            }
        }
        return out;
    }
}
