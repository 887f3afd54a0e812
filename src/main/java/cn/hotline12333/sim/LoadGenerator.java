package cn.hotline12333.sim;

import cn.hotline12333.sim.CallMix.MixedCall;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Places the mix's calls on one {@link AsteriskEmulator} and keeps up to {@code concurrency} of them open:
 * the first {@code concurrency} calls start evenly over {@code ramp}, each later one as soon as an earlier
 * one ends. Everything stops at the deadline, counted from the start; calls still open then count as failed.
 * The generator's own thread paces the starts (it is no event loop, so it may park).
 */
public final class LoadGenerator {

    public record Settings(int calls, int concurrency, Duration ramp, Duration deadline) {
        public Settings {
            if (calls < 1 || concurrency < 1) {
                throw new IllegalArgumentException("calls and concurrency must be at least 1");
            }
            if (ramp.isNegative() || deadline.compareTo(ramp) <= 0) {
                throw new IllegalArgumentException("the deadline must come after the ramp");
            }
        }
    }

    private final Settings settings;
    private final CallMix mix;
    private final EmulatorSettings emulator;

    public LoadGenerator(Settings settings, CallMix mix) {
        this(settings, mix, CallMix.emulator(settings.concurrency()));
    }

    LoadGenerator(Settings settings, CallMix mix, EmulatorSettings emulator) {
        this.settings = settings;
        this.mix = mix;
        this.emulator = emulator.withKeepLines(false);
    }

    /**
     * Runs the load against {@code server}. {@code atPeak} is told the number of open calls once, when the
     * ramp is over (the most calls are open then); it runs on a thread of its own, so it may take its time.
     */
    public LoadReport run(String target, InetSocketAddress server, IntConsumer atPeak) throws InterruptedException {
        Tally tally = new Tally();
        Semaphore slots = new Semaphore(settings.concurrency());
        long start = System.nanoTime();
        long deadline = start + settings.deadline().toNanos();
        Thread peak = null;
        try (AsteriskEmulator box = new AsteriskEmulator(emulator)) {
            for (int i = 0; i < settings.calls() && System.nanoTime() < deadline; i++) {
                if (i == settings.concurrency()) {
                    peak = atPeak(atPeak, tally.open());
                }
                if (i < settings.concurrency()) {
                    parkUntil(start + settings.ramp().toNanos() * i / settings.concurrency(), deadline);
                }
                if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break;
                }
                MixedCall call = mix.call(i);
                tally.started(call.path());
                box.dial(server, call.script()).whenComplete((ended, error) -> {
                    tally.ended(call.path(), ended, error);
                    slots.release();
                });
            }
            if (peak == null) {
                peak = atPeak(atPeak, tally.open());
            }
            slots.tryAcquire(settings.concurrency(), Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            tally.close();
        }
        peak.join(TimeUnit.MINUTES.toMillis(2));
        return tally.report(target);
    }

    private static Thread atPeak(IntConsumer atPeak, int open) {
        Thread thread = new Thread(() -> atPeak.accept(open), "load-peak");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void parkUntil(long due, long deadline) {
        for (long now = System.nanoTime(); now < due && now < deadline; now = System.nanoTime()) {
            LockSupport.parkNanos(Math.min(due, deadline) - now);
        }
    }

    /** Counts as calls start and end; ends arrive on the emulator's event loops, hence synchronized. */
    private static final class Tally {
        private final Map<String, Integer> failures = new TreeMap<>();
        private final Map<CallPath, Integer> openByPath = new EnumMap<>(CallPath.class);
        private long[] turnarounds = new long[1 << 16];
        private int turnaroundCount;
        private int started;
        private int served;
        private int open;
        private int peak;
        private long firstStart;
        private long lastEnd;
        private boolean closed;

        synchronized void started(CallPath path) {
            long now = System.nanoTime();
            if (started++ == 0) {
                firstStart = now;
            }
            openByPath.merge(path, 1, Integer::sum);
            peak = Math.max(peak, ++open);
        }

        synchronized void ended(CallPath path, EmulatedCall call, Throwable error) {
            if (closed) {
                return;
            }
            lastEnd = System.nanoTime();
            open--;
            openByPath.merge(path, -1, Integer::sum);
            String problem = error != null ? "emulator error: " + error : path.problem(call);
            if (problem == null) {
                served++;
            } else {
                failures.merge(path + ": " + clip(problem), 1, Integer::sum);
            }
            if (call != null) {
                for (EmulatedCall.Turnaround t : call.turnarounds()) {
                    if (turnaroundCount == turnarounds.length) {
                        turnarounds = Arrays.copyOf(turnarounds, turnarounds.length * 2);
                    }
                    turnarounds[turnaroundCount++] = t.nanos();
                }
            }
        }

        synchronized int open() {
            return open;
        }

        /** The deadline: calls still open are failures, and later ends are ignored. */
        synchronized void close() {
            closed = true;
            if (open > 0) {
                lastEnd = System.nanoTime();
            }
            openByPath.forEach((path, n) -> {
                if (n > 0) {
                    failures.merge(path + ": still open at the deadline", n, Integer::sum);
                }
            });
        }

        synchronized LoadReport report(String target) {
            return new LoadReport(target, started, served, failures, peak,
                    Duration.ofNanos(Math.max(0, lastEnd - firstStart)),
                    LoadReport.Percentiles.of(turnarounds, turnaroundCount),
                    LoadReport.HeapFigures.unmeasured("no server process to measure"));
        }

        private static String clip(String problem) {
            return problem.length() > 160 ? problem.substring(0, 160) + "…" : problem;
        }
    }
}
