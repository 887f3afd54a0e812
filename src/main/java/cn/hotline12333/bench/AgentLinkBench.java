package cn.hotline12333.bench;

import cn.hotline12333.agent.AgentDesk;
import cn.hotline12333.agent.AgentState;
import cn.hotline12333.sim.AmiEmulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code bench agent}'s link part: how long the desk takes to say the AMI link is down after the socket closes
 * and after it goes half-open (Ping every 5 s, socket read timeout 10 s), and, after Asterisk restarts having
 * lost every dynamic member, how long from its port accepting again until every member is back with the pause
 * its agent asked for (half the agents ready, half not ready). The desk's "down" is DeskListener.linkChanged,
 * which the desktops' banner follows; the WebSocket leg after it is not in these figures.
 */
final class AgentLinkBench {
    private static final String QUEUE = "hotline-general";

    private AgentLinkBench() {
    }

    static void run(AmiEmulator box, AgentDesk desk, AgentFloorWatch watch, List<String> agents,
                    Function<String, String> ifaceOf, int repeats, PrintStream out) {
        List<String> resting = agents.subList(0, agents.size() / 2);
        resting.forEach(a -> desk.notReady(a, "休息").join());
        AgentBench.await("half not ready", Duration.ofSeconds(30),
                () -> watch.count(AgentState.NOT_READY) >= resting.size());
        Map<String, Boolean> intent = new LinkedHashMap<>();
        agents.forEach(a -> intent.put(ifaceOf.apply(a), resting.contains(a)));
        AgentBench.await("members as intended", Duration.ofSeconds(30), () -> box.members(QUEUE).equals(intent));

        List<Double> closed = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            box.dropConnections();
            closed.add(downAfter(watch, t0, Duration.ofSeconds(20)));
            backUp(watch);
        }
        List<Double> halfOpen = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            box.halfOpen();
            halfOpen.add(downAfter(watch, t0, Duration.ofSeconds(40)));
            backUp(watch);
        }
        List<Double> repaired = new ArrayList<>();
        List<Double> linkUp = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            box.crash();
            AgentBench.await("link down after the crash", Duration.ofSeconds(20), () -> !watch.up);
            box.boot();
            long t0 = System.nanoTime(); // the port accepts again from here
            boolean ok = AgentBench.awaitQuietly(Duration.ofSeconds(30), () -> box.members(QUEUE).equals(intent));
            repaired.add(ok ? (System.nanoTime() - t0) / 1e6 : Double.NaN);
            AgentBench.awaitQuietly(Duration.ofSeconds(30), () -> watch.up);
            linkUp.add((watch.linkUpAt - t0) / 1e6);
        }
        out.printf(Locale.ROOT, "link: socket closed -> desk says down (ms): %s%n", closed);
        out.printf(Locale.ROOT, "link: socket half-open -> desk says down (ms): %s%n", halfOpen);
        out.printf(Locale.ROOT, "link: restart, %d members lost (%d paused): port accepting -> every member re-added"
                + " and every pause as intended (ms): %s; -> desk says up again (ms): %s%n", agents.size(),
                resting.size(), repaired, linkUp);
    }

    private static double downAfter(AgentFloorWatch watch, long t0, Duration limit) {
        boolean ok = AgentBench.awaitQuietly(limit, () -> watch.linkDownAt > t0);
        return ok ? Math.round((watch.linkDownAt - t0) / 1e5) / 10.0 : Double.NaN;
    }

    private static void backUp(AgentFloorWatch watch) {
        AgentBench.await("link up again", Duration.ofSeconds(30), () -> watch.up && watch.linkUpAt > watch.linkDownAt);
    }
}
