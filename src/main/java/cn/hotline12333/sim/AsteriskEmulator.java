package cn.hotline12333.sim;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An Asterisk 22 box as a FastAGI server sees it: each {@link #dial} connects like {@code AGI(agi://...)},
 * sends the environment block and answers commands as res_agi.c does, for a scripted caller. Calls are
 * state machines on the emulator's own event loops (no thread per call), so one emulator carries thousands
 * of concurrent calls; timings are simulated with the loops' timers, never by sleeping.
 */
public final class AsteriskEmulator implements AutoCloseable {

    /** What agi_version says (the transcripts' Asterisk). */
    static final String VERSION = "22.11.0-rc1";

    private final EmulatorSettings settings;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Map<String, AgentPool> pools;
    private final AtomicLong calls = new AtomicLong();
    private final QueueEventFanOut queueEvents = new QueueEventFanOut();
    private final String systemName = boxName();

    public AsteriskEmulator(EmulatorSettings settings) {
        this(settings, null);
    }

    /**
     * An emulator whose queues that also exist on {@code ami} ring that AMI box's members (added by QueueAdd,
     * not paused; see AmiMemberPool) instead of a pool of anonymous agents, and whose queue calls are told as
     * AMI events there: one simulated call gives the FastAGI conversation and the matching AMI events.
     */
    public AsteriskEmulator(EmulatorSettings settings, AmiEmulator ami) {
        this.settings = settings;
        this.group = new MultiThreadIoEventLoopGroup(settings.eventLoopThreads(),
                new DefaultThreadFactory("asterisk-emulator", true), NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis());
        Map<String, AgentPool> byName = new HashMap<>();
        settings.queues().forEach((name, behaviour) -> {
            if (ami != null && ami.queues().exists(name)) {
                AmiMemberPool pool = new AmiMemberPool(name, behaviour, queueEvents, ami.queues());
                ami.watchMembers(pool::membersChanged);
                byName.put(name, pool);
            } else {
                byName.put(name, new AgentPool(name, behaviour, queueEvents));
            }
        });
        this.pools = Map.copyOf(byName);
        if (ami != null) {
            queueEvents.add(ami.queueEvents());
        }
    }

    /**
     * Places one call to a FastAGI server. The future completes when the session ends, normally when the
     * server closes the socket; it never completes exceptionally (a failed connection is an {@link
     * EmulatedCall} that ended {@code FAILED}, with AGISTATUS=FAILURE as Asterisk would set).
     */
    public CompletableFuture<EmulatedCall> dial(InetSocketAddress server, CallScript script) {
        CallScript call = script.withIdentity(calls.incrementAndGet(), System.currentTimeMillis() / 1000, systemName);
        CompletableFuture<EmulatedCall> result = new CompletableFuture<>();
        ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new AgiLineReader(), new AgiSession(call, settings, pools, server, result,
                        System::nanoTime));
            }
        }).connect(server);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.complete(new EmulatedCall(call.uniqueId(), EmulatedCall.End.FAILED,
                        "connect to " + server + " failed: " + f.cause(), List.of(), List.of(),
                        Map.of("AGISTATUS", "FAILURE"), List.of(), false));
            }
        });
        return result;
    }

    /** Adds a listener to every queue's events (see {@link QueueEvents}); best before the first call. */
    public AsteriskEmulator listen(QueueEvents listener) {
        queueEvents.add(listener);
        return this;
    }

    /**
     * This box's {@code systemname}: the process id and a random part, so that two emulators, in one process or
     * in two started within the same second, never give two calls the same unique id (nor the same call id on
     * the server, which keys records by system name and unique id).
     */
    public String systemName() {
        return systemName;
    }

    private static String boxName() {
        return "emu-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(0x10000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(0xf0000));
    }

    /** Free agents of a queue right now (for load reports and tests); -1 when the queue does not exist. */
    public int freeAgents(String queue) {
        AgentPool pool = pools.get(queue);
        return pool == null ? -1 : pool.freeAgents();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
