package cn.hotline12333.agent;

/**
 * A benchmark's stamp on each AgentCalled as it comes off the AMI socket (issue 11: "from AgentCalled read off the
 * AMI socket to the pop frame written"). Told on Asterisk-Java's event thread, before anything else of ours runs
 * for the event: return at once. Unset in production (one volatile read per event).
 *
 * @param readAtMillis the event's receipt as Asterisk-Java's reader stamped it (epoch ms, set when it built the
 *                     event from the socket's lines; 0 when missing)
 * @param heardAtNanos System.nanoTime() when our listener got it from the library's event pump
 */
public interface RingProbe {
    void agentCalled(String memberName, String uniqueId, long readAtMillis, long heardAtNanos);
}
