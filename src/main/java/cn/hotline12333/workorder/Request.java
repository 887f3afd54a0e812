package cn.hotline12333.workorder;

/**
 * One change asked for an order: the action and what it needs ({@code assignee} to assign, {@code text} of a
 * progress note or reply, {@code days} and {@code reason} of an extension, {@code satisfaction} 1–5 of the
 * follow-up call on closing). {@code version}: the version the client saw, or null to act on the latest.
 */
public record Request(Transitions.Action action, Integer version, String assignee, String text, String reason,
                      Integer days, Integer satisfaction) {
}
