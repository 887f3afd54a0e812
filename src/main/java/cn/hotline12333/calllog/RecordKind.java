package cn.hotline12333.calllog;

import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the call log needs to know about one kind of record to write it exactly once: its stream, the key of its
 * "seen" marks, its id, its JSON form, the Logback logger of its daily file, its journal directory and the words
 * of its log lines. Every kind goes through the same writer, journal and idempotent script.
 *
 * <p>The seen marks carry the stream's name as a Redis Cluster hash tag ({@code calllog:seen:{calls}:<id>}), so
 * the script's two keys always share one slot.
 */
final class RecordKind<T> {
    static final String SEEN = "calllog:seen:";

    static final RecordKind<CallRecord> CALLS = new RecordKind<>(CallRecords.STREAM, CallRecord::callId,
            CallRecords::toJson, CallRecords::parse, "cdr", "", "call", "call_recorded", "call_record_duplicate",
            "call_record_lost", r -> " outcome=" + (r.outcome() == null ? "none" : r.outcome().wireName()));
    static final RecordKind<HandlingRecord> HANDLING = new RecordKind<>(HandlingRecord.STREAM,
            HandlingRecord::recordId, CallRecords::toJson, CallRecords::parseHandling, "handling", "handling",
            "handling", "handling_recorded", "handling_record_duplicate", "handling_record_lost", r -> "");
    static final RecordKind<AgentStateSegment> AGENT_STATES = new RecordKind<>(AgentStateSegment.STREAM,
            AgentStateSegment::segmentId, CallRecords::toJson, CallRecords::parseAgentState, "agent-states",
            "agent-states", "segment", "agent_state_recorded", "agent_state_duplicate", "agent_state_lost",
            r -> "");
    static final RecordKind<FollowUpRecord> FOLLOW_UPS = new RecordKind<>(FollowUpRecord.STREAM,
            FollowUpRecord::recordId, CallRecords::toJson, CallRecords::parseFollowUp, "follow-ups", "follow-ups",
            "change", "follow_up_recorded", "follow_up_duplicate", "follow_up_lost", r -> " action=" + r.action());

    final String stream;
    final String seenPrefix;
    private final Function<T, String> id;
    private final Function<T, String> json;
    private final Function<String, T> parse;
    /** The Logback logger writing the daily JSONL file (logback.xml). */
    final Logger file;
    /** Where its journal lives under the node's journal directory ("": the directory itself, for calls). */
    final String journalSubdir;
    /** Log words: the id's key ({@code call=}), and the events for recorded, duplicate and lost. */
    final String idKey;
    final String recorded;
    final String duplicate;
    final String lost;
    private final Function<T, String> detail;

    private RecordKind(String stream, Function<T, String> id, Function<T, String> json, Function<String, T> parse,
                       String fileLogger, String journalSubdir, String idKey, String recorded, String duplicate,
                       String lost, Function<T, String> detail) {
        this.stream = stream;
        this.seenPrefix = seenPrefix(stream);
        this.id = id;
        this.json = json;
        this.parse = parse;
        this.file = LoggerFactory.getLogger(fileLogger);
        this.journalSubdir = journalSubdir;
        this.idKey = idKey;
        this.recorded = recorded;
        this.duplicate = duplicate;
        this.lost = lost;
        this.detail = detail;
    }

    /** {@code calllog:seen:{<stream>}:}: the prefix of a stream's seen marks, in the stream's cluster slot. */
    static String seenPrefix(String stream) {
        return SEEN + "{" + stream + "}:";
    }

    String id(T record) {
        return id.apply(record);
    }

    /** Where a record came from, to tell a collision from a replay: a call's server node and start time. */
    String source(T record) {
        return record instanceof CallRecord call ? call.serverNode() + " " + call.startedAt() : "- -";
    }

    String json(T record) {
        return json.apply(record);
    }

    /** The record of a journal line; IllegalArgumentException if the line is not one. */
    T parse(String line) {
        return parse.apply(line);
    }

    /** What the "recorded" log line says after the id ({@code " outcome=self_service"} for calls). */
    String detail(T record) {
        return detail.apply(record);
    }
}
