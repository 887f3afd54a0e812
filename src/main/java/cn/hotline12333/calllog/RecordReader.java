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
import java.util.Arrays;
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

    /** How a field's value is read (each kind in one place, so the compiled reader holds each once). */
    private enum Type { TEXT, TIME, INT, LONG, BOXED_INT, BOXED_LONG, BOOL, ENUM, TEXTS, OBJECT, OBJECTS }

    /**
     * One field: its name, how its value is read, the wire names of an enum, the shape of an object, and whether
     * statistics leave it unread (a text the lean reading checks but does not keep).
     */
    private record Field(String name, Type type, Map<String, ? extends Enum<?>> names, Shape<?> shape,
                         boolean unused) {
        static Field of(String name, Type type) {
            return new Field(name, type, null, null, false);
        }

        /** A text field statistics never read. */
        static Field unused(String name) {
            return new Field(name, Type.TEXT, null, null, true);
        }

        static Field wire(String name, Map<String, ? extends Enum<?>> names) {
            return new Field(name, Type.ENUM, names, null, false);
        }

        static Field nested(String name, Type type, Shape<?> shape) {
            return new Field(name, type, null, shape, false);
        }
    }

    /** Builds an object from its fields' values, indexed as its {@link Shape}'s fields (null: absent). */
    private interface Make<T> {
        T make(Object[] v);
    }

    private static final Shape<Visit> VISIT = new Shape<>(v -> new Visit(
            (String) v[0], (String) v[1], (OffsetDateTime) v[2], (Exit) v[3], (String) v[4]),
            Field.of("flow", Type.TEXT), Field.of("node", Type.TEXT), Field.of("at", Type.TIME),
            Field.wire("exit", EXITS), Field.unused("key"));
    private static final Shape<Input> INPUT = new Shape<>(v -> new Input(
            (String) v[0], (String) v[1], (String) v[2], flag(v[3])),
            Field.unused("node"), Field.unused("kind"), Field.unused("value"), Field.of("valid", Type.BOOL));
    private static final Shape<QueueStint> STINT = new Shape<>(v -> new QueueStint(
            (String) v[0], (OffsetDateTime) v[1], (OffsetDateTime) v[2], (Long) v[3], (Long) v[4], (String) v[5],
            (StintResult) v[6]),
            Field.of("queue", Type.TEXT), Field.of("entered_at", Type.TIME), Field.of("left_at", Type.TIME),
            Field.of("wait_ms", Type.BOXED_LONG), Field.of("talk_ms", Type.BOXED_LONG), Field.of("agent", Type.TEXT),
            Field.wire("result", RESULTS));
    private static final Shape<ServiceResult> SERVICE = new Shape<>(v -> new ServiceResult((String) v[0], flag(v[1])),
            Field.unused("service"), Field.of("ok", Type.BOOL));
    private static final Shape<Survey> SURVEY = new Shape<>(v -> new Survey(flag(v[0]), (Integer) v[1]),
            Field.of("offered", Type.BOOL), Field.of("score", Type.BOXED_INT));

    // every object's fields in the order CallRecords writes them
    private static final Shape<CallRecord> CALL = new Shape<>(v -> new CallRecord(
            intOf(v[0]), (String) v[1], (String) v[2], (String) v[3], (String) v[4], (String) v[5], (String) v[6],
            (String) v[7], (String) v[8], (String) v[9], (String) v[10], (String) v[11], (OffsetDateTime) v[12],
            (OffsetDateTime) v[13], (OffsetDateTime) v[14], longOf(v[15]), list(v[16]), list(v[17]), list(v[18]),
            list(v[19]), list(v[20]), (Survey) v[21], (Outcome) v[22], (String) v[23], (String) v[24], (Long) v[25],
            (Integer) v[26], (HungUpBy) v[27], (String) v[28]),
            Field.of("version", Type.INT), Field.of("call_id", Type.TEXT), Field.unused("asterisk_system"),
            Field.unused("unique_id"), Field.unused("linked_id"), Field.unused("server_node"), Field.unused("flow"),
            Field.unused("flow_version"), Field.unused("caller_number"), Field.of("caller_hash", Type.TEXT),
            Field.of("dialled_number", Type.TEXT), Field.unused("channel"),
            Field.of("started_at", Type.TIME), Field.of("answered_at", Type.TIME), Field.of("ended_at", Type.TIME),
            Field.of("duration_ms", Type.LONG), Field.nested("path", Type.OBJECTS, VISIT),
            Field.nested("inputs", Type.OBJECTS, INPUT), Field.of("topics", Type.TEXTS),
            Field.nested("queue_stints", Type.OBJECTS, STINT), Field.nested("self_service", Type.OBJECTS, SERVICE),
            Field.nested("survey", Type.OBJECT, SURVEY), Field.wire("outcome", OUTCOMES), Field.unused("queue"),
            Field.unused("queue_status"), Field.of("queue_wait_ms", Type.BOXED_LONG),
            Field.of("survey_score", Type.BOXED_INT), Field.wire("hung_up_by", HUNG_UP_BY), Field.unused("error"));
    private static final Shape<HandlingRecord> HANDLING = new Shape<>(v -> new HandlingRecord(
            intOf(v[0]), (String) v[1], intOf(v[2]), (String) v[3], (String) v[4], (String) v[5], (String) v[6],
            (OffsetDateTime) v[7], (OffsetDateTime) v[8], (OffsetDateTime) v[9], longOf(v[10]), longOf(v[11]),
            longOf(v[12]), (String) v[13], (Resolution) v[14], (String) v[15], list(v[16]), intOf(v[17]),
            (OffsetDateTime) v[18], (String) v[19]),
            Field.of("version", Type.INT), Field.of("handling_id", Type.TEXT), Field.of("revision", Type.INT),
            Field.unused("call_id"), Field.unused("unique_id"), Field.of("agent", Type.TEXT),
            Field.of("queue", Type.TEXT), Field.of("offered_at", Type.TIME), Field.of("answered_at", Type.TIME),
            Field.of("ended_at", Type.TIME), Field.of("hold_ms", Type.LONG), Field.of("talk_ms", Type.LONG),
            Field.of("wrapup_ms", Type.LONG), Field.of("wrapup_code", Type.TEXT), Field.wire("resolution", RESOLUTIONS),
            Field.of("transferred_to", Type.TEXT), Field.of("work_order_ids", Type.TEXTS),
            Field.of("ring_no_answer", Type.INT), Field.of("written_at", Type.TIME), Field.of("ivr_topic", Type.TEXT));
    private static final Shape<AgentStateSegment> SEGMENT = new Shape<>(v -> new AgentStateSegment(
            intOf(v[0]), (String) v[1], (String) v[2], (AgentState) v[3], (String) v[4], (OffsetDateTime) v[5],
            (OffsetDateTime) v[6], list(v[7])),
            Field.of("version", Type.INT), Field.of("segment_id", Type.TEXT), Field.of("agent", Type.TEXT),
            Field.wire("state", STATES), Field.of("reason", Type.TEXT), Field.of("from", Type.TIME),
            Field.of("to", Type.TIME), Field.of("queues", Type.TEXTS));

    private RecordReader() {
    }

    /**
     * An object's fields, in the order they are written, and how to build it. Every object of every kind is read
     * by the one small loop {@link #read} and every value by {@link #value}: a reader per object, with a call of
     * its own per field, made C2 compile a 150 kB method for the call record alone and compile it again whenever a
     * later record took a branch the first ones had not.
     */
    private static final class Shape<T> {
        static final int END = -1, OTHER = -2;
        private static int shapes;
        /** This shape's values array in a thread's {@link #SCRATCH}. */
        private final int id = shapes++;
        private final Field[] fields;
        private final SerializedString[] names;
        private final Map<String, Integer> index = new HashMap<>();
        private final Make<T> make;

        Shape(Make<T> make, Field... fields) {
            this.make = make;
            this.fields = fields;
            this.names = new SerializedString[fields.length];
            for (int i = 0; i < fields.length; i++) {
                names[i] = new SerializedString(fields[i].name());
                index.put(fields[i].name(), i);
            }
        }

        /**
         * Moves to the next field of the object after field {@code previous} (-1: at its start) and returns its
         * index, {@link #OTHER} for a name not known here, {@link #END} at the object's end or at any other token.
         * It tells Jackson which name to expect next, which then compares the name's bytes instead of looking the
         * name up (which was a sixth of the reading).
         */
        int next(JsonParser p, int previous) throws IOException {
            int i = previous + 1;
            if (previous != OTHER && i < names.length) {
                if (p.nextFieldName(names[i])) {
                    return i;
                }
                return p.currentToken() == JsonToken.FIELD_NAME ? indexOf(p.currentName()) : END;
            }
            String name = p.nextFieldName();
            return name == null ? END : indexOf(name);
        }

        private int indexOf(String name) {
            Integer i = index.get(name);
            return i == null ? OTHER : i;
        }

        /**
         * Reads the object the parser is at the start of: its fields once each, unknown ones skipped; when
         * {@code lean}, the texts statistics never read are checked to be text or null and left null.
         */
        T read(JsonParser p, boolean lean, Object[][] scratch) throws IOException, Unusual {
            // no shape holds itself, so one array a shape serves every object of it in a record
            Object[] values = scratch[id];
            if (values == null) {
                values = scratch[id] = new Object[fields.length];
            } else {
                Arrays.fill(values, null);
            }
            long seen = 0;
            for (int f = next(p, -1); f != END; f = next(p, f)) {
                p.nextToken();
                if (f == OTHER) {
                    p.skipChildren();
                    continue;
                }
                seen = once(seen, f);
                Field field = fields[f];
                values[f] = lean && field.unused() ? unread(p) : value(p, field, lean, scratch);
            }
            end(p);
            return make.make(values);
        }
    }

    /** The call record of the parser's text, or null when data binding must decide; closes the parser. */
    static CallRecord call(JsonParser p) {
        return whole(p, CALL, false);
    }

    /**
     * As {@link #call(JsonParser)}, with the texts statistics never read (ids of the PBX, caller number, channel,
     * flow, menu keys, inputs, service names, the version-0 queue fields, error) null: refused exactly when
     * {@code call} refuses, equal to its record but for those.
     */
    static CallRecord callForStatistics(JsonParser p) {
        return whole(p, CALL, true);
    }

    static HandlingRecord handling(JsonParser p) {
        return whole(p, HANDLING, false);
    }

    /** As {@link #handling(JsonParser)}, with call_id and unique_id null. */
    static HandlingRecord handlingForStatistics(JsonParser p) {
        return whole(p, HANDLING, true);
    }

    static AgentStateSegment agentState(JsonParser p) {
        return whole(p, SEGMENT, false);
    }

    /** A thread's values arrays, one per shape, reused from record to record. */
    private static final ThreadLocal<Object[][]> SCRATCH = ThreadLocal.withInitial(() -> new Object[Shape.shapes][]);

    private static <T> T whole(JsonParser p, Shape<T> shape, boolean lean) {
        try (p) {
            return p.nextToken() == JsonToken.START_OBJECT ? shape.read(p, lean, SCRATCH.get()) : null;
        } catch (Unusual | IOException | RuntimeException e) {
            return null;
        }
    }

    /** A field's value, the parser at it; primitives boxed (null only for JSON null, which they refuse). */
    private static Object value(JsonParser p, Field f, boolean lean, Object[][] scratch) throws IOException, Unusual {
        return switch (f.type()) {
            case TEXT -> text(p);
            case TIME -> time(p);
            case INT -> intValue(p);
            case LONG -> longValue(p);
            case BOXED_INT -> boxedInt(p);
            case BOXED_LONG -> boxedLong(p);
            case BOOL -> bool(p);
            case ENUM -> wire(p, f.names());
            case TEXTS -> texts(p);
            case OBJECT -> object(p, f.shape(), lean, scratch);
            case OBJECTS -> objects(p, f.shape(), lean, scratch);
        };
    }

    /** At an object's value: the object, or null for null. */
    private static Object object(JsonParser p, Shape<?> shape, boolean lean, Object[][] scratch)
            throws IOException, Unusual {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw UNUSUAL;
        }
        return shape.read(p, lean, scratch);
    }

    /** At a list's value: its objects; null for null. */
    private static List<Object> objects(JsonParser p, Shape<?> shape, boolean lean, Object[][] scratch)
            throws IOException, Unusual {
        if (!startArray(p)) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        while (element(p)) {
            out.add(shape.read(p, lean, scratch));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object v) {
        return (List<T>) v;
    }

    private static int intOf(Object v) {
        return v == null ? 0 : (Integer) v;
    }

    private static long longOf(Object v) {
        return v == null ? 0 : (Long) v;
    }

    private static boolean flag(Object v) {
        return v != null && (Boolean) v;
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

    /**
     * A text left unread: text or null as {@link #text} requires, but never made a String (Jackson then skips it,
     * checking its UTF-8 and escapes as it does when decoding).
     */
    private static Object unread(JsonParser p) throws Unusual {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NULL) {
            throw UNUSUAL;
        }
        return null;
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

    private static Enum<?> wire(JsonParser p, Map<String, ? extends Enum<?>> byWire) throws IOException, Unusual {
        String s = text(p);
        if (s == null) {
            return null;
        }
        Enum<?> e = byWire.get(s);
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
