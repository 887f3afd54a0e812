package cn.hotline12333.sim;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings of one {@link AsteriskEmulator}, validated once.
 *
 * @param eventLoopThreads threads of the emulator's own event loop group (all calls share them)
 * @param connectTimeout   Asterisk gives up connecting after 2 s (res_agi.c MAX_AGI_CONNECT)
 * @param hangupNotice     after a hang-up Asterisk writes its {@code HANGUP} line about 40 ms later, or at
 *                         once when the server's next command arrives first (transcripts hangup.txt,
 *                         dtmf.txt). Real time: it is Asterisk's latency, not the caller's, so not scaled.
 * @param serverSilence    the emulator closes a call whose server sent no command for this long while
 *                         Asterisk waits for one (real Asterisk waits forever); zero = wait forever too
 * @param keepLines        record every line exchanged in {@link EmulatedCall#lines()}; a load run may
 *                         turn this off to save memory
 * @param queues           the queues that exist on the emulated box, by name
 */
public record EmulatorSettings(int eventLoopThreads, Duration connectTimeout, Duration hangupNotice,
                               Duration serverSilence, boolean keepLines, Map<String, QueueBehaviour> queues) {

    public EmulatorSettings {
        if (eventLoopThreads < 1) {
            throw new IllegalArgumentException("eventLoopThreads must be at least 1, was " + eventLoopThreads);
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
        }
        if (hangupNotice == null || hangupNotice.isNegative()) {
            throw new IllegalArgumentException("hangupNotice must be zero or more, was " + hangupNotice);
        }
        if (serverSilence == null || serverSilence.isNegative()) {
            throw new IllegalArgumentException("serverSilence must be zero or more, was " + serverSilence);
        }
        queues = Map.copyOf(queues);
    }

    public static EmulatorSettings defaults() {
        return new EmulatorSettings(Math.max(1, Runtime.getRuntime().availableProcessors()),
                Duration.ofSeconds(2), Duration.ofMillis(40), Duration.ofSeconds(60), true, Map.of());
    }

    public EmulatorSettings withQueue(String name, QueueBehaviour behaviour) {
        Map<String, QueueBehaviour> more = new HashMap<>(queues);
        more.put(name, behaviour);
        return new EmulatorSettings(eventLoopThreads, connectTimeout, hangupNotice, serverSilence, keepLines, more);
    }

    public EmulatorSettings withEventLoopThreads(int threads) {
        return new EmulatorSettings(threads, connectTimeout, hangupNotice, serverSilence, keepLines, queues);
    }

    public EmulatorSettings withHangupNotice(Duration delay) {
        return new EmulatorSettings(eventLoopThreads, connectTimeout, delay, serverSilence, keepLines, queues);
    }

    public EmulatorSettings withServerSilence(Duration limit) {
        return new EmulatorSettings(eventLoopThreads, connectTimeout, hangupNotice, limit, keepLines, queues);
    }

    public EmulatorSettings withKeepLines(boolean keep) {
        return new EmulatorSettings(eventLoopThreads, connectTimeout, hangupNotice, serverSilence, keep, queues);
    }
}
