package cn.hotline12333.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU ticks (1/100 s) of this JVM's live threads so far, summed by group, from /proc (Linux; empty elsewhere). The
 * JVM's own threads (compilers, garbage collector) are not Java threads, so the management beans do not see them.
 * The benches' CPU-by-thread lines read it.
 */
final class ThreadTicks {
    private ThreadTicks() {
    }

    /** {@code groups} in their order, each with the ticks of the threads {@code groupOf} puts in it by name. */
    static Map<String, Long> read(List<String> groups, Function<String, String> groupOf) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (String group : groups) {
            ticks.put(group, 0L);
        }
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) {
            return Map.of();
        }
        for (File task : tasks) {
            try {
                String name = Files.readString(task.toPath().resolve("comm")).strip();
                String stat = Files.readString(task.toPath().resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                ticks.merge(groupOf.apply(name), t, Long::sum);
            } catch (IOException | RuntimeException e) {
                // a thread that ended meanwhile
            }
        }
        return ticks;
    }

    /** The garbage collector's threads and the VM thread, by name. */
    static boolean collector(String name) {
        return name.startsWith("GC ") || name.startsWith("G1 ") || name.equals("VM Thread");
    }
}
