package cn.hotline12333.calllog;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One closed stretch of time an agent spent in one state, written by the agent desktop when the state ends.
 * The statistics split it across report intervals by the clock, so occupancy never exceeds 100 %. Stream
 * {@value #STREAM}; schema: docs/call-record.md.
 *
 * @param segmentId unique per segment, e.g. {@code <agent>/<from epoch ms>}
 * @param reason    the not-ready reason (休息, 用餐, 培训, 会议, 小结超时, 未接自动置忙, 桌面离线, 话机离线 …), else null
 * @param queues    the queues the agent was a member of during the segment
 */
public record AgentStateSegment(int version, String segmentId, String agent, AgentState state, String reason,
                                OffsetDateTime from, OffsetDateTime to, List<String> queues) {

    public static final String STREAM = "agent-states";
    public static final int VERSION = 1;

    public AgentStateSegment {
        queues = queues == null ? List.of() : List.copyOf(queues);
    }

    /** The states whose time the statistics count; logged-out time is not recorded. */
    public enum AgentState {
        /** 空闲: available, waiting for a call. */
        READY,
        /** 振铃: a queue call is ringing the agent's phone. */
        RINGING,
        /** 通话: talking (hold included). */
        ON_CALL,
        /** 话后: after-call work. */
        WRAP_UP,
        /** 示忙: paused with a reason. */
        NOT_READY
    }
}
