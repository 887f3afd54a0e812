package cn.hotline12333.sim;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asterisk 22's manager interface (AMI, TCP) for tests and the simulator: the banner, logins (plain and
 * challenge/MD5), the actions the hotline sends, and app_queue's queue and member events, byte for byte as the
 * transcripts in docs/asterisk-ami.md show them. It shares no code with any AMI client.
 *
 * <p>Queue calls are driven either by a test ({@link #callerJoins} and the {@link AmiCaller} it answers) or by
 * the FastAGI emulator's calls ({@link #queueEvents()}, given to {@link AsteriskEmulator#listen}). Faults for
 * the client's tests: {@link #dropConnections}, {@link #halfOpen}, {@link #restart}, {@link #refuseLogins},
 * {@link #delayEvents}, {@link #reorderNextEvents}.
 */
public final class AmiEmulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AmiEmulator.class);

    private final AmiSettings settings;
    private final EventLoopGroup group;
    private final AmiQueues queues;
    private final Set<AmiSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong channelIds = new AtomicLong();
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final List<Runnable> memberWatchers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Channel server;
    private volatile int port;
    private volatile long startupMicros;
    private volatile long reloadMicros;
    private volatile boolean refusingLogins;
    private volatile long eventDelayNanos;
    private volatile java.util.function.Function<String, AmiOriginateResult> originates = this::answerAtOnce;
    private final AtomicLong localChannels = new AtomicLong();

    private AmiEmulator(AmiSettings settings) {
        this.settings = settings;
        this.group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("ami-emulator", true),
                NioIoHandler.newFactory());
        this.queues = new AmiQueues(settings.queues(), settings.pjsipEndpoints(), settings.epochMicros(), this::publish);
        this.startupMicros = settings.epochMicros().getAsLong();
        this.reloadMicros = startupMicros;
    }

    /** Starts listening on 127.0.0.1 and a free port ({@link #port()}). */
    public static AmiEmulator start(AmiSettings settings) {
        return start(settings, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    public static AmiEmulator start(AmiSettings settings, InetSocketAddress address) {
        AmiEmulator box = new AmiEmulator(settings);
        box.listen(address);
        return box;
    }

    private void listen(InetSocketAddress address) {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new AmiFrameReader(),
                                new AmiSession(AmiEmulator.this, settings.sessionIds().getAsLong()));
                    }
                }).bind(address).syncUninterruptibly().channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
        log.info("event=ami_emulator_listening port={}", port);
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    AmiSettings settings() {
        return settings;
    }

    AmiQueues queues() {
        return queues;
    }

    long micros() {
        return settings.epochMicros().getAsLong();
    }

    long startupMicros() {
        return startupMicros;
    }

    long reloadMicros() {
        return reloadMicros;
    }

    long nextChannelId() {
        return channelIds.getAndIncrement();
    }

    boolean refusingLogins() {
        return refusingLogins;
    }

    long eventDelayNanos() {
        return eventDelayNanos;
    }

    /** When this Asterisk started and last reloaded (FullyBooted's Uptime and LastReload count from them). */
    public AmiEmulator bootedAt(long startupEpochMicros, long lastReloadEpochMicros) {
        startupMicros = startupEpochMicros;
        reloadMicros = lastReloadEpochMicros;
        return this;
    }

    // ---- the calls ----

    /** A caller enters {@code queue} (QueueCallerJoin); the handle rings members, connects, completes, abandons. */
    public AmiCaller callerJoins(String queue, AmiChannel caller) {
        return queues.join(queue, caller);
    }

    /** The caller in line or talking with this Uniqueid, or null. */
    public AmiCaller caller(String uniqueId) {
        return queues.caller(uniqueId);
    }

    /** A device changes state (INUSE, NOT_INUSE, UNAVAILABLE, RINGING…): QueueMemberStatus for its members. */
    public void deviceState(String device, String state) {
        queues.deviceState(device, state);
        membersChanged();
    }

    /** A Hangup event for {@code channel}, Cause 16 Normal Clearing. */
    public void hangup(AmiChannel channel) {
        queues.hangup(channel, 16, "Normal Clearing");
    }

    /**
     * Decides how each Originate goes, given its Channel (dial string); runs on the AMI session's thread, after
     * the action's answer, and may drive the box (device states, calls) before returning. By default every
     * channel answers at once on {@code <dial string>-<n>;1}.
     */
    public void onOriginate(java.util.function.Function<String, AmiOriginateResult> handler) {
        originates = handler;
    }

    AmiOriginateResult originate(String channel) {
        return originates.apply(channel);
    }

    private AmiOriginateResult answerAtOnce(String channel) {
        String name = channel.replaceFirst("/n$", "") + "-" + String.format("%08x", localChannels.getAndIncrement())
                + ";1";
        return AmiOriginateResult.answered(name, micros() / 1_000_000 + "." + nextChannelId());
    }

    /** The members of a queue now: interface → paused. */
    public Map<String, Boolean> members(String queue) {
        return queues.members(queue);
    }

    /** The FastAGI emulator's queue calls as AMI events (give it to {@link AsteriskEmulator#listen}). */
    public QueueEvents queueEvents() {
        return new AmiQueueEvents(this);
    }

    /** Connections logged in right now. */
    public int loggedInSessions() {
        return (int) sessions.stream().filter(s -> s.authenticated).count();
    }

    /** Successful logins since start. */
    public long logins() {
        return logins.get();
    }

    /** Events published since start (each offered to every session whose mask and filters let it through). */
    public long published() {
        return published.get();
    }

    // ---- faults ----

    /** Closes every AMI connection at once (the client reads EOF). */
    public void dropConnections() {
        List.copyOf(sessions).forEach(AmiSession::close);
    }

    /** Every open connection stops reading and writing but stays open; new connections work normally. */
    public void halfOpen() {
        for (AmiSession s : List.copyOf(sessions)) {
            s.ctx.executor().execute(s::goHalfOpen);
        }
    }

    /** Logins fail ("Authentication failed" after the delay, then the socket closes) while {@code refuse}. */
    public void refuseLogins(boolean refuse) {
        refusingLogins = refuse;
    }

    /** Every event (not responses) reaches each session this much later; zero turns it off. */
    public void delayEvents(Duration delay) {
        eventDelayNanos = delay.toNanos();
    }

    /** The next {@code n} events of each open session are held and then written last first. */
    public void reorderNextEvents(int n) {
        for (AmiSession s : List.copyOf(sessions)) {
            s.ctx.executor().execute(() -> s.reorderNext(n));
        }
    }

    /** Asterisk goes away: the port closes and every connection drops. {@link #boot} brings it back. */
    public void crash() {
        Channel listening = server;
        if (listening != null) {
            listening.close().syncUninterruptibly();
            server = null;
        }
        for (AmiSession s : List.copyOf(sessions)) {
            s.close().syncUninterruptibly();
        }
        log.info("event=ami_emulator_down port={}", port);
    }

    /**
     * Asterisk starts again on the same port: Uptime and LastReload count from now, dynamic members are lost
     * (persistentmembers = no), no caller is waiting.
     */
    public void boot() {
        queues.reset();
        startupMicros = micros();
        reloadMicros = startupMicros;
        InetSocketAddress same = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        // the kernel may hold the port a moment after the old sockets closed: try for up to two seconds
        for (int attempt = 1; ; attempt++) {
            try {
                listen(same);
                return;
            } catch (Exception e) { // Netty rethrows the bind's checked BindException unchecked
                if (!(e instanceof java.net.BindException)) {
                    throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
                if (attempt == 100) {
                    throw new IllegalStateException("AMI emulator could not listen on port " + port + " again", e);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /** {@link #crash} then {@link #boot}. */
    public void restart() {
        crash();
        boot();
    }

    /** Runs {@code watcher} after members may have become free (added, unpaused, phone back); outside any lock. */
    void watchMembers(Runnable watcher) {
        memberWatchers.add(watcher);
    }

    void membersChanged() {
        memberWatchers.forEach(Runnable::run);
    }

    // ---- sessions ----

    void opened(AmiSession s) {
        sessions.add(s);
    }

    void closed(AmiSession s) {
        sessions.remove(s);
    }

    void loggedIn(AmiSession s) {
        logins.incrementAndGet();
    }

    /** manager_event: one rendering for everyone, offered to every session in one order. */
    synchronized void publish(AmiEvent event) {
        StringBuilder stamp = new StringBuilder();
        if (settings.timestampEvents()) {
            stamp.append("Timestamp: ").append(AmiActions.timestamp(micros())).append("\r\n");
        }
        if (!settings.systemName().isEmpty()) {
            stamp.append("SystemName: ").append(settings.systemName()).append("\r\n");
        }
        String rendered = event.render(stamp.toString());
        published.incrementAndGet();
        for (AmiSession s : sessions) {
            s.offer(event, rendered);
        }
    }

    @Override
    public void close() {
        crash();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
