package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The load's bookkeeping on a clock that moves only when a request or a wait moves it, so the counts and
 * latencies are exact. Whether the pacing holds on a real machine is the benchmark's to report ("paced rate held").
 */
class LoadTest {

    /** One client thread only: the clock is not shared between threads. */
    private static final class TestTicker implements Load.Ticker {
        private long now = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void parkUntil(long due) {
            now = Math.max(now, due);
        }

        void spend(long millis) {
            now += millis * 1_000_000L;
        }
    }

    @Test
    void pacedLoadSendsTheAskedRateWhateverTheClientCouldDo() {
        TestTicker ticker = new TestTicker();
        Load.Result r = Load.paced(1, 1.0, 100, i -> () -> true, ticker);
        // Due at 0, 10, …, 1000 ms: the one due at the deadline still leaves, none after it.
        assertThat(r.count()).isEqualTo(101);
        assertThat(r.errors()).isZero();
        assertThat(r.percentileMs(100)).isZero();
    }

    @Test
    void aServerThatFallsBehindIsChargedForTheWaitItCaused() {
        TestTicker ticker = new TestTicker();
        // Due every 10 ms, each call taking 30 ms: the k-th call starts 20·k ms late.
        Load.Result r = Load.paced(1, 0.6, 100, i -> () -> {
            ticker.spend(30);
            return true;
        }, ticker);
        assertThat(r.count()).isEqualTo(20); // 600 ms of calls at 30 ms each
        assertThat(r.percentileMs(0)).isEqualTo(30.0);
        assertThat(r.percentileMs(100)).isEqualTo(30.0 + 19 * 20.0);
    }

    @Test
    void closedLoopCountsFailuresApartFromLatencies() {
        TestTicker ticker = new TestTicker();
        AtomicInteger calls = new AtomicInteger();
        Load.Result r = Load.run(1, 0.2, i -> () -> {
            ticker.spend(1);
            return calls.incrementAndGet() % 2 == 0;
        }, ticker);
        assertThat(calls.get()).isEqualTo(200);
        assertThat(r.count()).isEqualTo(100);
        assertThat(r.errors()).isEqualTo(100);
        assertThat(r.percentileMs(50)).isEqualTo(1.0);
        assertThat(r.seconds()).isEqualTo(0.2);
    }
}
