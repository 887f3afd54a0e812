package cn.hotline12333.stats;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.QueueStint;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.calllog.Outcome;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-made records for the KPI tests (Beijing times), and cell access by column key. */
final class Fixtures {
    static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    private static int next;

    private Fixtures() {
    }

    static OffsetDateTime at(String localTime) {
        return OffsetDateTime.parse(localTime + "+08:00");
    }

    static QueueStint stint(String queue, OffsetDateTime entered, long waitMs, StintResult result, String agent) {
        long talk = result == StintResult.ANSWERED ? 60_000 : 0;
        return new QueueStint(queue, entered, entered.plusNanos((waitMs + talk) * 1_000_000L), waitMs, talk, agent, result);
    }

    static CallRecord call(OffsetDateTime start, Outcome outcome, List<QueueStint> stints) {
        return call("pbx/" + (++next), start, outcome, stints, null, new CallRecord.Survey(false, null));
    }

    static CallRecord call(String id, OffsetDateTime start, Outcome outcome, List<QueueStint> stints, String caller,
                           CallRecord.Survey survey) {
        OffsetDateTime end = start.plusSeconds(30);
        for (QueueStint s : stints) {
            if (s.leftAt().isAfter(end)) {
                end = s.leftAt().plusSeconds(2);
            }
        }
        return CallRecord.builder().callId(id).asteriskSystem("pbx").uniqueId(id).serverNode("n").flow("hotline")
                .flowVersion("1").callerNumber("13800000000").callerHash(caller).dialledNumber("12333").channel("PJSIP/x")
                .startedAt(start).answeredAt(start).endedAt(end).durationMs(java.time.Duration.between(start, end).toMillis())
                .topics(List.of("pension")).queueStints(stints).survey(survey).outcome(outcome).build();
    }

    static HandlingRecord handling(String id, int revision, String callId, String agent, String queue,
                                   OffsetDateTime answered, long talkMs, long holdMs, long wrapMs, String transferredTo) {
        return new HandlingRecord(1, id, revision, callId, "u", agent, queue, answered.minusSeconds(3), answered,
                answered.plusNanos(talkMs * 1_000_000L), holdMs, talkMs, wrapMs, "c1",
                transferredTo != null ? HandlingRecord.Resolution.TRANSFERRED : HandlingRecord.Resolution.ANSWERED,
                transferredTo, List.of(), 0, answered.plusNanos((talkMs + wrapMs) * 1_000_000L));
    }

    static AgentStateSegment state(String agent, AgentStateSegment.AgentState state, OffsetDateTime from,
                                   OffsetDateTime to) {
        return new AgentStateSegment(1, agent + "/" + from.toInstant().toEpochMilli(), agent, state, null, from, to,
                List.of("pension"));
    }

    static List<Map<String, Object>> rows(ReportTable table) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            for (int i = 0; i < table.columns().size(); i++) {
                m.put(table.columns().get(i).key(), row.get(i));
            }
            out.add(m);
        }
        return out;
    }
}
