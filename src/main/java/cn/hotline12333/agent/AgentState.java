package cn.hotline12333.agent;

/** What an agent is doing as Asterisk has confirmed it (docs/agent-states.md). */
public enum AgentState {
    LOGGED_OUT, READY, RINGING, ON_CALL, WRAP_UP, NOT_READY;

    /** The spelling of {@code live:agents} and the agent-state segments: {@code on_call}. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
