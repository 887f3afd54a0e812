package cn.hotline12333.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The words after {@code hotline kb}: a command, positional arguments, {@code --name value} options and flags. */
record KbArgs(String command, List<String> positional, Map<String, String> options) {
    private static final Set<String> FLAGS = Set.of("json");
    private static final Set<String> VALUED = Set.of("dir", "category", "region", "split", "articles", "clients", "rate",
            "seconds", "days", "redis");

    static KbArgs parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("kb needs a command");
        }
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                if (FLAGS.contains(name)) {
                    options.put(name, "true");
                } else if (VALUED.contains(name)) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    options.put(name, args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown option --" + name);
                }
            } else {
                positional.add(a);
            }
        }
        return new KbArgs(args[0], List.copyOf(positional), Map.copyOf(options));
    }

    Path dir() {
        return Path.of(options.getOrDefault("dir", "knowledge-base"));
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    String value(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    int number(String name, int fallback, int min, int max) {
        String v = options.get(name);
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
