package cn.hotline12333.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds the route for a path and method. Patterns are split once; matching is per segment, no regex. */
final class Router {
    private final List<Compiled> routes = new ArrayList<>();

    private record Compiled(Route route, String[] segments) {
    }

    record Match(Route route, Map<String, String> pathParams) {
    }

    Router(List<Route> routes) {
        for (Route r : routes) {
            this.routes.add(new Compiled(r, split(r.pattern())));
        }
    }

    /** The matching route, or null. {@code methodMismatch[0]} is set when the path exists under another method. */
    Match find(String method, String path, boolean[] methodMismatch) {
        String[] segments = split(path);
        for (Compiled c : routes) {
            Map<String, String> params = match(c.segments(), segments);
            if (params == null) {
                continue;
            }
            if (c.route().method().equals(method)) {
                return new Match(c.route(), params);
            }
            methodMismatch[0] = true;
        }
        return null;
    }

    private static Map<String, String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
