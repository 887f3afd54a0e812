package cn.hotline12333.agent;

/**
 * A login: done, or a conflict (HTTP 409) naming the desktop that holds the agent or the extension, where and
 * since when. A login with take-over never conflicts; the other desktop is told why it closed.
 */
public sealed interface LoginResult {

    record LoggedIn(DeskResult result, Desktop replaced) implements LoginResult {
    }

    /** {@code holder} is the agent already at {@code extension} (the same agent for a second desktop). */
    record Conflict(String holder, String extension, Desktop open) implements LoginResult {
    }

    /** Bad input (unknown extension syntax, no agent name): a 400. */
    record Refused(String problem) implements LoginResult {
    }

    /** An open desktop: its id, where it runs (address, browser) and since when (epoch ms). */
    record Desktop(String agent, String desk, String where, String extension, long since) {
    }
}
