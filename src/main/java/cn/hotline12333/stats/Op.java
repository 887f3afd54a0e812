package cn.hotline12333.stats;

/**
 * One change a record makes to one UTC day's aggregates. {@code key} is the part of the key name after the day's
 * prefix and generation ({@code q:40:pension}); kinds:
 * <ul>
 *   <li>{@code i}: add {@code n} to hash field {@code field} (a field that reaches 0 is removed)</li>
 *   <li>{@code m}: raise hash field {@code field} to {@code n} if it is lower (maximum wait)</li>
 *   <li>{@code h}: add {@code n} to histogram bin {@code field} (a BITFIELD string)</li>
 *   <li>{@code s}: add {@code field} to the set {@code key} (the day's index of queues, agents, …)</li>
 * </ul>
 * Only {@code i} and {@code h} are taken back when a handling record's later revision replaces it.
 */
record Op(char kind, String key, String field, long n) {

    static Op add(String key, String field, long n) {
        return new Op('i', key, field, n);
    }

    Op negated() {
        return new Op(kind, key, field, -n);
    }
}
