package cn.hotline12333.calllog;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What the IVR learnt about a call before it entered an agent queue, for the agent's screen pop: written by the
 * FastAGI side just before {@code EXEC Queue}, read by the agent side when {@code AgentCalled} names the caller's
 * {@code Uniqueid}, and by the web route {@code /api/calls/{callId}/context}. Nothing here is a secret the agent
 * may not see: the caller number only masked ({@code 138****5678}; the agent side has the number from AMI), the
 * citizen ID only as the IVR masked it (first 4 and last 4 at most), never a PIN. Schema: docs/call-record.md,
 * "Call context".
 *
 * @param callId       {@code <asterisk system>/<agi_uniqueid>}, the call record's key
 * @param callerHash   the call record's {@code caller_hash} (null when the number is unknown)
 * @param callerMasked the caller number masked, or null when unknown
 * @param path         the IVR path in words, the first menu as 主菜单, then each menu choice the caller keyed
 * @param topics       topic tags the flow set so far ({@code pension}, …)
 * @param selfService  each self-service query run, with its words ({@code 养老金到账查询：成功})
 * @param citizenId    the last citizen ID the caller keyed, masked; null when none
 * @param queue        the queue the call is entering
 * @param startedAt    when the call reached the IVR
 * @param enteredAt    when it entered this queue
 */
public record CallContext(int version, String callId, String asteriskSystem, String uniqueId, String callerHash,
                          String callerMasked, String flow, List<String> path, List<String> topics,
                          List<Service> selfService, String citizenId, String queue, OffsetDateTime startedAt,
                          OffsetDateTime enteredAt) {

    public static final int VERSION = 1;
    /** The IVR path shown when a call was queued without one (a plain dialplan queue, or the context expired). */
    public static final String NO_IVR = "无IVR信息";

    public CallContext {
        path = path == null ? List.of() : List.copyOf(path);
        topics = topics == null ? List.of() : List.copyOf(topics);
        selfService = selfService == null ? List.of() : List.copyOf(selfService);
    }

    /** One self-service query the call ran: the service name, whether it answered the caller, and both in words. */
    public record Service(String service, boolean ok, String text) {
    }

    /** The path as the pop shows it: {@code 主菜单 › 社会保险 › 养老}. */
    public String pathInWords() {
        return path.isEmpty() ? NO_IVR : String.join(" › ", path);
    }
}
