package cn.hotline12333.calllog;

import cn.hotline12333.calllog.AgentStateSegment.AgentState;
import cn.hotline12333.calllog.CallRecord.Exit;
import cn.hotline12333.calllog.CallRecord.HungUpBy;
import cn.hotline12333.calllog.CallRecord.Input;
import cn.hotline12333.calllog.CallRecord.QueueStint;
import cn.hotline12333.calllog.CallRecord.ServiceResult;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.CallRecord.Survey;
import cn.hotline12333.calllog.CallRecord.Visit;
import cn.hotline12333.calllog.HandlingRecord.Resolution;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads call records, handling records and agent-state segments token by token with Jackson's streaming parser:
 * data binding into the records was about 43 % of the statistics rebuild's parser threads and 46 % of the live
 * consumers' time. It knows only the shapes {@link CallRecords} writes (every value of its own JSON type or null,
 * enums by their wire names, fields once each, unknown fields skipped). Anything else — a number for a string, an
 * unknown outcome, a repeated field, a time it cannot read, a null inside a list, JSON it cannot parse — makes it
 * give up ({@code null}), and the caller reads the record by data binding, which decides as it always did. So a
 * record read here equals the one data binding gives for the same text (RecordReaderTest holds it to that).
 */
final class RecordReader {
    /** Thrown to give up; no stack trace, one instance. */
    private static final class Unusual extends Exception {
        private Unusual() {
            super(null, null, false, false);
        }
    }

    private static final Unusual UNUSUAL = new Unusual();

    private static final Map<String, Outcome> OUTCOMES = wireNames(Outcome.class);
    private static final Map<String, HungUpBy> HUNG_UP_BY = wireNames(HungUpBy.class);
    private static final Map<String, Exit> EXITS = wireNames(Exit.class);
    private static final Map<String, StintResult> RESULTS = wireNames(StintResult.class);
    private static final Map<String, Resolution> RESOLUTIONS = wireNames(Resolution.class);
    private static final Map<String, AgentState> STATES = wireNames(AgentState.class);

    // every object's fields in the order CallRecords writes them
    private static final Fields CALL_FIELDS = new Fields(
            "version", "call_id", "asterisk_system", "unique_id", "linked_id", "server_node", "flow", "flow_version",
            "caller_number", "caller_hash", "dialled_number", "channel", "started_at", "answered_at", "ended_at",
            "duration_ms", "path", "inputs", "topics", "queue_stints", "self_service", "survey", "outcome", "queue",
            "queue_status", "queue_wait_ms", "survey_score", "hung_up_by", "error");
    private static final Fields VISIT_FIELDS = new Fields("flow", "node", "at", "exit", "key");
    private static final Fields INPUT_FIELDS = new Fields("node", "kind", "value", "valid");
    private static final Fields STINT_FIELDS = new Fields(
            "queue", "entered_at", "left_at", "wait_ms", "talk_ms", "agent", "result");
    private static final Fields SERVICE_FIELDS = new Fields("service", "ok");
    private static final Fields SURVEY_FIELDS = new Fields("offered", "score");
    private static final Fields HANDLING_FIELDS = new Fields(
            "version", "handling_id", "revision", "call_id", "unique_id", "agent", "queue", "offered_at", "answered_at",
            "ended_at", "hold_ms", "talk_ms", "wrapup_ms", "wrapup_code", "resolution", "transferred_to", "work_order_ids",
            "ring_no_answer", "written_at", "ivr_topic");
    private static final Fields SEGMENT_FIELDS = new Fields(
            "version", "segment_id", "agent", "state", "reason", "from", "to", "queues");

    private RecordReader() {
    }

    /**
     * An object's field names in the order they are written, to tell Jackson which name to expect next: it then
     * compares the name's bytes instead of looking the name up (which was a sixth of the reading).
     */
    private static final class Fields {
        private final SerializedString[] names;
        private final Map<String, Integer> after = new HashMap<>();

        Fields(String... names) {
            this.names = new SerializedString[names.length];
            for (int i = 0; i < names.length; i++) {
                this.names[i] = new SerializedString(names[i]);
                after.put(names[i], i + 1);
            }
        }

        /**
         * Moves to the next field of the object after field {@code previous} (null: at its start) and returns its name
         * (the one given here when it is the expected one); null at the object's end or at any other token.
         */
        String next(JsonParser p, String previous) throws IOException {
            Integer i = previous == null ? Integer.valueOf(0) : after.get(previous);
            if (i != null && i < names.length) {
                if (p.nextFieldName(names[i])) {
                    return names[i].getValue();
                }
                return p.currentToken() == JsonToken.FIELD_NAME ? p.currentName() : null;
            }
            return p.nextFieldName();
        }
    }

    /**
     * The call record of the parser's text, or null when data binding must decide; closes the parser. Each kind has
     * its own copy of these few lines: one method shared through a function of the kind gave C2 a call site whose
     * type changed when a rebuild moved from calls to handling records and again to agent-state segments, and every
     * method compiled with it inlined was compiled again.
     */
    static CallRecord call(JsonParser p) {
        try (p) {
            return p.nextToken() == JsonToken.START_OBJECT ? callObject(p) : null;
        } catch (Unusual | IOException | RuntimeException e) {
            return null;
        }
    }

    static HandlingRecord handling(JsonParser p) {
        try (p) {
            return p.nextToken() == JsonToken.START_OBJECT ? handlingObject(p) : null;
        } catch (Unusual | IOException | RuntimeException e) {
            return null;
        }
    }

    static AgentStateSegment agentState(JsonParser p) {
        try (p) {
            return p.nextToken() == JsonToken.START_OBJECT ? segmentObject(p) : null;
        } catch (Unusual | IOException | RuntimeException e) {
            return null;
        }
    }

    /** Reads one object, its parser at the object's start. */
    private interface OneObject<T> {
        T read(JsonParser p) throws IOException, Unusual;
    }

    /** At a list's value: its objects, each read by {@code object}; null for null. */
    private static <T> List<T> objects(JsonParser p, OneObject<T> object) throws IOException, Unusual {
        if (!startArray(p)) {
            return null;
        }
        List<T> out = new ArrayList<>();
        while (element(p)) {
            out.add(object.read(p));
        }
        return out;
    }

    private static CallRecord callObject(JsonParser p) throws IOException, Unusual {
        int version = 0;
        String callId = null, asteriskSystem = null, uniqueId = null, linkedId = null, serverNode = null, flow = null,
                flowVersion = null, callerNumber = null, callerHash = null, dialledNumber = null, channel = null,
                queue = null, queueStatus = null, error = null;
        OffsetDateTime startedAt = null, answeredAt = null, endedAt = null;
        long durationMs = 0;
        List<Visit> path = null;
        List<Input> inputs = null;
        List<String> topics = null;
        List<QueueStint> stints = null;
        List<ServiceResult> selfService = null;
        Survey survey = null;
        Outcome outcome = null;
        Long queueWaitMs = null;
        Integer surveyScore = null;
        HungUpBy hungUpBy = null;
        long seen = 0;
        for (String f = CALL_FIELDS.next(p, null); f != null; f = CALL_FIELDS.next(p, f)) {
            p.nextToken();
            switch (f) {
                case "version" -> { seen = once(seen, 0); version = intValue(p); }
                case "call_id" -> { seen = once(seen, 1); callId = text(p); }
                case "asterisk_system" -> { seen = once(seen, 2); asteriskSystem = text(p); }
                case "unique_id" -> { seen = once(seen, 3); uniqueId = text(p); }
                case "linked_id" -> { seen = once(seen, 4); linkedId = text(p); }
                case "server_node" -> { seen = once(seen, 5); serverNode = text(p); }
                case "flow" -> { seen = once(seen, 6); flow = text(p); }
                case "flow_version" -> { seen = once(seen, 7); flowVersion = text(p); }
                case "caller_number" -> { seen = once(seen, 8); callerNumber = text(p); }
                case "caller_hash" -> { seen = once(seen, 9); callerHash = text(p); }
                case "dialled_number" -> { seen = once(seen, 10); dialledNumber = text(p); }
                case "channel" -> { seen = once(seen, 11); channel = text(p); }
                case "started_at" -> { seen = once(seen, 12); startedAt = time(p); }
                case "answered_at" -> { seen = once(seen, 13); answeredAt = time(p); }
                case "ended_at" -> { seen = once(seen, 14); endedAt = time(p); }
                case "duration_ms" -> { seen = once(seen, 15); durationMs = longValue(p); }
                case "path" -> { seen = once(seen, 16); path = objects(p, RecordReader::visit); }
                case "inputs" -> { seen = once(seen, 17); inputs = objects(p, RecordReader::input); }
                case "topics" -> { seen = once(seen, 18); topics = texts(p); }
                case "queue_stints" -> { seen = once(seen, 19); stints = objects(p, RecordReader::stint); }
                case "self_service" -> { seen = once(seen, 20); selfService = objects(p, RecordReader::service); }
                case "survey" -> { seen = once(seen, 21); survey = survey(p); }
                case "outcome" -> { seen = once(seen, 22); outcome = wire(p, OUTCOMES); }
                case "queue" -> { seen = once(seen, 23); queue = text(p); }
                case "queue_status" -> { seen = once(seen, 24); queueStatus = text(p); }
                case "queue_wait_ms" -> { seen = once(seen, 25); queueWaitMs = boxedLong(p); }
                case "survey_score" -> { seen = once(seen, 26); surveyScore = boxedInt(p); }
                case "hung_up_by" -> { seen = once(seen, 27); hungUpBy = wire(p, HUNG_UP_BY); }
                case "error" -> { seen = once(seen, 28); error = text(p); }
                default -> p.skipChildren();
            }
        }
        end(p);
        return new CallRecord(version, callId, asteriskSystem, uniqueId, linkedId, serverNode, flow, flowVersion,
                callerNumber, callerHash, dialledNumber, channel, startedAt, answeredAt, endedAt, durationMs, path,
                inputs, topics, stints, selfService, survey, outcome, queue, queueStatus, queueWaitMs, surveyScore,
                hungUpBy, error);
    }

    private static Visit visit(JsonParser p) throws IOException, Unusual {
        String flow = null, node = null, key = null;
        OffsetDateTime at = null;
        Exit exit = null;
        long seen = 0;
        for (String f = VISIT_FIELDS.next(p, null); f != null; f = VISIT_FIELDS.next(p, f)) {
            p.nextToken();
            switch (f) {
                case "flow" -> { seen = once(seen, 0); flow = text(p); }
                case "node" -> { seen = once(seen, 1); node = text(p); }
                case "at" -> { seen = once(seen, 2); at = time(p); }
                case "exit" -> { seen = once(seen, 3); exit = wire(p, EXITS); }
                case "key" -> { seen = once(seen, 4); key = text(p); }
                default -> p.skipChildren();
            }
        }
        end(p);
        return new Visit(flow, node, at, exit, key);
    }

    private static Input input(JsonParser p) throws IOException, Unusual {
        String node = null, kind = null, value = null;
        boolean valid = false;
        long seen = 0;
        for (String f = INPUT_FIELDS.next(p, null); f != null; f = INPUT_FIELDS.next(p, f)) {
            p.nextToken();
            switch (f) {
                case "node" -> { seen = once(seen, 0); node = text(p); }
                case "kind" -> { seen = once(seen, 1); kind = text(p); }
                case "value" -> { seen = once(seen, 2); value = text(p); }
                case "valid" -> { seen = once(seen, 3); valid = bool(p); }
                default -> p.skipChildren();
            }
        }
        end(p);
        return new Input(node, kind, value, valid);
    }

    private static QueueStint stint(JsonParser p) throws IOException, Unusual {
        String queue = null, agent = null;
        OffsetDateTime enteredAt = null, leftAt = null;
        Long waitMs = null, talkMs = null;
        StintResult result = null;
        long seen = 0;
        for (String f = STINT_FIELDS.next(p, null); f != null; f = STINT_FIELDS.next(p, f)) {
            p.nextToken();
            switch (f) {
                case "queue" -> { seen = once(seen, 0); queue = text(p); }
                case "entered_at" -> { seen = once(seen, 1); enteredAt = time(p); }
                case "left_at" -> { seen = once(seen, 2); leftAt = time(p); }
                case "wait_ms" -> { seen = once(seen, 3); waitMs = boxedLong(p); }
                case "talk_ms" -> { seen = once(seen, 4); talkMs = boxedLong(p); }
                case "agent" -> { seen = once(seen, 5); agent = text(p); }
                case "result" -> { seen = once(seen, 6); result = wire(p, RESULTS); }
                default -> p.skipChildren();
            }
        }
        end(p);
        return new QueueStint(queue, enteredAt, leftAt, waitMs, talkMs, agent, result);
    }

    private static ServiceResult service(JsonParser p) throws IOException, Unusual {
        String service = null;
        boolean ok = false;
        long seen = 0;
        for (String f = SERVICE_FIELDS.next(p, null); f != null; f = SERVICE_FIELDS.next(p, f)) {
            p.nextToken();
            switch (f) {
                case "service" -> { seen = once(seen, 0); service = text(p); }
                case "ok" -> { seen = once(seen, 1); ok = bool(p); }
                default -> p.skipChildren();
            }
        }
        end(p);
        return new ServiceResult(service, ok);
    }

    private static Survey survey(JsonParser p) throws IOException, Unusual {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw UNUSUAL;
        }
        boolean offered = false;
        Integer score = null;
        long seen = 0;
        for (String f = SURVEY_FIELDS.next(p, null); f != null; f = SURVEY_FIELDS.next(p, f)) {
            p.nextToken();
            switch (f) {
                case "offered" -> { seen = once(seen, 0); offered = bool(p); }
                case "score" -> { seen = once(seen, 1); score = boxedInt(p); }
                default -> p.skipChildren();
            }
        }
        end(p);
        return new Survey(offered, score);
    }

    private static HandlingRecord handlingObject(JsonParser p) throws IOException, Unusual {
        int version = 0, revision = 0, ringNoAnswer = 0;
        String handlingId = null, callId = null, uniqueId = null, agent = null, queue = null, wrapupCode = null,
                transferredTo = null, ivrTopic = null;
        OffsetDateTime offeredAt = null, answeredAt = null, endedAt = null, writtenAt = null;
        long holdMs = 0, talkMs = 0, wrapupMs = 0;
        Resolution resolution = null;
        List<String> workOrderIds = null;
        long seen = 0;
        for (String f = HANDLING_FIELDS.next(p, null); f != null; f = HANDLING_FIELDS.next(p, f)) {
            p.nextToken();
            switch (f) {
                case "version" -> { seen = once(seen, 0); version = intValue(p); }
                case "handling_id" -> { seen = once(seen, 1); handlingId = text(p); }
                case "revision" -> { seen = once(seen, 2); revision = intValue(p); }
                case "call_id" -> { seen = once(seen, 3); callId = text(p); }
                case "unique_id" -> { seen = once(seen, 4); uniqueId = text(p); }
                case "agent" -> { seen = once(seen, 5); agent = text(p); }
                case "queue" -> { seen = once(seen, 6); queue = text(p); }
                case "offered_at" -> { seen = once(seen, 7); offeredAt = time(p); }
                case "answered_at" -> { seen = once(seen, 8); answeredAt = time(p); }
                case "ended_at" -> { seen = once(seen, 9); endedAt = time(p); }
                case "hold_ms" -> { seen = once(seen, 10); holdMs = longValue(p); }
                case "talk_ms" -> { seen = once(seen, 11); talkMs = longValue(p); }
                case "wrapup_ms" -> { seen = once(seen, 12); wrapupMs = longValue(p); }
                case "wrapup_code" -> { seen = once(seen, 13); wrapupCode = text(p); }
                case "resolution" -> { seen = once(seen, 14); resolution = wire(p, RESOLUTIONS); }
                case "transferred_to" -> { seen = once(seen, 15); transferredTo = text(p); }
                case "work_order_ids" -> { seen = once(seen, 16); workOrderIds = texts(p); }
                case "ring_no_answer" -> { seen = once(seen, 17); ringNoAnswer = intValue(p); }
                case "written_at" -> { seen = once(seen, 18); writtenAt = time(p); }
                case "ivr_topic" -> { seen = once(seen, 19); ivrTopic = text(p); }
                default -> p.skipChildren();
            }
        }
        end(p);
        return new HandlingRecord(version, handlingId, revision, callId, uniqueId, agent, queue, offeredAt, answeredAt,
                endedAt, holdMs, talkMs, wrapupMs, wrapupCode, resolution, transferredTo, workOrderIds, ringNoAnswer,
                writtenAt, ivrTopic);
    }

    private static AgentStateSegment segmentObject(JsonParser p) throws IOException, Unusual {
        int version = 0;
        String segmentId = null, agent = null, reason = null;
        AgentState state = null;
        OffsetDateTime from = null, to = null;
        List<String> queues = null;
        long seen = 0;
        for (String f = SEGMENT_FIELDS.next(p, null); f != null; f = SEGMENT_FIELDS.next(p, f)) {
            p.nextToken();
            switch (f) {
                case "version" -> { seen = once(seen, 0); version = intValue(p); }
                case "segment_id" -> { seen = once(seen, 1); segmentId = text(p); }
                case "agent" -> { seen = once(seen, 2); agent = text(p); }
                case "state" -> { seen = once(seen, 3); state = wire(p, STATES); }
                case "reason" -> { seen = once(seen, 4); reason = text(p); }
                case "from" -> { seen = once(seen, 5); from = time(p); }
                case "to" -> { seen = once(seen, 6); to = time(p); }
                case "queues" -> { seen = once(seen, 7); queues = texts(p); }
                default -> p.skipChildren();
            }
        }
        end(p);
        return new AgentStateSegment(version, segmentId, agent, state, reason, from, to, queues);
    }

    /** Marks a field read; a field met twice is left to data binding. */
    private static long once(long seen, int field) throws Unusual {
        long bit = 1L << field;
        if ((seen & bit) != 0) {
            throw UNUSUAL;
        }
        return seen | bit;
    }

    /** After an object's fields: the loop stopped at its end, not at some other token. */
    private static void end(JsonParser p) throws Unusual {
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw UNUSUAL;
        }
    }

    /** At a list's value: true at its start, false for null. */
    private static boolean startArray(JsonParser p) throws Unusual {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t != JsonToken.START_ARRAY) {
            throw UNUSUAL;
        }
        return true;
    }

    /** Moves to a list's next object: true at its start, false at the list's end. */
    private static boolean element(JsonParser p) throws IOException, Unusual {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_ARRAY) {
            return false;
        }
        if (t != JsonToken.START_OBJECT) {
            throw UNUSUAL;
        }
        return true;
    }

    private static List<String> texts(JsonParser p) throws IOException, Unusual {
        if (!startArray(p)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw UNUSUAL;
            }
            out.add(p.getText());
        }
        return out;
    }

    private static String text(JsonParser p) throws IOException, Unusual {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t != JsonToken.VALUE_NULL) {
            throw UNUSUAL;
        }
        return null;
    }

    private static OffsetDateTime time(JsonParser p) throws IOException, Unusual {
        String s = text(p);
        if (s == null) {
            return null;
        }
        try {
            return RecordTimes.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw UNUSUAL;
        }
    }

    private static <E extends Enum<E>> E wire(JsonParser p, Map<String, E> byWire) throws IOException, Unusual {
        String s = text(p);
        if (s == null) {
            return null;
        }
        E e = byWire.get(s);
        if (e == null) {
            throw UNUSUAL;
        }
        return e;
    }

    private static long longValue(JsonParser p) throws IOException, Unusual {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw UNUSUAL;
        }
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw UNUSUAL;
        }
        return p.getLongValue();
    }

    private static int intValue(JsonParser p) throws IOException, Unusual {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw UNUSUAL;
        }
        return p.getIntValue();
    }

    private static Long boxedLong(JsonParser p) throws IOException, Unusual {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : longValue(p);
    }

    private static Integer boxedInt(JsonParser p) throws IOException, Unusual {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : intValue(p);
    }

    private static boolean bool(JsonParser p) throws Unusual {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t != JsonToken.VALUE_FALSE) {
            throw UNUSUAL;
        }
        return false;
    }

    private static <E extends Enum<E>> Map<String, E> wireNames(Class<E> type) {
        Map<String, E> out = new HashMap<>();
        for (E e : type.getEnumConstants()) {
            out.put(e.name().toLowerCase(Locale.ROOT), e);
        }
        return out;
    }
}
