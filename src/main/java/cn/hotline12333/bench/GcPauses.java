package cn.hotline12333.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The bench JVM's collections while {@code bench agent-desktop} runs (the node is in this JVM), as the collectors
 * report them: each with its wall-clock window, so a slow pop can be laid beside the pauses it overlapped. G1's
 * young and mixed collections and a full one stop every thread; its concurrent cycles ("G1 Concurrent GC", JDK 20 and
 * later) do not and are left out. {@code -Xlog:gc} prints the same pauses with their causes and heap sizes.
 */
final class GcPauses implements AutoCloseable {
    /** One collection that stopped the application: epoch ms from and to. */
    record Pause(String collector, String cause, long from, long to) {
        long ms() {
            return to - from;
        }

        boolean overlaps(long start, long end) {
            return from <= end && to >= start;
        }
    }

    private final List<Pause> pauses = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    private final NotificationListener listener = this::heard;

    GcPauses() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e && !gc.getName().contains("Concurrent")) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
    }

    private void heard(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long from = jvmStart + info.getGcInfo().getStartTime();
        long to = jvmStart + info.getGcInfo().getEndTime();
        synchronized (pauses) {
            pauses.add(new Pause(info.getGcName(), info.getGcCause(), from, to));
        }
    }

    /** The pauses that began in [from, to) epoch ms. */
    List<Pause> within(long from, long to) {
        synchronized (pauses) {
            return pauses.stream().filter(p -> p.from() >= from && p.from() < to).toList();
        }
    }

    /** Whether any pause overlapped [from, to] epoch ms. */
    boolean overlapped(long from, long to) {
        synchronized (pauses) {
            return pauses.stream().anyMatch(p -> p.overlaps(from, to));
        }
    }

    static String summary(List<Pause> list) {
        if (list.isEmpty()) {
            return "no GC pause";
        }
        long total = list.stream().mapToLong(Pause::ms).sum();
        long max = list.stream().mapToLong(Pause::ms).max().orElse(0);
        return String.format(Locale.ROOT, "%d GC pauses, %d ms in all, the longest %d ms", list.size(), total, max);
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // never added: nothing to remove
            }
        }
    }
}
