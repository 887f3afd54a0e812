package cn.hotline12333.config;

/**
 * Every setting the hotline reads, in one table: its default, what it means and which commands read it.
 * Keys are environment names; {@code hotline.properties} may spell them in lower case with dots
 * ({@code agi.port}). README's configuration table lists the same rows ({@code SettingKeyTest} compares them).
 *
 * <p>A key with no default value either has none (unset means "not used", like the Sentinel list) or one that
 * only the reading command can work out (the host name); {@link #shown} then says what it is.
 */
public enum SettingKey {
    REDIS_URL(null, "*(embedded)*", "`redis://[user:password@]host:port[/db]` or `rediss://…`", "serve, simulate"),
    REDIS_SENTINELS(null, "", "Sentinel: `host:port,host:port`", "serve"),
    REDIS_MASTER(null, "", "Sentinel: the master set name", "serve"),
    REDIS_MAX_CONNECTIONS("64", null, "connections in the Redis pool of a node", "serve"),
    EMBEDDED_REDIS_PORT("6390", null, "port of the embedded redis-server (0: any)", "serve, simulate"),
    HOTLINE_DEMO_DATA(null, "true when embedded", "load the synthetic citizens", "serve"),
    AGI_BIND("0.0.0.0", null, "FastAGI listener address", "serve"),
    AGI_PORT("4573", null, "FastAGI listener port", "serve, simulate"),
    AGI_MAX_CONNECTIONS("20000", null, "calls at once on this node; more are refused", "serve"),
    AGI_MAX_LINE_BYTES("4096", null, "longest line accepted from Asterisk", "serve"),
    AGI_MAX_ENV_LINES("200", null, "most lines of a call's `agi_*` environment block", "serve"),
    AGI_ENV_TIMEOUT("10s", null, "time for the environment block to arrive", "serve"),
    AGI_REPLY_TIMEOUT("60s", null, "longest wait for a reply, beyond the command's own timeout", "serve"),
    AGI_WORK_THREADS("16", null, "threads of the bounded pool for blocking work (Redis)", "serve"),
    AGI_WORK_QUEUE("10000", null,
            "work that may wait for that pool; full → apology and the dialplan's fallback", "serve"),
    AGI_DRAIN("30s", null, "on shutdown, how long calls in progress may finish before they are closed", "serve"),
    WEB_BIND("0.0.0.0", null, "HTTP API address", "serve"),
    WEB_PORT("8080", null, "HTTP API port", "serve"),
    WEB_MAX_BODY_BYTES("65536", null, "largest request body; larger ones get 413", "serve"),
    WEB_IDLE_TIMEOUT("60s", null, "an HTTP connection idle this long is closed", "serve"),
    WEB_WORK_THREADS("8", null, "HTTP worker threads (login, Redis, Lucene)", "serve"),
    WEB_WORK_QUEUE("1000", null, "requests that may wait for a worker; beyond that 503", "serve"),
    WEB_SESSION_TTL("10h", null, "how long a login token lives", "serve"),
    WEB_MAX_LOGIN_FAILURES("5", null, "wrong passwords per user name before that name is refused (429 with "
            + "`Retry-After`)", "serve"),
    WEB_MAX_LOGIN_FAILURES_PER_ADDRESS("100", null, "wrong passwords from one address, any names, before the "
            + "address is refused (high: a call centre's agents share one NAT address)", "serve"),
    WEB_LOGIN_WINDOW("15m", null, "how long those failures count and the refusal lasts", "serve"),
    WEB_TLS_CERT(null, "*(plain HTTP)*", "PEM certificate chain: with `WEB_TLS_KEY`, the web port speaks HTTPS and "
            + "the session cookie is Secure", "serve"),
    WEB_TLS_KEY(null, "*(plain HTTP)*", "PEM private key (PKCS#8, unencrypted) of `WEB_TLS_CERT`", "serve"),
    HOTLINE_USERS(null, "*(demo users)*", "users file (names, bcrypt hashes, roles, region)", "serve"),
    HOTLINE_ID_KEY(null, "*(public demo key)*", "secret (32+ characters) keying the HMAC that stands for an ID "
            + "number in Redis keys; never in Redis, never logged (docs/security.md)", "serve"),
    HOTLINE_PIN_PEPPER(null, "*(public demo pepper)*", "secret (32+ characters) over every stored PIN verifier "
            + "(PBKDF2 with a per-citizen salt underneath); never in Redis, never logged", "serve"),
    HOTLINE_DEMO(null, "false", "with an external Redis, start anyway with demo users, secrets or data (otherwise "
            + "refused, naming each key)", "serve"),
    HOTLINE_FLOWS("ivr-flows", null, "flow directory", "serve, simulate, flows check, prompts render, calendar"),
    HOTLINE_KB("knowledge-base", null, "knowledge-base directory", "serve"),
    KB_OPEN_WINDOW("10m", null,
            "search analytics: an article the agent opens this soon after a search counts as opened from it", "serve"),
    KB_HYBRID(null, "true when the model is on the classpath",
            "knowledge-base search fuses the embedding model's (bge-small-zh-v1.5) nearest articles with the text "
                    + "search; `false`: text search only", "serve, kb search, kb eval"),
    KB_CACHE_DIR(null, "`<HOTLINE_KB>/.cache`",
            "passage vectors (reused across restarts; only changed passages are embedded again) and the tokenizer's "
                    + "native library", "serve, kb search, kb eval"),
    KB_EMBED_THREADS("1", null, "onnxruntime threads per embedding (a query, or a batch of passages at start)",
            "serve, kb search, kb eval"),
    KB_DENSE_WAIT(null, "*(none: waits for the vector)*", "how long a hybrid search waits, from its start, for its "
            + "query's vector, e.g. `30ms`; past that it answers with the text search alone, by its rules (counted; "
            + "what that costs: docs/benchmarks.md)", "serve"),
    HOTLINE_RECORDINGS("/var/spool/asterisk/hotline-msg", null,
            "where Asterisk writes callers' messages (on the Asterisk box; create it there)", "serve"),
    HOTLINE_JOURNAL("journal", null, "where call records wait while Redis is down (one per node)", "serve"),
    HOTLINE_LOG_DIR("logs", null, "CDR files `cdr-YYYY-MM-DD.jsonl` (Beijing days)", "every command (Logback)"),
    HOTLINE_LOG_LEVEL("INFO", null, "level of the log on standard error (`WARN`, `DEBUG`, …)",
            "every command (Logback)"),
    HOTLINE_NODE(null, "host name", "this node's name in call records", "serve"),
    HOTLINE_CLOCK(null, "*(system)*", "pin the clock, e.g. `2026-11-23T10:00+08:00`; it ticks on from there",
            "serve, simulate"),
    HOTLINE_CALLER_HASH_KEY(null, "*(public demo key)*", "secret key of the records' `caller_hash` (HMAC-SHA256 of "
            + "the caller number); never logged. Unset: the demo key, with a warning (never for production). Changing "
            + "it unlinks earlier calls", "serve"),
    HOTLINE_LIVE_MAX_AGE("6h", null, "an entry of `live:ivr` (calls in the IVR now) older than this is swept: its "
            + "node died", "serve"),
    STATS_CONFIG(null, "`<HOTLINE_FLOWS>/stats.yaml`", "statistics settings (thresholds per queue, windows, survey "
            + "scale, zone, retention), reloaded when saved", "serve, stats check"),
    STATS_CONFIG_HISTORY(null, "`<HOTLINE_LOG_DIR>/stats-config-history.jsonl`", "every version of the statistics "
            + "settings with the time it took effect (one per node)", "serve"),
    STATS_ZONE("Asia/Shanghai", null, "default zone of the statistics reports and of \"today\"", "serve, stats"),
    STATS_SL_SECONDS("20", null, "service-level threshold T of queues without their own (wait exactly T is within)",
            "serve, stats"),
    STATS_SHORT_ABANDON_SECONDS("5", null, "short-abandon threshold S (S < T) of queues without their own",
            "serve, stats"),
    STATS_QUEUE_THRESHOLDS(null, "", "per queue T and S: `pension:30:5,card:20:5`", "serve, stats"),
    STATS_SHORT_IVR_SECONDS("5", null, "IVR hang-ups this short leave the self-service rate's denominator",
            "serve, stats"),
    STATS_FCR_DAYS("7", null, "first-contact-resolution window", "serve, stats"),
    STATS_BUCKET_DAYS("62", null, "days of 15-minute statistics buckets kept in Redis", "serve, stats"),
    STATS_ROLLUP_DAYS("400", null, "days of daily statistics roll-ups kept in Redis", "serve, stats"),
    STATS_PROVISIONAL("2h", null, "how long after its end a report row stays provisional", "serve, stats"),
    STATS_BATCH("4000", null, "records per stream read and per apply script call", "serve, stats"),
    STATS_WARM_UP("10s", null, "at start, the statistics consumers warm their code on generated records for at most "
            + "this long before they read (`0s`: not at all)", "serve"),
    STATS_CLAIM_IDLE("3s", null, "a statistics record pending this long is taken over from a dead node", "serve"),
    WORK_ORDER_TYPES(null, "`<HOTLINE_FLOWS>/work-order-types.yaml`", "work-order types and their deadlines in "
            + "working days, reloaded when saved", "serve"),
    TASK_LEASE("15m", null, "how long an agent's claim of a callback or message task lasts before it returns to the "
            + "pool", "serve"),
    TASK_MAX_ATTEMPTS("3", null, "callback attempts (no answer) after which a task closes", "serve"),
    WORK_ORDER_DUE_CHECK("5m", null, "how often each node looks for work orders due soon or overdue to tell their "
            + "assignees' desktops (once a day per order and state, whichever node finds it)", "serve"),
    AMI_HOST(null, "", "Asterisk manager interface (AMI) host; set, the node runs the agent desktop's state "
            + "service and AMI link", "serve"),
    AMI_PORT("5038", null, "AMI port", "serve"),
    AMI_USER(null, "", "AMI user (manager.conf: `read = system,agent,call`, `write = agent,reporting`)", "serve"),
    AMI_SECRET(null, "", "AMI secret; never logged", "serve"),
    CLICK_TO_CALL(null, "`false`", "call back from the task panel through AMI `Originate` (rings the agent's phone, then "
            + "dials the caller); needs the agent desktop (`AMI_HOST`)", "serve"),
    CLICK_TO_CALL_CONTEXT("hotline-agent-phones", null, "dialplan context in which click-to-call dials the caller's "
            + "number (the sample extensions.conf dials callbacks there through the trunk)", "serve"),
    CLICK_TO_CALL_AMI_USER(null, "`AMI_USER`", "AMI user for click-to-call, when the desk's user lacks manager.conf's "
            + "`write = originate`", "serve"),
    CLICK_TO_CALL_AMI_SECRET(null, "`AMI_SECRET`", "its secret; never logged", "serve"),
    AGENT_DESK(null, "true when `AMI_HOST` is set", "run the agent desktop's state service on this node", "serve"),
    AGENT_QUEUES("hotline-general", null, "queues every agent joins at login (paused), comma-separated", "serve"),
    AGENT_INTERFACE("PJSIP/%s", null, "queue member interface of an agent's extension (`%s` = the extension)",
            "serve"),
    AGENT_STATE_INTERFACE(null, "the interface", "device whose state app_queue follows for the member (QueueAdd "
            + "`StateInterface`): needed with a `Local/` interface, e.g. `PJSIP/agent%s`, else an offline phone is "
            + "never seen", "serve"),
    AGENT_WRAPUP_LIMIT("60s", null, "wrap-up time limit of queues without their own", "serve"),
    AGENT_WRAPUP_LIMITS(null, "", "per queue wrap-up limits: `hotline-pension:90s,hotline-card:30s`", "serve"),
    AGENT_WRAPUP_EXPIRY("ready", null, "state after an expired wrap-up: `ready`, or `not_ready` (小结超时)", "serve"),
    AGENT_HEARTBEAT_LIMIT("60s", null, "a READY agent whose desktop is silent this long is made NOT_READY(桌面离线); "
            + "`0s`: never", "serve"),
    AGENT_PAUSE_REASONS("休息:15m,用餐:45m,培训:2h,会议:2h", null, "the not-ready reasons an agent may give, each with "
            + "the time after which the supervisor sees it overdue", "serve"),
    HOTLINE_CONFIG("hotline.properties", null, "properties file under the environment (if the default is absent, "
            + "none)", "every command");

    private final String fallback;
    private final String shown;
    private final String meaning;
    private final String readBy;

    SettingKey(String fallback, String shown, String meaning, String readBy) {
        this.fallback = fallback;
        this.shown = shown != null ? shown : fallback;
        this.meaning = meaning;
        this.readBy = readBy;
    }

    /** The value used when the key is unset, in the key's own syntax; null when there is none in the table. */
    public String fallback() {
        return fallback;
    }

    /** The default as README shows it (the value, or words for one worked out at start). */
    public String shown() {
        return shown;
    }

    public String meaning() {
        return meaning;
    }

    /** The commands that read the key. */
    public String readBy() {
        return readBy;
    }

    /** The key as a properties file may spell it ({@code agi.port}). */
    String dotted() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    }
}
