package cn.hotline12333.stats;

import static cn.hotline12333.stats.Fixtures.at;
import static cn.hotline12333.stats.Fixtures.call;
import static cn.hotline12333.stats.Fixtures.handling;
import static cn.hotline12333.stats.Fixtures.rows;
import static cn.hotline12333.stats.Fixtures.stint;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.AgentStateSegment.AgentState;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.store.RedisFixture;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every KPI formula on hand-computed fixtures (docs/kpi.md has the same examples worked out). */
class KpiFiguresTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final StatsSettings SETTINGS = StatsSettings.defaults();
    static final Clock LATER = Clock.fixed(Instant.parse("2026-12-31T00:00:00Z"), ZoneOffset.UTC);

    private final Contributions contributions = new Contributions(SETTINGS);

    private void apply(Object... records) {
        Applier applier = new Applier(REDIS.redis().jedis());
        for (Object r : records) {
            Contribution c;
            if (r instanceof CallRecord call) {
                c = contributions.of(call);
            } else if (r instanceof cn.hotline12333.calllog.HandlingRecord h) {
                c = contributions.of(h);
            } else {
                c = contributions.of((cn.hotline12333.calllog.AgentStateSegment) r);
            }
            applier.apply(List.of(c));
        }
    }

    private static ReportQuery query(String from, String to, Interval interval) {
        return new ReportQuery(ZonedDateTime.of(java.time.LocalDateTime.parse(from), SHANGHAI),
                ZonedDateTime.of(java.time.LocalDateTime.parse(to), SHANGHAI), interval, List.of(), List.of(), List.of(),
                List.of(), null, null);
    }

    private static Statistics statistics(Clock clock) {
        return new Statistics(REDIS.redis(), SETTINGS, clock);
    }

    private static Map<String, Object> queueRow(ReportTable t, String queue) {
        return rows(t).stream().filter(r -> r.get("queue").equals(queue)).findFirst().orElseThrow();
    }

    @Test
    void waitExactlyTIsWithinServiceLevelAndExactlySIsAShortAbandon() {
        var t0 = at("2026-11-23T10:00:00");
        apply(call(t0, Outcome.AGENT_ANSWERED, List.of(stint("pension", t0, 20_000, StintResult.ANSWERED, "A1"))),
                call(t0, Outcome.AGENT_ANSWERED, List.of(stint("pension", t0, 20_001, StintResult.ANSWERED, "A1"))),
                call(t0, Outcome.QUEUE_ABANDONED, List.of(stint("pension", t0, 5_000, StintResult.ABANDONED, null))),
                call(t0, Outcome.QUEUE_ABANDONED, List.of(stint("pension", t0, 5_001, StintResult.ABANDONED, null))),
                call(t0, Outcome.QUEUE_TIMEOUT, List.of(stint("pension", t0, 60_000, StintResult.TIMEOUT, null))),
                call(t0, Outcome.QUEUE_TIMEOUT, List.of(stint("pension", t0, 0, StintResult.JOINEMPTY, null))));
        Map<String, Object> r = queueRow(statistics(LATER).queues(query("2026-11-23T10:00", "2026-11-23T10:15", Interval.M15)), "pension");
        assertThat(r).containsEntry("offered", 5L).containsEntry("blocked", 1L).containsEntry("answered", 2L)
                .containsEntry("answered_within", 1L).containsEntry("abandoned", 2L).containsEntry("short_abandoned", 1L)
                .containsEntry("other_exits", 1L).containsEntry("timeouts", 1L);
        assertThat(r.get("service_level")).isEqualTo(new Kpi(0.25, 1, 4, false));
        assertThat(r.get("service_level_of_answered")).isEqualTo(new Kpi(0.5, 1, 2, false));
        assertThat(r.get("service_level_asterisk2")).isEqualTo(new Kpi(0.75, 3, 4, false));
        assertThat(r.get("answer_rate")).isEqualTo(new Kpi(0.4, 2, 5, false));
        assertThat(r.get("abandon_rate")).isEqualTo(new Kpi(0.25, 1, 4, false));
        assertThat(r.get("asa_ms")).isEqualTo(new Kpi(20_000.5, 40_001, 2, false));
        assertThat(r.get("wait_max_ms")).isEqualTo(20_001L);
        assertThat(r.get("time_to_abandon_ms")).isEqualTo(new Kpi(5_000.5, 10_001, 2, false));
    }

    @Test
    void zeroDenominatorsGiveNullNeverNaNOrZero() {
        var t0 = at("2026-11-23T10:00:00");
        apply(call(t0, Outcome.QUEUE_TIMEOUT, List.of(stint("pension", t0, 0, StintResult.FULL, null))));
        Map<String, Object> r = queueRow(statistics(LATER).queues(query("2026-11-23T10:00", "2026-11-23T11:00", Interval.H1)), "pension");
        assertThat(((Kpi) r.get("service_level")).value()).isNull();
        assertThat(((Kpi) r.get("asa_ms")).value()).isNull();
        assertThat(((Kpi) r.get("abandon_rate")).value()).isNull();
        assertThat(((Kpi) r.get("aht_ms")).value()).isNull();
        assertThat(r.get("wait_p50_ms")).isNull();
        assertThat(r.get("answer_rate")).isEqualTo(new Kpi(0.0, 0, 1, false));
    }

    @Test
    void aStintCountsInTheIntervalItEnteredEvenAcrossABoundaryOrMidnight() {
        var boundary = at("2026-11-23T10:14:50");
        var midnight = at("2026-11-23T23:59:50");
        apply(call(boundary, Outcome.AGENT_ANSWERED, List.of(stint("pension", boundary, 40_000, StintResult.ANSWERED, "A1"))),
                call(midnight, Outcome.AGENT_ANSWERED, List.of(stint("pension", midnight, 40_000, StintResult.ANSWERED, "A1"))));
        List<Map<String, Object>> quarter = rows(statistics(LATER).queues(query("2026-11-23T10:00", "2026-11-23T10:30", Interval.M15)));
        assertThat(quarter).hasSize(1);
        assertThat(quarter.get(0)).containsEntry("offered", 1L);
        assertThat(quarter.get(0).get("interval").toString()).startsWith("2026-11-23T10:00");
        List<Map<String, Object>> days = rows(statistics(LATER).queues(query("2026-11-23T00:00", "2026-11-25T00:00", Interval.DAY)));
        assertThat(days).hasSize(1);
        assertThat(days.get(0)).containsEntry("offered", 2L);
        assertThat(days.get(0).get("interval").toString()).startsWith("2026-11-23T00:00");
    }

    @Test
    void anOverflowIsTwoStintsButOneCallThatReachedAnAgent() {
        var t0 = at("2026-11-23T10:00:00");
        apply(call(t0, Outcome.AGENT_ANSWERED, List.of(stint("pension", t0, 60_000, StintResult.TIMEOUT, null),
                stint("card", t0.plusSeconds(61), 10_000, StintResult.ANSWERED, "A2"))));
        ReportTable queues = statistics(LATER).queues(query("2026-11-23T10:00", "2026-11-23T11:00", Interval.H1));
        assertThat(queueRow(queues, "pension")).containsEntry("offered", 1L).containsEntry("timeouts", 1L).containsEntry("answered", 0L);
        assertThat(queueRow(queues, "card")).containsEntry("offered", 1L).containsEntry("answered", 1L);
        assertThat(queueRow(queues, QueueReport.ALL)).containsEntry("offered", 2L).containsEntry("answered", 1L);
        Map<String, Object> outcome = rows(statistics(LATER).outcomes(query("2026-11-23T10:00", "2026-11-23T11:00", Interval.H1))).get(0);
        assertThat(outcome).containsEntry("calls", 1L).containsEntry("asked_agent", 1L).containsEntry("reached_agent", 1L);
        assertThat(outcome.get("answer_rate_calls")).isEqualTo(new Kpi(1.0, 1, 1, false));
    }

    @Test
    void aTransferCountsInTheTransferRateAndAhtAddsTalkAndWrapUpOnce() {
        var t0 = at("2026-11-23T10:00:00");
        apply(handling("h1", 1, "pbx/x", "A1", "pension", t0, 100_000, 20_000, 30_000, "labour"),
                handling("h2", 1, "pbx/y", "A1", "pension", t0, 50_000, 0, 20_000, null));
        Map<String, Object> agent = rows(statistics(LATER).agents(query("2026-11-23T10:00", "2026-11-23T11:00", Interval.H1))).get(0);
        assertThat(agent.get("transfer_rate")).isEqualTo(new Kpi(0.5, 1, 2, false));
        // (talk_net + hold + wrap-up) / handled = ((80+20+30) + (50+0+20)) s / 2
        assertThat(agent.get("aht_ms")).isEqualTo(new Kpi(100_000.0, 200_000, 2, false));
        assertThat(queueRow(statistics(LATER).queues(query("2026-11-23T10:00", "2026-11-23T11:00", Interval.H1)), "pension").get("transfer_rate"))
                .isEqualTo(new Kpi(0.5, 1, 2, false));
    }

    @Test
    void aHandlingRecordWithoutItsCallAndACallWithoutItsHandlingEachCountWhatTheyKnow() {
        var t0 = at("2026-11-23T10:00:00");
        apply(handling("h1", 1, null, "A1", "pension", t0, 60_000, 0, 10_000, null),
                call(t0, Outcome.AGENT_ANSWERED, List.of(stint("pension", t0, 5_000, StintResult.ANSWERED, "A2"))));
        List<Map<String, Object>> agents = rows(statistics(LATER).agents(query("2026-11-23T10:00", "2026-11-23T11:00", Interval.H1)));
        assertThat(agents).extracting(r -> r.get("agent")).containsExactly("A1", "A2");
        assertThat(agents.get(0)).containsEntry("handled", 1L).containsEntry("answered", 0L);
        assertThat(agents.get(1)).containsEntry("handled", 0L).containsEntry("answered", 1L);
        assertThat(((Kpi) agents.get(1).get("aht_ms")).value()).isNull();
    }

    @Test
    void aSurveyWithNoKeyPressedIsOfferedButNotAResponse() {
        var t0 = at("2026-11-23T10:00:00");
        apply(call("pbx/s1", t0, Outcome.AGENT_ANSWERED, List.of(stint("pension", t0, 5_000, StintResult.ANSWERED, "A1")),
                null, new CallRecord.Survey(true, null)));
        Map<String, Object> all = rows(statistics(LATER).satisfaction(query("2026-11-23T10:00", "2026-11-23T11:00", Interval.H1))).get(0);
        assertThat(all).containsEntry("offered", 1L).containsEntry("responses", 0L);
        assertThat(((Kpi) all.get("csat")).value()).isNull();
        assertThat(all.get("response_rate")).isEqualTo(new Kpi(0.0, 0, 1, false));
    }

    @Test
    void satisfactionIsCreditedToTheQueueAndAgentThatAnsweredLastAndToEveryTopic() {
        var t0 = at("2026-11-23T10:00:00");
        // overflow: 30 s unanswered in pension, then answered in general by A2; scored 5
        apply(call("pbx/o1", t0, Outcome.AGENT_ANSWERED, List.of(stint("pension", t0, 30_000, StintResult.TIMEOUT, null),
                        stint("general", t0.plusSeconds(31), 5_000, StintResult.ANSWERED, "A2")), null,
                new CallRecord.Survey(true, 5)),
                // answered in pension by A1, scored 2; and one offered without a key pressed
                call("pbx/o2", t0, Outcome.AGENT_ANSWERED, List.of(stint("pension", t0, 5_000, StintResult.ANSWERED, "A1")),
                        null, new CallRecord.Survey(true, 2)),
                call("pbx/o3", t0, Outcome.AGENT_ANSWERED, List.of(stint("pension", t0, 5_000, StintResult.ANSWERED, "A1")),
                        null, new CallRecord.Survey(true, null)));
        List<Map<String, Object>> rows = rows(statistics(LATER).satisfaction(query("2026-11-23T10:00", "2026-11-23T11:00", Interval.H1)));
        assertThat(rows).extracting(r -> r.get("by") + "/" + r.get("name"))
                .containsExactly("total/*", "queue/general", "queue/pension", "agent/A1", "agent/A2", "topic/pension");
        assertThat(rows.get(0).get("csat")).isEqualTo(new Kpi(0.5, 1, 2, false));
        assertThat(rows.get(1)).containsEntry("offered", 1L).containsEntry("score_5", 1L);
        assertThat(rows.get(1).get("csat")).isEqualTo(new Kpi(1.0, 1, 1, false));
        assertThat(rows.get(2)).containsEntry("offered", 2L).containsEntry("responses", 1L).containsEntry("score_2", 1L);
        assertThat(rows.get(2).get("csat")).isEqualTo(new Kpi(0.0, 0, 1, false));
        assertThat(rows.get(2).get("response_rate")).isEqualTo(new Kpi(0.5, 1, 2, false));
        assertThat(rows.get(5)).containsEntry("offered", 3L).containsEntry("responses", 2L);

        ReportQuery onlyGeneral = new ReportQuery(ZonedDateTime.of(java.time.LocalDateTime.parse("2026-11-23T10:00"), SHANGHAI),
                ZonedDateTime.of(java.time.LocalDateTime.parse("2026-11-23T11:00"), SHANGHAI), Interval.H1,
                List.of("general"), List.of(), List.of(), List.of(), null, null);
        assertThat(rows(statistics(LATER).satisfaction(onlyGeneral))).extracting(r -> r.get("by") + "/" + r.get("name"))
                .containsExactly("queue/general", "agent/A1", "agent/A2", "topic/pension");
    }

    private static cn.hotline12333.calllog.HandlingRecord routed(String id, int revision, String ivrTopic, String code,
                                                                java.time.OffsetDateTime at) {
        return handling(id, revision, "pbx/" + id, "A1", "pension", at, 60_000, 0, 10_000, null)
                .withWrapup(code).withIvrTopic(ivrTopic);
    }

    @Test
    void theRoutingMatrixCountsHandledCallsByIvrTopicAndWrapUpTopicAndAnEditedWrapUpMovesItsCall() {
        var t0 = at("2026-11-23T10:00:00");
        apply(routed("h1", 1, "pension", "pension.payment", t0), routed("h2", 1, "pension", "pension.transfer", t0),
                routed("h3", 1, "pension", "wage_arrears.complaint", t0), routed("h4", 1, null, "card.loss", t0),
                routed("h5", 1, "card", "card.loss", t0),
                // h3's wrap-up corrected: it was a pension question after all; applied twice, counts once
                routed("h3", 2, "pension", "pension.other", t0), routed("h3", 2, "pension", "pension.other", t0),
                // no wrap-up code (expired unfilled): not in the matrix
                handling("h6", 1, "pbx/h6", "A1", "pension", t0, 60_000, 0, 10_000, null).withWrapup(null));
        ReportTable table = statistics(LATER).routing(query("2026-11-23T00:00", "2026-11-24T00:00", Interval.DAY));
        assertThat(rows(table)).extracting(r -> r.get("ivr_topic") + ">" + r.get("wrapup_topic") + "=" + r.get("handled"))
                .containsExactly("->card=1", "card>card=1", "pension>pension=3");
        assertThat(rows(table).get(2).get("share")).isEqualTo(new Kpi(1.0, 3, 3, false));
        assertThat(table.meta().get("routing_accuracy")).isEqualTo(new Kpi(1.0, 4, 4, false));

        apply(routed("h7", 1, "pension", "unemployment.benefit", t0));
        ReportTable after = statistics(LATER).routing(query("2026-11-23T00:00", "2026-11-24T00:00", Interval.DAY));
        assertThat(after.meta().get("routing_accuracy")).isEqualTo(new Kpi(0.8, 4, 5, false));
        assertThat(rows(after)).filteredOn(r -> "pension".equals(r.get("ivr_topic")) && "pension".equals(r.get("wrapup_topic")))
                .extracting(r -> r.get("share")).containsExactly(new Kpi(0.75, 3, 4, false));
    }

    @Test
    void fcrCountsARepeatExactlyAtTheWindowsEdgeAndStaysProvisionalUntilTheWindowHasPassed() {
        var t0 = at("2026-11-23T10:00:00");
        var answered = List.of(stint("pension", t0, 5_000, StintResult.ANSWERED, "A1"));
        apply(call("pbx/x1", t0, Outcome.AGENT_ANSWERED, answered, "caller-x", new CallRecord.Survey(false, null)),
                call("pbx/x2", t0.plusDays(7), Outcome.AGENT_ANSWERED,
                        List.of(stint("pension", t0.plusDays(7), 5_000, StintResult.ANSWERED, "A1")), "caller-x",
                        new CallRecord.Survey(false, null)),
                call("pbx/y1", t0, Outcome.AGENT_ANSWERED, answered, "caller-y", new CallRecord.Survey(false, null)),
                call("pbx/y2", t0.plusDays(7).plusSeconds(1), Outcome.AGENT_ANSWERED,
                        List.of(stint("pension", t0.plusDays(7).plusSeconds(1), 5_000, StintResult.ANSWERED, "A1")),
                        "caller-y", new CallRecord.Survey(false, null)));
        ReportQuery day = query("2026-11-23T00:00", "2026-11-24T00:00", Interval.DAY);
        Clock nextDay = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
        Clock windowPassed = Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), ZoneOffset.UTC);
        assertThat(rows(statistics(nextDay).outcomes(day)).get(0).get("fcr")).isEqualTo(new Kpi(0.5, 1, 2, true));
        assertThat(rows(statistics(windowPassed).outcomes(day)).get(0).get("fcr")).isEqualTo(new Kpi(0.5, 1, 2, false));
    }

    @Test
    void aRecordAppliedTwiceCountsOnceAndALaterRevisionReplacesTheEarlierExactlyOnce() {
        var t0 = at("2026-11-23T10:00:00");
        CallRecord c = call(t0, Outcome.AGENT_ANSWERED, List.of(stint("pension", t0, 5_000, StintResult.ANSWERED, "A1")));
        var rev1 = handling("h1", 1, c.callId(), "A1", "pension", t0, 60_000, 0, 10_000, null);
        var rev2 = handling("h1", 2, c.callId(), "A1", "pension", t0, 60_000, 0, 30_000, "labour");
        apply(c, c, rev1, rev2, rev1, rev2);
        Map<String, Object> agent = rows(statistics(LATER).agents(query("2026-11-23T10:00", "2026-11-23T11:00", Interval.H1))).get(0);
        assertThat(agent).containsEntry("answered", 1L).containsEntry("handled", 1L).containsEntry("wrapup_ms", 30_000L);
        assertThat(agent.get("transfer_rate")).isEqualTo(new Kpi(1.0, 1, 1, false));
    }

    @Test
    void agentTimeIsSplitAcrossIntervalsByTheClock() {
        apply(Fixtures.state("A1", AgentState.READY, at("2026-11-23T10:10:00"), at("2026-11-23T10:40:00")),
                Fixtures.state("A1", AgentState.ON_CALL, at("2026-11-23T10:40:00"), at("2026-11-23T10:50:00")));
        List<Map<String, Object>> rows = rows(statistics(LATER).agents(query("2026-11-23T10:00", "2026-11-23T11:00", Interval.M15)));
        assertThat(rows).extracting(r -> r.get("ready_ms")).containsExactly(300_000L, 900_000L, 600_000L, 0L);
        assertThat(rows).extracting(r -> r.get("on_call_ms")).containsExactly(0L, 0L, 300_000L, 300_000L);
        assertThat(rows.get(2).get("occupancy")).isEqualTo(new Kpi(1.0 / 3, 300_000, 900_000, false));
        assertThat(rows.get(3).get("occupancy")).isEqualTo(new Kpi(1.0, 300_000, 300_000, false));
    }
}
