package cn.hotline12333.workorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import cn.hotline12333.config.FileWatch;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work-order types in force, from {@code work-order-types.yaml} beside the flows, reloaded when the file changes
 * the way {@code stats.yaml} is: a daemon thread waits for a quiet moment, parses and validates, and swaps one
 * volatile reference; a bad edit is refused with its {@code file:line} problems logged, and the last good types
 * keep serving. A missing file at start means no types (every creation is refused, naming the file).
 */
public final class OrderTypes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OrderTypes.class);
    public static final String FILE_NAME = "work-order-types.yaml";

    private final Path file;
    private final FileWatch watcher;
    private volatile Map<String, OrderType> current;
    private volatile List<TypesProblem> lastProblems = List.of();

    private OrderTypes(Path file, FileWatch watcher, Map<String, OrderType> current) {
        this.file = file;
        this.watcher = watcher;
        this.current = current;
    }

    /** Types that never change: tests and the benchmark. */
    public static OrderTypes fixed(List<OrderType> types) {
        return new OrderTypes(null, null, types.stream().collect(Collectors.toUnmodifiableMap(OrderType::code, t -> t)));
    }

    /** Reads {@code file} and, with {@code watch}, follows its changes. A file with problems refuses to start. */
    public static OrderTypes open(Path file, boolean watch) {
        Map<String, OrderType> first = Map.of();
        if (Files.exists(file)) {
            TypesParser.Result r = read(file);
            if (r.types() == null) {
                throw new IllegalStateException("work-order types " + file + " refused:\n"
                        + r.problems().stream().map(Object::toString).collect(Collectors.joining("\n")));
            }
            first = r.types();
        } else {
            log.warn("event=work_order_types_missing file={} (no work order can be created)", file);
        }
        FileWatch watcher = watch ? FileWatch.open(file) : null;
        OrderTypes types = new OrderTypes(file, watcher, first);
        if (watcher != null) {
            watcher.start("work-order-types-watcher", types::reload);
        }
        log.info("event=work_order_types_loaded file={} types={}", file, first.size());
        return types;
    }

    /** Every problem of {@code file} in line order; empty when it would load. */
    public static List<TypesProblem> check(Path file) {
        if (!Files.exists(file)) {
            return List.of(new TypesProblem(file.toString(), 0, "no such file"));
        }
        return read(file).problems();
    }

    /** The type of that code, or null. */
    public OrderType get(String code) {
        return code == null ? null : current.get(code);
    }

    public Map<String, OrderType> all() {
        return current;
    }

    /** What refused the last reload; empty when the file in place is the one serving. */
    public List<TypesProblem> lastProblems() {
        return lastProblems;
    }

    /** Where the types come from (null for fixed ones). */
    public Path file() {
        return file;
    }

    /** Reads the file now; returns the problems that refused it (also logged), empty when it was taken. */
    public synchronized List<TypesProblem> reload() {
        if (file == null) {
            return List.of();
        }
        TypesParser.Result r = Files.exists(file) ? read(file) : new TypesParser.Result(null,
                List.of(new TypesProblem(file.toString(), 0, "the file is gone; keeping the last good types")));
        if (r.types() == null) {
            r.problems().forEach(p -> log.warn("event=work_order_types_refused file={} line={} problem=\"{}\"",
                    p.file(), p.line(), p.message().replace("\"", "\\\"")));
            lastProblems = r.problems();
            return r.problems();
        }
        lastProblems = List.of();
        if (!r.types().equals(current)) {
            current = r.types();
            log.info("event=work_order_types_reloaded file={} types={}", file, current.size());
        }
        return List.of();
    }

    private static TypesParser.Result read(Path file) {
        try {
            return TypesParser.parse(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            return new TypesParser.Result(null, List.of(new TypesProblem(file.toString(), 0, "cannot read: " + e)));
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

}
