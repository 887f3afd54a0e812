package cn.hotline12333.agent;

/**
 * An AgentCalled as our AMI listener hears it, before the floor applies it: what the screen pop's Redis work needs
 * (the call's context, the offer) can start while the event waits for the floor's thread. The member is Asterisk's
 * MemberName, which is the agent's login name when we added him (the floor also finds members by interface, so
 * the pop may name an agent this did not).
 */
public record EarlyRing(String member, String uniqueId, String callerNumber, String queue) {
}
