package cn.hotline12333.bench;

import cn.hotline12333.store.Redis;
import cn.hotline12333.web.Login;
import cn.hotline12333.web.LoginThrottle;
import cn.hotline12333.web.Sessions;
import cn.hotline12333.web.Users;
import cn.hotline12333.web.WebSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The login the benchmarks' web servers use (the demo users, sessions and throttle in their Redis), and a way in. */
final class DemoLogin {
    private DemoLogin() {
    }

    static Login on(Redis redis, WebSettings settings) {
        return new Login(Users.demo(), new Sessions(redis, settings.sessionTtl()),
                new LoginThrottle(redis, settings.maxLoginFailures(), settings.loginWindow()));
    }

    /** The manager's session cookie ({@code name=value}) from {@code base}, as a browser holds it after signing in. */
    static String managerCookie(HttpClient http, String base) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"manager\",\"password\":\"manager-12333\","
                        + "\"cookie\":true}")).build(), HttpResponse.BodyHandlers.ofString());
        String setCookie = login.headers().firstValue("Set-Cookie")
                .orElseThrow(() -> new IllegalStateException("login refused: HTTP " + login.statusCode()));
        return setCookie.substring(0, setCookie.indexOf(';'));
    }
}
