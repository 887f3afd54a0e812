package cn.hotline12333.sim;

/**
 * One queue member as app_queue keeps it (struct member), mutable under {@link AmiQueues}' lock. Times are
 * epoch seconds, 0 = never.
 */
final class AmiMember {

    final String queue;
    final String iface;
    final String name;
    final String stateInterface;
    final boolean dynamic;
    int penalty;
    int callsTaken;
    long lastCall;
    long lastPause;
    final long loginTime;
    boolean inCall;
    int status;
    boolean paused;
    String reason = "";
    /** the queue's ringinuse (queues.conf; Asterisk's default yes) */
    boolean ringInUse = true;
    int wrapUpTime;

    AmiMember(String queue, String iface, String name, String stateInterface, boolean dynamic, long loginTime) {
        this.queue = queue;
        this.iface = iface;
        this.name = name;
        this.stateInterface = stateInterface;
        this.dynamic = dynamic;
        this.loginTime = loginTime;
    }

    /** is_member_available: not paused, and a phone that can take the call (ringinuse=yes rings busy ones). */
    boolean available() {
        return !paused && status != 4 && status != 5 && (ringInUse || status == 0 || status == 1);
    }

    /** The queue_member_blob of the live QueueMember* events. */
    AmiMessage liveFields() {
        return common(new AmiMessage().add("Queue", queue).add("MemberName", name).add("Interface", iface))
                .add("Ringinuse", ringInUse ? 1 : 0).add("Wrapuptime", wrapUpTime);
    }

    /** The QueueStatus list item (manager_queues_status): Name/Location, no Ringinuse. */
    AmiMessage statusItem() {
        return common(new AmiMessage().add("Queue", queue).add("Name", name).add("Location", iface))
                .add("Wrapuptime", wrapUpTime);
    }

    private AmiMessage common(AmiMessage m) {
        return m.add("StateInterface", stateInterface).add("Membership", dynamic ? "dynamic" : "static")
                .add("Penalty", penalty).add("CallsTaken", callsTaken).add("LastCall", lastCall)
                .add("LastPause", lastPause).add("LoginTime", loginTime).add("InCall", inCall ? 1 : 0)
                .add("Status", status).add("Paused", paused ? 1 : 0).add("PausedReason", reason);
    }
}
