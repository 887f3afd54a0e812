package cn.hotline12333.web;

import java.util.List;
import java.util.Map;

/**
 * An authenticated API request, decoded: query and path parameters, the signed-in user and the body.
 * Parameter readers turn bad values into a 400 that names the parameter. {@code sessionToken} is the bearer
 * token the request came with (bearer or cookie; null with Basic auth), for logout only. {@code csrf} is the
 * session's CSRF token when the request was signed in by the session cookie (a page), else null.
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query,
                         Map<String, String> pathParams, User user, String remoteAddress, String body,
                         String sessionToken, String csrf) {

    /** True when a browser page signed in with the session cookie sent this request. */
    public boolean viaCookie() {
        return csrf != null;
    }

    /** The parameter's first value, or null when absent. */
    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public int intParam(String name, int fallback, int min, int max) throws ApiError {
        String v = param(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiError.badParameter(name, "must be a whole number");
        }
        if (n < min || n > max) {
            throw ApiError.badParameter(name, "must be between " + min + " and " + max);
        }
        return n;
    }
}
