package cn.hotline12333.agent;

/**
 * The answer to a desktop request: done or refused with the reason (a value, not an exception), and the agent as
 * it stands afterwards. "Done" means sent to Asterisk; the snapshot's request shows it until confirmed.
 */
public record DeskResult(boolean done, String problem, AgentSnapshot snapshot) {

    static DeskResult done(AgentSnapshot snapshot) {
        return new DeskResult(true, null, snapshot);
    }

    static DeskResult refused(String problem, AgentSnapshot snapshot) {
        return new DeskResult(false, problem, snapshot);
    }
}
