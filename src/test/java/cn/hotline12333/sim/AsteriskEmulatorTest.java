package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator over real sockets: many calls at once on a few threads, and a server that is not there. */
class AsteriskEmulatorTest {

    private static final List<String> SCRIPT = List.of("ANSWER", "STREAM FILE hotline/menu \"12\"",
            "GET DATA beep 5000 4", "EXEC Queue \"general,c,,,30\"",
            "GET FULL VARIABLE ${QUEUESTATUS}:${ANSWEREDTIME_MS}");

    private EventLoopGroup serverGroup;
    private Channel serverChannel;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final List<ChannelHandlerContext> atTheGate = new ArrayList<>();
    private int gate;

    @BeforeEach
    void startServer() throws InterruptedException {
        serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        serverChannel = new ServerBootstrap().group(serverGroup).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(8192),
                                new StringDecoder(StandardCharsets.UTF_8), new StringEncoder(StandardCharsets.UTF_8),
                                new ScriptedServer());
                    }
                }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    }

    @AfterEach
    void stopServer() {
        serverChannel.close().syncUninterruptibly();
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void thousandsOfCallsRunAtOnceOnTwoThreads() {
        int calls = 2000;
        gate = calls;
        EmulatorSettings settings = EmulatorSettings.defaults().withEventLoopThreads(2).withKeepLines(false)
                .withQueue("general", QueueBehaviour.agents(calls, Duration.ofSeconds(1), Duration.ofSeconds(3)));
        CallScript script = CallScript.to("hotline").keys("1", "12#")
                .timing(TimeModel.realistic().withScale(0.3)).build();
        try (AsteriskEmulator emulator = new AsteriskEmulator(settings)) {
            InetSocketAddress address = (InetSocketAddress) serverChannel.localAddress();
            List<CompletableFuture<EmulatedCall>> results = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                results.add(emulator.dial(address, script));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
            for (CompletableFuture<EmulatedCall> result : results) {
                EmulatedCall call = result.join();
                assertThat(call.end()).isEqualTo(EmulatedCall.End.SERVER_CLOSED);
                assertThat(call.variables()).containsEntry("QUEUESTATUS", "CONTINUE")
                        .containsEntry("AGISTATUS", "SUCCESS");
                assertThat(call.turnarounds()).hasSize(SCRIPT.size());
                assertThat(call.lines()).isEmpty();
            }
            assertThat(results.stream().map(r -> r.join().uniqueId()).distinct()).hasSize(calls);
            assertThat(mostOpen.get()).as("calls open at the same moment").isEqualTo(calls);
            assertThat(emulator.freeAgents("general")).isEqualTo(calls);
        }
    }

    @Test
    void twoEmulatorsStartedTogetherNeverGiveTwoCallsTheSameUniqueId() {
        gate = 2;
        EmulatorSettings settings = EmulatorSettings.defaults().withEventLoopThreads(1)
                .withQueue("general", QueueBehaviour.agents(1, Duration.ZERO, Duration.ZERO));
        CallScript script = CallScript.to("hotline").keys("1", "12#").timing(TimeModel.instant()).build();
        InetSocketAddress address = (InetSocketAddress) serverChannel.localAddress();
        try (AsteriskEmulator one = new AsteriskEmulator(settings); AsteriskEmulator two = new AsteriskEmulator(settings)) {
            CompletableFuture<EmulatedCall> calling = one.dial(address, script);
            EmulatedCall second = two.dial(address, script).orTimeout(30, TimeUnit.SECONDS).join();
            EmulatedCall first = calling.orTimeout(30, TimeUnit.SECONDS).join();

            assertThat(one.systemName()).isNotEqualTo(two.systemName())
                    .startsWith("emu-" + ProcessHandle.current().pid() + "-");
            // Asterisk with a systemname: <systemname>-<epoch>.<counter>, each box counting from 1
            assertThat(first.uniqueId()).startsWith(one.systemName() + "-").endsWith(".1");
            assertThat(second.uniqueId()).startsWith(two.systemName() + "-").endsWith(".1");
            assertThat(first.uniqueId()).isNotEqualTo(second.uniqueId());
        }
    }

    @Test
    void aServerThatIsNotThereIsAFailedCallWithAgistatusFailure() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (AsteriskEmulator emulator = new AsteriskEmulator(EmulatorSettings.defaults().withEventLoopThreads(1))) {
            EmulatedCall call = emulator.dial(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    CallScript.to("hotline").build()).get(10, TimeUnit.SECONDS);
            assertThat(call.end()).isEqualTo(EmulatedCall.End.FAILED);
            assertThat(call.problem()).startsWith("connect to ");
            assertThat(call.variables()).containsEntry("AGISTATUS", "FAILURE");
        }
    }

    /** Sends the script's commands one reply at a time, the first only once {@code gate} calls are connected. */
    private final class ScriptedServer extends SimpleChannelInboundHandler<String> {
        private boolean environmentDone;
        private int next;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open.decrementAndGet();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            if (!environmentDone) {
                environmentDone = line.isEmpty();
                if (environmentDone) {
                    waitAtTheGate(ctx);
                }
                return;
            }
            if (line.equals("HANGUP")) {
                return;
            }
            sendNext(ctx);
        }

        private void sendNext(ChannelHandlerContext ctx) {
            if (next < SCRIPT.size()) {
                ctx.writeAndFlush(SCRIPT.get(next++) + "\n");
            } else {
                ctx.close();
            }
        }

        private void waitAtTheGate(ChannelHandlerContext ctx) {
            List<ChannelHandlerContext> released = List.of();
            synchronized (atTheGate) {
                atTheGate.add(ctx);
                if (atTheGate.size() >= gate) {
                    released = List.copyOf(atTheGate);
                    atTheGate.clear();
                }
            }
            for (ChannelHandlerContext c : released) {
                c.executor().execute(() -> ((ScriptedServer) c.handler()).sendNext(c));
            }
        }
    }
}
