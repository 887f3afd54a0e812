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

    private final Users users;
    private final Sessions sessions;
    private final LoginThrottle throttle;

    public Login(Users users, Sessions sessions, LoginThrottle throttle) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
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
                new Route("GET", "/api/me", Role.AGENT, r -> ApiResponse.ok(describe(r.user()))));
    }

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
        log.info("event=login user={} role={}", user.name(), user.role().wireName());
        Map<String, Object> out = describe(user);
        out.put("token", token);
        out.put("expires_in", sessions.ttl().toSeconds());
        return ApiResponse.ok(out);
    }

    private ApiResponse logout(ApiRequest request) {
        String token = request.sessionToken();
        if (token != null) {
            sessions.revoke(token);
        }
        log.info("event=logout user={}", request.user().name());
        return ApiResponse.noContent();
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
