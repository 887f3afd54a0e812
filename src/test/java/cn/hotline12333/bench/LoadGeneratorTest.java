package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.config.Settings;
import cn.hotline12333.demo.DemoCitizens;
import cn.hotline12333.sim.TimeModel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A small mixed load at scale 0 against the reference server: counted, bounded, every call served. */
class LoadGeneratorTest {

    private static final Clock CLOCK = Settings.of(Map.of("HOTLINE_CLOCK", "2026-11-23T10:00+08:00"))
            .clock(Clock.systemUTC());

    private static ReferenceServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() throws IOException {
        int port = ServerProcess.freePort();
        server = ReferenceServer.start(port, 50, CLOCK);
        address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(address, 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static LoadGenerator generator(int calls, int concurrency) {
        CallMix mix = new CallMix(5, DemoCitizens.asOf(CLOCK).citizens(), TimeModel.instant());
        return new LoadGenerator(new LoadGenerator.Settings(calls, concurrency, Duration.ofMillis(200),
                Duration.ofMinutes(1)), mix);
    }

    @Test
    void everyCallOfASmallMixIsServedAndNoMoreAreOpenThanAllowed() throws Exception {
        AtomicInteger openAtPeak = new AtomicInteger(-1);
        LoadReport report = generator(60, 8).run("reference", address, openAtPeak::set);
        assertThat(report.failures()).isEmpty();
        assertThat(report.started()).isEqualTo(60);
        assertThat(report.served()).isEqualTo(60);
        assertThat(report.peakConcurrent()).isBetween(1, 8);
        assertThat(openAtPeak.get()).isBetween(0, 8);
        // every call sends at least GET FULL VARIABLE, ANSWER, STREAM FILE and one GET DATA
        assertThat(report.turnaround().count()).isGreaterThanOrEqualTo(60 * 4);
        assertThat(report.unpaused().count()).isLessThanOrEqualTo(report.turnaround().count());
    }

    @Test
    void callsToAServerThatIsNotThereAllFailWithTheReason() throws Exception {
        InetSocketAddress nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), ServerProcess.freePort());
        LoadReport report = generator(5, 5).run("nobody", nobody, null);
        assertThat(report.served()).isZero();
        assertThat(report.failed()).isEqualTo(5);
        assertThat(report.failures().keySet()).allMatch(why -> why.contains("ended FAILED"));
    }
}
