package cn.hotline12333.agent;

import cn.hotline12333.calllog.HandlingRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Handling records: the first revision when the wrap-up ends, later revisions for corrections within
 * {@link #CORRECTION_WINDOW_MS}, and the idempotency keys of the wrap-up form. Floor thread only.
 */
final class Handlings {
    static final long CORRECTION_WINDOW_MS = 10 * 60_000;

    private final Consumer<HandlingRecord> sink;
    /** per agent, the records written in the last 10 minutes, newest last */
    private final Map<String, List<Written>> recent = new HashMap<>();
    private final Map<String, Kept> byKey = new HashMap<>();

    Handlings(Consumer<HandlingRecord> sink) {
        this.sink = sink;
    }

    /** The record of a call whose wrap-up ended at {@code now}; {@code form} null when it expired unfilled. */
    HandlingRecord first(String agent, AgentView.CallLeg call, WrapUp form, int ringNoAnswer, long now) {
        String callId = form == null ? null : form.callId();
        long ended = call.endedAt == 0 ? now : call.endedAt;
        long wrapupEnd = call.wrapupEndedAt == 0 ? now : call.wrapupEndedAt;
        long talkMs = call.talkSeconds >= 0 ? call.talkSeconds * 1000
                : call.answeredAt == 0 ? 0 : ended - call.answeredAt;
        HandlingRecord r = new HandlingRecord(HandlingRecord.VERSION,
                (callId != null ? callId : call.uniqueId) + "/" + agent + "/1", 1, callId, call.uniqueId, agent,
                call.queue, time(call.offeredAt), call.answeredAt == 0 ? null : time(call.answeredAt), time(ended),
                call.holdMs, talkMs, Math.max(0, wrapupEnd - ended), form == null ? null : form.code(),
                form == null ? null : form.resolution(), form == null ? null : form.transferredTo(),
                form == null ? List.of() : form.workOrderIds(), ringNoAnswer, time(now));
        write(agent, r, now);
        return r;
    }

    /** A corrected wrap-up: the next revision of the record it names (or the agent's latest), or null. */
    HandlingRecord correct(String agent, WrapUp form, long now) {
        prune(now);
        List<Written> mine = recent.getOrDefault(agent, List.of());
        for (int i = mine.size() - 1; i >= 0; i--) {
            HandlingRecord old = mine.get(i).record;
            boolean named = form.handlingId() != null ? form.handlingId().equals(old.handlingId())
                    : form.uniqueId() == null || form.uniqueId().equals(old.uniqueId());
            if (named) {
                HandlingRecord r = new HandlingRecord(old.version(), old.handlingId(), old.revision() + 1,
                        form.callId() != null ? form.callId() : old.callId(), old.uniqueId(), agent, old.queue(),
                        old.offeredAt(), old.answeredAt(), old.endedAt(), old.holdMs(), old.talkMs(), old.wrapupMs(),
                        form.code(), form.resolution(), form.transferredTo(), form.workOrderIds(),
                        old.ringNoAnswer(), time(now));
                write(agent, r, mine.get(i).at); // the window runs from the first revision
                return r;
            }
        }
        return null;
    }

    DeskResult answered(String key, long now) {
        if (key == null) {
            return null;
        }
        Kept k = byKey.get(key);
        return k == null || now - k.at > CORRECTION_WINDOW_MS ? null : k.result;
    }

    void remember(String key, DeskResult result, long now) {
        if (key != null) {
            byKey.put(key, new Kept(result, now));
        }
    }

    private void write(String agent, HandlingRecord r, long now) {
        sink.accept(r);
        recent.computeIfAbsent(agent, a -> new ArrayList<>()).add(new Written(r, now));
    }

    private void prune(long now) {
        recent.values().forEach(l -> l.removeIf(w -> now - w.at > CORRECTION_WINDOW_MS));
        recent.values().removeIf(List::isEmpty);
        for (Iterator<Kept> it = byKey.values().iterator(); it.hasNext(); ) {
            if (now - it.next().at > CORRECTION_WINDOW_MS) {
                it.remove();
            }
        }
    }

    static OffsetDateTime time(long epochMs) {
        return Instant.ofEpochMilli(epochMs).atOffset(ZoneOffset.UTC);
    }

    private record Written(HandlingRecord record, long at) {
    }

    private record Kept(DeskResult result, long at) {
    }
}
