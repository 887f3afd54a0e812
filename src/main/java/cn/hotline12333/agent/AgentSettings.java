package cn.hotline12333.agent;

import cn.hotline12333.config.Durations;
import cn.hotline12333.config.SettingKey;
import cn.hotline12333.config.Settings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent desktop's settings, validated once at start (config.Settings builds them from SettingKey's AGENT_* and
 * AMI_* keys). The AMI secret is kept here and nowhere else; {@link #toString} leaves it out.
 *
 * @param queues           the queues every agent joins at login (until skill groups choose them)
 * @param interfacePattern the member interface of an extension, {@code %s} standing for it ({@code PJSIP/%s})
 * @param stateInterfacePattern the device whose state app_queue follows for that member ({@code PJSIP/agent%s}),
 *                         or empty: the interface itself. A {@code Local/} interface needs it: core_local's device
 *                         state is NOT_INUSE whenever the dialplan extension exists, so it never reads unavailable
 * @param wrapupLimits     per queue, else {@code wrapupLimit}
 * @param pauseLimits      the pause reasons an agent may give, each with its time limit
 */
public record AgentSettings(String amiHost, int amiPort, String amiUser, String amiSecret, List<String> queues,
                            String interfacePattern, Duration wrapupLimit, Map<String, Duration> wrapupLimits,
                            boolean wrapupExpiryNotReady, Duration heartbeatLimit,
                            Map<String, Duration> pauseLimits, String stateInterfacePattern) {

    public AgentSettings {
        stateInterfacePattern = stateInterfacePattern == null ? "" : stateInterfacePattern;
        if (!stateInterfacePattern.isEmpty() && !stateInterfacePattern.contains("%s")) {
            throw new IllegalArgumentException("AGENT_STATE_INTERFACE must contain %s for the extension (or be empty),"
                    + " was " + stateInterfacePattern);
        }
        queues = List.copyOf(queues);
        wrapupLimits = Map.copyOf(wrapupLimits);
        pauseLimits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pauseLimits));
        if (!interfacePattern.contains("%s")) {
            throw new IllegalArgumentException("AGENT_INTERFACE must contain %s for the extension, was "
                    + interfacePattern);
        }
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("AGENT_QUEUES must name at least one queue");
        }
    }

    /** Without a separate state interface: app_queue follows the member interface itself. */
    public AgentSettings(String amiHost, int amiPort, String amiUser, String amiSecret, List<String> queues,
                         String interfacePattern, Duration wrapupLimit, Map<String, Duration> wrapupLimits,
                         boolean wrapupExpiryNotReady, Duration heartbeatLimit, Map<String, Duration> pauseLimits) {
        this(amiHost, amiPort, amiUser, amiSecret, queues, interfacePattern, wrapupLimit, wrapupLimits,
                wrapupExpiryNotReady, heartbeatLimit, pauseLimits, "");
    }

    /** From the AMI_* and AGENT_* keys; a bad value stops the start with a message naming its key. */
    public static AgentSettings from(Settings s) {
        String expiry = s.string(SettingKey.AGENT_WRAPUP_EXPIRY);
        if (!expiry.equals("ready") && !expiry.equals("not_ready")) {
            throw new IllegalArgumentException("AGENT_WRAPUP_EXPIRY: ready or not_ready, was " + expiry);
        }
        Map<String, Duration> pauses = parsePauses(s.string(SettingKey.AGENT_PAUSE_REASONS),
                "AGENT_PAUSE_REASONS");
        if (pauses.isEmpty()) {
            throw new IllegalArgumentException("AGENT_PAUSE_REASONS: at least one reason");
        }
        return new AgentSettings(s.string(SettingKey.AMI_HOST),
                s.integer(SettingKey.AMI_PORT),
                s.string(SettingKey.AMI_USER),
                s.string(SettingKey.AMI_SECRET),
                s.list(SettingKey.AGENT_QUEUES),
                s.string(SettingKey.AGENT_INTERFACE),
                s.duration(SettingKey.AGENT_WRAPUP_LIMIT),
                parsePauses(s.string(SettingKey.AGENT_WRAPUP_LIMITS), "AGENT_WRAPUP_LIMITS"),
                expiry.equals("not_ready"), s.duration(SettingKey.AGENT_HEARTBEAT_LIMIT), pauses,
                s.string(SettingKey.AGENT_STATE_INTERFACE));
    }

    /** Defaults for tests and the simulator: no AMI, one queue, 60 s wrap-up, 60 s heartbeat. */
    public static AgentSettings defaults() {
        return new AgentSettings(null, 5038, null, null, List.of("hotline-general"), "PJSIP/%s",
                Duration.ofSeconds(60), Map.of(), false, Duration.ofSeconds(60), parsePauses(DEFAULT_PAUSES, "x"));
    }

    public static final String DEFAULT_PAUSES = "休息:15m,用餐:45m,培训:2h,会议:2h";

    /** {@code 休息:15m,用餐:45m}: every entry a reason and a limit; a bad entry names {@code key}. */
    public static Map<String, Duration> parsePauses(String value, String key) {
        Map<String, Duration> out = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String entry : value.split(",")) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(key + ": expected name:duration, was \"" + entry.trim() + "\"");
            }
            Duration limit = Durations.parse(entry.substring(colon + 1).trim());
            if (limit == null) {
                throw new IllegalArgumentException(key + ": \"" + entry.trim() + "\" needs a duration like "
                        + Durations.EXAMPLES);
            }
            out.put(entry.substring(0, colon).trim(), limit);
        }
        return out;
    }

    String interfaceOf(String extension) {
        return String.format(interfacePattern, extension);
    }

    /** The StateInterface of an extension's member: the device, where the interface is a dialplan route to it. */
    String stateInterfaceOf(String extension) {
        return stateInterfacePattern.isEmpty() ? interfaceOf(extension) : String.format(stateInterfacePattern, extension);
    }

    long wrapupLimitMs(String queue) {
        return wrapupLimits.getOrDefault(queue, wrapupLimit).toMillis();
    }

    AgentSettings withWrapupExpiryNotReady(boolean notReady) {
        return new AgentSettings(amiHost, amiPort, amiUser, amiSecret, queues, interfacePattern, wrapupLimit,
                wrapupLimits, notReady, heartbeatLimit, pauseLimits, stateInterfacePattern);
    }

    @Override
    public String toString() {
        return "AgentSettings[ami=" + amiHost + ":" + amiPort + " user=" + amiUser + " queues=" + queues + "]";
    }
}
