package cn.hotline12333.bench;

import cn.hotline12333.kb.Evaluation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code --browsers} agent desktops in one headless Debian Chromium (the project's own DevTools driver, as
 * {@code bench render} uses it; no automation library), each page of {@code /agent} in a browser context of its
 * own, signed in with its agent's session cookie. A script of the bench (not of the product) runs in each page
 * before the page's own: it stamps each pop frame as the socket delivers it (a listener added before the page's)
 * and, with a MutationObserver on {@code #pop}, the moment the pop is in the DOM. Clicks and searches are timed in
 * the page with performance.now(); the pop is related to the server's AgentCalled read by epoch milliseconds
 * (Date.now() in the page, the reader's stamp in the server: one machine, one clock).
 */
final class DesktopPages implements AutoCloseable {
    private static final String STAMPS = """
            (() => {
              const bench = window.__bench = { open: false, frames: {}, shown: [], last: null };
              const Native = window.WebSocket;
              window.WebSocket = class extends Native {
                constructor(url, protocols) {
                  super(url, protocols);
                  this.addEventListener('open', () => { bench.open = true; });
                  this.addEventListener('close', () => { bench.open = false; });
                  this.addEventListener('message', (e) => {
                    if (typeof e.data === 'string' && e.data.includes('"type":"pop"')) {
                      const uid = JSON.parse(e.data).pop.uniqueId;
                      bench.frames[uid] = { at: Date.now(), p: performance.now() };
                      bench.last = uid;
                    }
                  });
                }
              };
              document.addEventListener('DOMContentLoaded', () => {
                const pop = document.getElementById('pop');
                if (!pop) { return; }
                const seen = new Set();
                new MutationObserver(() => {
                  const uid = bench.last;
                  if (!pop.hidden && uid && !seen.has(uid) && document.getElementById('pop-path').textContent) {
                    seen.add(uid);
                    const f = bench.frames[uid];
                    bench.shown.push({ uid, at: Date.now(), p: performance.now(), frameAt: f.at, frameP: f.p });
                  }
                }).observe(pop, { attributes: true, childList: true, subtree: true, characterData: true });
              });
            })();""";

    // Clicks 就绪 or 示忙 and resolves with the ms until the page shows that state confirmed (no request pending).
    private static final String TOGGLE = """
            ((target, limitMs) => new Promise((resolve, reject) => {
              const badge = document.getElementById('state-badge');
              const pending = document.getElementById('pending');
              const done = () => badge.dataset.state === target && pending.textContent === '';
              const t0 = performance.now();
              const watch = new MutationObserver(() => {
                if (done()) { watch.disconnect(); resolve(performance.now() - t0); }
              });
              watch.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
              setTimeout(() => { watch.disconnect(); reject(new Error('not ' + target + ' within ' + limitMs + ' ms: '
                + badge.dataset.state + ' ' + pending.textContent)); }, limitMs);
              document.getElementById(target === 'READY' ? 'ready' : 'not-ready').click();
            }))""";

    // Types a question into the knowledge-base box, submits, and resolves with the ms until the results are listed,
    // split by the search's resource timing (its Server-Timing: the server's whole time and its wait for a worker)
    // and the page's own marks (kb-search:answer with the KB's tookMs, kb-search:listed); -1 where one is missing.
    private static final String SEARCH = """
            ((q) => new Promise((resolve, reject) => {
              const status = document.getElementById('kb-status');
              performance.clearResourceTimings();
              const t0 = performance.now();
              const watch = new MutationObserver(() => {
                const text = status.textContent;
                if (text && text !== '搜索中…') {
                  watch.disconnect();
                  if (!text.startsWith('“' + q + '”：')) { reject(new Error(text)); return; }
                  const end = performance.now();
                  const mark = (name) => performance.getEntriesByName(name, 'mark').pop();
                  const answer = mark('kb-search:answer');
                  const listed = mark('kb-search:listed');
                  const fetched = performance.getEntriesByType('resource')
                    .filter((e) => e.name.includes('/api/kb/search')).pop();
                  const server = (name) => {
                    const t = fetched && fetched.serverTiming.find((x) => x.name === name);
                    return t ? t.duration : -1;
                  };
                  resolve({ ms: end - t0, fetchMs: fetched ? fetched.responseEnd - fetched.startTime : -1,
                    serverMs: server('total'), queueMs: server('queue'),
                    stages: fetched ? Object.fromEntries(fetched.serverTiming.filter((x) => x.name !== 'total'
                      && x.name !== 'queue').map((x) => [x.name, x.duration])) : {},
                    tookMs: answer && answer.detail ? answer.detail.tookMs : -1,
                    pageMs: fetched ? end - fetched.responseEnd : -1,
                    renderMs: answer && listed ? listed.startTime - answer.startTime : -1,
                    legs: fetched && answer && listed ? {
                      'page → fetch started': fetched.startTime - t0,
                      'fetch started → request sent': fetched.requestStart - fetched.startTime,
                      'request sent → first byte, less the server': fetched.responseStart - fetched.requestStart
                        - Math.max(0, server('total')),
                      'server': server('total'),
                      'first byte → response end': fetched.responseEnd - fetched.responseStart,
                      'response end → JSON parsed': answer.startTime - fetched.responseEnd,
                      'list built': listed.startTime - answer.startTime,
                      'status line → seen': end - listed.startTime } : {} });
                }
              });
              watch.observe(status, { childList: true, characterData: true, subtree: true });
              setTimeout(() => { watch.disconnect(); reject(new Error('no answer within 10 s')); }, 10000);
              document.getElementById('kb-q').value = q;
              document.querySelector('#kb-form button[type=submit]').click();
            }))""";

    /** The pages' questions when the knowledge base's evaluation questions cannot be read (see {@link #typed}). */
    static final List<String> QUESTIONS = List.of("退休金怎么领", "失业金怎么申请", "社保卡丢了怎么办", "工伤认定要多久",
            "生育津贴怎么算", "养老保险断缴了怎么办", "社保转移怎么办理", "公司拖欠工资怎么投诉", "灵活就业怎么交社保",
            "退休年龄是多少", "医保异地就医备案", "社保卡密码忘了", "失业保险金领多久", "养老金调整", "劳动合同到期不续签补偿",
            "工伤保险待遇有哪些", "个人缴费基数", "社保卡激活", "职业技能培训补贴", "住院报销比例");

    /**
     * What the pages type: the tune split's caller questions of {@code evalDir} (knowledge-base/eval), in file order,
     * so that a run's searches hardly ever repeat, as questions typed by different agents do not. (A page searching
     * the same few questions over and over measured the cache of recent searches, not the search.) The 20 of
     * {@link #QUESTIONS} when the directory is missing or holds none.
     */
    static List<String> typed(Path evalDir) {
        if (!Files.isDirectory(evalDir)) {
            return QUESTIONS;
        }
        List<String> tune = Evaluation.readDirectory(evalDir).stream()
                .filter(q -> q.split().equals("tune") && !q.text().isBlank())
                .map(Evaluation.Question::text).distinct().toList();
        return tune.isEmpty() ? QUESTIONS : tune;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The next question to type; every search of a run takes the next one. */
    private int nextQuestion;

    private final DevTools browser;
    private final List<DevTools.Tab> tabs = new ArrayList<>();
    private final List<String> agents;
    private final ExecutorService threads;

    private DesktopPages(DevTools browser, List<String> agents) {
        this.browser = browser;
        this.agents = agents;
        this.threads = Executors.newFixedThreadPool(agents.size(), r -> {
            Thread t = new Thread(r, "bench-page");
            t.setDaemon(true);
            return t;
        });
    }

    /** The pages, each signed in as its agent, logged in at its extension and ready (confirmed). */
    static DesktopPages open(String chromium, String base, List<String> agents, List<String> tokens,
                             List<String> extensions) throws Exception {
        DesktopPages pages = new DesktopPages(DevTools.start(chromium), agents);
        try {
            for (int i = 0; i < agents.size(); i++) {
                DevTools.Tab tab = pages.browser.tab(STAMPS);
                tab.call("Network.setCookie", Map.of("name", "hotline_session", "value", tokens.get(i), "url", base,
                        "httpOnly", true));
                tab.call("Page.navigate", Map.of("url", base + "/agent"));
                pages.tabs.add(tab);
            }
            pages.each((tab, i) -> {
                until(tab, "document.getElementById('login-panel') && !document.getElementById('login-panel').hidden"
                        + " && window.__bench.open", "the login form of " + agents.get(i));
                tab.evaluate("document.getElementById('extension').value = '" + extensions.get(i) + "';"
                        + " document.querySelector('#login-form button[type=submit]').click(); true");
                until(tab, "document.getElementById('state-badge').dataset.state === 'NOT_READY'"
                        + " && document.getElementById('pending').textContent === ''", agents.get(i) + " logged in");
                // the first ready may wait for the AMI link to come back (a loaded box): a minute
                tab.evaluate(TOGGLE + "('READY', 60000)");
                return null;
            });
            return pages;
        } catch (Exception e) {
            pages.close();
            throw e;
        }
    }

    private static void until(DevTools.Tab tab, String condition, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!tab.evaluate("!!(" + condition + ")").asBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the page never showed " + what);
            }
            Thread.sleep(100);
        }
    }

    /** One pop as a page showed it: epoch ms of frame and DOM (Date.now), and frame → DOM in performance.now ms. */
    record Shown(String agent, String uniqueId, long frameAt, long shownAt, double frameToDomMs) {
        /** Which ring of which agent this was. */
        String ring() {
            return agent + "|" + uniqueId;
        }
    }

    List<Shown> shown() throws Exception {
        List<Shown> out = new ArrayList<>();
        for (int i = 0; i < tabs.size(); i++) {
            JsonNode list = tabs.get(i).evaluate("window.__bench.shown");
            for (JsonNode s : list) {
                out.add(new Shown(agents.get(i), s.path("uid").asText(), s.path("frameAt").asLong(),
                        s.path("at").asLong(), s.path("p").asDouble() - s.path("frameP").asDouble()));
            }
        }
        return out;
    }

    /** Every page clicks 示忙 then 就绪 {@code rounds} times, all pages at once: ms click → confirmed, per click. */
    List<Double> toggles(int rounds, List<String> failures) throws Exception {
        List<List<Double>> per = each((tab, i) -> {
            List<Double> ms = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                for (String target : List.of("NOT_READY", "READY")) {
                    try {
                        ms.add(tab.evaluate(TOGGLE + "('" + target + "', 10000)").asDouble());
                    } catch (IllegalStateException e) {
                        synchronized (failures) {
                            failures.add(agents.get(i) + " " + e.getMessage());
                        }
                    }
                }
            }
            return ms;
        });
        return per.stream().flatMap(List::stream).toList();
    }

    /**
     * One search as the page timed it (ms): submit → results listed; the fetch as the browser saw it (start →
     * response end); the server's part (Server-Timing: read → answer written, of which waiting for a web worker);
     * the knowledge base's own {@code tookMs}; the page after the response (JSON, render), of which building the
     * list (between the page's marks). -1: not known. {@code legs}: the whole split end to end in the order the
     * search went through them (empty when a timing was missing), for the slow searches' breakdown.
     */
    record Search(double ms, double fetchMs, double serverMs, double queueMs, double tookMs, double pageMs,
                  double renderMs, Map<String, Double> stages, Map<String, Double> legs) {
    }

    /**
     * Every page searches {@code rounds} of {@code questions} (each search the next one), one a second: all pages at once ({@code spread} false, the
     * pages in lock-step) or page i of n {@code i/n} of a second after the first, as agents typing at their own
     * pace would.
     */
    List<Search> searches(int rounds, boolean spread, List<String> questions, List<String> failures)
            throws Exception {
        long start = System.nanoTime() + 200_000_000L;
        int first = nextQuestion;
        nextQuestion += rounds * tabs.size();
        List<List<Search>> per = each((tab, i) -> {
            List<Search> ms = new ArrayList<>();
            long offset = spread ? 1_000_000_000L * i / tabs.size() : 0;
            for (int r = 0; r < rounds; r++) {
                long at = start + offset + 1_000_000_000L * r;
                Thread.sleep(Math.max(0, (at - System.nanoTime()) / 1_000_000));
                String q = questions.get((first + r * tabs.size() + i) % questions.size());
                try {
                    JsonNode s = tab.evaluate(SEARCH + "(" + JSON.writeValueAsString(q) + ")");
                    ms.add(new Search(s.path("ms").asDouble(), s.path("fetchMs").asDouble(-1),
                            s.path("serverMs").asDouble(-1), s.path("queueMs").asDouble(-1),
                            s.path("tookMs").asDouble(-1), s.path("pageMs").asDouble(-1),
                            s.path("renderMs").asDouble(-1), stages(s.path("stages")), stages(s.path("legs"))));
                } catch (IllegalStateException e) {
                    synchronized (failures) {
                        failures.add(q + ": " + e.getMessage());
                    }
                }
            }
            return ms;
        });
        return per.stream().flatMap(List::stream).toList();
    }

    /** The route's own Server-Timing entries (the search's wall and CPU time, its stages), in the header's order. */
    private static Map<String, Double> stages(JsonNode timings) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        timings.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asDouble()));
        return out;
    }

    /** Lowers the CPU priority of the browser and every process it started to {@code nice}; how many were changed. */
    int nice(int nice) throws Exception {
        return browser.nice(nice);
    }

    private interface PageWork<T> {
        T run(DevTools.Tab tab, int index) throws Exception;
    }

    private <T> List<T> each(PageWork<T> work) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < tabs.size(); i++) {
            int n = i;
            futures.add(threads.submit(() -> work.run(tabs.get(n), n)));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get(10, TimeUnit.MINUTES));
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        threads.shutdownNow();
        browser.close();
    }
}
