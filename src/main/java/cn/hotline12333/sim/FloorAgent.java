package cn.hotline12333.sim;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.AgentStateSegment.AgentState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/** One emulated agent as the floor sees them: the state they are in since when, and the call in hand. */
final class FloorAgent {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    final String name;
    final List<String> queues;
    AgentState state = AgentState.READY;
    String reason;
    long since;
    /** Calls this agent answered so far: numbers the agent's seeded draws. */
    int callsTaken;
    /** Bumped at every change, so a timer set for an earlier state knows it is stale. */
    int change;
    String uniqueId;
    String queue;
    long offeredAt;
    long answeredAt;
    long endedAt;
    long talkMs;

    FloorAgent(String name, String queue, long since) {
        this.name = name;
        this.queues = List.of(queue);
        this.since = since;
    }

    /**
     * Moves to {@code next} at {@code at} and answers the stretch just closed, or null when it lasted no time; the
     * segment's times are moved by {@code shiftMs} (the hotline's clock).
     */
    AgentStateSegment moveTo(AgentState next, String nextReason, long at, long shiftMs) {
        long to = Math.max(at, since);
        AgentStateSegment closed = to == since ? null
                : new AgentStateSegment(AgentStateSegment.VERSION, name + "/" + since, name, state, reason,
                        time(since + shiftMs), time(to + shiftMs), queues);
        state = next;
        reason = nextReason;
        since = to;
        change++;
        return closed;
    }

    /** The state as live:agents spells it. */
    String liveState() {
        return state.name().toLowerCase(Locale.ROOT);
    }

    static OffsetDateTime time(long epochMs) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), CHINA);
    }
}
