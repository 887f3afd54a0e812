package cn.hotline12333.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is asking: a session token ({@code Authorization: Bearer …}) from {@code POST /api/login}, or HTTP
 * Basic on every request. Wrong or missing credentials are 401, too many failures 429. Blocking (Redis,
 * bcrypt): runs on the web workers.
 */
public final class Login {
    private static final Logger log = LoggerFactory.getLogger(Login.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The page's session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). */
    static final String COOKIE = "hotline_session";

    private final Users users;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final boolean secureCookie;

    public Login(Users users, Sessions sessions, LoginThrottle throttle) {
        this(users, sessions, throttle, false);
    }

    /** {@code secureCookie}: the web port speaks HTTPS, so the cookie is marked Secure. */
    public Login(Users users, Sessions sessions, LoginThrottle throttle, boolean secureCookie) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.secureCookie = secureCookie;
    }

    /** Who signed a request, and how: the session token (bearer or cookie) and, for a cookie, its CSRF token. */
    record Signed(User user, String sessionToken, String csrf) {
    }

    /**
     * The Authorization header wins; without one, the session cookie of a page. {@code cookieToken} is the
     * cookie's value or null.
     */
    Signed sign(String authorization, String cookieToken, String address) throws ApiError {
        if ((authorization == null || authorization.isBlank()) && cookieToken != null) {
            Sessions.Session session = sessions.session(cookieToken)
                    .orElseThrow(() -> new ApiError(401, "session expired or unknown; log in again"));
            return new Signed(session.user(), cookieToken, session.csrf());
        }
        User user = authenticate(authorization, address);
        String token = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : null;
        return new Signed(user, token, null);
    }

    User authenticate(String authorization, String address) throws ApiError {
        if (authorization == null || authorization.isBlank()) {
            throw new ApiError(401, "login required");
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return sessions.find(authorization.substring(7).trim())
                    .orElseThrow(() -> new ApiError(401, "session expired or unknown; log in again"));
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ApiError(401, "malformed Basic credentials");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new ApiError(401, "malformed Basic credentials");
            }
            return check(decoded.substring(0, colon), decoded.substring(colon + 1), address);
        }
        throw new ApiError(401, "unsupported Authorization scheme");
    }

    private User check(String name, String password, String address) throws ApiError {
        long wait = throttle.retryAfter(name, address);
        if (wait > 0) {
            log.info("event=login_throttled user={} address={}", safe(name), address);
            throw new ApiError(429, "too many failed logins; try again in " + wait + " s", wait);
        }
        Optional<User> user = users.authenticate(name, password);
        if (user.isEmpty()) {
            throttle.failed(name, address);
            log.info("event=login_failed user={} address={}", safe(name), address);
            throw new ApiError(401, "wrong user name or password");
        }
        throttle.succeeded(name);
        return user.get();
    }

    List<Route> routes() {
        return List.of(
                new Route("POST", "/api/login", null, this::login),
                new Route("POST", "/api/logout", Role.AGENT, this::logout),
                new Route("GET", "/api/me", Role.AGENT, Login::me));
    }

    /** Who is signed in; a page signed in by cookie also gets its CSRF token here after a reload. */
    private static ApiResponse me(ApiRequest r) {
        Map<String, Object> out = describe(r.user());
        if (r.viaCookie()) {
            out.put("csrf", r.csrf());
        }
        return ApiResponse.ok(out);
    }

    /**
     * {@code {"user", "password"}} answers the session token in the body (API clients send it as a bearer token);
     * with {@code "cookie": true} (the login page) the token goes only into the HttpOnly cookie, where no script
     * can read it, and the body carries the CSRF token instead.
     */
    private ApiResponse login(ApiRequest request) throws ApiError {
        JsonNode body;
        try {
            body = JSON.readTree(request.body() == null ? "" : request.body());
        } catch (Exception e) {
            throw new ApiError(400, "body must be JSON: {\"user\": …, \"password\": …}");
        }
        if (body == null || !body.path("user").isTextual() || !body.path("password").isTextual()) {
            throw new ApiError(400, "body must be JSON: {\"user\": …, \"password\": …}");
        }
        User user = check(body.get("user").asText(), body.get("password").asText(), request.remoteAddress());
        String token = sessions.open(user);
        boolean cookie = body.path("cookie").asBoolean(false);
        log.info("event=login user={} role={} via={}", user.name(), user.role().wireName(), cookie ? "cookie" : "token");
        Map<String, Object> out = describe(user);
        out.put("expires_in", sessions.ttl().toSeconds());
        if (!cookie) {
            out.put("token", token);
            return ApiResponse.ok(out);
        }
        out.put("csrf", sessions.session(token).map(Sessions.Session::csrf).orElse(""));
        return new ApiResponse(200, out, null, null, Map.of("Set-Cookie", cookie(token, sessions.ttl().toSeconds())));
    }

    private ApiResponse logout(ApiRequest request) {
        String token = request.sessionToken();
        if (token != null) {
            sessions.revoke(token);
        }
        log.info("event=logout user={}", request.user().name());
        return request.viaCookie()
                ? new ApiResponse(204, null, null, null, Map.of("Set-Cookie", cookie("", 0)))
                : ApiResponse.noContent();
    }

    private String cookie(String token, long maxAgeSeconds) {
        return COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAgeSeconds
                + (secureCookie ? "; Secure" : "");
    }

    private static Map<String, Object> describe(User user) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user.name());
        out.put("role", user.role().wireName());
        out.put("region", user.region());
        return out;
    }

    /** User names are typed by strangers: keep log lines short and plain. */
    private static String safe(String name) {
        if (name == null) {
            return "-";
        }
        String s = name.length() > 32 ? name.substring(0, 32) : name;
        return s.replaceAll("[^A-Za-z0-9._@-]", "?");
    }
}
