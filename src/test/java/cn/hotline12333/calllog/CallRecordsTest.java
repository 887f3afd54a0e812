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
        CallRecord withNewline = new CallRecord(record.callId(), record.asteriskSystem(), record.uniqueId(),
                record.serverNode(), record.flow(), record.flowVersion(), record.callerNumber(),
                record.dialledNumber(), record.channel(), record.startedAt(), record.answeredAt(), record.endedAt(),
                record.durationMs(), record.path(), record.inputs(), record.topics(), Outcome.ERROR, null, null,
                null, null, CallRecord.HungUpBy.SYSTEM, "lookup failed\nthen retried");

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
}
