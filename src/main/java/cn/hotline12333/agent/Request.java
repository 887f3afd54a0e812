package cn.hotline12333.agent;

/**
 * A change the agent (or a timer) asked for and Asterisk has not yet confirmed; {@code reason} only for
 * {@link Kind#NOT_READY}.
 */
public record Request(Kind kind, String reason) {
    public enum Kind { LOGIN, READY, NOT_READY, LOGOUT }

    static Request of(Kind kind) {
        return new Request(kind, null);
    }
}
