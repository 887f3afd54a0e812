package cn.hotline12333.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import cn.hotline12333.ivr.Hotline;
import cn.hotline12333.ivr.IvrAction;
import cn.hotline12333.ivr.IvrCall;
import cn.hotline12333.ivr.IvrEvent;
import cn.hotline12333.ivr.Prompt;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server on a real loopback socket, fed by a plain Java socket playing Asterisk. */
class AgiServerTest {
    private final Hotline hotline = mock(Hotline.class);
    private LogCapture logs;
    private LogCapture netty;
    private AgiServer server;

    @BeforeEach
    void start() {
        logs = new LogCapture();
        netty = new LogCapture("io.netty");
        when(hotline.open(any())).thenAnswer(invocation -> Optional.of(scriptedCall()));
        server = new AgiServer(new AgiServerSettings("127.0.0.1", 0, 4096, 200, Duration.ofMillis(500),
                Duration.ofSeconds(5), 1000, 2, 10), hotline);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        logs.close();
        netty.close();
        // e.g. "An exceptionCaught() event was fired, and it reached at the tail of the pipeline"
        assertThat(netty.lines()).isEmpty();
    }

    /** Answer, a lookup on the work executor, a prompt interrupted by the key it reports, hang up, end. */
    private static IvrCall scriptedCall() {
        IvrCall call = mock(IvrCall.class);
        when(call.start()).thenReturn(new IvrAction.Answer());
        when(call.on(any())).thenAnswer(invocation -> {
            IvrEvent event = invocation.getArgument(0);
            if (event instanceof IvrEvent.Done && !Thread.currentThread().getName().startsWith("agi-work")) {
                return new IvrAction.Work("lookup", () -> new IvrEvent.WorkDone(Thread.currentThread().getName()));
            }
            if (event instanceof IvrEvent.WorkDone done) {
                return new IvrAction.Play(new Prompt("您的养老金已发放", "hotline/" + done.result()), "#");
            }
            if (event instanceof IvrEvent.PromptPlayed played && played.key() == '#') {
                return new IvrAction.Hangup();
            }
            return new IvrAction.End();
        });
        return call;
    }

    private void goodCall() {
        try (FakeAsterisk asterisk = new FakeAsterisk(server.port())) {
            asterisk.send(EmbeddedCall.ENV);
            assertThat(asterisk.command()).isEqualTo("ANSWER");
            asterisk.send("200 result=0\n");
            assertThat(asterisk.command()).matches("STREAM FILE hotline/agi-work-\\d+-\\d+ \"#\"");
            asterisk.send("200 result=35 endpos=1200\n");
            assertThat(asterisk.command()).isEqualTo("HANGUP");
            asterisk.send("200 result=1\nHANGUP\n");
            assertThat(asterisk.closedByServer()).isTrue();
        }
    }

    @Test
    void servesACallOnTheBoundPortAndClosesAtTheEnd() {
        assertThat(server.port()).isPositive();
        goodCall();
        await().atMost(Duration.ofSeconds(10)).until(() -> logs.events("call_end").size() == 1);
        assertThat(logs.events("call_start")).hasSize(1);
    }

    /**
     * A call's connection carries TCP keepalive with our idle time, so that a vanished Asterisk host ends its calls:
     * the kernel's own view of the server's end of the connection (/proc/net/tcp, timer 2 is keepalive, its time left
     * in hundredths of a second) shows it; without the option an idle connection has no timer at all.
     */
    @Test
    void aCallsConnectionProbesAnIdlePeerWithKeepaliveAfterOurIdleTime() throws Exception {
        try (FakeAsterisk asterisk = new FakeAsterisk(server.port())) {
            asterisk.send(EmbeddedCall.ENV);
            // the call now waits for ANSWER's reply: an idle, established connection, as in a long queue wait
            assertThat(asterisk.command()).isEqualTo("ANSWER");
            int[] timer = await().atMost(Duration.ofSeconds(3))
                    .until(() -> keepaliveTimer(server.port(), asterisk.localPort()), t -> t != null && t[0] != 1);
            assertThat(timer[0]).as("timer kind").isEqualTo(2);
            assertThat(timer[1]).as("hundredths of a second to the first probe")
                    .isBetween(1, AgiServer.KEEPALIVE_IDLE_SECONDS * 100 + 100);
        }
    }

    /** The timer kind and time left of the server's end of a loopback connection, or null while it is not listed. */
    private static int[] keepaliveTimer(int localPort, int remotePort) throws IOException {
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 6 || !f[1].contains(":") || f[0].equals("sl")) {
                    continue;
                }
                int local = Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16);
                int remote = Integer.parseInt(f[2].substring(f[2].lastIndexOf(':') + 1), 16);
                if (local == localPort && remote == remotePort) {
                    String[] timer = f[5].split(":");
                    return new int[] {Integer.parseInt(timer[0], 16), Integer.parseInt(timer[1], 16)};
                }
            }
        }
        return null;
    }

    @Test
    void closingWithADrainLetsACallInProgressFinishButTakesNoNewOne() throws Exception {
        ExecutorService closer = Executors.newSingleThreadExecutor();
        int port = server.port(); // port() waits for close(): read it first
        try (FakeAsterisk asterisk = new FakeAsterisk(port)) {
            asterisk.send(EmbeddedCall.ENV);
            assertThat(asterisk.command()).isEqualTo("ANSWER");
            Future<?> closed = closer.submit(() -> server.close(Duration.ofSeconds(20)));
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.events("agi_draining").size() == 1);
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
            assertThat(closed.isDone()).isFalse();
            asterisk.send("200 result=0\n");
            assertThat(asterisk.command()).matches("STREAM FILE hotline/agi-work-\\d+-\\d+ \"#\"");
            asterisk.send("200 result=35 endpos=1200\n");
            assertThat(asterisk.command()).isEqualTo("HANGUP");
            asterisk.send("200 result=1\nHANGUP\n");
            assertThat(asterisk.closedByServer()).isTrue();
            closed.get(10, TimeUnit.SECONDS);
        } finally {
            closer.shutdownNow();
        }
        assertThat(logs.events("agi_closing_calls")).isEmpty();
    }

    @Test
    void slowClientHitsTheEnvironmentDeadline() {
        try (FakeAsterisk asterisk = new FakeAsterisk(server.port())) {
            asterisk.send("agi_network: yes\nagi_net");
            assertThat(asterisk.closedByServer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> logs.events("env_timeout").size() == 1);
        goodCall();
    }

    @Test
    void megabyteLineIsRefusedOnceAndTheServerGoesOn() {
        try (FakeAsterisk asterisk = new FakeAsterisk(server.port())) {
            byte[] line = new byte[1 << 20];
            java.util.Arrays.fill(line, (byte) 'a');
            try {
                asterisk.send(line);
            } catch (RuntimeException resetWhileWriting) {
                // the server may close before the whole megabyte is written
            }
            assertThat(asterisk.closedByServer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> logs.events("line_too_long").size() == 1);
        goodCall();
    }

    @Test
    void randomBytesCloseTheConnectionAndTheServerGoesOn() {
        byte[] noise = new byte[16 * 1024];
        new Random(12333).nextBytes(noise);
        try (FakeAsterisk asterisk = new FakeAsterisk(server.port())) {
            try {
                asterisk.send(noise);
            } catch (RuntimeException resetWhileWriting) {
                // closed before all the noise was written
            }
            assertThat(asterisk.closedByServer()).isTrue();
        }
        goodCall();
        assertThat(logs.lines()).noneMatch(line -> line.startsWith("event=unexpected_error"));
    }

    @Test
    void floodOfConnectionsOpenedAndDroppedLeavesTheServerServing() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] done = new Future<?>[4];
            for (int c = 0; c < done.length; c++) {
                done[c] = clients.submit(() -> {
                    for (int i = 0; i < 750; i++) {
                        try (Socket socket = new Socket("127.0.0.1", server.port())) {
                            socket.setSoLinger(i % 2 == 0, 0); // half close politely, half reset
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        // Closes are still being processed on the event loops, so for a moment the slots may look taken.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(this::goodCall);
        // Each dropped connection got exactly one line: refused while the server was still reaping the earlier
        // ones (the client closes faster than the loops read the EOFs), closed before its env, or reset.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(logs.events("connection_refused").size()
                + logs.events("closed_before_env").size() + logs.events("connection_error").size()).isEqualTo(3000));
        assertThat(logs.lines()).noneMatch(line -> line.startsWith("event=unexpected_error"));
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnceWithOneLogLine() {
        AgiServer small = new AgiServer(new AgiServerSettings("127.0.0.1", 0, 4096, 200, Duration.ofSeconds(10),
                Duration.ofSeconds(5), 2, 1, 1), hotline);
        small.start();
        try (FakeAsterisk first = new FakeAsterisk(small.port()); FakeAsterisk second = new FakeAsterisk(small.port())) {
            first.send(EmbeddedCall.ENV);
            assertThat(first.command()).isEqualTo("ANSWER");
            // Each connection is counted on its own I/O loop: until the second has answered, a third could be
            // counted first and the second be the one refused (seen once in CI).
            second.send(EmbeddedCall.ENV);
            assertThat(second.command()).isEqualTo("ANSWER");
            try (FakeAsterisk third = new FakeAsterisk(small.port())) {
                assertThat(third.closedByServer()).isTrue();
            }
            assertThat(logs.events("connection_refused")).singleElement().asString()
                    .startsWith("event=connection_refused reason=max_connections remote=127.0.0.1");
            first.send("200 result=-1\n"); // caller gone: the script ends and the slot frees
            assertThat(first.closedByServer()).isTrue();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (FakeAsterisk fourth = new FakeAsterisk(small.port())) {
                    fourth.send(EmbeddedCall.ENV);
                    assertThat(fourth.command()).isEqualTo("ANSWER");
                }
            });
        } finally {
            small.close();
        }
    }

    @Test
    void closeStopsListening() throws IOException {
        int port = server.port();
        server.close();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> new AgiServer(AgiServerSettings.defaults(), hotline).port())
                .isInstanceOf(IllegalStateException.class);
    }
}
