package cn.hotline12333.calllog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CallRecordsTest {
    private final ObjectMapper plain = new ObjectMapper();

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        CallRecord record = FinishedCalls.agentAnswered("pbx-bj-1/1732259050.17");

        CallRecord back = CallRecords.parse(CallRecords.toJson(record));

        assertThat(back).isEqualTo(record);
        assertThat(back.startedAt().getOffset()).isEqualTo(ZoneOffset.ofHours(8));
        assertThat(back.path().get(1).at().getOffset()).isEqualTo(ZoneOffset.ofHours(8));
    }

    @Test
    void nullsAndEmptyListsSurviveTheRoundTrip() {
        CallRecord record = FinishedCalls.neverAnswered("pbx-bj-1/1732259050.18");

        assertThat(CallRecords.parse(CallRecords.toJson(record))).isEqualTo(record);
    }

    @Test
    void fieldsAreSnakeCaseTimesKeepTheirOffsetAndEnumsAreLowercase() throws Exception {
        JsonNode json = plain.readTree(CallRecords.toJson(FinishedCalls.agentAnswered("pbx-bj-1/1732259050.17")));

        assertThat(json.get("call_id").asText()).isEqualTo("pbx-bj-1/1732259050.17");
        assertThat(json.get("started_at").asText()).isEqualTo("2026-11-23T10:00:05.123456+08:00");
        assertThat(json.get("duration_ms").asLong()).isEqualTo(185_000);
        assertThat(json.get("queue_wait_ms").asLong()).isEqualTo(142_000);
        assertThat(json.get("outcome").asText()).isEqualTo(Outcome.AGENT_ANSWERED.wireName());
        assertThat(json.get("hung_up_by").asText()).isEqualTo("caller");
        assertThat(json.get("path").get(0).get("at").asText()).isEqualTo("2026-11-23T10:00:06.123456+08:00");
        assertThat(json.get("inputs").get(0).get("value").asText()).isEqualTo("1101********1234");
    }

    @Test
    void nullFieldsAreWrittenAsExplicitNulls() throws Exception {
        JsonNode json = plain.readTree(CallRecords.toJson(FinishedCalls.neverAnswered("pbx-bj-1/1732259050.18")));

        assertThat(json.has("answered_at")).isTrue();
        assertThat(json.get("answered_at").isNull()).isTrue();
        assertThat(json.get("survey_score").isNull()).isTrue();
        assertThat(json.get("error").isNull()).isTrue();
    }

    @Test
    void oneRecordIsOneLine() {
        CallRecord record = FinishedCalls.agentAnswered("pbx-bj-1/1");
        CallRecord withNewline = record.toBuilder().outcome(Outcome.ERROR).queue(null).queueStatus(null)
                .queueWaitMs(null).surveyScore(null).hungUpBy(CallRecord.HungUpBy.SYSTEM)
                .error("lookup failed\nthen retried").build();

        String json = CallRecords.toJson(withNewline);

        assertThat(json).doesNotContain("\n");
        assertThat(CallRecords.parse(json).error()).isEqualTo("lookup failed\nthen retried");
    }

    @Test
    void unknownFieldsFromANewerNodeAreSkipped() {
        String json = CallRecords.toJson(FinishedCalls.neverAnswered("pbx-bj-1/2"));
        String newer = json.replaceFirst("\\{", "{\"added_later\":[1,2],");

        assertThat(CallRecords.parse(newer).callId()).isEqualTo("pbx-bj-1/2");
    }

    @Test
    void aTornLineIsRefusedWithoutQuotingIt() {
        String json = CallRecords.toJson(FinishedCalls.agentAnswered("pbx-bj-1/3"));
        String torn = json.substring(0, json.indexOf(FinishedCalls.CALLER) + 8);

        assertThatThrownBy(() -> CallRecords.parse(torn))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a call record at line 1")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(t.getMessage()).doesNotContain("13800138");
                    }
                });
    }

    @Test
    void anUnknownOutcomeIsRefused() {
        String json = CallRecords.toJson(FinishedCalls.agentAnswered("pbx-bj-1/4"))
                .replace("\"agent_answered\"", "\"AGENT_ANSWERED\"");

        assertThatThrownBy(() -> CallRecords.parse(json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordWithoutCallIdIsRefused() {
        String json = CallRecords.toJson(FinishedCalls.neverAnswered("pbx-bj-1/5")).replace("\"pbx-bj-1/5\"", "null");

        assertThatThrownBy(() -> CallRecords.parse(json)).hasMessageContaining("no call_id");
    }

    @Test
    void stintsExitsAndSurveyAreWrittenInTheirWireNames() throws Exception {
        JsonNode json = plain.readTree(CallRecords.toJson(FinishedCalls.agentAnswered("pbx-bj-1/6")));

        assertThat(json.get("version").asInt()).isEqualTo(CallRecord.VERSION);
        assertThat(json.get("path").get(0).get("exit").asText()).isEqualTo("key");
        assertThat(json.get("path").get(0).get("key").asText()).isEqualTo("1");
        JsonNode stint = json.get("queue_stints").get(0);
        assertThat(stint.get("result").asText()).isEqualTo("answered");
        assertThat(stint.get("wait_ms").asLong()).isEqualTo(22_000);
        assertThat(stint.get("talk_ms").asLong()).isEqualTo(120_000);
        assertThat(stint.get("agent").asText()).isEqualTo("Agent 1001");
        assertThat(json.get("self_service").get(0).get("service").asText()).isEqualTo("pension_status");
        assertThat(json.get("survey").get("offered").asBoolean()).isTrue();
        assertThat(json.get("survey").get("score").asInt()).isEqualTo(4);
        assertThat(json.get("caller_hash").asText()).hasSize(32);
    }

    @Test
    void aRecordOfVersionZeroReadsWithEmptyListsAndItsSurveyScore() {
        String old = "{\"call_id\":\"pbx-bj-1/1732259050.17\",\"asterisk_system\":\"pbx-bj-1\","
                + "\"unique_id\":\"1732259050.17\",\"server_node\":\"node-a\",\"flow\":\"hotline\","
                + "\"flow_version\":\"7\",\"caller_number\":\"13800138000\",\"dialled_number\":\"12333\","
                + "\"channel\":\"PJSIP/trunk-00000011\",\"started_at\":\"2026-11-23T10:00:05.123456+08:00\","
                + "\"answered_at\":null,\"ended_at\":\"2026-11-23T10:03:10.123456+08:00\",\"duration_ms\":185000,"
                + "\"path\":[{\"flow\":\"hotline\",\"node\":\"main\",\"at\":\"2026-11-23T10:00:06+08:00\"}],"
                + "\"inputs\":[],\"topics\":[],\"outcome\":\"agent_answered\",\"queue\":\"pension\","
                + "\"queue_status\":\"CONTINUE\",\"queue_wait_ms\":142000,\"survey_score\":3,"
                + "\"hung_up_by\":\"caller\",\"error\":null}";

        CallRecord record = CallRecords.parse(old);

        assertThat(record.version()).isZero();
        assertThat(record.queueStints()).isEmpty();
        assertThat(record.selfService()).isEmpty();
        assertThat(record.path().get(0).exit()).isNull();
        assertThat(record.survey()).isEqualTo(new CallRecord.Survey(true, 3));
    }

    @Test
    void aHandlingRecordSurvivesTheRoundTripAndIsKeyedByItsRevision() {
        HandlingRecord record = new HandlingRecord(HandlingRecord.VERSION, "pbx-bj-1/7/Agent 1001/1", 2,
                "pbx-bj-1/7", "7", "Agent 1001", "hotline-pension",
                java.time.OffsetDateTime.parse("2026-11-23T10:00:20+08:00"),
                java.time.OffsetDateTime.parse("2026-11-23T10:00:25+08:00"),
                java.time.OffsetDateTime.parse("2026-11-23T10:03:00+08:00"), 10_000, 155_000, 30_000, "pension.payment",
                HandlingRecord.Resolution.INVALID_CALL, null, java.util.List.of("GD20261123000001"), 1,
                java.time.OffsetDateTime.parse("2026-11-23T10:03:30+08:00"));

        String json = CallRecords.toJson(record);

        assertThat(CallRecords.parseHandling(json)).isEqualTo(record);
        assertThat(json).contains("\"resolution\":\"invalid_call\"").contains("\"wrapup_ms\":30000")
                .doesNotContain("record_id");
        assertThat(record.recordId()).isEqualTo("pbx-bj-1/7/Agent 1001/1#2");
    }

    @Test
    void aHandlingRecordCarriesItsIvrTopicAndOneWrittenWithoutItStillReads() {
        HandlingRecord record = new HandlingRecord(HandlingRecord.VERSION, "pbx/8/1001/1", 1, "pbx/8", "8", "1001",
                "hotline-pension", java.time.OffsetDateTime.parse("2026-11-23T10:00:20+08:00"),
                java.time.OffsetDateTime.parse("2026-11-23T10:00:25+08:00"),
                java.time.OffsetDateTime.parse("2026-11-23T10:03:00+08:00"), 0, 155_000, 30_000,
                "wage_arrears.complaint", HandlingRecord.Resolution.REFERRED, null, java.util.List.of(), 0,
                java.time.OffsetDateTime.parse("2026-11-23T10:03:30+08:00")).withIvrTopic("pension");

        String json = CallRecords.toJson(record);

        assertThat(json).contains("\"ivr_topic\":\"pension\"").doesNotContain("wrapup_topic");
        assertThat(CallRecords.parseHandling(json)).isEqualTo(record);
        assertThat(record.wrapupTopic()).isEqualTo("wage_arrears");
        HandlingRecord older = CallRecords.parseHandling(json.replace(",\"ivr_topic\":\"pension\"", ""));
        assertThat(older.ivrTopic()).isNull();
        assertThat(older).isEqualTo(record.withIvrTopic(null));
    }

    @Test
    void anAgentStateSegmentSurvivesTheRoundTrip() {
        AgentStateSegment segment = new AgentStateSegment(AgentStateSegment.VERSION, "Agent 1001/1795446600000",
                "Agent 1001", AgentStateSegment.AgentState.NOT_READY, "用餐",
                java.time.OffsetDateTime.parse("2026-11-23T11:50:00+08:00"),
                java.time.OffsetDateTime.parse("2026-11-23T12:20:00+08:00"), java.util.List.of("hotline-general"));

        String json = CallRecords.toJson(segment);

        assertThat(CallRecords.parseAgentState(json)).isEqualTo(segment);
        assertThat(json).contains("\"state\":\"not_ready\"");
    }

    @Test
    void recordsOfTheOtherKindsWithoutTheirKeysAreRefused() {
        assertThatThrownBy(() -> CallRecords.parseHandling("{\"revision\":1}")).hasMessageContaining("handling_id");
        assertThatThrownBy(() -> CallRecords.parseAgentState("{\"agent\":\"a\"}")).hasMessageContaining("segment_id");
    }
}
