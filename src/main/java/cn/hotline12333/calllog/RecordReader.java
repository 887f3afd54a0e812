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
     * compares the name's bytes instead of looking the name up (which was a sixth of the reading). A field is known by
     * its position, which the readers' switches take: a switch on the name had C2 compile a hash and a comparison of
     * every name into each object reader (with the 29 fields of a call, beyond its size limit, so that the small
     * methods each case called were left as calls).
     */
    private static final class Fields {
        /** Before the object's first field. */
        static final int START = -1;
        /** A field of another name: skipped. */
        static final int UNKNOWN = -2;
        /** The object's end, or a token other than a field name. */
        static final int END = -3;

        private final SerializedString[] names;
        private final Map<String, Integer> positions = new HashMap<>();

        Fields(String... names) {
            this.names = new SerializedString[names.length];
            for (int i = 0; i < names.length; i++) {
                this.names[i] = new SerializedString(names[i]);
                positions.put(names[i], i);
            }
        }

        /**
         * Moves to the next field of the object after field {@code previous} ({@link #START} at its start) and returns
         * its position, {@link #UNKNOWN} for a name not listed, {@link #END} at the object's end or any other token.
         */
        int next(JsonParser p, int previous) throws IOException {
            if (previous != UNKNOWN && previous + 1 < names.length) {
                if (p.nextFieldName(names[previous + 1])) {
                    return previous + 1;
                }
                return p.currentToken() == JsonToken.FIELD_NAME ? position(p.currentName()) : END;
            }
            String name = p.nextFieldName();
            return name == null ? END : position(name);
        }

        private int position(String name) {
            Integer i = positions.get(name);
            return i == null ? UNKNOWN : i;
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
        for (int f = CALL_FIELDS.next(p, Fields.START); f != Fields.END; f = CALL_FIELDS.next(p, f)) {
            p.nextToken();
            if (f == Fields.UNKNOWN) {
                p.skipChildren();
                continue;
            }
            seen = once(seen, f);
            switch (f) {
                case 0 -> version = intValue(p);
                case 1 -> callId = text(p);
                case 2 -> asteriskSystem = text(p);
                case 3 -> uniqueId = text(p);
                case 4 -> linkedId = text(p);
                case 5 -> serverNode = text(p);
                case 6 -> flow = text(p);
                case 7 -> flowVersion = text(p);
                case 8 -> callerNumber = text(p);
                case 9 -> callerHash = text(p);
                case 10 -> dialledNumber = text(p);
                case 11 -> channel = text(p);
                case 12 -> startedAt = time(p);
                case 13 -> answeredAt = time(p);
                case 14 -> endedAt = time(p);
                case 15 -> durationMs = longValue(p);
                case 16 -> path = objects(p, RecordReader::visit);
                case 17 -> inputs = objects(p, RecordReader::input);
                case 18 -> topics = texts(p);
                case 19 -> stints = objects(p, RecordReader::stint);
                case 20 -> selfService = objects(p, RecordReader::service);
                case 21 -> survey = survey(p);
                case 22 -> outcome = wire(p, OUTCOMES);
                case 23 -> queue = text(p);
                case 24 -> queueStatus = text(p);
                case 25 -> queueWaitMs = boxedLong(p);
                case 26 -> surveyScore = boxedInt(p);
                case 27 -> hungUpBy = wire(p, HUNG_UP_BY);
                case 28 -> error = text(p);
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
        for (int f = VISIT_FIELDS.next(p, Fields.START); f != Fields.END; f = VISIT_FIELDS.next(p, f)) {
            p.nextToken();
            if (f == Fields.UNKNOWN) {
                p.skipChildren();
                continue;
            }
            seen = once(seen, f);
            switch (f) {
                case 0 -> flow = text(p);
                case 1 -> node = text(p);
                case 2 -> at = time(p);
                case 3 -> exit = wire(p, EXITS);
                case 4 -> key = text(p);
            }
        }
        end(p);
        return new Visit(flow, node, at, exit, key);
    }

    private static Input input(JsonParser p) throws IOException, Unusual {
        String node = null, kind = null, value = null;
        boolean valid = false;
        long seen = 0;
        for (int f = INPUT_FIELDS.next(p, Fields.START); f != Fields.END; f = INPUT_FIELDS.next(p, f)) {
            p.nextToken();
            if (f == Fields.UNKNOWN) {
                p.skipChildren();
                continue;
            }
            seen = once(seen, f);
            switch (f) {
                case 0 -> node = text(p);
                case 1 -> kind = text(p);
                case 2 -> value = text(p);
                case 3 -> valid = bool(p);
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
        for (int f = STINT_FIELDS.next(p, Fields.START); f != Fields.END; f = STINT_FIELDS.next(p, f)) {
            p.nextToken();
            if (f == Fields.UNKNOWN) {
                p.skipChildren();
                continue;
            }
            seen = once(seen, f);
            switch (f) {
                case 0 -> queue = text(p);
                case 1 -> enteredAt = time(p);
                case 2 -> leftAt = time(p);
                case 3 -> waitMs = boxedLong(p);
                case 4 -> talkMs = boxedLong(p);
                case 5 -> agent = text(p);
                case 6 -> result = wire(p, RESULTS);
            }
        }
        end(p);
        return new QueueStint(queue, enteredAt, leftAt, waitMs, talkMs, agent, result);
    }

    private static ServiceResult service(JsonParser p) throws IOException, Unusual {
        String service = null;
        boolean ok = false;
        long seen = 0;
        for (int f = SERVICE_FIELDS.next(p, Fields.START); f != Fields.END; f = SERVICE_FIELDS.next(p, f)) {
            p.nextToken();
            if (f == Fields.UNKNOWN) {
                p.skipChildren();
                continue;
            }
            seen = once(seen, f);
            switch (f) {
                case 0 -> service = text(p);
                case 1 -> ok = bool(p);
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
        for (int f = SURVEY_FIELDS.next(p, Fields.START); f != Fields.END; f = SURVEY_FIELDS.next(p, f)) {
            p.nextToken();
            if (f == Fields.UNKNOWN) {
                p.skipChildren();
                continue;
            }
            seen = once(seen, f);
            switch (f) {
                case 0 -> offered = bool(p);
                case 1 -> score = boxedInt(p);
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
        for (int f = HANDLING_FIELDS.next(p, Fields.START); f != Fields.END; f = HANDLING_FIELDS.next(p, f)) {
            p.nextToken();
            if (f == Fields.UNKNOWN) {
                p.skipChildren();
                continue;
            }
            seen = once(seen, f);
            switch (f) {
                case 0 -> version = intValue(p);
                case 1 -> handlingId = text(p);
                case 2 -> revision = intValue(p);
                case 3 -> callId = text(p);
                case 4 -> uniqueId = text(p);
                case 5 -> agent = text(p);
                case 6 -> queue = text(p);
                case 7 -> offeredAt = time(p);
                case 8 -> answeredAt = time(p);
                case 9 -> endedAt = time(p);
                case 10 -> holdMs = longValue(p);
                case 11 -> talkMs = longValue(p);
                case 12 -> wrapupMs = longValue(p);
                case 13 -> wrapupCode = text(p);
                case 14 -> resolution = wire(p, RESOLUTIONS);
                case 15 -> transferredTo = text(p);
                case 16 -> workOrderIds = texts(p);
                case 17 -> ringNoAnswer = intValue(p);
                case 18 -> writtenAt = time(p);
                case 19 -> ivrTopic = text(p);
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
        for (int f = SEGMENT_FIELDS.next(p, Fields.START); f != Fields.END; f = SEGMENT_FIELDS.next(p, f)) {
            p.nextToken();
            if (f == Fields.UNKNOWN) {
                p.skipChildren();
                continue;
            }
            seen = once(seen, f);
            switch (f) {
                case 0 -> version = intValue(p);
                case 1 -> segmentId = text(p);
                case 2 -> agent = text(p);
                case 3 -> state = wire(p, STATES);
                case 4 -> reason = text(p);
                case 5 -> from = time(p);
                case 6 -> to = time(p);
                case 7 -> queues = texts(p);
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
