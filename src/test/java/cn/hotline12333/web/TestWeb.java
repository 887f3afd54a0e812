package cn.hotline12333.web;

import cn.hotline12333.store.Redis;
import java.time.Duration;
import java.util.List;

/** A web server on a free port with the demo users and small limits, for tests of the web package. */
final class TestWeb {
    static final Users USERS = Users.demo();

    private TestWeb() {
    }

    static WebServer start(Redis redis, List<Route> routes) {
        return start(redis, routes, null);
    }

    static WebServer start(Redis redis, List<Route> routes, Wallboard wallboard) {
        return start(redis, routes, wallboard, 2);
    }

    static WebServer start(Redis redis, List<Route> routes, Wallboard wallboard, int workers) {
        WebSettings d = WebSettings.defaults();
        WebSettings s = new WebSettings("127.0.0.1", 0, 4096, d.idleTimeout(), workers, 50, Duration.ofMinutes(5), 3,
                Duration.ofMinutes(15)).withLoginLimits(3, 10);
        Login login = new Login(USERS, new Sessions(redis, s.sessionTtl()),
                new LoginThrottle(redis, s.maxLoginFailures(), s.maxLoginFailuresPerAddress(), s.loginWindow()));
        WebServer w = new WebServer(s, login, routes, wallboard);
        w.start();
        return w;
    }
}
