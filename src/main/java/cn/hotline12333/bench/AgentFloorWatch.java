package cn.hotline12333.bench;

import cn.hotline12333.agent.AgentSnapshot;
import cn.hotline12333.agent.AgentState;
import cn.hotline12333.agent.DeskListener;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code bench agent} hears from the desk, on the floor's thread: each agent's state, pop and withdrawal
 * latencies from the moment the bench made the emulator publish the event (System.nanoTime, one JVM), the link's
 * ups and downs. Returns at once; wrap-ups due are queued for the bench's own thread.
 */
final class AgentFloorWatch implements DeskListener {
    final Map<String, AgentState> states = new ConcurrentHashMap<>();
    /** agent|uniqueId → when the bench published AgentCalled */
    final Map<String, Long> rungAt = new ConcurrentHashMap<>();
    /** uniqueId → when the bench published AgentConnect */
    final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
    final Latencies pops = new Latencies();
    final Latencies withdrawals = new Latencies();
    final AtomicLong popCount = new AtomicLong();
    final AtomicLong withdrawalCount = new AtomicLong();
    final BlockingQueue<String> wrapUpsDue = new LinkedBlockingQueue<>();
    /** how many wrap-ups each agent has entered */
    final Map<String, Integer> wrapUps = new ConcurrentHashMap<>();
    volatile long linkDownAt;
    volatile long linkUpAt;
    volatile boolean up;

    @Override
    public void changed(AgentSnapshot s) {
        AgentState before = states.put(s.agent(), s.state());
        if (s.state() == AgentState.WRAP_UP && before != AgentState.WRAP_UP) {
            wrapUps.merge(s.agent(), 1, Integer::sum);
            wrapUpsDue.add(s.agent());
        }
    }

    @Override
    public void pop(String agent, Pop pop) {
        long now = System.nanoTime();
        Long at = rungAt.remove(agent + "|" + pop.uniqueId());
        if (at != null) {
            pops.add(now - at);
        }
        popCount.incrementAndGet();
    }

    @Override
    public void withdrawn(String agent, String uniqueId) {
        long now = System.nanoTime();
        Long at = answeredAt.get(uniqueId);
        if (at != null) {
            withdrawals.add(now - at);
        }
        withdrawalCount.incrementAndGet();
    }

    @Override
    public void linkChanged(boolean isUp) {
        if (isUp) {
            linkUpAt = System.nanoTime();
        } else {
            linkDownAt = System.nanoTime();
        }
        up = isUp;
    }

    long count(AgentState state) {
        return states.values().stream().filter(s -> s == state).count();
    }

    /** Nanosecond samples, sorted on demand. */
    static final class Latencies {
        private long[] samples = new long[1 << 16];
        private int n;

        synchronized void add(long nanos) {
            if (n == samples.length) {
                samples = java.util.Arrays.copyOf(samples, n * 2);
            }
            samples[n++] = nanos;
        }

        synchronized int size() {
            return n;
        }

        /** p in [0, 100], milliseconds. */
        synchronized double percentileMs(double p) {
            if (n == 0) {
                return Double.NaN;
            }
            long[] sorted = java.util.Arrays.copyOf(samples, n);
            java.util.Arrays.sort(sorted);
            int i = (int) Math.min(n - 1, Math.max(0, Math.ceil(p / 100.0 * n) - 1));
            return sorted[i] / 1e6;
        }

        String summary() {
            return String.format(java.util.Locale.ROOT, "p50 %.1f / p99 %.1f / max %.1f ms (n=%d)", percentileMs(50),
                    percentileMs(99), percentileMs(100), size());
        }
    }
}
