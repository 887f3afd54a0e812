package cn.hotline12333.cli;

import static cn.hotline12333.config.SettingKey.*;

import cn.hotline12333.agent.AgentDesk;
import cn.hotline12333.agent.ClickToCall;
import cn.hotline12333.calllog.IvrTopicStamp;
import cn.hotline12333.web.DeskPush;
import cn.hotline12333.agent.AgentSettings;
import cn.hotline12333.agi.AgiServer;
import cn.hotline12333.agi.AgiServerSettings;
import cn.hotline12333.calllog.CallLog;
import cn.hotline12333.calllog.CallLogSettings;
import cn.hotline12333.calllog.CallContexts;
import cn.hotline12333.calllog.CallerHistory;
import cn.hotline12333.calllog.HistoryFeed;
import cn.hotline12333.web.CallAccess;
import cn.hotline12333.web.DeskRoutes;
import cn.hotline12333.wrapup.WrapupCodes;
import cn.hotline12333.wrapup.WrapupTree;
import cn.hotline12333.config.Settings;
import cn.hotline12333.ivr.CallerHash;
import cn.hotline12333.ivr.CallerRequests;
import cn.hotline12333.ivr.CitizenKeyMigration;
import cn.hotline12333.ivr.CitizenSecrets;
import cn.hotline12333.ivr.FlowLibrary;
import cn.hotline12333.ivr.Hotline;
import cn.hotline12333.ivr.PinGuard;
import cn.hotline12333.ivr.SelfService;
import cn.hotline12333.demo.DemoCitizens;
import cn.hotline12333.stats.Statistics;
import cn.hotline12333.stats.StatsConsumers;
import cn.hotline12333.stats.StatsSettings;
import cn.hotline12333.store.Redis;
import cn.hotline12333.store.RedisSettings;
import cn.hotline12333.kb.KnowledgeBase;
import cn.hotline12333.kb.SearchAnalytics;
import cn.hotline12333.stats.CallDetails;
import cn.hotline12333.stats.StatsConfigLoader;
import cn.hotline12333.web.CalendarRoutes;
import cn.hotline12333.web.StatsRoutes;
import cn.hotline12333.web.KbRoutes;
import cn.hotline12333.web.LiveNotices;
import cn.hotline12333.web.LiveWallboardSource;
import cn.hotline12333.web.Wallboard;
import cn.hotline12333.web.WallboardPeriods;
import cn.hotline12333.web.WallboardThresholds;
import cn.hotline12333.web.Login;
import cn.hotline12333.web.LoginThrottle;
import cn.hotline12333.web.Sessions;
import cn.hotline12333.web.Users;
import cn.hotline12333.web.WebServer;
import cn.hotline12333.web.WebSettings;
import java.util.List;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hotline server node, wired from settings: Redis (external, or an embedded redis-server), the flows with
 * hot reload, the call log with its journal, the self-service data and the FastAGI server. {@code serve} runs
 * one; the integration tests run one on port 0.
 */
public final class HotlineNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HotlineNode.class);
    private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(30);

    private final Redis redis;
    private final FlowLibrary flows;
    private final CallLog callLog;
    private final AgiServer agi;
    private final WebServer web;
    private final KnowledgeBase kb;
    private final Duration drain;
    private final LiveNotices notices;
    private final StatsConfigLoader statsConfig;
    private final StatsConsumers statsConsumers;
    private final Statistics statistics;
    private final Wallboard wallboard;
    private final WorkOrderWiring workOrders;
    // The agent desktop's data beside the softphone (screen pop context, caller history, wrap-up codes).
    private final Desk desk;

    /** What the agent work plugs into: the call contexts (offers, pops), the caller history, the wrap-up codes. */
    public record Desk(CallContexts contexts, CallerHistory history, HistoryFeed feed, WrapupCodes codes) {
    }
    /** null unless the node runs the agent desktop (AGENT_DESK, on when AMI_HOST is set) */
    private AgentDesk agentDesk;
    private ClickToCall clickToCall;
    private DeskPush deskPush;
    private IvrTopicStamp topicStamp;
    private cn.hotline12333.web.AgentHub agentHub;

    private HotlineNode(Redis redis, FlowLibrary flows, CallLog callLog, AgiServer agi, WebServer web,
                        KnowledgeBase kb, LiveNotices notices, StatsConfigLoader statsConfig, Duration drain,
                        StatsConsumers statsConsumers, Statistics statistics, Wallboard wallboard,
                        WorkOrderWiring workOrders, Desk desk) {
        this.wallboard = wallboard;
        this.workOrders = workOrders;
        this.desk = desk;
        this.statsConfig = statsConfig;
        this.notices = notices;
        this.statsConsumers = statsConsumers;
        this.statistics = statistics;
        this.drain = drain;
        this.kb = kb;
        this.redis = redis;
        this.flows = flows;
        this.callLog = callLog;
        this.agi = agi;
        this.web = web;
    }

    public static HotlineNode start(Settings settings, Clock systemClock) {
        Clock clock = settings.clock(systemClock);
        RedisSettings redisSettings = new RedisSettings(settings.string(REDIS_URL),
                settings.list(REDIS_SENTINELS), settings.string(REDIS_MASTER),
                settings.integer(REDIS_MAX_CONNECTIONS), settings.integer(EMBEDDED_REDIS_PORT));
        AgiServerSettings agiSettings = agiSettings(settings);
        Path flowsDir = Path.of(settings.string(HOTLINE_FLOWS));
        Path journalDir = Path.of(settings.string(HOTLINE_JOURNAL));
        String nodeName = settings.string(HOTLINE_NODE, hostName());

        CitizenSecrets secrets = CitizenSecrets.of(settings.string(HOTLINE_ID_KEY, CitizenSecrets.DEMO_ID_KEY),
                settings.string(HOTLINE_PIN_PEPPER, CitizenSecrets.DEMO_PIN_PEPPER));
        WebSettings webSettings = webSettings(settings);
        Users users = users(settings);
        List<String> demoDefaults = ProductionCheck.enforce(settings, redisSettings, users);
        if (!demoDefaults.isEmpty()) {
            log.warn("event=demo_defaults redis=\"{}\" keys=\"{}\" (a demo; production sets them, docs/security.md)",
                    redisSettings.describe(), String.join("; ", demoDefaults));
        }

        FlowLibrary flows = FlowLibrary.open(flowsDir);
        Redis redis = Redis.connect(redisSettings);
        // What is open is closed again when a later step fails (a bad KB folder, a taken port): an embedded
        // redis-server must not outlive a start that failed.
        java.util.Deque<AutoCloseable> opened = new java.util.ArrayDeque<>(List.of(redis, flows));
        try {
            new CitizenKeyMigration(redis, secrets).run();
            // Demo citizens only where nobody's real data can be: the embedded Redis, unless asked for explicitly.
            if (settings.flag(HOTLINE_DEMO_DATA, redisSettings.isEmbedded())) {
                DemoCitizens demo = DemoCitizens.asOf(clock);
                demo.load(redis, secrets);
            }
            CallLog callLog = new CallLog(redis, journalDir, CallLogSettings.defaults().withLiveMaxAge(
                    settings.duration(HOTLINE_LIVE_MAX_AGE)), clock);
            opened.push(callLog);
            DeskPush deskPush = new DeskPush(redis);
            opened.push(deskPush);
            // every node aggregates: one consumer per record stream in the shared group, on its own threads
            StatsConfigLoader statsConfig = statsConfig(settings, flowsDir, clock);
            opened.push(statsConfig);
            // thresholds, FCR window and short IVR hang-up from stats.yaml when it exists; STATS_* otherwise
            StatsSettings statsSettings = statsSettings(settings, flowsDir, statsConfig);
            // warmed on generated records before they read, so that a node (re)started at a peak meets its
            // backlog with compiled code
            StatsConsumers statsConsumers = StatsConsumers.start(redis, statsSettings, nodeName, clock,
                    (stream, added, n) -> { }, statsWarmUp(settings));
            opened.push(statsConsumers);
            Statistics statistics = new Statistics(redis, statsSettings, clock,
                    List.of(Path.of(settings.string(HOTLINE_LOG_DIR))));
            CallerHash callerHash = callerHash(settings);
            Desk desk = desk(settings, redis, flowsDir, nodeName, clock);
            opened.push(desk.feed());
            opened.push(desk.codes());
            AgentDesk agentDesk = null;
            IvrTopicStamp stamp = null;
            if (settings.flag(AGENT_DESK, settings.string(AMI_HOST) != null)) {
                // handling records carry the IVR's topic from the call's context (the routing matrix)
                stamp = new IvrTopicStamp(desk.contexts(), callLog::submit);
                opened.push(stamp);
                agentDesk = AgentDesk.start(redis, AgentSettings.from(settings), callLog::submit, stamp,
                        systemClock, nodeName);
                opened.push(agentDesk);
            }
            ClickToCall clickToCall = ClickToCallWiring.start(settings, agentDesk);
            if (clickToCall != null) {
                opened.push(clickToCall);
            }
            WorkOrderWiring workOrders = WorkOrderWiring.start(settings, flows, redis, callLog, clock,
                    callerHash, nodeName, deskPush::publish, clickToCall == null ? null : clickToCall::call);
            opened.push(workOrders);
            CallerRequests requests = new CallerRequests(redis, day -> flows.current().hours().isWorkingDay(day));
            Hotline hotline = new Hotline(flows::current, new SelfService(redis, clock, secrets),
                    new PinGuard(redis, secrets), requests, callLog::submit, clock, nodeName,
                    settings.string(HOTLINE_RECORDINGS), callerHash, callLog::callStarted,
                    desk.contexts()::store);
            AgiServer agi = new AgiServer(agiSettings, hotline);
            agi.start();
            opened.push(agi);
            Path kbDir = Path.of(settings.string(HOTLINE_KB));
            KnowledgeBase kb = KnowledgeBase.open(kbDir, KbCommand.kbSettings(settings, kbDir).withDenseWait(
                    settings.string(KB_DENSE_WAIT) == null ? null : settings.duration(KB_DENSE_WAIT)));
            opened.push(kb);
            // The hall's clock and the live keys' entry times are real time, whatever HOTLINE_CLOCK pins for the IVR.
            Wallboard wallboard = new Wallboard(new WallboardThresholds(new LiveWallboardSource(redis,
                    () -> flows.current().queues(), new WallboardPeriods(statistics::queues, statistics::outcomes,
                    clock, statsSettings.zone())), statsConfig::current), systemClock);
            LiveNotices notices = new LiveNotices(redis, wallboard);
            opened.push(notices);
            StatsRoutes stats = new StatsRoutes(new StatsEngine(statistics, new CallDetails(redis),
                    () -> flows.current().queues()), statsConfig, clock);
            // the agent desktop's push: a call queued without IVR context is keyed like the IVR keys a box
            // without SYSTEMNAME
            cn.hotline12333.web.AgentHub agentHub = agentDesk == null ? null : new cn.hotline12333.web.AgentHub(
                    agentDesk, deskPush, redis, desk.contexts(), desk.codes(), "asterisk@" + settings.string(AMI_HOST));
            WebServer web = startWeb(webSettings, redis, kb, users, wallboard, agentHub, flows, stats,
                    kbOpenWindow(settings), concat(concat(workOrders.routes(), new DeskRoutes(desk.contexts(),
                            desk.history(), desk.codes(), CallAccess.byOffers(desk.contexts()), systemClock).routes()),
                            concat(agentRoutes(settings, agentDesk, desk), new cn.hotline12333.web.CallerPhoneRoutes(
                                    desk.contexts(), new cn.hotline12333.web.Audit(redis, systemClock)).routes())),
                    supervisorRoutes(agentDesk, deskPush, redis, systemClock, desk.codes(),
                            () -> new java.util.TreeSet<>(flows.current().queues())));
            log.info("event=node_started node={} agi_port={} web_port={} redis=\"{}\" flows={}", nodeName,
                    agi.port(), web.port(), redis.description(), flowsDir);
            HotlineNode node = new HotlineNode(redis, flows, callLog, agi, web, kb, notices, statsConfig,
                    settings.duration(AGI_DRAIN), statsConsumers, statistics, wallboard, workOrders, desk);
            node.agentDesk = agentDesk;
            node.clickToCall = clickToCall;
            node.deskPush = deskPush;
            node.topicStamp = stamp;
            node.agentHub = agentHub;
            return node;
        } catch (RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static Users users(Settings settings) {
        String usersFile = settings.string(HOTLINE_USERS);
        return usersFile == null ? Users.demo() : Users.load(Path.of(usersFile));
    }

    static AgiServerSettings agiSettings(Settings settings) {
        return new AgiServerSettings(settings.string(AGI_BIND), settings.integer(AGI_PORT),
                settings.integer(AGI_MAX_LINE_BYTES), settings.integer(AGI_MAX_ENV_LINES),
                settings.duration(AGI_ENV_TIMEOUT), settings.duration(AGI_REPLY_TIMEOUT),
                settings.integer(AGI_MAX_CONNECTIONS), settings.integer(AGI_WORK_THREADS),
                settings.integer(AGI_WORK_QUEUE));
    }

    static WebSettings webSettings(Settings settings) {
        return new WebSettings(settings.string(WEB_BIND), settings.integer(WEB_PORT),
                settings.integer(WEB_MAX_BODY_BYTES), settings.duration(WEB_IDLE_TIMEOUT),
                settings.integer(WEB_WORK_THREADS), settings.integer(WEB_WORK_QUEUE), settings.duration(WEB_SESSION_TTL),
                settings.integer(WEB_MAX_LOGIN_FAILURES), settings.duration(WEB_LOGIN_WINDOW),
                settings.integer(WEB_MAX_LOGIN_FAILURES_PER_ADDRESS), path(settings.string(WEB_TLS_CERT)),
                path(settings.string(WEB_TLS_KEY)));
    }

    private static Path path(String value) {
        return value == null ? null : Path.of(value);
    }

    /** The key is a secret: neither it nor its length is logged; only whether the demo key is in use. */
    private static CallerHash callerHash(Settings settings) {
        String key = settings.string(HOTLINE_CALLER_HASH_KEY);
        if (key == null) {
            log.warn("event=demo_caller_hash_key reason=no_HOTLINE_CALLER_HASH_KEY (never for production)");
            return CallerHash.demo();
        }
        return CallerHash.withKey(key);
    }

    /** How soon after a search an article opened by the same user counts as found by it (search analytics). */
    private static Duration kbOpenWindow(Settings settings) {
        Duration openWindow = settings.duration(KB_OPEN_WINDOW);
        if (openWindow.isZero() || openWindow.isNegative()) {
            throw new IllegalArgumentException("KB_OPEN_WINDOW must be a positive duration, was " + openWindow);
        }
        return openWindow;
    }

    /** The statistics consumers' warm-up at start: STATS_WARM_UP at most, on records of the bench's generator. */
    static StatsConsumers.WarmUp statsWarmUp(Settings settings) {
        return new StatsConsumers.WarmUp(() -> BenchDay.samples(StatsConsumers.WARM_UP_SAMPLE_CALLS),
                StatsConsumers.WARM_UP_CALL_RECORDS, settings.duration(STATS_WARM_UP));
    }

    /** The engine's settings: STATS_*, with stats.yaml's thresholds, FCR window, zone and retention when the file exists. */
    static StatsSettings statsSettings(Settings settings, Path flowsDir, StatsConfigLoader statsConfig) {
        StatsSettings fromKeys = StatsSettings.from(settings);
        return java.nio.file.Files.isRegularFile(statsConfigFile(settings, flowsDir))
                ? fromKeys.withConfig(statsConfig) : fromKeys;
    }

    static Path statsConfigFile(Settings settings, Path flowsDir) {
        return Path.of(settings.string(STATS_CONFIG, flowsDir.resolve(StatsConfigLoader.FILE_NAME).toString()));
    }

    /** {@code stats.yaml} beside the flows, watched; its versions' history in the log directory. */
    static StatsConfigLoader statsConfig(Settings settings, Path flowsDir, Clock clock) {
        return statsConfig(settings, flowsDir, clock, true);
    }

    static StatsConfigLoader statsConfig(Settings settings, Path flowsDir, Clock clock, boolean watch) {
        String file = statsConfigFile(settings, flowsDir).toString();
        // Not in the journal directory: that one must empty once Redis has taken every record.
        String history = settings.string(STATS_CONFIG_HISTORY,
                Path.of(settings.string(HOTLINE_LOG_DIR)).resolve("stats-config-history.jsonl").toString());
        return StatsConfigLoader.open(Path.of(file), Path.of(history), clock, watch);
    }

    /**
     * The call contexts and caller history in the shared Redis (live time, whatever HOTLINE_CLOCK pins for the
     * IVR: their expiries are real), the history's consumer, and {@code wrapup.yaml} beside the flows, watched, its
     * versions in the log directory. A flow directory without the file runs with an empty tree (logged); a broken
     * file stops the start with its file:line problems.
     */
    static Desk desk(Settings settings, Redis redis, Path flowsDir, String nodeName, Clock clock) {
        CallContexts contexts = new CallContexts(redis.jedis(), Clock.systemUTC());
        CallerHistory history = new CallerHistory(redis.jedis(), Clock.systemUTC());
        Path file = flowsDir.resolve(WrapupCodes.FILE_NAME);
        WrapupCodes codes;
        if (java.nio.file.Files.exists(file)) {
            codes = WrapupCodes.open(file, Path.of(settings.string(HOTLINE_LOG_DIR)).resolve("wrapup-history.jsonl"),
                    clock, true);
        } else {
            log.warn("event=wrapup_codes_missing file={} (agents get an empty wrap-up tree)", file);
            codes = WrapupCodes.fixed(new WrapupTree("-", "-", List.of()));
        }
        HistoryFeed feed = HistoryFeed.start(redis.jedis(), history, nodeName);
        return new Desk(contexts, history, feed, codes);
    }

    /** The agent's own routes; without a desk on this node they answer 503 saying why. */
    private static List<cn.hotline12333.web.Route> agentRoutes(Settings settings, AgentDesk agentDesk, Desk desk) {
        AgentDesk d = agentDesk;
        return new cn.hotline12333.web.AgentRoutes(d, AgentSettings.from(settings).pauseLimits(), desk.codes(),
                () -> d != null && d.phoneSystemUp()).routes();
    }

    /**
     * The team leader's routes (issue 11: agents' live state, force, broadcast) and the admin's edits (pause
     * reasons, skill groups, wrap-up codes); audited in Redis.
     */
    private static List<cn.hotline12333.web.Route> supervisorRoutes(AgentDesk agentDesk, DeskPush deskPush,
                                                                    Redis redis, Clock clock, WrapupCodes codes,
                                                                    java.util.function.Supplier<java.util.Set<String>> queues) {
        cn.hotline12333.web.Audit audit = new cn.hotline12333.web.Audit(redis, clock);
        cn.hotline12333.agent.PauseReasons pauses = new cn.hotline12333.agent.PauseReasons(redis, clock);
        List<cn.hotline12333.web.Route> routes = new java.util.ArrayList<>(new cn.hotline12333.web.SupervisorRoutes(
                agentDesk, deskPush, audit, clock, pauses).routes());
        routes.addAll(new cn.hotline12333.web.AdminRoutes(pauses, new cn.hotline12333.agent.SkillGroups(redis, clock),
                codes, agentDesk, queues, audit).routes());
        return routes;
    }

    private static WebServer startWeb(WebSettings web, Redis redis, KnowledgeBase kb, Users users,
                                      Wallboard wallboard, cn.hotline12333.web.AgentHub agentHub,
                                      FlowLibrary flows, StatsRoutes stats,
                                      Duration openWindow, List<cn.hotline12333.web.Route> more,
                                      List<cn.hotline12333.web.Route> supervisor) {
        Login login = new Login(users, new Sessions(redis, web.sessionTtl()),
                new LoginThrottle(redis, web.maxLoginFailures(), web.maxLoginFailuresPerAddress(), web.loginWindow()),
                web.tls());
        SearchAnalytics analytics = new SearchAnalytics(redis, Clock.systemUTC(), openWindow);
        List<cn.hotline12333.web.Route> routes = new java.util.ArrayList<>(new KbRoutes(kb, analytics).routes());
        routes.addAll(new CalendarRoutes(() -> CalendarCommand.calendar(flows.current().hours())).routes());
        routes.addAll(stats.routes());
        routes.addAll(more);
        routes.addAll(supervisor);
        WebServer server = new WebServer(web, login, routes, wallboard, agentHub);
        server.start();
        return server;
    }

    /**
     * For a node closed from a JVM shutdown hook ({@code serve}): Redis goes last. close() drains the calls and
     * saves their records, and only then stops an embedded redis-server, which until then waits for it instead of
     * stopping with the other hooks; the margin covers the call log's own close deadline.
     */
    public void closedAtExit() {
        if (redis.embedded() != null) {
            redis.embedded().awaitCloseAtExit(drain.plus(SHUTDOWN_MARGIN));
        }
    }

    public int webPort() {
        return web.port();
    }

    public int agiPort() {
        return agi.port();
    }

    /** The knowledge base the web routes search (benchmarks read its query-vector counts). */
    public KnowledgeBase kb() {
        return kb;
    }

    public Redis redis() {
        return redis;
    }

    /** The node's call log: the simulated floor and the wallboard benchmark write their records through it. */
    public CallLog callLog() {
        return callLog;
    }

    /** The agent desktop's server side, or null when this node does not run it. */
    /** Notices to agent desktops on every node (broadcasts, work orders falling due). */
    public DeskPush deskPush() {
        return deskPush;
    }

    public AgentDesk agentDesk() {
        return agentDesk;
    }

    /** What /ws/agent pushes to the desktops, or null when this node does not run the agent desktop. */
    public cn.hotline12333.web.AgentHub agentHub() {
        return agentHub;
    }

    /** How often this node computed the wallboard's figures since it started (the same for 10 screens as 200). */
    public long wallboardComputations() {
        return wallboard.computations();
    }

    public FlowLibrary flows() {
        return flows;
    }

    /**
     * Completes when the statistics consumers have warmed their code and start reading their streams (at once
     * without a warm-up): a benchmark measures from there, as a load balancer sends traffic to a node that says it
     * is ready.
     */
    public CompletableFuture<StatsConsumers.Warmed> statsReady() {
        return statsConsumers.ready();
    }

    public Statistics statistics() {
        return statistics;
    }

    public Desk desk() {
        return desk;
    }

    @Override
    public void close() {
        notices.close();
        web.close();
        agi.close(drain);
        kb.close();
        statsConfig.close();
        if (agentDesk != null) {
            try {
                agentDesk.close();
            } catch (Exception e) {
                log.warn("event=agent_desk_close_failed reason=\"{}\"", e.getMessage());
            }
        }
        if (clickToCall != null) {
            clickToCall.close();
        }
        if (topicStamp != null) {
            try {
                topicStamp.close(); // before the call log: the records it holds go there
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workOrders.close(); // its due watch publishes through the desk push
        deskPush.close();
        callLog.close();
        statsConsumers.close();
        desk.feed().close();
        desk.codes().close();
        flows.close();
        log.info("event=node_stopped");
        redis.close();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "hotline-node";
        }
    }

    private static List<cn.hotline12333.web.Route> concat(List<cn.hotline12333.web.Route> a,
                                                          List<cn.hotline12333.web.Route> b) {
        List<cn.hotline12333.web.Route> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
