package cn.hotline12333.cli;

import cn.hotline12333.agi.AgiServer;
import cn.hotline12333.agi.AgiServerSettings;
import cn.hotline12333.calllog.CallLog;
import cn.hotline12333.config.Settings;
import cn.hotline12333.ivr.CallerRequests;
import cn.hotline12333.ivr.FlowLibrary;
import cn.hotline12333.ivr.Hotline;
import cn.hotline12333.ivr.PinGuard;
import cn.hotline12333.ivr.SelfService;
import cn.hotline12333.sim.DemoCitizens;
import cn.hotline12333.store.Redis;
import cn.hotline12333.store.RedisSettings;
import cn.hotline12333.kb.KnowledgeBase;
import cn.hotline12333.kb.SearchAnalytics;
import cn.hotline12333.web.KbRoutes;
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

    private HotlineNode(Redis redis, FlowLibrary flows, CallLog callLog, AgiServer agi, WebServer web,
                        KnowledgeBase kb, Duration drain) {
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
        RedisSettings redisSettings = new RedisSettings(settings.string("REDIS_URL", null),
                settings.list("REDIS_SENTINELS"), settings.string("REDIS_MASTER", null),
                settings.integer("REDIS_MAX_CONNECTIONS", 64), settings.integer("EMBEDDED_REDIS_PORT", 6390));
        AgiServerSettings d = AgiServerSettings.defaults();
        AgiServerSettings agiSettings = new AgiServerSettings(
                settings.string("AGI_BIND", d.bindAddress()),
                settings.integer("AGI_PORT", d.port()),
                settings.integer("AGI_MAX_LINE_BYTES", d.maxLineBytes()),
                settings.integer("AGI_MAX_ENV_LINES", d.maxEnvLines()),
                settings.duration("AGI_ENV_TIMEOUT", d.envTimeout()),
                settings.duration("AGI_REPLY_TIMEOUT", d.replyTimeout()),
                settings.integer("AGI_MAX_CONNECTIONS", d.maxConnections()),
                settings.integer("AGI_WORK_THREADS", d.workThreads()),
                settings.integer("AGI_WORK_QUEUE", d.workQueue()));
        Path flowsDir = Path.of(settings.string("HOTLINE_FLOWS", "ivr-flows"));
        Path journalDir = Path.of(settings.string("HOTLINE_JOURNAL", "journal"));
        String nodeName = settings.string("HOTLINE_NODE", hostName());

        FlowLibrary flows = FlowLibrary.open(flowsDir);
        Redis redis = Redis.connect(redisSettings);
        // Demo citizens only where nobody's real data can be: the embedded Redis, unless asked for explicitly.
        if (settings.flag("HOTLINE_DEMO_DATA", redisSettings.isEmbedded())) {
            DemoCitizens demo = DemoCitizens.asOf(clock);
            demo.load(redis);
        }
        CallLog callLog = new CallLog(redis, journalDir);
        CallerRequests requests = new CallerRequests(redis, day -> flows.current().hours().isWorkingDay(day));
        Hotline hotline = new Hotline(flows::current, new SelfService(redis, clock), new PinGuard(redis),
                requests, callLog::submit, clock, nodeName,
                settings.string("HOTLINE_RECORDINGS", Hotline.DEFAULT_RECORDINGS));
        AgiServer agi = new AgiServer(agiSettings, hotline);
        agi.start();
        KnowledgeBase kb = KnowledgeBase.open(Path.of(settings.string("HOTLINE_KB", "knowledge-base")));
        WebServer web = startWeb(settings, redis, kb);
        log.info("event=node_started node={} agi_port={} web_port={} redis=\"{}\" flows={}", nodeName, agi.port(),
                web.port(), redis.description(), flowsDir);
        return new HotlineNode(redis, flows, callLog, agi, web, kb,
                settings.duration("AGI_DRAIN", Duration.ofSeconds(30)));
    }

    private static WebServer startWeb(Settings settings, Redis redis, KnowledgeBase kb) {
        WebSettings d = WebSettings.defaults();
        WebSettings web = new WebSettings(settings.string("WEB_BIND", d.bindAddress()),
                settings.integer("WEB_PORT", d.port()), settings.integer("WEB_MAX_BODY_BYTES", d.maxBodyBytes()),
                settings.duration("WEB_IDLE_TIMEOUT", d.idleTimeout()), settings.integer("WEB_WORK_THREADS", d.workThreads()),
                settings.integer("WEB_WORK_QUEUE", d.workQueue()), settings.duration("WEB_SESSION_TTL", d.sessionTtl()),
                settings.integer("WEB_MAX_LOGIN_FAILURES", d.maxLoginFailures()),
                settings.duration("WEB_LOGIN_WINDOW", d.loginWindow()));
        String usersFile = settings.string("HOTLINE_USERS", null);
        Users users;
        if (usersFile == null) {
            users = Users.demo();
            log.warn("event=demo_users reason=no_HOTLINE_USERS users=agent,manager,admin (passwords in README)");
        } else {
            users = Users.load(Path.of(usersFile));
        }
        Login login = new Login(users, new Sessions(redis, web.sessionTtl()),
                new LoginThrottle(redis, web.maxLoginFailures(), web.loginWindow()));
        Duration openWindow = settings.duration("KB_OPEN_WINDOW", Duration.ofMinutes(10));
        if (openWindow.isZero() || openWindow.isNegative()) {
            throw new IllegalArgumentException("KB_OPEN_WINDOW must be a positive duration, was " + openWindow);
        }
        SearchAnalytics analytics = new SearchAnalytics(redis, Clock.systemUTC(), openWindow);
        WebServer server = new WebServer(web, login, new KbRoutes(kb, analytics).routes());
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
