package cn.hotline12333.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} pairs after a benchmark's name, each name one of those the benchmark knows. */
record Flags(Map<String, String> given) {

    static Flags parse(String[] args, List<String> known) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!known.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i]);
            }
            given.put(name, args[i + 1]);
        }
        return new Flags(Map.copyOf(given));
    }

    Path dir() {
        return Path.of(given.getOrDefault("dir", "knowledge-base"));
    }

    int number(String name, int fallback, int min, int max) {
        String v = given.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number");
        }
    }
}
