package cn.hotline12333.sim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A caller in one of the emulated queues, as a test or the call simulator drives it: ring members, let them
 * answer or not, end the call, or let the caller give up. Each step publishes what app_queue publishes, in its
 * order (asterisk-ami.md "Queue call events"); durations come from the emulator's clock as app_queue counts
 * them (whole seconds of {@code time()} differences; ring-no-answer in ms), unless given.
 */
public final class AmiCaller {

    private static final AtomicLong RING_LEGS = new AtomicLong();
    private final AmiQueues queues;
    final AmiQueue queue;
    final AmiChannel channel;
    final long joinedAt;
    final int originalPosition;
    /** Member legs ringing or connected, by member interface. */
    final Map<String, AmiChannel> legs = new HashMap<>();
    final Map<String, Long> ringingSinceMicros = new HashMap<>();
    String connectedInterface;
    long connectedAt;
    boolean inServiceLevel;
    boolean gone;

    AmiCaller(AmiQueues queues, AmiQueue queue, AmiChannel channel, long joinedAt, int originalPosition) {
        this.queues = queues;
        this.queue = queue;
        this.channel = channel;
        this.joinedAt = joinedAt;
        this.originalPosition = originalPosition;
    }

    public String uniqueId() {
        return channel.uniqueId();
    }

    public String queue() {
        return queue.name;
    }

    /** AgentCalled: app_queue dials {@code memberInterface} on the leg {@code memberLeg}. */
    public AmiCaller ring(String memberInterface, AmiChannel memberLeg) {
        queues.ring(this, memberInterface, memberLeg);
        return this;
    }

    /**
     * Ring-all: AgentCalled for every available member of the best penalty, in app_queue's order (the member
     * added last rings first); answers their interfaces. Each leg is {@code <interface>-<n>} in
     * {@code hotline-agents} with Uniqueid {@code <caller's epoch>.<n>}. Then {@link #connect} the winner (the
     * others' rings end without an event) or let every ring run out with {@link #ringNoAnswer}.
     */
    public List<String> ringAll() {
        return queues.ringAll(this, iface -> {
            long n = RING_LEGS.incrementAndGet();
            String epoch = channel.uniqueId().contains(".")
                    ? channel.uniqueId().substring(0, channel.uniqueId().indexOf('.')) : channel.uniqueId();
            return AmiChannel.memberLeg(iface + "-" + String.format("%08x", n), channel.callerIdNum(),
                    "hotline-agents", "s", epoch + "." + (3_000_000 + n), channel.uniqueId());
        });
    }

    /** AgentRingNoAnswer, RingTime the ms since the ring began. */
    public AmiCaller ringNoAnswer(String memberInterface) {
        queues.ringNoAnswer(this, memberInterface, -1);
        return this;
    }

    public AmiCaller ringNoAnswer(String memberInterface, long ringMs) {
        queues.ringNoAnswer(this, memberInterface, ringMs);
        return this;
    }

    /** The member answers: QueueCallerLeave, then AgentConnect (HoldTime, RingTime in s). */
    public AmiCaller connect(String memberInterface) {
        queues.connect(this, memberInterface, -1, -1);
        return this;
    }

    public AmiCaller connect(String memberInterface, long holdSeconds, long ringSeconds) {
        queues.connect(this, memberInterface, holdSeconds, ringSeconds);
        return this;
    }

    /** The conversation ends: AgentComplete with Reason agent, caller or transfer. */
    public AmiCaller complete(String reason) {
        queues.complete(this, reason, -1, -1);
        return this;
    }

    public AmiCaller complete(String reason, long holdSeconds, long talkSeconds) {
        queues.complete(this, reason, holdSeconds, talkSeconds);
        return this;
    }

    /** The caller hangs up waiting or ringing: QueueCallerAbandon, then QueueCallerLeave. */
    public AmiCaller abandon() {
        queues.abandon(this, -1);
        return this;
    }

    public AmiCaller abandon(long holdSeconds) {
        queues.abandon(this, holdSeconds);
        return this;
    }

    /**
     * The Queue() timeout ran out: AMI says exactly what it says for an abandon (QueueCallerAbandon then
     * QueueCallerLeave, transcript ami-queue-ringnoanswer.txt); only QUEUESTATUS on the channel differs.
     */
    public AmiCaller timeout() {
        return abandon();
    }

    /** The member hung up during the announcement: AgentDump (the caller stays in line in app_queue). */
    public AmiCaller dump(String memberInterface) {
        queues.dump(this, memberInterface);
        return this;
    }
}
