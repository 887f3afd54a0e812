package cn.hotline12333.sim;

import java.util.List;
import java.util.Locale;

/**
 * One request as manager.c reads it: the header lines up to the blank line, in order. Names are matched
 * without regard to case (astman_get_header uses strncasecmp), and the first occurrence wins, as there.
 */
record AmiRequest(List<String[]> headers) {

    /** The value of {@code name}, "" when absent (astman_get_header answers "" too). */
    String get(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return "";
    }

    boolean has(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Every value of {@code name}, in order (Variable: and Filter: may repeat). */
    List<String> all(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).toList();
    }

    String action() {
        return get("Action").toLowerCase(Locale.ROOT);
    }
}
