package cn.hotline12333.cli;

import static cn.hotline12333.config.SettingKey.*;

import cn.hotline12333.agi.AgiServer;
import cn.hotline12333.agi.AgiServerSettings;
import cn.hotline12333.calllog.CallLog;
import cn.hotline12333.calllog.CallLogSettings;
import cn.hotline12333.config.Settings;
import cn.hotline12333.ivr.CallerHash;
import cn.hotline12333.ivr.CallerRequests;
import cn.hotline12333.ivr.FlowLibrary;
import cn.hotline12333.ivr.Hotline;
import cn.hotline12333.ivr.PinGuard;
import cn.hotline12333.ivr.SelfService;
import cn.hotline12333.demo.DemoCitizens;
import cn.hotline12333.store.Redis;
import cn.hotline12333.store.RedisSettings;
import cn.hotline12333.kb.KnowledgeBase;
import cn.hotline12333.kb.SearchAnalytics;
import cn.hotline12333.web.CalendarRoutes;
import cn.hotline12333.web.KbRoutes;
import cn.hotline12333.web.LiveNotices;
import cn.hotline12333.web.LiveWallboardSource;
import cn.hotline12333.web.Wallboard;
import java.util.Map;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hotline server node, wired from settings: Redis (external, or an embedded redis-server), the flows with
 * hot reload, the call log with its journal, the self-service data and the FastAGI server. {@code serve} runs
 * one; the integration tests run one on port 0.
 */
public final class HotlineNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HotlineNode.class);

    private final Redis redis;
    private final FlowLibrary flows;
    private final CallLog callLog;
    private final AgiServer agi;
    private final WebServer web;
    private final KnowledgeBase kb;
    private final Duration drain;
    private final LiveNotices notices;

    private HotlineNode(Redis redis, FlowLibrary flows, CallLog callLog, AgiServer agi, WebServer web,
                        KnowledgeBase kb, LiveNotices notices, Duration drain) {
        this.notices = notices;
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

        FlowLibrary flows = FlowLibrary.open(flowsDir);
        Redis redis = Redis.connect(redisSettings);
        // Demo citizens only where nobody's real data can be: the embedded Redis, unless asked for explicitly.
        if (settings.flag(HOTLINE_DEMO_DATA, redisSettings.isEmbedded())) {
            DemoCitizens demo = DemoCitizens.asOf(clock);
            demo.load(redis);
        }
        CallLog callLog = new CallLog(redis, journalDir, CallLogSettings.defaults().withLiveMaxAge(
                settings.duration(HOTLINE_LIVE_MAX_AGE)), clock);
        CallerRequests requests = new CallerRequests(redis, day -> flows.current().hours().isWorkingDay(day));
        Hotline hotline = new Hotline(flows::current, new SelfService(redis, clock), new PinGuard(redis),
                requests, callLog::submit, clock, nodeName,
                settings.string(HOTLINE_RECORDINGS), callerHash(settings), callLog::callStarted);
        AgiServer agi = new AgiServer(agiSettings, hotline);
        agi.start();
        KnowledgeBase kb = KnowledgeBase.open(Path.of(settings.string(HOTLINE_KB)));
        // The hall's clock and the live keys' entry times are real time, whatever HOTLINE_CLOCK pins for the IVR.
        Wallboard wallboard = new Wallboard(new LiveWallboardSource(redis, () -> flows.current().queues(), Map::of),
                systemClock);
        LiveNotices notices = new LiveNotices(redis, wallboard);
        WebServer web = startWeb(settings, redis, kb, wallboard, flows);
        log.info("event=node_started node={} agi_port={} web_port={} redis=\"{}\" flows={}", nodeName, agi.port(),
                web.port(), redis.description(), flowsDir);
        return new HotlineNode(redis, flows, callLog, agi, web, kb, notices, settings.duration(AGI_DRAIN));
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
                settings.integer(WEB_MAX_LOGIN_FAILURES), settings.duration(WEB_LOGIN_WINDOW));
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

    private static WebServer startWeb(Settings settings, Redis redis, KnowledgeBase kb, Wallboard wallboard,
                                      FlowLibrary flows) {
        WebSettings web = webSettings(settings);
        String usersFile = settings.string(HOTLINE_USERS);
        Users users;
        if (usersFile == null) {
            users = Users.demo();
            log.warn("event=demo_users reason=no_HOTLINE_USERS users=agent,manager,admin (passwords in README)");
        } else {
            users = Users.load(Path.of(usersFile));
        }
        Login login = new Login(users, new Sessions(redis, web.sessionTtl()),
                new LoginThrottle(redis, web.maxLoginFailures(), web.loginWindow()));
        Duration openWindow = settings.duration(KB_OPEN_WINDOW);
        if (openWindow.isZero() || openWindow.isNegative()) {
            throw new IllegalArgumentException("KB_OPEN_WINDOW must be a positive duration, was " + openWindow);
        }
        SearchAnalytics analytics = new SearchAnalytics(redis, Clock.systemUTC(), openWindow);
        List<cn.hotline12333.web.Route> routes = new java.util.ArrayList<>(new KbRoutes(kb, analytics).routes());
        routes.addAll(new CalendarRoutes(() -> CalendarCommand.calendar(flows.current().hours())).routes());
        WebServer server = new WebServer(web, login, routes, wallboard);
        server.start();
        return server;
    }

    public int webPort() {
        return web.port();
    }

    public int agiPort() {
        return agi.port();
    }

    public Redis redis() {
        return redis;
    }

    public FlowLibrary flows() {
        return flows;
    }

    @Override
    public void close() {
        notices.close();
        web.close();
        agi.close(drain);
        kb.close();
        callLog.close();
        flows.close();
        redis.close();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "hotline-node";
        }
    }
}
