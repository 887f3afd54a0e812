package cn.hotline12333.agent;

import cn.hotline12333.agent.Reconciliation.Correction;
import cn.hotline12333.agent.Reconciliation.QueueMember;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.action.QueueAddAction;
import org.asteriskjava.manager.action.QueuePauseAction;
import org.asteriskjava.manager.action.QueueRemoveAction;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.event.AgentCalledEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.FullyBootedEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link to Asterisk's manager interface through Asterisk-Java's {@link ManagerConnection}.
 *
 * <p>Threads: Asterisk-Java delivers events and action responses on one pump thread, so a listener that waited for
 * a response would wait on itself (asterisk-java #161). Our listener and callbacks only hand work to the floor's
 * executor and return; every action is sent with a callback. Connecting, pinging and reconnecting run on
 * {@code timer}: our own reconnect within a second (with jitter) instead of the library's 5 s schedule.
 *
 * <p>After each login: wait for FullyBooted, read QueueStatus and CoreShowChannels, reconcile with the agents'
 * intent, and only then apply the events that came meanwhile. The same reconciliation runs every 60 s as a drift
 * check. Only the node holding the ingest lease applies events and corrects; every node may send actions.
 */
final class AmiLink implements Switchboard, AutoCloseable {
    static final String EVENT_MASK = "system,agent,call";
    static final int READ_TIMEOUT_MS = 10_000;
    static final long PING_EVERY_MS = 5_000;
    static final long DRIFT_EVERY_MS = 60_000;
    static final int MAX_HELD = 100_000;
    private static final Logger log = LoggerFactory.getLogger(AmiLink.class);

    enum Phase { DOWN, AWAIT_BOOT, SYNCING, LIVE }

    private final Supplier<ManagerConnection> connections;
    private final AgentFloor floor;
    private final AmiFacts facts;
    private final Executor onFloor;
    private final ScheduledExecutorService timer;
    private final BooleanSupplier ingesting;
    private final Set<String> managedQueues;
    private final Clock clock;

    final LongAdder corrections = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    private volatile ManagerConnection conn;
    private volatile int generation;
    private volatile Phase phase = Phase.DOWN;
    private volatile long lastPong;
    private volatile boolean closed;
    private long lastAuthLog = Long.MIN_VALUE / 2;
    /** the connection generations that saw FullyBooted and finished login(); floor thread only */
    private int booted;
    private int loggedIn;
    /** events that came during a resync; floor thread only */
    private final ArrayDeque<ManagerEvent> held = new ArrayDeque<>();
    /** a benchmark's stamp on each AgentCalled (null in production) */
    volatile RingProbe ringProbe;

    AmiLink(Supplier<ManagerConnection> connections, AgentFloor floor, Executor onFloor,
            ScheduledExecutorService timer, BooleanSupplier ingesting, Set<String> managedQueues, Clock clock) {
        this.connections = connections;
        this.floor = floor;
        this.facts = new AmiFacts(floor);
        this.onFloor = onFloor;
        this.timer = timer;
        this.ingesting = ingesting;
        this.managedQueues = Set.copyOf(managedQueues);
        this.clock = clock;
    }

    void start() {
        timer.execute(this::connect);
        timer.scheduleWithFixedDelay(this::ping, PING_EVERY_MS, PING_EVERY_MS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::driftCheck, DRIFT_EVERY_MS, DRIFT_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    Phase phase() {
        return phase;
    }

    AmiFacts facts() {
        return facts;
    }

    /** Timer thread. */
    void connect() {
        if (closed || conn != null) {
            return;
        }
        // conn stays null until the next login starts: dropped() cleared it
        ManagerConnection c = connections.get();
        int gen = ++generation;
        c.addEventListener(e -> onEvent(gen, e));
        c.setSocketReadTimeout(READ_TIMEOUT_MS);
        phase = Phase.AWAIT_BOOT;
        lastPong = clock.millis();
        conn = c; // FullyBooted may arrive, and the resync start, before login() returns
        try {
            c.login(EVENT_MASK);
        } catch (AuthenticationFailedException e) {
            long now = clock.millis();
            if (now - lastAuthLog >= 60_000) {
                lastAuthLog = now;
                log.error("event=ami_login_refused reason=\"{}\" (retrying)", e.getMessage());
            }
            failed(c);
            return;
        } catch (Exception e) {
            log.debug("event=ami_connect_failed reason=\"{}\"", e.getMessage());
            failed(c);
            return;
        }
        log.info("event=ami_login host={} port={}", c.getHostname(), c.getPort());
        onFloor.execute(() -> {
            loggedIn = gen;
            maybeResync(gen);
        });
    }

    /**
     * Floor thread. The resync needs both FullyBooted and login() returned: the event may come first, while
     * Asterisk-Java still probes the version and refuses to send actions ("only when in state CONNECTED").
     */
    private void maybeResync(int gen) {
        if (gen == generation && phase == Phase.AWAIT_BOOT && booted == gen && loggedIn == gen) {
            phase = Phase.SYNCING;
            resync(gen);
        }
    }

    private void failed(ManagerConnection c) {
        conn = null;
        phase = Phase.DOWN;
        logoffQuietly(c);
        reconnectLater();
    }

    private void reconnectLater() {
        if (!closed) {
            reconnects.increment();
            timer.schedule(this::connect, 200 + ThreadLocalRandom.current().nextLong(800), TimeUnit.MILLISECONDS);
        }
    }

    /** Asterisk-Java's pump thread: copy and return. */
    private void onEvent(int gen, ManagerEvent e) {
        RingProbe probe = ringProbe;
        if (probe != null && e instanceof AgentCalledEvent c) {
            long heard = System.nanoTime();
            probe.agentCalled(c.getMemberName(), c.getUniqueId(),
                    c.getDateReceived() == null ? 0 : c.getDateReceived().getTime(), heard);
        }
        if (e instanceof DisconnectEvent) {
            timer.execute(() -> dropped(gen, "disconnect"));
            return;
        }
        if (e instanceof ResponseEvent r && r.getInternalActionId() != null) {
            // an item of one of our own lists (QueueStatus, CoreShowChannels): its action's callback has it already.
            // With 10,000 callers waiting a resync lists about 21,000; copied onto the floor they queued ahead of the
            // next AgentCalled. A live event that happens to be a ResponseEvent (QueueMemberStatus) has no ActionID.
            return;
        }
        boolean readLive = phase == Phase.LIVE;
        onFloor.execute(() -> onFloorEvent(gen, e, readLive));
    }

    private void onFloorEvent(int gen, ManagerEvent e, boolean readLive) {
        if (readLive && !(gen == generation && phase == Phase.LIVE)) {
            // Read before a drop that is handled by now: still a fact from before the gap. The floor runs its tasks
            // in order, so it comes before anything of the next connection (its FullyBooted, its resync).
            if (ingesting.getAsBoolean()) {
                facts.apply(e);
            }
            return;
        }
        if (gen != generation) {
            return;
        }
        if (e instanceof FullyBootedEvent b) {
            log.info("event=ami_fully_booted uptime={} last_reload={}", b.getUptime(), b.getLastreload());
            booted = gen;
            maybeResync(gen);
            return;
        }
        if (phase != Phase.LIVE) {
            if (held.size() >= MAX_HELD) {
                held.pollFirst(); // the reconciliation that follows repairs what this loses
            }
            held.addLast(e);
        } else if (ingesting.getAsBoolean()) {
            facts.apply(e);
        }
    }

    /** Floor thread: QueueStatus, then CoreShowChannels, then reconcile. */
    void resync(int gen) {
        ManagerConnection c = conn;
        if (c == null) {
            return;
        }
        try {
            c.sendEventGeneratingAction(new QueueStatusAction(), status -> onFloor.execute(() -> {
                try {
                    c.sendEventGeneratingAction(new CoreShowChannelsAction(),
                            channels -> onFloor.execute(() -> reconcile(gen, status, channels)));
                } catch (Exception e) {
                    timer.execute(() -> dropped(gen, "channels: " + e.getMessage()));
                }
            }));
        } catch (Exception e) {
            timer.execute(() -> dropped(gen, "queue status: " + e.getMessage()));
        }
    }

    private void reconcile(int gen, ResponseEvents status, ResponseEvents channels) {
        if (gen != generation) {
            return;
        }
        List<QueueMember> members = new ArrayList<>();
        for (Object e : status.getEvents()) {
            if (e instanceof QueueMemberEvent m) {
                members.add(new QueueMember(m.getQueue(), m.getName(), m.getLocation(), Boolean.TRUE.equals(m.getPaused()),
                        m.getPausedreason(), !"static".equalsIgnoreCase(m.getMembership()), m.getStatus()));
            }
        }
        Set<String> live = new HashSet<>();
        for (Object e : channels.getEvents()) {
            if (e instanceof CoreShowChannelEvent ch) {
                live.add(ch.getUniqueid());
                live.add(ch.getLinkedid());
            }
        }
        if (ingesting.getAsBoolean()) {
            Reconciliation.Members found = new Reconciliation.Members(members);
            facts.resynced(found, live);
            for (Correction c : Reconciliation.plan(floor.views(), found, managedQueues)) {
                corrections.increment();
                log.info("event=ami_correction {}", c.describe());
                correct(c);
            }
        }
        boolean wasLive = phase == Phase.LIVE;
        phase = Phase.LIVE;
        while (!held.isEmpty()) {
            ManagerEvent e = held.pollFirst();
            if (ingesting.getAsBoolean()) {
                facts.apply(e);
            }
        }
        if (!wasLive) {
            log.info("event=ami_resynced members={} channels={} corrections={}", members.size(), live.size(),
                    corrections.sum());
            floor.listeners().forEach(l -> l.linkChanged(true));
        }
    }

    private void correct(Correction c) {
        Consumer<String> report = says -> log.warn("event=ami_correction_refused agent={} queue={} asterisk=\"{}\"",
                c.agent(), c.queue(), says);
        switch (c.kind()) {
            case ADD -> send(add(c.queue(), c.iface(), c.stateIface(), c.agent(), c.paused()), c.agent(), report);
            case REMOVE -> send(new QueueRemoveAction(c.queue(), c.iface()), c.agent(), report);
            case PAUSE -> send(pause(c.iface(), c.queue(), c.paused(), c.reason()), report);
        }
    }

    /**
     * A refusal that says the member already is where we asked ("Already there" to an add, "Not there" to a
     * remove) is that fact, not a failure: an add that landed while the link was down leaves no QueueMemberAdded
     * behind, and without this the login would wait for the next drift check.
     */
    private void send(ManagerAction a, String agent, Consumer<String> refused) {
        send(a, says -> {
            if (says.contains("Already there") && a instanceof QueueAddAction add) {
                onFloor.execute(() -> facts.memberPresent(agent, add.getQueue()));
            } else if (says.contains("Not there") && a instanceof QueueRemoveAction rm) {
                onFloor.execute(() -> facts.memberGone(agent, rm.getQueue(), rm.getInterface()));
            } else {
                refused.accept(says);
            }
        });
    }

    /** Timer thread, every 5 s: a half-open socket shows as a missing pong within the read timeout. */
    void ping() {
        ManagerConnection c = conn;
        if (c == null) {
            return;
        }
        int gen = generation;
        if (clock.millis() - lastPong > READ_TIMEOUT_MS) {
            dropped(gen, "no pong");
            return;
        }
        try {
            c.sendAction(new PingAction(), r -> lastPong = clock.millis());
        } catch (Exception e) {
            dropped(gen, "ping: " + e.getMessage());
        }
    }

    /** Timer thread, every 60 s. */
    void driftCheck() {
        int gen = generation;
        if (phase == Phase.LIVE && ingesting.getAsBoolean()) {
            onFloor.execute(() -> resync(gen));
        }
    }

    /** The lease came to this node: take the stored views, then resync (floor thread). */
    void tookOver(java.util.Collection<AgentView> stored) {
        int gen = generation;
        onFloor.execute(() -> {
            floor.load(stored);
            if (phase == Phase.LIVE) {
                resync(gen);
            }
        });
    }

    /** Logged in and resynced: events are applied as they come. Any thread. */
    boolean live() {
        return phase == Phase.LIVE;
    }

    /** Timer thread. */
    void dropped(int gen, String why) {
        ManagerConnection c = conn;
        if (gen != generation || c == null) {
            return;
        }
        conn = null;
        phase = Phase.DOWN;
        log.warn("event=ami_link_down reason=\"{}\"", why);
        logoffQuietly(c); // stops the library's own reconnect thread too
        onFloor.execute(() -> {
            held.clear();
            floor.listeners().forEach(l -> l.linkChanged(false));
        });
        reconnectLater();
    }

    @Override
    public void send(Switchboard.Member member, Transitions.Order order, Consumer<String> refused) {
        List<ManagerAction> actions = new ArrayList<>();
        switch (order.kind()) {
            case ADD_PAUSED, ADD_READY -> member.queues().forEach(q -> actions.add(add(q, member.iface(),
                    member.stateIface(), member.agent(), order.kind() == Transitions.Order.Kind.ADD_PAUSED)));
            case REMOVE -> member.queues().forEach(q -> actions.add(new QueueRemoveAction(q, member.iface())));
            case PAUSE -> actions.add(pause(member.iface(), null, true, order.reason()));
            case UNPAUSE -> actions.add(pause(member.iface(), null, false, null));
        }
        for (ManagerAction a : actions) {
            send(a, member.agent(), refused);
        }
    }

    private void send(ManagerAction action, Consumer<String> refused) {
        ManagerConnection c = conn;
        if (c == null || phase == Phase.DOWN) {
            refused.accept("AMI link down");
            return;
        }
        try {
            c.sendAction(action, (ManagerResponse r) -> {
                if (r instanceof ManagerError || "Error".equalsIgnoreCase(r.getResponse())) {
                    refused.accept(r.getMessage() == null ? "Error" : r.getMessage());
                }
            });
        } catch (IllegalStateException e) {
            refused.accept("AMI link not ready"); // still logging in: the reconciliation will set it right
        } catch (Exception e) {
            refused.accept("AMI link down");
            int gen = generation;
            timer.execute(() -> dropped(gen, action.getAction() + ": " + e.getMessage()));
        }
    }

    /**
     * StateInterface is the device app_queue reads the member's Status from (create_queue_member: the interface
     * when empty). A Local/ interface's own state (core_local local_devicestate) is NOT_INUSE whenever its
     * dialplan extension exists, so the softphone's unregistering or being busy would never show.
     */
    private static QueueAddAction add(String queue, String iface, String stateIface, String agent, boolean paused) {
        QueueAddAction a = new QueueAddAction(queue, iface);
        a.setMemberName(agent);
        a.setStateInterface(stateIface == null ? iface : stateIface);
        a.setPaused(paused);
        return a;
    }

    private static QueuePauseAction pause(String iface, String queue, boolean paused, String reason) {
        QueuePauseAction a = new QueuePauseAction(iface, paused);
        if (queue != null) {
            a.setQueue(queue);
        }
        if (reason != null) {
            a.setReason(reason);
        }
        return a;
    }

    private static void logoffQuietly(ManagerConnection c) {
        try {
            c.logoff();
        } catch (RuntimeException e) {
            log.debug("event=ami_logoff_failed reason=\"{}\"", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        ManagerConnection c = conn;
        conn = null;
        phase = Phase.DOWN;
        if (c != null) {
            logoffQuietly(c);
        }
    }
}
