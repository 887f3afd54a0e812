package cn.hotline12333.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The emulated app_queue as AMI sees it: queues, members (static from the settings, dynamic from QueueAdd),
 * callers, device states, and the events each change publishes, in app_queue's order. Every method runs under
 * this object's lock and publishes while holding it, so all sessions see one order of events.
 */
final class AmiQueues {

    static final String[] DEVICE_STATES = {"UNKNOWN", "NOT_INUSE", "INUSE", "BUSY", "INVALID", "UNAVAILABLE",
            "RINGING", "RINGINUSE", "ONHOLD"};

    private final List<AmiSettings.Queue> configured;
    private final LongSupplier micros;
    private final Consumer<AmiEvent> publish;
    private final Map<String, AmiQueue> queues = new LinkedHashMap<>();
    private final Map<String, String> devices = new HashMap<>();
    private final Map<String, AmiCaller> callers = new HashMap<>();
    /** pjsip.conf's endpoints, lower case; null: not modelled */
    private final java.util.Set<String> endpoints;

    AmiQueues(List<AmiSettings.Queue> configured, List<String> pjsipEndpoints, LongSupplier micros,
              Consumer<AmiEvent> publish) {
        this.configured = configured;
        this.endpoints = pjsipEndpoints == null ? null : pjsipEndpoints.stream()
                .map(e -> e.toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        this.micros = micros;
        this.publish = publish;
        reset();
    }

    /** A restarted Asterisk: the configured queues with their static members, nobody added, nobody waiting. */
    synchronized void reset() {
        queues.clear();
        devices.clear();
        callers.clear();
        long now = nowSeconds(); // queues.conf is read at start: static members log in now
        for (AmiSettings.Queue q : configured) {
            AmiQueue queue = new AmiQueue(q.name(), q.strategy(), q.maxLen(), q.serviceLevel(), q.ringInUse());
            for (String iface : q.staticMembers()) {
                AmiMember m = new AmiMember(q.name(), iface, iface, iface, false, now);
                m.ringInUse = queue.ringInUse;
                m.status = 1;
                queue.members.put(iface, m);
            }
            queues.put(q.name(), queue);
        }
    }

    long nowSeconds() {
        return micros.getAsLong() / 1_000_000;
    }

    synchronized boolean exists(String queue) {
        return queues.containsKey(queue);
    }

    /** add_to_queue; answers null or the AMI error message. */
    synchronized String add(String queueName, String iface, String memberName, String stateInterface, int penalty,
                            boolean paused, String reason) {
        AmiQueue queue = queues.get(queueName);
        if (queue == null) {
            return "Unable to add interface to queue: No such queue";
        }
        if (queue.member(iface) != null) {
            return "Unable to add interface: Already there";
        }
        long now = nowSeconds();
        String state = stateInterface.isEmpty() ? iface : stateInterface;
        AmiMember m = new AmiMember(queueName, iface, memberName.isEmpty() ? iface : memberName, state, true, now);
        m.ringInUse = queue.ringInUse;
        m.penalty = penalty;
        m.paused = paused;
        if (paused) {
            m.lastPause = now;
            m.reason = reason;
        }
        m.status = deviceStatus(state);
        queue.members.put(iface, m);
        device("Queue:" + queueName + "_pause_" + iface, paused ? "INUSE" : "NOT_INUSE");
        publish.accept(new AmiEvent("QueueMemberAdded", AmiClass.AGENT, m.liveFields()));
        avail(queue, m);
        return null;
    }

    synchronized String remove(String queueName, String iface) {
        AmiQueue queue = queues.get(queueName);
        AmiMember m = queue == null ? null : queue.member(iface);
        if (queue == null) {
            return "Unable to remove interface from queue: No such queue";
        }
        if (m == null || !m.dynamic) {
            return m == null ? "Unable to remove interface: Not there"
                    : "Member not dynamic";
        }
        queue.members.remove(m.iface);
        publish.accept(new AmiEvent("QueueMemberRemoved", AmiClass.AGENT, m.liveFields()));
        if (!queue.anyAvailable()) {
            device("Queue:" + queueName + "_avail", "INUSE");
        }
        return null;
    }

    /** set_member_paused over one queue or, when {@code queueName} is empty, every queue; false = not a member. */
    synchronized boolean pause(String queueName, String iface, boolean paused, String reason) {
        boolean found = false;
        for (AmiQueue queue : queues.values()) {
            if (!queueName.isEmpty() && !queue.name.equalsIgnoreCase(queueName)) {
                continue;
            }
            AmiMember m = queue.member(iface);
            if (m == null) {
                continue;
            }
            found = true;
            // app_queue.c set_queue_member_pause: the reason only sticks while paused; an unpause with a
            // reason shows it in the one QueueMemberPause event, then clears it
            m.paused = paused;
            if (paused) {
                m.lastPause = nowSeconds();
            }
            m.reason = paused ? reason : "";
            device("Queue:" + queue.name + "_pause_" + m.iface, paused ? "INUSE" : "NOT_INUSE");
            avail(queue, m);
            if (!paused) {
                m.reason = reason;
            }
            publish.accept(new AmiEvent("QueueMemberPause", AmiClass.AGENT, m.liveFields()));
            if (!paused) {
                m.reason = "";
            }
        }
        return found;
    }

    synchronized boolean penalty(String queueName, String iface, int penalty) {
        boolean found = false;
        for (AmiQueue queue : queues.values()) {
            AmiMember m = queue.member(iface);
            if (m != null && (queueName.isEmpty() || queue.name.equals(queueName))) {
                found = true;
                m.penalty = penalty;
                publish.accept(new AmiEvent("QueueMemberPenalty", AmiClass.AGENT, m.liveFields()));
            }
        }
        return found;
    }

    /**
     * A device changes state (a phone registers, rings, is in use; DEVICE_STATE(Custom:…) is set): one
     * QueueMemberStatus per queue holding a member watching it whose status changed, then DeviceStateChange.
     */
    synchronized void deviceState(String device, String state) {
        int status = statusOf(state);
        for (AmiQueue queue : queues.values()) {
            for (AmiMember m : queue.members.values()) {
                if (m.stateInterface.equalsIgnoreCase(device) && m.status != status) {
                    m.status = status;
                    publish.accept(new AmiEvent("QueueMemberStatus", AmiClass.AGENT, m.liveFields()));
                }
            }
        }
        device(device, state);
    }

    /**
     * ast_device_state: the cached state, else what the channel driver says. Only PJSIP is modelled, and only
     * when the settings list the endpoints: chan_pjsip_devicestate answers AST_DEVICE_INVALID for a name that is
     * no endpoint (a typo, a deleted phone) and NOT_INUSE for one that is online. Everything else reads 0
     * (unknown), as a Custom: device does until it is set.
     */
    private int deviceStatus(String device) {
        String state = devices.get(device);
        if (state != null) {
            return statusOf(state);
        }
        if (endpoints != null && device.regionMatches(true, 0, "PJSIP/", 0, 6)) {
            return endpoints.contains(device.substring(6).toLowerCase(java.util.Locale.ROOT)) ? 1 : 4;
        }
        return 0;
    }

    static int statusOf(String state) {
        for (int i = 0; i < DEVICE_STATES.length; i++) {
            if (DEVICE_STATES[i].equalsIgnoreCase(state)) {
                return i;
            }
        }
        return 0;
    }

    private void avail(AmiQueue queue, AmiMember changed) {
        if (changed.available()) {
            device("Queue:" + queue.name + "_avail", "NOT_INUSE");
        } else if (!queue.anyAvailable()) {
            device("Queue:" + queue.name + "_avail", "INUSE");
        }
    }

    /** DeviceStateChange, published only when the cached state changes, as the device-state core does. */
    private void device(String device, String state) {
        if (state.equals(devices.put(device, state))) {
            return;
        }
        if (device.startsWith("Queue:") && device.endsWith("_avail")) {
            AmiQueue queue = queues.get(device.substring(6, device.length() - 6));
            if (queue != null) {
                if (state.equals(queue.availState)) {
                    return;
                }
                queue.availState = state;
            }
        }
        publish.accept(new AmiEvent("DeviceStateChange", AmiClass.CALL,
                new AmiMessage().add("Device", device).add("State", state)));
    }

    /** QueueStatus items (QueueParams, QueueMember, QueueEntry), filtered as manager_queues_status filters. */
    synchronized List<AmiMessage> status(String queueFilter, String memberFilter, String actionId) {
        return AmiQueueLists.status(queues.values(), queueFilter, memberFilter, actionId, nowSeconds());
    }

    /** CoreShowChannels items: every caller in a queue (running Queue) and every connected member leg. */
    synchronized List<AmiMessage> channels(String actionId, long now) {
        return AmiQueueLists.channels(callers.values(), actionId, now);
    }

    /** {@code queue show name} (every queue when name is empty); null when there is no such queue. */
    synchronized List<String> show(String queueName) {
        List<String> out = new ArrayList<>();
        long now = nowSeconds();
        for (AmiQueue q : queues.values()) {
            if (queueName.isEmpty() || q.name.equals(queueName)) {
                out.addAll(AmiQueueShow.lines(q, now));
            }
        }
        return out.isEmpty() && !queueName.isEmpty() ? null : out;
    }

    synchronized List<AmiMessage> summary(String queueFilter, String actionId) {
        List<AmiMessage> items = new ArrayList<>();
        long now = nowSeconds();
        for (AmiQueue q : queues.values()) {
            if (queueFilter.isEmpty() || q.name.equalsIgnoreCase(queueFilter)) {
                items.add(new AmiMessage().add("Event", "QueueSummary").addAll(q.summary(actionId, now)));
            }
        }
        return items;
    }

    /** The members of {@code queue} as interface → paused, for tests and the simulator (empty if no queue). */
    synchronized Map<String, Boolean> members(String queue) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        AmiQueue q = queues.get(queue);
        if (q != null) {
            q.members.values().forEach(m -> out.put(m.iface, m.paused));
        }
        return out;
    }

    /** The members a caller may be offered now, in the order they joined the queue: {interface, MemberName, penalty}. */
    synchronized List<String[]> availableMembers(String queue) {
        List<String[]> out = new ArrayList<>();
        AmiQueue q = queues.get(queue);
        if (q != null) {
            q.members.values().stream().filter(AmiMember::available)
                    .forEach(m -> out.add(new String[] {m.iface, m.name, Integer.toString(m.penalty)}));
        }
        return out;
    }

    /** queues.conf strategy of {@code queue} ("" when there is no such queue). */
    synchronized String strategy(String queue) {
        AmiQueue q = queues.get(queue);
        return q == null ? "" : q.strategy;
    }

    /**
     * Ring-all for a caller, as a test drives it: every available member of the best (lowest) penalty rung, in
     * app_queue's order (try_calling puts each call attempt at the head of its list, so the member met last rings
     * first); answers the interfaces rung.
     */
    synchronized List<String> ringAll(AmiCaller caller, java.util.function.Function<String, AmiChannel> legOf) {
        List<AmiMember> best = new ArrayList<>();
        int lowest = Integer.MAX_VALUE;
        for (AmiMember m : caller.queue.members.values()) {
            if (m.available() && !caller.legs.containsKey(m.iface)) {
                if (m.penalty < lowest) {
                    best.clear();
                    lowest = m.penalty;
                }
                if (m.penalty == lowest) {
                    best.add(m);
                }
            }
        }
        List<String> rung = new ArrayList<>();
        for (int i = best.size() - 1; i >= 0; i--) {
            String iface = best.get(i).iface;
            ring(caller, iface, legOf.apply(iface));
            rung.add(iface);
        }
        return rung;
    }

    synchronized AmiMember memberNamed(String queue, String memberName) {
        AmiQueue q = queues.get(queue);
        return q == null ? null : q.memberNamed(memberName);
    }

    // ---- callers ----

    synchronized AmiCaller join(String queueName, AmiChannel channel) {
        AmiQueue queue = queues.get(queueName);
        if (queue == null) {
            throw new IllegalArgumentException("no queue " + queueName + " on the emulated Asterisk");
        }
        AmiCaller caller = new AmiCaller(this, queue, channel, nowSeconds(), queue.callers.size() + 1);
        queue.callers.add(caller);
        callers.put(channel.uniqueId(), caller);
        publish.accept(new AmiEvent("QueueCallerJoin", AmiClass.AGENT, channel.block("", new AmiMessage())
                .add("Queue", queue.name).add("Position", caller.originalPosition).add("Count", queue.callers.size())));
        return caller;
    }

    synchronized AmiCaller caller(String uniqueId) {
        return callers.get(uniqueId);
    }

    synchronized void ring(AmiCaller caller, String iface, AmiChannel leg) {
        caller.legs.put(iface, leg);
        caller.ringingSinceMicros.put(iface, micros.getAsLong());
        publish.accept(new AmiEvent("AgentCalled", AmiClass.AGENT, agentBody(caller, iface, leg)));
    }

    synchronized void ringNoAnswer(AmiCaller caller, String iface, long ringMs) {
        AmiChannel leg = caller.legs.remove(iface);
        Long since = caller.ringingSinceMicros.remove(iface);
        long ms = ringMs >= 0 ? ringMs : since == null ? 0 : (micros.getAsLong() - since) / 1000;
        publish.accept(new AmiEvent("AgentRingNoAnswer", AmiClass.AGENT, agentBody(caller, iface, leg).add("RingTime", ms)));
    }

    synchronized void connect(AmiCaller caller, String iface, long holdSeconds, long ringSeconds) {
        long now = nowSeconds();
        AmiChannel leg = caller.legs.getOrDefault(iface, null);
        if (leg != null) {
            leg = leg.withState(6);
            caller.legs.put(iface, leg);
        }
        Long since = caller.ringingSinceMicros.remove(iface);
        // hangupcalls() ends every other ringing leg before leave_queue(): on AMI only DialEnd CANCEL and the
        // legs' Hangup (noise, not emulated); no AgentRingNoAnswer for them (app_queue.c try_calling)
        caller.legs.keySet().removeIf(other -> !other.equalsIgnoreCase(iface));
        caller.ringingSinceMicros.clear();
        int position = leave(caller);
        publish.accept(new AmiEvent("QueueCallerLeave", AmiClass.AGENT, caller.channel.block("", new AmiMessage())
                .add("Queue", caller.queue.name).add("Position", position).add("Count", caller.queue.callers.size())));
        caller.connectedInterface = iface;
        caller.connectedAt = now;
        long hold = holdSeconds >= 0 ? holdSeconds : now - caller.joinedAt;
        caller.queue.recordHold(hold);
        caller.inServiceLevel = hold <= caller.queue.serviceLevel;
        long ring = ringSeconds >= 0 ? ringSeconds : since == null ? 0 : now - since / 1_000_000;
        publish.accept(new AmiEvent("AgentConnect", AmiClass.AGENT, agentBody(caller, iface, leg).add("HoldTime", hold).add("RingTime", ring)));
    }

    synchronized void complete(AmiCaller caller, String reason, long holdSeconds, long talkSeconds) {
        long now = nowSeconds();
        String iface = caller.connectedInterface;
        long hold = holdSeconds >= 0 ? holdSeconds : caller.connectedAt - caller.joinedAt;
        long talk = talkSeconds >= 0 ? talkSeconds : now - caller.connectedAt;
        AmiMember m = caller.queue.member(iface);
        if (m != null) {
            m.callsTaken++;
            m.lastCall = now;
        }
        caller.queue.recordCompleted(talk, caller.inServiceLevel);
        callers.remove(caller.uniqueId());
        publish.accept(new AmiEvent("AgentComplete", AmiClass.AGENT, agentBody(caller, iface, caller.legs.get(iface)).add("HoldTime", hold)
                .add("TalkTime", talk).add("Reason", reason)));
    }

    synchronized void abandon(AmiCaller caller, long holdSeconds) {
        long hold = holdSeconds >= 0 ? holdSeconds : nowSeconds() - caller.joinedAt;
        int position = caller.queue.callers.indexOf(caller) + 1;
        caller.queue.recordAbandoned(hold);
        publish.accept(new AmiEvent("QueueCallerAbandon", AmiClass.AGENT, caller.channel.block("", new AmiMessage())
                .add("Queue", caller.queue.name).add("Position", position)
                .add("OriginalPosition", caller.originalPosition).add("HoldTime", hold)));
        leave(caller);
        callers.remove(caller.uniqueId());
        publish.accept(new AmiEvent("QueueCallerLeave", AmiClass.AGENT, caller.channel.block("", new AmiMessage())
                .add("Queue", caller.queue.name).add("Position", position).add("Count", caller.queue.callers.size())));
    }

    synchronized void dump(AmiCaller caller, String iface) {
        publish.accept(new AmiEvent("AgentDump", AmiClass.AGENT, agentBody(caller, iface, caller.legs.remove(iface))));
    }

    /** Hangup of any channel (Cause 16 = Normal Clearing, as the transcripts show). */
    synchronized void hangup(AmiChannel channel, int cause, String causeText) {
        publish.accept(new AmiEvent("Hangup", AmiClass.CALL, channel.block("", new AmiMessage())
                .add("Cause", cause).add("Cause-txt", causeText)));
    }

    synchronized int channelCount() {
        return callers.size();
    }

    private int leave(AmiCaller caller) {
        int position = caller.queue.callers.indexOf(caller) + 1;
        caller.queue.callers.remove(caller);
        return Math.max(position, 1);
    }

    /** Caller block, member leg as Dest block, then Queue, Interface, MemberName (app_queue queue_agent_cb). */
    private AmiMessage agentBody(AmiCaller caller, String iface, AmiChannel leg) {
        AmiMessage body = caller.channel.block("", new AmiMessage());
        if (leg != null) {
            leg.block("Dest", body);
        }
        AmiMember m = caller.queue.member(iface);
        return body.add("Queue", caller.queue.name).add("Interface", iface).add("MemberName", m == null ? iface : m.name);
    }
}
