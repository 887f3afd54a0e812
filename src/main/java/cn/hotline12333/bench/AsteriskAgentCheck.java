package cn.hotline12333.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import cn.hotline12333.agent.AgentDesk;
import cn.hotline12333.agent.AgentSettings;
import cn.hotline12333.agent.AgentState;
import cn.hotline12333.store.EmbeddedRedis;
import cn.hotline12333.store.Redis;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * {@code hotline-bench.jar bench agent-asterisk}: our desk (AgentDesk with its AmiLink on Asterisk-Java, an
 * embedded Redis for the intent) against a real Asterisk: agents log in paused, the first goes ready, the others
 * stay not ready; then {@code --restart} (a shell command, e.g. {@code asterisk -rx "core restart now"}) restarts
 * Asterisk, and the check waits until Asterisk's own QueueStatus (read on a raw socket of our own, not through
 * the desk) shows every member back with the pause its agent asked for. First, {@link AmiReplies} sends the same
 * actions to Asterisk and to the AMI emulator and prints where their replies differ. Run by
 * deploy/asterisk/agent-restart.sh; never by a test.
 */
final class AsteriskAgentCheck {
    static final String USAGE = "usage: hotline-bench.jar bench agent-asterisk --ami host:port --user u --secret s"
            + " [--queue hotline-general] [--interface Local/%s@hotline-agents/n] [--agents 1001:6001,1002:6002]"
            + " [--restart 'shell command'] [--compare yes]";

    private AsteriskAgentCheck() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        Flags f;
        try {
            f = Flags.parse(argv, List.of("ami", "user", "secret", "queue", "interface", "agents", "restart",
                    "compare"));
            if (!f.given().containsKey("ami") || !f.given().containsKey("user") || !f.given().containsKey("secret")) {
                throw new IllegalArgumentException("--ami, --user and --secret are needed");
            }
        } catch (IllegalArgumentException e) {
            err.println("bench agent-asterisk: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
        ((Logger) LoggerFactory.getLogger("org.asteriskjava")).setLevel(Level.ERROR);
        String[] hostPort = f.given().get("ami").split(":");
        String host = hostPort[0];
        int port = Integer.parseInt(hostPort[1]);
        String user = f.given().get("user");
        String secret = f.given().get("secret");
        String queue = f.given().getOrDefault("queue", "hotline-general");
        String pattern = f.given().getOrDefault("interface", "Local/%s@hotline-agents/n");
        Map<String, String> agents = new LinkedHashMap<>();
        for (String pair : f.given().getOrDefault("agents", "1001:6001,1002:6002").split(",")) {
            String[] p = pair.split(":");
            agents.put(p[0], p[1]);
        }
        try {
            if (!"no".equals(f.given().get("compare"))) {
                AmiReplies.compare(host, port, user, secret, queue, out);
            }
            return check(host, port, user, secret, queue, pattern, agents, f.given().get("restart"), out) ? 0 : 1;
        } catch (Exception e) {
            err.println("bench agent-asterisk: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private static boolean check(String host, int port, String user, String secret, String queue, String pattern,
                                 Map<String, String> agents, String restart, PrintStream out) throws Exception {
        AgentFloorWatch watch = new AgentFloorWatch();
        AgentSettings settings = new AgentSettings(host, port, user, secret, List.of(queue), pattern,
                Duration.ofSeconds(60), Map.of(), false, Duration.ZERO,
                AgentSettings.parsePauses(AgentSettings.DEFAULT_PAUSES, "check"));
        long t0 = System.nanoTime();
        try (EmbeddedRedis embedded = EmbeddedRedis.start(); Redis redis = Redis.connect(embedded.url());
             AgentDesk desk = AgentDesk.start(redis, settings, s -> { }, h -> { }, Clock.systemUTC(), "check")) {
            desk.addListener(watch);
            AgentBench.await("AMI link up", Duration.ofSeconds(30), () -> watch.up);
            say(out, t0, "link up (logged in, FullyBooted, QueueStatus reconciled)");
            Map<String, Boolean> intent = new LinkedHashMap<>();
            List<String> names = new ArrayList<>(agents.keySet());
            for (String agent : names) {
                desk.login(agent, agents.get(agent), "check-" + agent, "agent-restart.sh", true).join();
                intent.put(String.format(pattern, agents.get(agent)), true);
            }
            AgentBench.await("logged in paused", Duration.ofSeconds(20),
                    () -> names.stream().allMatch(a -> watch.states.get(a) == AgentState.NOT_READY));
            say(out, t0, "logged in paused, confirmed by QueueMemberAdded: " + statusLine(host, port, user, secret,
                    queue));
            desk.ready(names.get(0)).join();
            intent.put(String.format(pattern, agents.get(names.get(0))), false);
            AgentBench.await("ready", Duration.ofSeconds(20), () -> watch.states.get(names.get(0)) == AgentState.READY);
            say(out, t0, names.get(0) + " ready, confirmed by QueueMemberPause: "
                    + statusLine(host, port, user, secret, queue));
            if (restart == null) {
                return true;
            }
            long before = System.nanoTime();
            Process p = new ProcessBuilder("sh", "-c", restart).inheritIO().start();
            p.waitFor();
            say(out, t0, "ran: " + restart);
            AgentBench.await("link down", Duration.ofSeconds(30), () -> watch.linkDownAt > before);
            say(out, t0, "desk says link down");
            boolean repaired = AgentBench.awaitQuietly(Duration.ofSeconds(60), () -> {
                try {
                    return AmiReplies.members(host, port, user, secret, queue).equals(intent);
                } catch (Exception e) {
                    return false; // still booting
                }
            });
            say(out, t0, (repaired ? "REPAIRED" : "NOT REPAIRED") + " after the restart: "
                    + statusLine(host, port, user, secret, queue) + " (intended " + intent + ")");
            for (String agent : names) {
                say(out, t0, "desk: " + agent + " " + desk.snapshot(agent).join().state());
            }
            names.forEach(a -> desk.logout(a).join());
            AgentBench.awaitQuietly(Duration.ofSeconds(10), () -> {
                try {
                    return AmiReplies.members(host, port, user, secret, queue).isEmpty();
                } catch (Exception e) {
                    return false;
                }
            });
            say(out, t0, "logged out: " + statusLine(host, port, user, secret, queue));
            return repaired;
        }
    }

    private static String statusLine(String host, int port, String user, String secret, String queue) {
        try {
            return "Asterisk's QueueStatus members (interface=paused) " + AmiReplies.members(host, port, user, secret,
                    queue);
        } catch (Exception e) {
            return "QueueStatus failed: " + e.getMessage();
        }
    }

    private static void say(PrintStream out, long t0, String what) {
        out.printf(Locale.ROOT, "%8.3f s  %s%n", (System.nanoTime() - t0) / 1e9, what);
    }
}
