package cn.hotline12333.stats;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.HandlingRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Why a parsed record must not be aggregated (null: it may). Times come from the record, never from when it
 * arrived: a record ending before it starts, lasting over 24 hours or stamped more than 5 minutes ahead of our
 * clock is quarantined.
 */
final class Checks {
    static final Duration MAX_SPAN = Duration.ofHours(24);
    static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    private Checks() {
    }

    static String problem(CallRecord c, Instant now) {
        String span = span(c.startedAt(), c.endedAt(), now);
        if (span != null) {
            return span;
        }
        if (c.outcome() == null) {
            return "no_outcome";
        }
        for (CallRecord.QueueStint s : c.queueStints()) {
            if (s.queue() == null || s.result() == null || s.enteredAt() == null) {
                return "stint_incomplete";
            }
            if (s.leftAt() != null && s.leftAt().isBefore(s.enteredAt())) {
                return "stint_ends_before_start";
            }
            if (s.waitMs() != null && s.waitMs() < 0 || s.talkMs() != null && s.talkMs() < 0) {
                return "negative_duration";
            }
        }
        return null;
    }

    static String problem(HandlingRecord h, Instant now) {
        if (h.agent() == null) {
            return "no_agent";
        }
        if (h.holdMs() < 0 || h.talkMs() < 0 || h.wrapupMs() < 0 || h.holdMs() > h.talkMs()) {
            return "bad_duration";
        }
        return span(h.offeredAt(), h.endedAt(), now);
    }

    static String problem(AgentStateSegment s, Instant now) {
        return span(s.from(), s.to(), now);
    }

    private static String span(OffsetDateTime start, OffsetDateTime end, Instant now) {
        if (start == null || end == null) {
            return "no_start_or_end";
        }
        if (end.isBefore(start)) {
            return "ends_before_start";
        }
        if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            return "over_24h";
        }
        if (end.toInstant().isAfter(now.plus(MAX_AHEAD))) {
            return "in_future";
        }
        return null;
    }
}
