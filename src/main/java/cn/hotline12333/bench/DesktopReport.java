package cn.hotline12333.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code bench agent-desktop} measured, as the table docs/benchmarks.md keeps. */
final class DesktopReport {
    private final AgentDesktopBench.Options o;
    private final PopClock clock;
    private final SocketDesktops sockets;
    private final DeskCalls calls;
    /** The browser legs, once with Chromium at its normal priority and, with --browser-nice, once niced. */
    private final List<Pass> passes = new ArrayList<>();

    /** One run of the browser legs: pops shown, clicks, searches ({@code how} they were paced). */
    private static final class Pass {
        final String label;
        final long rings;
        List<DesktopPages.Shown> shown = List.of();
        List<Double> toggles = List.of();
        List<String> toggleFailures = List.of();
        final java.util.Map<String, List<DesktopPages.Search>> searches = new java.util.LinkedHashMap<>();
        final java.util.Map<String, List<String>> searchFailures = new java.util.LinkedHashMap<>();

        Pass(String label, long rings) {
            this.label = label;
            this.rings = rings;
        }
    }

    /**
     * A stretch of the run (Chromium starting, each pass of the browser legs, the rest), from the epoch ms it began,
     * with the machine's load average then: the socket figure is given for the rings read in each as well as over
     * the whole run, so that a pass's browsers are not blamed for another's pops.
     */
    private record Window(String label, long from, double load) {
    }

    private final List<Window> windows = new ArrayList<>();
    private final GcPauses gc;
    private final ThreadCpu cpu = new ThreadCpu();

    DesktopReport(AgentDesktopBench.Options o, PopClock clock, SocketDesktops sockets, DeskCalls calls, GcPauses gc) {
        this.o = o;
        this.clock = clock;
        this.sockets = sockets;
        this.calls = calls;
        this.gc = gc;
        cpu.start();
    }

    /** The rings read from now on belong to {@code label}'s stretch of the run. */
    void window(String label) {
        windows.add(new Window(label, System.currentTimeMillis(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }

    /** The browser legs that follow are of a new pass ({@code label}: Chromium's priority), of {@code rings} rings. */
    void pass(String label, long rings) {
        passes.add(new Pass(label, rings));
    }

    /** The pass begun last ({@link #pass} comes before every pass's legs). */
    private Pass current() {
        return passes.get(passes.size() - 1);
    }

    void shown(List<DesktopPages.Shown> list) {
        current().shown = list;
    }

    void toggles(List<Double> ms, List<String> failures) {
        current().toggles = ms;
        current().toggleFailures = failures;
    }

    /** One round of the pages' searches, {@code how} they were paced (lock-step, spread). */
    void searches(String how, List<DesktopPages.Search> ms, List<String> failures) {
        current().searches.put(how, ms);
        current().searchFailures.put(how, failures);
    }

    void print(double seconds, PrintStream out) {
        long desktopRings = calls.desktopRings.get();
        long received = sockets.popsReceived.keySet().stream().filter(k -> k.startsWith("d")).count();
        out.printf(Locale.ROOT, "load: %.0f s, %d desktop agents rung %d times (%.1f/s, %d answered), %d browser rings;"
                        + " AgentCalled read %d, pop frames written %d (unmatched %d), pops received by the desktops"
                        + " %d of %d; desktop sockets closed by the server %d; AMI link down %d times%n", seconds, o.desktops(), desktopRings,
                desktopRings / seconds, calls.answered.get(), calls.browserRingCount.get(), clock.agentCalled.get(),
                clock.popsWritten.get(), clock.unmatched.get(), received, desktopRings, sockets.closedByServer.get(), calls.linkDowns.get());
        out.println();
        out.println("| what | target | measured |");
        out.println("|---|---|---|");
        out.printf(Locale.ROOT, "| AgentCalled read off the AMI socket (Asterisk-Java's reader stamp) → pop frame written"
                        + " to the agent's socket, %,d callers waiting, %,d desktops | p99 ≤ 100 ms | %s |%n",
                o.calls(), o.desktops(), clock.readToWritten.summary());
        out.printf(Locale.ROOT, "| the same from our AMI listener (after Asterisk-Java's event pump), nanoTime | — | %s |%n",
                clock.heardToWritten.summary());
        out.printf(Locale.ROOT, "| … of which our listener → the floor's pop (AMI hand-off, floor queue, transition) | — | %s |%n",
                clock.heardToApplied.summary());
        out.printf(Locale.ROOT, "| … of which the floor's pop → frame written (AgentHub: queue, Redis, event loop) | — | %s |%n",
                clock.appliedToWritten.summary());
        AgentFloorWatch.Latencies toClient = new AgentFloorWatch.Latencies();
        sockets.popsReceived.forEach((key, at) -> {
            Long written = clock.writtenNanos.get(key);
            if (written != null && key.startsWith(PopClock.DESKTOP_PREFIX)) {
                toClient.add(at - written);
            }
        });
        out.printf(Locale.ROOT, "| frame written → received by the desktop's WebSocket client (same JVM; negative: the"
                + " write future was told after the bytes arrived) | — | %s |%n", toClient.summary());
        out.printf(Locale.ROOT, "| Asterisk-Java's reader stamp → our listener (its event pump), ms resolution | — | %s |%n",
                clock.pumpWait.summary());
        printWindows(out);
        out.printf(Locale.ROOT, "| CPU of the bench JVM's threads over the load (the node, the AMI emulator, the socket"
                + " desktops; per kind of thread, digits as #) | — | %s |%n", ThreadCpu.summary(cpu.since(), 12));
        if (o.browsers() == 0) {
            out.println("| pop rendered, ready/not-ready click, KB search (browser) | — | not measured: --browsers 0 |");
            return;
        }
        for (Pass pass : passes) {
            print(pass, out);
        }
    }

    /**
     * The socket figure per stretch of the run, with the GC pauses that began in it, and the pops over the target
     * laid beside the GC pauses and their largest leg.
     */
    private void printWindows(PrintStream out) {
        List<PopClock.Ring> rings;
        synchronized (clock.rings) {
            rings = new ArrayList<>(clock.rings);
        }
        long end = System.currentTimeMillis();
        long start = windows.isEmpty() ? end : windows.get(0).from();
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            long to = i + 1 < windows.size() ? windows.get(i + 1).from() : end;
            List<PopClock.Ring> in = rings.stream().filter(r -> r.readAt() >= w.from() && r.readAt() < to).toList();
            out.printf(Locale.ROOT, "| … AgentCalled read while %s (+%.0f s for %.0f s; load average %.1f at its"
                            + " start) | p99 ≤ 100 ms | %s; listener → floor p99 %s, floor → frame p99 %s, pump p99 %s;"
                            + " %s |%n", w.label(), (w.from() - start) / 1e3, (to - w.from()) / 1e3, w.load(),
                    ns(in, PopClock.Ring::readToWritten), p99(in, PopClock.Ring::heardToApplied),
                    p99(in, PopClock.Ring::appliedToWritten), p99(in, r -> r.pump() < 0 ? -1 : r.pump() * 1_000_000L),
                    GcPauses.summary(gc.within(w.from(), to)));
        }
        List<PopClock.Ring> slow = rings.stream().filter(r -> r.readToWritten() > 100_000_000L).toList();
        int duringGc = 0;
        int[] largest = new int[3];
        for (PopClock.Ring r : slow) {
            if (gc.overlapped(r.readAt(), r.writtenAt())) {
                duringGc++;
                continue;
            }
            long[] legs = {r.pump() * 1_000_000L, r.heardToApplied(), r.appliedToWritten()};
            int max = 0;
            for (int k = 1; k < legs.length; k++) {
                if (legs[k] > legs[max]) {
                    max = k;
                }
            }
            largest[max]++;
        }
        out.printf(Locale.ROOT, "| pops over 100 ms (read → written): %d of %d; during a GC pause (their window overlapped"
                        + " one) %d; of the others, the largest leg Asterisk-Java's pump %d, our listener → the floor's"
                        + " pop %d, the floor's pop → frame written %d | — | %s over the run |%n", slow.size(),
                rings.size(), duringGc, largest[0], largest[1], largest[2],
                GcPauses.summary(gc.within(start, end)));
    }

    private static String ns(List<PopClock.Ring> rings, java.util.function.ToLongFunction<PopClock.Ring> leg) {
        AgentFloorWatch.Latencies l = new AgentFloorWatch.Latencies();
        rings.stream().mapToLong(leg).filter(v -> v >= 0).forEach(l::add);
        return l.size() == 0 ? "no rings" : l.summary();
    }

    private static String p99(List<PopClock.Ring> rings, java.util.function.ToLongFunction<PopClock.Ring> leg) {
        AgentFloorWatch.Latencies l = new AgentFloorWatch.Latencies();
        rings.stream().mapToLong(leg).filter(v -> v >= 0).forEach(l::add);
        return l.size() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", l.percentileMs(99));
    }

    private void print(Pass pass, PrintStream out) {
        List<DesktopPages.Shown> shown = pass.shown;
        List<Double> toggles = pass.toggles;
        List<String> toggleFailures = pass.toggleFailures;
        java.util.Map<String, List<DesktopPages.Search>> searches = pass.searches;
        java.util.Map<String, List<String>> searchFailures = pass.searchFailures;
        out.printf(Locale.ROOT, "| **the %d Chromium pages' legs: %s** | | |%n", o.browsers(), pass.label);
        AgentFloorWatch.Latencies readToDom = new AgentFloorWatch.Latencies();
        AgentFloorWatch.Latencies frameToDom = new AgentFloorWatch.Latencies();
        AgentFloorWatch.Latencies readToWrite = new AgentFloorWatch.Latencies();
        int unrelated = 0;
        for (DesktopPages.Shown s : shown) {
            Long read = clock.readAt.get(s.agent() + "|" + s.uniqueId());
            Long written = clock.writtenAt.get(s.agent() + "|" + s.uniqueId());
            if (read == null || read == 0 || written == null) {
                unrelated++;
                continue;
            }
            readToDom.add(Math.max(0, s.shownAt() - read) * 1_000_000L);
            readToWrite.add(Math.max(0, written - read) * 1_000_000L);
            frameToDom.add((long) (s.frameToDomMs() * 1_000_000));
        }
        out.printf(Locale.ROOT, "| pop in the page's DOM, AgentCalled read → MutationObserver (Date.now vs the reader's"
                        + " stamp), %d Chromium desktops | p99 ≤ 300 ms | %s; %d of %d rings shown%s |%n", o.browsers(),
                readToDom.summary(), shown.size(), pass.rings,
                unrelated == 0 ? "" : " (" + unrelated + " without a server stamp)");
        out.printf(Locale.ROOT, "| … of which read → frame written (server) | — | %s |%n", readToWrite.summary());
        out.printf(Locale.ROOT, "| … of which frame received → pop in the DOM (page, performance.now) | — | %s |%n",
                frameToDom.summary());
        out.printf(Locale.ROOT, "| 示忙/就绪 click → QueuePause → QueueMemberPause → confirmed on the page, %d pages at"
                + " once | p99 ≤ 500 ms | %s%s |%n", o.browsers(), summary(toggles), failed(toggleFailures));
        searches.forEach((how, list) -> {
            out.printf(Locale.ROOT, "| knowledge-base search from the page: submit → /api/kb/search → results listed, %d"
                            + " pages, one search a second each, %s | p99 ≤ 50 ms | %s%s |%n", o.browsers(), how,
                    summary(part(list, DesktopPages.Search::ms)), failed(searchFailures.get(how)));
            out.printf(Locale.ROOT, "| … of which the fetch as the page saw it (resource timing: start → response end)"
                    + " | — | %s |%n", summary(part(list, DesktopPages.Search::fetchMs)));
            out.printf(Locale.ROOT, "| … of which in the server (Server-Timing: request read → answer written) | — | %s |%n",
                    summary(part(list, DesktopPages.Search::serverMs)));
            out.printf(Locale.ROOT, "| … … of which waiting for a web worker | — | %s |%n",
                    summary(part(list, DesktopPages.Search::queueMs)));
            out.printf(Locale.ROOT, "| … … of which the knowledge base's search (its tookMs, ms resolution) | — | %s |%n",
                    summary(part(list, DesktopPages.Search::tookMs)));
            // Answers of the cache of recent searches apart from those computed (the pages type distinct
            // questions; one repeats only when the tune split runs out).
            List<DesktopPages.Search> kept = list.stream().filter(x -> x.stages().containsKey("kb-cached")).toList();
            List<DesktopPages.Search> computed = list.stream().filter(x -> !x.stages().containsKey("kb-cached")).toList();
            out.printf(Locale.ROOT, "| … searches answered from the cache of recent searches (%d of %d): submit → listed"
                    + " | — | %s |%n", kept.size(), list.size(), summary(part(kept, DesktopPages.Search::ms)));
            out.printf(Locale.ROOT, "| … searches computed (%d of %d): submit → listed | — | %s |%n", computed.size(),
                    list.size(), summary(part(computed, DesktopPages.Search::ms)));
            // The search route's own entries (KbRoutes.timing): its wait and wall and CPU time on its thread, the
            // stages of those computed.
            new java.util.LinkedHashSet<>(list.stream().flatMap(x -> x.stages().keySet().stream())
                    .filter(name -> !name.equals("kb-cached")).toList())
                    .forEach(name -> out.printf(Locale.ROOT, "| … … … Server-Timing %s%s | — | %s |%n", name,
                            STAGE_NAMES.getOrDefault(name, ""), summary(list.stream()
                                    .filter(x -> x.stages().containsKey(name)).map(x -> x.stages().get(name)).toList())));
            out.printf(Locale.ROOT, "| … of which the page after the response (JSON, list built, the status line) | — | %s |%n",
                    summary(part(list, DesktopPages.Search::pageMs)));
            out.printf(Locale.ROOT, "| … … of which building the list (page marks kb-search:answer → listed) | — | %s |%n",
                    summary(part(list, DesktopPages.Search::renderMs)));
            slowSearches(list, out);
        });
    }

    /**
     * The searches over the 50 ms target split end to end into their legs (each search's legs add up to its whole):
     * per leg its p50 / p99 over those searches, its share of their summed time, and how many it was the largest of.
     */
    static void slowSearches(List<DesktopPages.Search> list, PrintStream out) {
        List<DesktopPages.Search> slow = list.stream().filter(x -> x.ms() > 50 && !x.legs().isEmpty()).toList();
        out.printf(Locale.ROOT, "| searches over 50 ms, split end to end: %d of %d | — | %s |%n", slow.size(),
                list.size(), summary(part(slow, DesktopPages.Search::ms)));
        if (slow.isEmpty()) {
            return;
        }
        double whole = slow.stream().mapToDouble(DesktopPages.Search::ms).sum();
        java.util.Map<String, Integer> largest = new java.util.LinkedHashMap<>();
        for (DesktopPages.Search x : slow) {
            String top = x.legs().entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
            largest.merge(top, 1, Integer::sum);
        }
        for (String leg : slow.get(0).legs().keySet()) {
            List<Double> ms = slow.stream().map(x -> x.legs().getOrDefault(leg, 0.0)).toList();
            out.printf(Locale.ROOT, "| … … %s | — | %s; %.0f %% of their time; the largest leg of %d |%n", leg,
                    summary(ms), 100 * ms.stream().mapToDouble(Double::doubleValue).sum() / whole,
                    largest.getOrDefault(leg, 0));
        }
    }

    private static final java.util.Map<String, String> STAGE_NAMES = java.util.Map.of(
            "kb", " (the search's wall time on the worker)", "kb-cpu", " (the worker's CPU time in it)",
            "kb-vector", " (query rewritten, vector started; a cached one's neighbours searched)",
            "kb-analysis", " (queries built)", "kb-lexical", " (text search)",
            "kb-dense", " (waiting for the vector and its neighbours)", "kb-ranking", " (coverage, fusion)",
            "kb-page", " (snippets, fields)", "kb-queue", " (waiting for a search thread)",
            "kb-cached", " (answered from the cache of recent searches)");

    /** One leg of the searches; legs the page could not time (-1) are left out. */
    private static List<Double> part(List<DesktopPages.Search> list, java.util.function.ToDoubleFunction<DesktopPages.Search> leg) {
        return list.stream().mapToDouble(leg).filter(v -> v >= 0).boxed().toList();
    }

    private static String failed(List<String> failures) {
        return failures.isEmpty() ? "" : "; " + failures.size() + " failed (first: " + failures.get(0)
                .replace('|', '/') + ")";
    }

    static String summary(List<Double> ms) {
        if (ms == null || ms.isEmpty()) {
            return "no samples";
        }
        List<Double> sorted = new ArrayList<>(ms);
        sorted.sort(null);
        return String.format(Locale.ROOT, "p50 %.1f / p99 %.1f / max %.1f ms (n=%d)", pct(sorted, 50), pct(sorted, 99),
                sorted.get(sorted.size() - 1), sorted.size());
    }

    private static double pct(List<Double> sorted, double p) {
        int i = (int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(p / 100.0 * sorted.size()) - 1));
        return sorted.get(i);
    }
}
