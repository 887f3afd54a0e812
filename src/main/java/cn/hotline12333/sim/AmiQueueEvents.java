package cn.hotline12333.sim;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The FastAGI emulator's queue calls told over AMI: each {@link QueueEvents} call becomes the app_queue events
 * of the same moment, so one simulated call gives both the FastAGI conversation and the AMI events.
 *
 * <p>The caller's channel is named {@code PJSIP/trunk-<Uniqueid>} in context {@code hotline}, exten
 * {@code 12333} (QueueEvents does not carry the channel name). The pool's agent {@code <queue>-agent-<n>} is the
 * AMI member whose MemberName is that name, when a client added one with QueueAdd; otherwise the interface
 * {@code PJSIP/<queue>-agent-<n>}, not a member. The pool does not read pauses: a paused member is still rung.
 */
final class AmiQueueEvents implements QueueEvents {

    private static final AtomicLong LEGS = new AtomicLong();
    private final AmiEmulator box;

    AmiQueueEvents(AmiEmulator box) {
        this.box = box;
    }

    @Override
    public void callerJoined(String queue, String uniqueId, String callerId, int position, long at) {
        if (box.queues().exists(queue)) {
            box.callerJoins(queue, AmiChannel.caller("PJSIP/trunk-" + uniqueId, callerId, "hotline", "12333", 1,
                    uniqueId, uniqueId));
        }
    }

    @Override
    public void agentRung(String queue, String uniqueId, String memberName, long at) {
        AmiCaller caller = box.caller(uniqueId);
        if (caller != null) {
            String iface = iface(queue, memberName);
            long seq = LEGS.incrementAndGet();
            caller.ring(iface, AmiChannel.memberLeg(iface + "-" + String.format("%08x", seq), caller.channel.callerIdNum(),
                    "hotline-agents", "12333", at / 1000 + "." + (2_000_000 + seq), uniqueId));
        }
    }

    @Override
    public void ringNoAnswer(String queue, String uniqueId, String memberName, long ringMs, long at) {
        AmiCaller caller = box.caller(uniqueId);
        if (caller != null) {
            caller.ringNoAnswer(iface(queue, memberName), ringMs);
        }
    }

    @Override
    public void agentConnected(String queue, String uniqueId, String memberName, String memberUniqueId,
                               long holdSeconds, long ringSeconds, long at) {
        AmiCaller caller = box.caller(uniqueId);
        if (caller != null) {
            caller.connect(iface(queue, memberName), holdSeconds, ringSeconds);
        }
    }

    @Override
    public void callCompleted(String queue, String uniqueId, String memberName, long holdSeconds, long talkSeconds,
                              int originalPosition, boolean byAgent, long at) {
        AmiCaller caller = box.caller(uniqueId);
        if (caller != null) {
            caller.complete(byAgent ? "agent" : "caller", holdSeconds, talkSeconds);
            box.hangup(caller.channel);
        }
    }

    @Override
    public void callerAbandoned(String queue, String uniqueId, int position, int originalPosition, long waitSeconds,
                                long at) {
        left(uniqueId, waitSeconds);
    }

    @Override
    public void callerTimedOut(String queue, String uniqueId, int position, int originalPosition, long waitSeconds,
                               long at) {
        left(uniqueId, waitSeconds);
    }

    @Override
    public void callerLeftEmpty(String queue, String uniqueId, int position, int originalPosition, long waitSeconds,
                                long at) {
        left(uniqueId, waitSeconds);
    }

    // AMI has one story for all three: QueueCallerAbandon, then QueueCallerLeave (asterisk-ami.md)
    private void left(String uniqueId, long waitSeconds) {
        AmiCaller caller = box.caller(uniqueId);
        if (caller != null) {
            caller.abandon(waitSeconds);
            box.hangup(caller.channel);
        }
    }

    private String iface(String queue, String memberName) {
        AmiMember member = box.queues().memberNamed(queue, memberName);
        return member != null ? member.iface : "PJSIP/" + memberName;
    }
}
