package cn.hotline12333.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Settings of one {@link AmiEmulator}, validated once. The clock and the id sources are here so that a test
 * can make every Timestamp, LoginTime, Challenge and SessionID what a recorded transcript shows.
 *
 * @param amiVersion       the banner's and CoreSettings' AMI version (Asterisk 22 says 11.0.0)
 * @param asteriskVersion  CoreSettings' AsteriskVersion and {@code core show version}
 * @param users            manager.conf users by name
 * @param queues           queues.conf: the queues in the order "all queues" lists show them (real Asterisk: hash order)
 * @param timestampEvents  manager.conf timestampevents: a Timestamp line after Privilege in every event
 * @param systemName       asterisk.conf systemname: a SystemName line in every event ("" = none)
 * @param authFailureDelay manager.c sleeps 1 s before answering a failed login, then hangs up
 * @param epochMicros      the box's clock, epoch microseconds
 * @param challenges       the numbers Challenge hands out (manager.c: ast_random())
 * @param sessionIds       the SessionID of each connection's security events (an address in Asterisk)
 * @param channelVars      manager.conf channelvars: shown as {@code ChanVariable(<channel>): NAME=value} in
 *                         OriginateResponse (channel blocks of other events do not carry them here)
 * @param pjsipEndpoints   pjsip.conf's endpoints, or null: every {@code PJSIP/<name>} then reads as before
 *                         (Status 0 until a test sets its state). With a list, a {@code PJSIP/} device that is
 *                         not on it reads AST_DEVICE_INVALID (4) and one on it NOT_INUSE (1) until set
 *                         (chan_pjsip_devicestate: no such endpoint → INVALID; online → NOT_INUSE)
 */
public record AmiSettings(String amiVersion, String asteriskVersion, Map<String, User> users, List<Queue> queues,
                          boolean timestampEvents, String systemName, Duration authFailureDelay,
                          LongSupplier epochMicros, LongSupplier challenges, LongSupplier sessionIds,
                          List<String> channelVars, List<String> pjsipEndpoints) {

    /** A manager.conf user: secret, read and write classes ("system,agent,call", "all"). */
    public record User(String secret, String read, String write) {
    }

    /**
     * A queues.conf queue: name, strategy, static members (interfaces; their MemberName is the interface), and the
     * settings AMI shows: {@code maxlen} (QueueParams' Max), {@code servicelevel}, {@code ringinuse} (members'
     * Ringinuse; with no, a member whose phone is in use is not rung). Asterisk's defaults are 0, 0 and yes.
     */
    public record Queue(String name, String strategy, List<String> staticMembers, int maxLen, int serviceLevel,
                        boolean ringInUse) {
        public Queue {
            staticMembers = List.copyOf(staticMembers);
        }

        public Queue(String name, String strategy, List<String> staticMembers) {
            this(name, strategy, staticMembers, 0, 0, true);
        }

        public static Queue dynamic(String name) {
            return new Queue(name, "ringall", List.of());
        }

        /** A queue as deploy/asterisk/queues.conf's template sets it: leastrecent, maxlen 50, servicelevel 20,
         *  ringinuse no. */
        public static Queue hotline(String name) {
            return new Queue(name, "leastrecent", List.of(), 50, 20, false);
        }
    }

    public AmiSettings {
        users = Map.copyOf(users);
        queues = List.copyOf(queues);
        channelVars = List.copyOf(channelVars);
        pjsipEndpoints = pjsipEndpoints == null ? null : List.copyOf(pjsipEndpoints);
        if (authFailureDelay == null || authFailureDelay.isNegative()) {
            throw new IllegalArgumentException("authFailureDelay must be zero or more, was " + authFailureDelay);
        }
        if (systemName == null) {
            systemName = "";
        }
    }

    /** User {@code hotline} / {@code hotline-secret} with every right, the hotline's queues, the real clock. */
    public static AmiSettings defaults() {
        List<Queue> queues = new ArrayList<>();
        for (String name : List.of("hotline-general", "hotline-pension", "hotline-unemployment", "hotline-card",
                "labour-inspection", "hotline-personnel")) {
            queues.add(new Queue(name, "leastrecent", List.of()));
        }
        long micros0 = System.currentTimeMillis() * 1000;
        long nanos0 = System.nanoTime();
        return new AmiSettings("11.0.0", AsteriskEmulator.VERSION,
                Map.of("hotline", new User("hotline-secret", "all", "all")), queues, false, "", Duration.ofSeconds(1),
                () -> micros0 + (System.nanoTime() - nanos0) / 1000,
                () -> ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE),
                () -> 0x7f0000000000L + ThreadLocalRandom.current().nextLong(0x1000000000L) * 16, List.of(), null);
    }

    public AmiSettings withUser(String name, User user) {
        Map<String, User> more = new LinkedHashMap<>(users);
        more.put(name, user);
        return new AmiSettings(amiVersion, asteriskVersion, more, queues, timestampEvents, systemName, authFailureDelay,
                epochMicros, challenges, sessionIds, channelVars, pjsipEndpoints);
    }

    public AmiSettings withQueues(List<Queue> list) {
        return new AmiSettings(amiVersion, asteriskVersion, users, list, timestampEvents, systemName, authFailureDelay,
                epochMicros, challenges, sessionIds, channelVars, pjsipEndpoints);
    }

    public AmiSettings withTimestampEvents(boolean on) {
        return new AmiSettings(amiVersion, asteriskVersion, users, queues, on, systemName, authFailureDelay,
                epochMicros, challenges, sessionIds, channelVars, pjsipEndpoints);
    }

    public AmiSettings withSystemName(String name) {
        return new AmiSettings(amiVersion, asteriskVersion, users, queues, timestampEvents, name, authFailureDelay,
                epochMicros, challenges, sessionIds, channelVars, pjsipEndpoints);
    }

    public AmiSettings withAuthFailureDelay(Duration delay) {
        return new AmiSettings(amiVersion, asteriskVersion, users, queues, timestampEvents, systemName, delay,
                epochMicros, challenges, sessionIds, channelVars, pjsipEndpoints);
    }

    public AmiSettings withClock(LongSupplier micros) {
        return new AmiSettings(amiVersion, asteriskVersion, users, queues, timestampEvents, systemName, authFailureDelay,
                micros, challenges, sessionIds, channelVars, pjsipEndpoints);
    }

    public AmiSettings withIds(LongSupplier challengeNumbers, LongSupplier sessionIdNumbers) {
        return new AmiSettings(amiVersion, asteriskVersion, users, queues, timestampEvents, systemName, authFailureDelay,
                epochMicros, challengeNumbers, sessionIdNumbers, channelVars, pjsipEndpoints);
    }

    public AmiSettings withChannelVars(List<String> names) {
        return new AmiSettings(amiVersion, asteriskVersion, users, queues, timestampEvents, systemName, authFailureDelay,
                epochMicros, challenges, sessionIds, names, pjsipEndpoints);
    }

    public AmiSettings withPjsipEndpoints(List<String> names) {
        return new AmiSettings(amiVersion, asteriskVersion, users, queues, timestampEvents, systemName, authFailureDelay,
                epochMicros, challenges, sessionIds, channelVars, names);
    }
}
