package cn.hotline12333.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Debian {@code chromium} driven over the DevTools protocol (its JSON messages on a WebSocket), so the
 * bench jar can time a page without a browser-automation library: one page, commands in, results out.
 */
final class DevTools implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process browser;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private String session;

    /** {@code renice -n nice} the browser and its descendants (renderers, GPU, network); how many it named. */
    int nice(int nice) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p",
                Long.toString(browser.pid())));
        browser.toHandle().descendants().forEach(p -> command.add(Long.toString(p.pid())));
        Process renice = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!renice.waitFor(10, TimeUnit.SECONDS) || renice.exitValue() != 0) {
            throw new IllegalStateException("renice of the browser's processes failed: " + command);
        }
        return command.size() - 4;
    }

    private DevTools(Process browser, Path profile, WebSocket socket) {
        this.browser = browser;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts {@code executable} headless with a throw-away profile and opens one blank page. */
    static DevTools start(String executable) throws Exception {
        Path profile = Files.createTempDirectory("render-bench-profile");
        // the pages behind the front one keep their timers and renderer at full speed (bench agent-desktop's 20
        // desktops are all "in the background" but one); no traffic leaves loopback (the page tests' flags)
        Process browser = new ProcessBuilder(executable, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--window-size=1366,768", "--remote-debugging-port=0",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
                "--user-data-dir=" + profile, "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String address = null;
        BufferedReader err = new BufferedReader(new InputStreamReader(browser.getErrorStream(), StandardCharsets.UTF_8));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String line = err.readLine(); line != null && System.nanoTime() < until; line = err.readLine()) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                address = m.group(1);
                break;
            }
        }
        if (address == null) {
            browser.destroyForcibly();
            throw new IllegalStateException(executable + " did not open its DevTools port");
        }
        Thread drain = new Thread(() -> {
            try {
                err.lines().forEach(l -> { });
            } catch (java.io.UncheckedIOException closed) {
                // the browser was closed while we read: nothing left to drain
            }
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        Listener listener = new Listener();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(address), listener)
                .get(30, TimeUnit.SECONDS);
        DevTools tools = new DevTools(browser, profile, socket);
        listener.tools = tools;
        String target = tools.call("Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
        tools.session = tools.call("Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .path("sessionId").asText();
        // a page in the background gets no animation frames, and ECharts draws in them
        tools.call("Page.bringToFront", Map.of());
        tools.call("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
        return tools;
    }

    /** Sends a command to the page (after {@link #start}: to the browser for Target.* commands) and waits. */
    JsonNode call(String method, Map<String, Object> params) throws Exception {
        return call(session, method, params);
    }

    private JsonNode call(String pageSession, String method, Map<String, Object> params) throws Exception {
        long id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (pageSession != null && !method.startsWith("Target.")) {
            message.put("sessionId", pageSession);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        // the JDK's WebSocket takes one message at a time: tabs driven from several threads take turns here
        synchronized (socket) {
            socket.sendText(message.toString(), true).get(30, TimeUnit.SECONDS);
        }
        JsonNode reply = answer.get(120, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + ": " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** The value of a JavaScript expression in the page, promises awaited. */
    JsonNode evaluate(String expression) throws Exception {
        return evaluate(session, expression);
    }

    private JsonNode evaluate(String pageSession, String expression) throws Exception {
        JsonNode result = call(pageSession, "Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true,
                "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /**
     * Another page in a browser context of its own (its own cookies: another signed-in user), blank, with
     * {@code script} run in every document it loads before the page's own scripts.
     */
    Tab tab(String script) throws Exception {
        String context = call(null, "Target.createBrowserContext", Map.of()).path("browserContextId").asText();
        String target = call(null, "Target.createTarget", Map.of("url", "about:blank", "browserContextId", context))
                .path("targetId").asText();
        String s = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .path("sessionId").asText();
        call(s, "Page.enable", Map.of());
        call(s, "Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
        call(s, "Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
        return new Tab(s);
    }

    /** One page of {@link #tab}: commands and scripts go to it alone. */
    final class Tab {
        private final String tabSession;

        private Tab(String tabSession) {
            this.tabSession = tabSession;
        }

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            return DevTools.this.call(tabSession, method, params);
        }

        JsonNode evaluate(String expression) throws Exception {
            return DevTools.this.evaluate(tabSession, expression);
        }
    }

    private void answered(JsonNode message) {
        CompletableFuture<JsonNode> answer = message.has("id") ? waiting.remove(message.get("id").asLong()) : null;
        if (answer != null) {
            answer.complete(message);
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        volatile DevTools tools;

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (tools != null) {
                        tools.answered(message);
                    }
                } catch (Exception ignored) {
                    // not a message we asked for
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        socket.abort();
        List<ProcessHandle> helpers = browser.descendants().toList();
        browser.destroy();
        if (!browser.waitFor(10, TimeUnit.SECONDS)) {
            browser.destroyForcibly();
        }
        helpers.forEach(ProcessHandle::destroy);
        deleteProfile(profile);
    }

    /** Chromium's helper processes may still remove files of the profile while we walk it: a vanished file is fine. */
    static void deleteProfile(Path profile) throws java.io.IOException {
        for (int attempt = 0; attempt < 3 && Files.exists(profile); attempt++) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                    throw e;
                }
            } catch (java.nio.file.NoSuchFileException e) {
                return; // the profile itself is gone
            }
        }
    }
}
