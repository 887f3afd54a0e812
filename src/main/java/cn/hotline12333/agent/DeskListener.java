package cn.hotline12333.agent;

/**
 * Told of every change on the floor, on the floor's thread: return at once (hand the work to your own loop).
 * The web layer pushes these to the desktops.
 */
public interface DeskListener {

    /** The agent's state, request or flags changed. */
    default void changed(AgentSnapshot snapshot) {
    }

    /** A queue call rings the agent: the screen pop (context by {@code uniqueId}, issue 11 part 4). */
    default void pop(String agent, Pop pop) {
    }

    /** The pop for {@code uniqueId} goes: answered elsewhere, abandoned, not answered, or the caller left. */
    default void withdrawn(String agent, String uniqueId) {
    }

    /** Asterisk refused what the agent asked; the request is forgotten. */
    default void refused(String agent, Request request, String asteriskSays) {
    }

    /** This desktop was taken over by another login of the same agent (or the extension by another agent). */
    default void closed(String agent, String desk, String why) {
    }

    /** The AMI link went down (desktops show "电话系统连接中断") or is back and resynced. */
    default void linkChanged(boolean up) {
    }

    /** A ringing queue call, as AMI's AgentCalled names it. */
    record Pop(String uniqueId, String queue, String callerNumber, long offeredAt) {
    }
}
