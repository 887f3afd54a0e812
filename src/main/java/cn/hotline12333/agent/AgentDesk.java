package cn.hotline12333.agent;

import cn.hotline12333.agent.LoginResult.Desktop;
import cn.hotline12333.agent.Trigger.Kind;
import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.store.Redis;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.asteriskjava.manager.ManagerConnectionFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent desktop's server side, as the web layer sees it: log in and out, ready, not ready, wrap-up, heartbeat,
 * the agent's snapshot, and a listener for changes and pops. Every call returns at once; the answer comes when
 * the floor's thread has applied it (requests to Asterisk are sent then and confirmed later, see
 * {@link AgentSnapshot#request}). Refusals are values, never exceptions.
 */
public final class AgentDesk implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentDesk.class);
    private static final Pattern EXTENSION = Pattern.compile("[0-9]{2,10}");
    private static final Pattern AGENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final AgentFloor floor;
    private final FloorRequests requests;
    private final Executor onFloor;
    private final DeskRegistry registry;
    private final Executor io;
    private final AutoCloseable resources;
    private volatile java.util.function.BooleanSupplier phoneSystemUp = () -> false;
    /** null without an AMI link (one node, tests): every request is applied here */
    private DeskCommands commands;
    private java.util.function.BooleanSupplier appliesHere = () -> true;
    private RedisViews views;

    AgentDesk(AgentFloor floor, Executor onFloor, DeskRegistry registry, Executor io, AutoCloseable resources) {
        this.floor = floor;
        this.requests = new FloorRequests(floor);
        this.onFloor = onFloor;
        this.registry = registry;
        this.io = io;
        this.resources = resources;
        floor.addListener(new DeskListener() {
            @Override
            public void changed(AgentSnapshot s) {
                if (s.state() == AgentState.LOGGED_OUT && s.request() == null) {
                    // released later on another thread: a login bound meanwhile (same clock as bind) stays
                    long seen = System.currentTimeMillis();
                    io.execute(() -> release(s.agent(), seen));
                }
            }
        });
    }

    /**
     * A running desk for a node: the floor on its own thread, views in Redis, timers every 250 ms, and, when
     * {@code settings.amiHost()} is set, the AMI link with its ingest lease. Segments and handling records go to
     * the given sinks (CallLog::submit: journaled while Redis is down).
     */
    public static AgentDesk start(Redis redis, AgentSettings settings, Consumer<AgentStateSegment> segments,
                                  Consumer<HandlingRecord> handling, Clock clock, String node) {
        FloorExecutor floorThread = new FloorExecutor(50_000);
        RedisViews views = new RedisViews(redis);
        AmiLink[] link = new AmiLink[1];
        Switchboard board = (member, order, refused) -> {
            if (link[0] == null) {
                refused.accept("AMI link not configured");
            } else {
                link[0].send(member, order, refused);
            }
        };
        AgentFloor floor = new AgentFloor(settings, clock, board, views, segments, handling, floorThread::execute);
        java.util.Collection<AgentView> stored = views.loadAll();
        floorThread.execute(() -> floor.load(stored));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-timers");
            t.setDaemon(true);
            return t;
        });
        IngestLease lease = new IngestLease(redis, node);
        // the lease is ours and the floor has (or is queued to have) the stored views: between taking the lease and
        // queueing the reload a request applied here would meet the stale copy, so it travels as a command instead
        java.util.concurrent.atomic.AtomicBoolean loaded = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.function.BooleanSupplier holds = () -> lease.held() && loaded.get();
        AgentDesk[] self = new AgentDesk[1];
        DeskCommands commands = settings.amiHost() == null ? null : new DeskCommands(redis, node, holds,
                c -> self[0].on(() -> self[0].requests.apply(c)));
        // only the floor that applies the events keeps time: another node's floor is a stale copy
        timers.scheduleWithFixedDelay(() -> {
            if (commands == null || holds.getAsBoolean()) {
                floorThread.execute(floor::tick);
            }
        }, 250, 250, TimeUnit.MILLISECONDS);
        if (settings.amiHost() != null) {
            ManagerConnectionFactory factory = new ManagerConnectionFactory(settings.amiHost(), settings.amiPort(),
                    settings.amiUser(), settings.amiSecret());
            ScheduledExecutorService amiTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ami-link");
                t.setDaemon(true);
                return t;
            });
            java.util.Set<String> managed = new java.util.HashSet<>(settings.queues());
            link[0] = new AmiLink(factory::createManagerConnection, floor, floorThread, amiTimer, lease::held,
                    managed, clock);
            loaded.set(lease.renew()); // the views were loaded above
            timers.scheduleWithFixedDelay(() -> {
                if (lease.renew()) {
                    link[0].tookOver(views.loadAll());
                    loaded.set(true);
                    commands.takeOver();
                } else if (!lease.held()) {
                    loaded.set(false);
                }
            }, 1, 1, TimeUnit.SECONDS);
            link[0].start();
            log.info("event=agent_desk_started node={} ami={}:{} lease_held={}", node, settings.amiHost(),
                    settings.amiPort(), lease.held());
        }
        AutoCloseable resources = () -> {
            timers.shutdownNow();
            if (commands != null) {
                commands.close();
            }
            if (link[0] != null) {
                link[0].close();
                lease.release();
            }
            floorThread.shutdown();
            floorThread.awaitTermination(5, TimeUnit.SECONDS);
            views.close();
        };
        Executor io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "agent-desk-io");
            t.setDaemon(true);
            return t;
        });
        AgentDesk desk = new AgentDesk(floor, floorThread, new DeskRegistry(redis), io, resources);
        desk.commands = commands;
        desk.appliesHere = holds;
        desk.views = views;
        self[0] = desk;
        if (commands != null && holds.getAsBoolean()) {
            commands.takeOver(); // the views were loaded above, before any command reaches the floor
        }
        desk.skillGroups = new SkillGroups(redis, clock);
        PauseReasons pauses = new PauseReasons(redis, clock);
        // an admin's edit reaches every node within 5 s (the node that saved it applies it at once)
        timers.scheduleWithFixedDelay(() -> io.execute(() -> desk.refreshPauses(pauses)), 0, 5, TimeUnit.SECONDS);
        if (link[0] != null) {
            desk.phoneSystemUp = link[0]::live;
            desk.link = link[0];
        }
        return desk;
    }

    /** The AMI link is logged in and resynced (false without one): desktops show "电话系统连接中断" otherwise. */
    public boolean phoneSystemUp() {
        return phoneSystemUp.getAsBoolean();
    }

    private volatile AmiLink link;

    /** A benchmark's stamp on each AgentCalled off the AMI socket (bench agent-desktop); no-op without AMI. */
    public void probeRings(RingProbe probe) {
        AmiLink l = link;
        if (l != null) {
            l.ringProbe = probe;
        }
    }

    /** skill groups in Redis, read at each login; null (tests): every agent joins AGENT_QUEUES */
    volatile SkillGroups skillGroups;
    private volatile long pausesVersion = -1;

    private void refreshPauses(PauseReasons pauses) {
        try {
            PauseReasons.Version v = pauses.current();
            if (v != null && v.version() != pausesVersion) {
                pausesVersion = v.version();
                onFloor.execute(() -> floor.pauseLimits(v.limits()));
                log.info("event=pause_reasons_loaded version={} reasons={}", v.version(), v.limits().keySet());
            }
        } catch (RuntimeException e) {
            // Redis away: the reasons in force stay; the next round tries again
            log.debug("event=pause_reasons_unread error=\"{}\"", e.getMessage());
        }
    }

    /** The queues of the agent's skill group, or null for AGENT_QUEUES (no group, or Redis away). */
    private java.util.List<String> queuesOf(String agent) {
        SkillGroups groups = skillGroups;
        if (groups == null) {
            return null;
        }
        try {
            SkillGroups.Version v = groups.current();
            return v == null ? null : v.queuesOf(agent);
        } catch (RuntimeException e) {
            log.warn("event=skill_groups_unread agent={} error=\"{}\" (joins AGENT_QUEUES)", agent, e.getMessage());
            return null;
        }
    }

    public void addListener(DeskListener listener) {
        floor.addListener(listener);
    }

    /**
     * Binds {@code desk} (the page's id, shown to a second login with {@code where} and the time) to the agent and
     * extension, then adds the agent, paused, to its queues. Conflict unless {@code takeOver}; a take-over tells
     * the other page why it closed. Blocks on Redis for the binding: call it from a worker, not an event loop.
     */
    public CompletableFuture<LoginResult> login(String agent, String extension, String desk, String where,
                                                boolean takeOver) {
        if (agent == null || !AGENT.matcher(agent).matches()) {
            return CompletableFuture.completedFuture(new LoginResult.Refused("agent: not a member name"));
        }
        if (extension == null || !EXTENSION.matcher(extension).matches()) {
            return CompletableFuture.completedFuture(new LoginResult.Refused("extension: 2 to 10 digits"));
        }
        DeskRegistry.Outcome o;
        try {
            o = registry.bind(agent, extension, desk, where, takeOver, System.currentTimeMillis());
        } catch (RuntimeException e) {
            log.warn("event=agent_login_failed agent={} reason=\"{}\"", agent, e.getMessage());
            return CompletableFuture.completedFuture(new LoginResult.Refused("data service unavailable"));
        }
        if (o.conflict() != null) {
            log.info("event=agent_login_conflict agent={} extension={} holder={}", agent, extension,
                    o.conflict().holder());
            return CompletableFuture.completedFuture(o.conflict());
        }
        Desktop replaced = o.replaced() != null && !o.replaced().desk().equals(desk) ? o.replaced() : null;
        if (replaced != null || o.displaced() != null) {
            log.info("event=agent_take_over agent={} extension={} replaced_desk={} displaced_agent={}", agent,
                    extension, replaced == null ? "-" : replaced.desk(), o.displaced() == null ? "-" : o.displaced());
        }
        java.util.List<String> queues = queuesOf(agent);
        java.util.Map<String, String> c = command("login", agent);
        c.put("extension", extension);
        c.put("where", where == null ? "" : where);
        if (queues != null) {
            c.put("queues", String.join(",", queues));
        }
        if (o.displaced() != null) {
            c.put("displaced", o.displaced());
        }
        if (replaced != null) {
            c.put("replaced", replaced.desk());
        }
        return route(c).thenApply(r -> new LoginResult.LoggedIn(r, replaced));
    }

    public CompletableFuture<DeskResult> ready(String agent) {
        return route(command("ready", agent));
    }

    public CompletableFuture<DeskResult> notReady(String agent, String reason) {
        java.util.Map<String, String> c = command("not_ready", agent);
        if (reason != null) {
            c.put("reason", reason);
        }
        return route(c);
    }

    public CompletableFuture<DeskResult> logout(String agent) {
        return route(command("logout", agent));
    }

    public CompletableFuture<DeskResult> wrapUp(String agent, WrapUp form) {
        if (form.notes() != null && form.notes().length() > 500) {
            return on(() -> DeskResult.refused("notes: at most 500 characters", floor.snapshot(agent)));
        }
        java.util.Map<String, String> c = command("wrapup", agent);
        try {
            c.put("form", DeskCommands.JSON.writeValueAsString(form));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("wrap-up form not encodable", e);
        }
        return route(c);
    }

    /** Tasks waiting for the floor's thread (AMI events, desk requests, timers): bounded at 50,000. */
    public int backlog() {
        return onFloor instanceof FloorExecutor f ? f.waiting() : 0;
    }

    public void heartbeat(String agent) {
        if (appliesHere()) {
            onFloor.execute(() -> floor.heartbeat(agent));
        } else {
            commands.send(command("heartbeat", agent), false);
        }
    }

    public CompletableFuture<AgentSnapshot> snapshot(String agent) {
        if (appliesHere()) {
            return on(() -> floor.snapshot(agent));
        }
        return CompletableFuture.supplyAsync(() -> stored(agent), io);
    }

    /** Every agent the floor knows, logged-out ones included, ordered by id: what a supervisor sees. */
    public CompletableFuture<java.util.List<AgentSnapshot>> agents() {
        if (!appliesHere()) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    long now = System.currentTimeMillis();
                    return views.loadAll().stream().map(v -> AgentSnapshot.of(v, now, false))
                            .sorted(java.util.Comparator.comparing(AgentSnapshot::agent)).toList();
                } catch (RuntimeException e) {
                    log.warn("event=agent_views_unread error=\"{}\"", e.getMessage());
                    return java.util.List.of();
                }
            }, io);
        }
        return on(() -> floor.views().stream().map(v -> floor.snapshot(v.agent))
                .sorted(java.util.Comparator.comparing(AgentSnapshot::agent)).toList());
    }

    /**
     * A manager ({@code by}) orders an agent ready, not ready with a reason, or logged out. The order goes through
     * the same transition rows as the agent's own request: on a ring, call or wrap-up it becomes the after-call
     * flag (rows D4, D6, D8) and is applied when the wrap-up ends. A login cannot be forced (it needs the agent's
     * extension). Refusals are values naming why.
     */
    public CompletableFuture<DeskResult> force(String agent, Request request, String by) {
        if (request == null || request.kind() == Request.Kind.LOGIN) {
            return on(() -> DeskResult.refused("a manager can force ready, not ready or logout only",
                    floor.snapshot(agent)));
        }
        java.util.Map<String, String> c = command("force", agent);
        c.put("request", request.kind().name());
        if (request.reason() != null) {
            c.put("reason", request.reason());
        }
        c.put("by", by == null ? "" : by);
        return route(c);
    }

    /** The desk commands a node sends; {@code kind} names the request and {@code agent} whom it is for. */
    private static java.util.Map<String, String> command(String kind, String agent) {
        java.util.Map<String, String> c = new java.util.HashMap<>();
        c.put("kind", kind);
        c.put("agent", agent);
        return c;
    }

    /** Where requests are applied: here when this node holds the floor (or runs without AMI), else at the holder. */
    private boolean appliesHere() {
        return commands == null || appliesHere.getAsBoolean();
    }

    private CompletableFuture<DeskResult> route(java.util.Map<String, String> c) {
        if (appliesHere()) {
            return on(() -> requests.apply(c));
        }
        String agent = c.get("agent");
        return commands.send(c, true).thenApplyAsync(r -> r != null ? r : DeskResult.refused(
                "not applied: the node holding the phone system link did not answer within "
                        + DeskCommands.TIMEOUT_MS / 1000 + " s; try again", stored(agent)), io);
    }

    /** The agent as the lease holder last stored it (this node's floor does not apply events). */
    private AgentSnapshot stored(String agent) {
        try {
            AgentView v = views.load(agent);
            return AgentSnapshot.of(v == null ? new AgentView(agent) : v, System.currentTimeMillis(), false);
        } catch (RuntimeException e) {
            return AgentSnapshot.of(new AgentView(agent), System.currentTimeMillis(), true);
        }
    }

    /** The not-ready reasons agents may give now, each with its limit (the settings' until an admin edits them). */
    public CompletableFuture<java.util.Map<String, java.time.Duration>> pauseLimits() {
        return on(floor::pauseLimits);
    }

    /** An admin's new reasons and limits, in force for the next request and the next overdue check. */
    public CompletableFuture<Void> pauseLimits(java.util.Map<String, java.time.Duration> limits) {
        java.util.Map<String, java.time.Duration> copy = new java.util.LinkedHashMap<>(limits);
        return on(() -> {
            floor.pauseLimits(copy);
            return null;
        });
    }

    private void release(String agent, long seen) {
        try {
            registry.release(agent, null, seen);
        } catch (RuntimeException e) {
            log.warn("event=agent_desk_release_failed agent={} reason=\"{}\"", agent, e.getMessage());
        }
    }

    private <T> CompletableFuture<T> on(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, onFloor);
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
