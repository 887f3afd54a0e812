package cn.hotline12333.workorder;

import java.util.List;

/**
 * A request the user got wrong or may not make, as a value the web layer turns into its status: bad input names
 * the field ({@code 400}), someone else's order is {@code 403}, an unknown id {@code 404}, a change the order's
 * state does not allow or a stale version {@code 409}, possible duplicates {@code 409} with the orders to link to,
 * Redis unreachable {@code 503}.
 */
public final class Problem extends Exception {
    public enum Kind { BAD_INPUT, FORBIDDEN, NOT_FOUND, CONFLICT, DUPLICATES, UNAVAILABLE }

    private final Kind kind;
    private final String field;
    private final List<WorkOrder> duplicates;

    private Problem(Kind kind, String field, String message, List<WorkOrder> duplicates) {
        super(message, null, false, false);
        this.kind = kind;
        this.field = field;
        this.duplicates = duplicates;
    }

    public static Problem badInput(String field, String why) {
        return new Problem(Kind.BAD_INPUT, field, "field '" + field + "' " + why, List.of());
    }

    public static Problem forbidden(String why) {
        return new Problem(Kind.FORBIDDEN, null, why, List.of());
    }

    public static Problem notFound(String what) {
        return new Problem(Kind.NOT_FOUND, null, what + " not found", List.of());
    }

    public static Problem conflict(String why) {
        return new Problem(Kind.CONFLICT, null, why, List.of());
    }

    static Problem duplicates(List<WorkOrder> orders) {
        return new Problem(Kind.DUPLICATES, null, "possible duplicate of " + orders.get(0).id()
                + ": link the call to it (linkTo) or create anyway (createAnyway: true)", List.copyOf(orders));
    }

    public static Problem unavailable(String why) {
        return new Problem(Kind.UNAVAILABLE, null, why, List.of());
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, for bad input; else null. */
    public String field() {
        return field;
    }

    public List<WorkOrder> duplicates() {
        return duplicates;
    }
}
