package cn.hotline12333.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The FastAGI server's end of one emulated call, without sockets: an EmbeddedChannel holding the emulator's
 * pipeline, with frozen time that only moves when a test says so.
 */
final class ServerEnd {

    static final InetSocketAddress SERVER = InetSocketAddress.createUnresolved("10.0.0.5", 4573);

    final EmbeddedChannel channel;
    final CompletableFuture<EmulatedCall> result = new CompletableFuture<>();
    private final AtomicLong clock;

    ServerEnd(CallScript script) {
        this(script, quietSettings(), pools(quietSettings()));
    }

    ServerEnd(CallScript script, EmulatorSettings settings) {
        this(script, settings, pools(settings));
    }

    ServerEnd(CallScript script, EmulatorSettings settings, Map<String, AgentPool> pools) {
        this(script, settings, pools, new AtomicLong());
    }

    /** Calls that share pools share one clock too, so a test moves their time together. */
    ServerEnd(CallScript script, EmulatorSettings settings, Map<String, AgentPool> pools, AtomicLong clock) {
        this.clock = clock;
        CallScript identified = script.withIdentity(7, 1795387708L);
        channel = new EmbeddedChannel(new AgiLineReader(),
                new AgiSession(identified, settings, pools, SERVER, result, clock::get));
        channel.freezeTime();
        channel.runPendingTasks();
    }

    /** No silence limit, so frozen time can stand still for as long as a test likes. */
    static EmulatorSettings quietSettings() {
        return EmulatorSettings.defaults().withServerSilence(Duration.ZERO);
    }

    static Map<String, AgentPool> pools(EmulatorSettings settings) {
        Map<String, AgentPool> pools = new HashMap<>();
        settings.queues().forEach((name, behaviour) -> pools.put(name, new AgentPool(name, behaviour)));
        return pools;
    }

    /** Sends one command line (the newline is added) and lets everything due run. */
    ServerEnd send(String command) {
        channel.writeInbound(Unpooled.copiedBuffer(command + "\n", StandardCharsets.UTF_8));
        channel.runPendingTasks();
        return this;
    }

    ServerEnd sendRaw(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.UTF_8));
        channel.runPendingTasks();
        return this;
    }

    ServerEnd advance(Duration time) {
        clock.addAndGet(time.toNanos());
        channel.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
        return this;
    }

    /** Everything the emulator wrote since the last call. */
    String received() {
        StringBuilder out = new StringBuilder();
        for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out.toString();
    }

    /** Sends a command and answers what came back. */
    String ask(String command) {
        received();
        send(command);
        return received();
    }

    EmulatedCall hangUpServerSide() {
        channel.close();
        channel.runPendingTasks();
        return result.join();
    }
}
