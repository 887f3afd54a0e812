package cn.hotline12333.bench;

import cn.hotline12333.bench.CallMix.MixedCall;
import cn.hotline12333.sim.AsteriskEmulator;
import cn.hotline12333.sim.EmulatedCall;
import cn.hotline12333.sim.EmulatorSettings;
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

    /** After the forced pause the server still works off what queued up meanwhile. */
    static final Duration PAUSE_MARGIN = Duration.ofSeconds(1);

    private final Settings settings;
    private final CallMix mix;
    private final EmulatorSettings emulator;

    public LoadGenerator(Settings settings, CallMix mix) {
        this(settings, mix, CallMix.emulator(settings.concurrency()));
    }

    LoadGenerator(Settings settings, CallMix mix, EmulatorSettings emulator) {
        this.settings = settings;
        this.mix = mix;
        // No lines kept: under load they would be millions of strings for the bench's own GC to copy, beside the
        // server on the same cores. Each turnaround carries its arrival time instead.
        this.emulator = emulator.withKeepLines(false);
    }

    /**
     * Runs the load against {@code server}. {@code atPeak}, when not null, is told the number of open calls
     * once, on a thread of its own: after the ramp, when all {@code concurrency} calls are open (or, if that
     * never happens, when the last call has started). It may pause the server (a forced GC), so commands
     * arriving from its start until {@link #PAUSE_MARGIN} after its end are left out of the second set of
     * turnaround figures.
     */
    public LoadReport run(String target, InetSocketAddress server, IntConsumer atPeak) throws InterruptedException {
        Tally tally = new Tally();
        Semaphore slots = new Semaphore(settings.concurrency());
        long start = System.nanoTime();
        long deadline = start + settings.deadline().toNanos();
        Thread peak = null;
        try (AsteriskEmulator box = new AsteriskEmulator(emulator)) {
            for (int i = 0; i < settings.calls() && System.nanoTime() < deadline; i++) {
                if (peak == null && i >= settings.concurrency() && slots.availablePermits() == 0) {
                    peak = atPeak(atPeak, tally); // the ramp is over and every slot is taken
                }
                if (i < settings.concurrency()) {
                    parkUntil(start + settings.ramp().toNanos() * i / settings.concurrency(), deadline);
                }
                if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break;
                }
                MixedCall call = mix.call(i);
                long dialled = tally.started(call.path());
                box.dial(server, call.script()).whenComplete((ended, error) -> {
                    tally.ended(call.path(), dialled, ended, error);
                    slots.release();
                });
            }
            if (peak == null) {
                peak = atPeak(atPeak, tally);
            }
            slots.tryAcquire(settings.concurrency(), Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            tally.close();
        }
        peak.join(TimeUnit.MINUTES.toMillis(5));
        return tally.report(target);
    }

    private static Thread atPeak(IntConsumer atPeak, Tally tally) {
        int open = tally.open();
        Thread thread = new Thread(() -> {
            if (atPeak != null) {
                long from = System.nanoTime();
                atPeak.accept(open);
                tally.paused(from, System.nanoTime() + PAUSE_MARGIN.toNanos());
            }
        }, "load-peak");
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
        // per command: when it arrived (System.nanoTime) and the server's think time before it
        private long[] arrivals = new long[1 << 16];
        private long[] turnarounds = new long[1 << 16];
        private int turnaroundCount;
        private long pausedFrom = Long.MAX_VALUE;
        private long pausedTo = Long.MIN_VALUE;
        private int started;
        private int served;
        private int open;
        private int peak;
        private long firstStart;
        private long lastEnd;
        private boolean closed;

        /** Counts a call about to be dialled; answers the time it is dialled. */
        synchronized long started(CallPath path) {
            long now = System.nanoTime();
            if (started++ == 0) {
                firstStart = now;
            }
            openByPath.merge(path, 1, Integer::sum);
            peak = Math.max(peak, ++open);
            return now;
        }

        synchronized void ended(CallPath path, long dialled, EmulatedCall call, Throwable error) {
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
                addTurnarounds(dialled, call);
            }
        }

        /** Each command's think time, and when it arrived (to set aside those the forced GC held up). */
        private void addTurnarounds(long dialled, EmulatedCall call) {
            for (EmulatedCall.Turnaround t : call.turnarounds()) {
                if (turnaroundCount == turnarounds.length) {
                    turnarounds = Arrays.copyOf(turnarounds, turnarounds.length * 2);
                    arrivals = Arrays.copyOf(arrivals, arrivals.length * 2);
                }
                // dialled is a little before the connection the times count from: close enough for a window
                arrivals[turnaroundCount] = dialled + t.atNanos();
                turnarounds[turnaroundCount++] = t.nanos();
            }
        }

        synchronized void paused(long from, long to) {
            pausedFrom = from;
            pausedTo = to;
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
            long[] outside = new long[turnaroundCount];
            int n = 0;
            for (int i = 0; i < turnaroundCount; i++) {
                if (arrivals[i] < pausedFrom || arrivals[i] > pausedTo) {
                    outside[n++] = turnarounds[i];
                }
            }
            return new LoadReport(target, started, served, failures, peak,
                    Duration.ofNanos(Math.max(0, lastEnd - firstStart)),
                    LoadReport.Percentiles.of(turnarounds, turnaroundCount), LoadReport.Percentiles.of(outside, n),
                    LoadReport.HeapFigures.unmeasured("no server process to measure"));
        }

        private static String clip(String problem) {
            return problem.length() > 160 ? problem.substring(0, 160) + "…" : problem;
        }
    }
}
