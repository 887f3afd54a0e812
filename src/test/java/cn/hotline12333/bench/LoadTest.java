package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadTest {

    @Test
    void pacedLoadSendsAboutTheAskedRateWhateverTheClientsCouldDo() {
        Load.Result r = Load.paced(2, 1.0, 100, i -> () -> true);
        // 100 a second for one second; a closed loop of no-op clients would make millions.
        assertThat(r.count()).isBetween(80, 110);
        assertThat(r.errors()).isZero();
    }

    @Test
    void aServerThatFallsBehindIsChargedForTheWaitItCaused() {
        // One client due every 10 ms, each call taking 30 ms: later calls are due long before they can leave.
        Load.Result r = Load.paced(1, 0.6, 100, i -> () -> {
            Thread.sleep(30);
            return true;
        });
        assertThat(r.percentileMs(100)).isGreaterThan(200);
        assertThat(r.percentileMs(0)).isGreaterThanOrEqualTo(30);
    }

    @Test
    void closedLoopCountsFailuresApartFromLatencies() {
        AtomicInteger calls = new AtomicInteger();
        Load.Result r = Load.run(1, 0.2, i -> () -> {
            Thread.sleep(1);
            return calls.incrementAndGet() % 2 == 0;
        });
        assertThat(r.count()).isPositive();
        assertThat(r.errors()).isBetween((long) r.count() - 1, (long) r.count() + 1);
    }
}
