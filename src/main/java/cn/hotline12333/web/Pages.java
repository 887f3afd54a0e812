package cn.hotline12333.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The browser pages: plain HTML and ES modules from the jar ({@code src/main/resources/web/}), no build step, no
 * CDN. A page needs the session cookie of a signed-in user with the page's role: anonymous visitors are sent to
 * the login page, a wrong role gets a 403 page. Static files under {@code /assets/} need no login (they hold no
 * data). Every answer forbids inline scripts and framing, so text a caller or agent typed cannot run as script
 * even if a page slipped and inserted it as HTML. Runs on the web workers (the cookie check reads Redis).
 */
final class Pages {
    private static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9-]{0,60}\\.(css|js|svg)");
    // Front-end libraries come as WebJars (Maven artifacts): /webjars/<name>/<version>/dist/<file>.js only.
    private static final Pattern WEBJAR = Pattern.compile("[a-z0-9-]{1,40}/[0-9][0-9.]{0,20}/dist/[a-z0-9.-]{1,60}\\.js");
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    /** A page: its file under web/ and the least role that may open it (null: anyone). */
    private record Page(String file, Role role) {
    }

    private static final Map<String, Page> PAGES = Map.of(
            "/login", new Page("login.html", null),
            "/kb", new Page("kb.html", Role.AGENT),
            "/agent", new Page("agent.html", Role.AGENT),
            "/manager/wallboard", new Page("wallboard.html", Role.MANAGER),
            "/manager/reports", new Page("reports.html", Role.MANAGER),
            "/supervisor", new Page("supervisor.html", Role.MANAGER));

    private final Login login;
    private final Map<String, String> files = new ConcurrentHashMap<>();

    Pages(Login login) {
        this.login = login;
    }

    /** {@code rawQuery}: the page address's query as sent (no '?'), kept through the login so a shared link works. */
    ApiResponse answer(String method, String path, String rawQuery, String cookieToken) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return html(405, "只支持 GET 请求");
        }
        if (path.startsWith("/assets/")) {
            String name = path.substring("/assets/".length());
            Optional<String> asset = ASSET.matcher(name).matches() ? read("web/assets/" + name) : Optional.empty();
            return asset.map(text -> page(200, contentType(name), text)).orElseGet(() -> html(404, "没有这个文件"));
        }
        if (path.startsWith("/webjars/")) {
            String name = path.substring("/webjars/".length());
            Optional<String> lib = WEBJAR.matcher(name).matches() && !name.contains("..")
                    ? read("META-INF/resources/webjars/" + name) : Optional.empty();
            return lib.map(text -> page(200, contentType(name), text)).orElseGet(() -> html(404, "没有这个文件"));
        }
        Optional<User> user = signedIn(cookieToken);
        if (path.equals("/")) {
            return redirect(user.isEmpty() ? "/login" : user.get().may(Role.MANAGER) ? "/manager/wallboard" : "/kb");
        }
        Page page = PAGES.get(path);
        if (page == null) {
            return html(404, "没有这个页面");
        }
        if (page.role() != null) {
            if (user.isEmpty()) {
                String next = rawQuery == null || rawQuery.isEmpty() ? path : path + "?" + rawQuery;
                return redirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            }
            if (!user.get().may(page.role())) {
                return html(403, "您的账号没有打开此页面的权限");
            }
        }
        return read("web/" + page.file()).map(text -> page(200, "text/html; charset=utf-8", text))
                .orElseThrow(() -> new IllegalStateException("page file web/" + page.file() + " missing from the jar"));
    }

    private Optional<User> signedIn(String cookieToken) {
        if (cookieToken == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(login.sign(null, cookieToken, "-").user());
        } catch (ApiError e) {
            return Optional.empty();
        }
    }

    private Optional<String> read(String file) {
        String cached = files.get(file);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = Pages.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                return Optional.empty();
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            files.put(file, text);
            return Optional.of(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " from the jar", e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return name.endsWith(".js") ? "text/javascript; charset=utf-8" : "image/svg+xml";
    }

    private static ApiResponse redirect(String to) {
        Map<String, String> headers = new LinkedHashMap<>(SECURITY_HEADERS);
        headers.put("Location", to);
        return new ApiResponse(302, null, "", "text/plain; charset=utf-8", headers);
    }

    private static ApiResponse page(int status, String type, String text) {
        return new ApiResponse(status, null, text, type, SECURITY_HEADERS);
    }

    /** A short error page; the message is ours, never the request's text. */
    private static ApiResponse html(int status, String message) {
        return page(status, "text/html; charset=utf-8", "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\">"
                + "<title>12333</title><link rel=\"stylesheet\" href=\"/assets/hotline.css\"><main class=\"notice\"><h1>"
                + status + "</h1><p>" + message + "</p><p><a href=\"/\">返回首页</a></p></main></html>");
    }
}
