package cn.hotline12333.calllog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON forms of the call log's records ({@link CallRecord}, {@link HandlingRecord},
 * {@link AgentStateSegment}), as they sit in their Redis streams, the journal and the daily JSONL files
 * (schema: docs/call-record.md). Readers of the streams (stats, web) use the {@code parse} methods on the
 * {@value #JSON_FIELD} field of each entry.
 */
public final class CallRecords {
    /** The Redis stream holding every finished call, oldest first. */
    public static final String STREAM = "calls";
    /** Stream entry fields: the call id, and the record as JSON. */
    public static final String ID_FIELD = "id";
    public static final String JSON_FIELD = "json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(lowercaseEnums())
            .addModule(fastTimes())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // keep the offset the record was written with (+08:00) instead of turning it into UTC
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // a newer node may add fields; older readers skip them
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // error messages must not quote the record: it holds phone numbers
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    // one reader per type: readValue on the mapper looks the root deserializer up again for every record
    private static final ObjectReader CALL = MAPPER.readerFor(CallRecord.class);
    private static final ObjectReader HANDLING = MAPPER.readerFor(HandlingRecord.class);
    private static final ObjectReader AGENT_STATE = MAPPER.readerFor(AgentStateSegment.class);

    private CallRecords() {
    }

    /** One line of JSON (no line breaks inside), every field present, nulls explicit. */
    public static String toJson(CallRecord record) {
        return write(record, "call " + record.callId());
    }

    public static String toJson(HandlingRecord record) {
        return write(record, "handling " + record.handlingId());
    }

    public static String toJson(AgentStateSegment segment) {
        return write(segment, "agent state " + segment.segmentId());
    }

    public static String toJson(FollowUpRecord record) {
        return write(record, "follow-up " + record.recordId());
    }

    public static String toJson(CallContext context) {
        return write(context, "call context " + context.callId());
    }

    /** A stored call context back from its JSON; IllegalArgumentException (line and column) if it is not one. */
    public static CallContext parseContext(String json) {
        CallContext context = read(json, CallContext.class, "call context");
        if (context == null || context.callId() == null || context.callId().isBlank()) {
            throw new IllegalArgumentException("not a call context: no call_id");
        }
        return context;
    }

    /** The record back from its JSON; IllegalArgumentException (naming line and column, not content) if it is not one. */
    public static CallRecord parse(String json) {
        CallRecord fast = json == null ? null : RecordReader.call(parser(json));
        return call(fast != null ? fast : read(CALL, json, "call record"));
    }

    /** As {@link #parse(String)}, from UTF-8 bytes (a line of a JSONL file) without making a String of them. */
    public static CallRecord parse(byte[] json, int offset, int length) {
        CallRecord fast = RecordReader.call(parser(json, offset, length));
        return call(fast != null ? fast : read(CALL, json, offset, length, "call record"));
    }

    private static CallRecord call(CallRecord record) {
        if (record == null || record.callId() == null || record.callId().isBlank()) {
            throw new IllegalArgumentException("not a call record: no call_id");
        }
        return record;
    }

    public static HandlingRecord parseHandling(String json) {
        HandlingRecord fast = json == null ? null : RecordReader.handling(parser(json));
        return handling(fast != null ? fast : read(HANDLING, json, "handling record"));
    }

    public static HandlingRecord parseHandling(byte[] json, int offset, int length) {
        HandlingRecord fast = RecordReader.handling(parser(json, offset, length));
        return handling(fast != null ? fast : read(HANDLING, json, offset, length, "handling record"));
    }

    private static HandlingRecord handling(HandlingRecord record) {
        if (record == null || record.handlingId() == null || record.handlingId().isBlank() || record.revision() < 1) {
            throw new IllegalArgumentException("not a handling record: no handling_id or no revision");
        }
        return record;
    }

    public static AgentStateSegment parseAgentState(String json) {
        AgentStateSegment fast = json == null ? null : RecordReader.agentState(parser(json));
        return segment(fast != null ? fast : read(AGENT_STATE, json, "agent state segment"));
    }

    public static AgentStateSegment parseAgentState(byte[] json, int offset, int length) {
        AgentStateSegment fast = RecordReader.agentState(parser(json, offset, length));
        return segment(fast != null ? fast : read(AGENT_STATE, json, offset, length, "agent state segment"));
    }

    /**
     * The three records by data binding alone, as every record was read before {@link RecordReader}: what the
     * streaming reader must agree with (RecordReaderTest), and what decides every record it gives up on.
     */
    static CallRecord bindCall(String json) {
        return call(read(CALL, json, "call record"));
    }

    static HandlingRecord bindHandling(String json) {
        return handling(read(HANDLING, json, "handling record"));
    }

    static AgentStateSegment bindAgentState(String json) {
        return segment(read(AGENT_STATE, json, "agent state segment"));
    }

    /** A streaming parser over the text, with the mapper's settings (RecordReader closes it). */
    private static JsonParser parser(String json) {
        try {
            return MAPPER.createParser(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonParser parser(byte[] json, int offset, int length) {
        try {
            return MAPPER.createParser(json, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AgentStateSegment segment(AgentStateSegment segment) {
        if (segment == null || segment.segmentId() == null || segment.segmentId().isBlank()
                || segment.agent() == null || segment.state() == null || segment.from() == null || segment.to() == null) {
            throw new IllegalArgumentException("not an agent state segment: segment_id, agent, state, from or to missing");
        }
        return segment;
    }

    public static FollowUpRecord parseFollowUp(String json) {
        FollowUpRecord record = read(json, FollowUpRecord.class, "follow-up record");
        if (record == null || record.subjectId() == null || record.subjectId().isBlank() || record.seq() < 1
                || record.subject() == null || record.action() == null || record.at() == null) {
            throw new IllegalArgumentException("not a follow-up record: subject, subject_id, seq, action or at missing");
        }
        return record;
    }

    private static String write(Object record, String what) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + ": record cannot be written as JSON", e);
        }
    }

    private static <T> T read(String json, Class<T> type, String what) {
        return read(MAPPER.readerFor(type), json, what);
    }

    private static <T> T read(ObjectReader reader, String json, String what) {
        try {
            return reader.readValue(json);
        } catch (JsonProcessingException e) {
            throw notA(what, e);
        }
    }

    private static <T> T read(ObjectReader reader, byte[] json, int offset, int length, String what) {
        try {
            return reader.readValue(json, offset, length);
        } catch (JsonProcessingException e) {
            throw notA(what, e);
        } catch (IOException e) {
            // a byte array throws nothing else; reported as not a record all the same
            throw new IllegalArgumentException("not a " + what, e);
        }
    }

    private static IllegalArgumentException notA(String what, JsonProcessingException e) {
        // some refusals carry no location (a record's constructor failing on a damaged line): say so rather than
        // fail with a NullPointerException that the readers of the streams and files do not expect
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column "
                + e.getLocation().getColumnNr();
        return new IllegalArgumentException("not a " + what + where + ": " + e.getOriginalMessage()
                .lines().findFirst().orElse(""), e);
    }

    private static SimpleModule lowercaseEnums() {
        SimpleModule module = new SimpleModule("call-record-enums");
        lowercase(module, Outcome.class, Outcome::wireName);
        lowercase(module, CallRecord.HungUpBy.class, h -> h.name().toLowerCase(Locale.ROOT));
        lowercase(module, CallRecord.Exit.class, e -> e.name().toLowerCase(Locale.ROOT));
        lowercase(module, CallRecord.StintResult.class, r -> r.name().toLowerCase(Locale.ROOT));
        lowercase(module, HandlingRecord.Resolution.class, r -> r.name().toLowerCase(Locale.ROOT));
        lowercase(module, AgentStateSegment.AgentState.class, s -> s.name().toLowerCase(Locale.ROOT));
        return module;
    }

    private static SimpleModule fastTimes() {
        SimpleModule module = new SimpleModule("record-times");
        module.addDeserializer(OffsetDateTime.class, new StdScalarDeserializer<OffsetDateTime>(OffsetDateTime.class) {
            @Override
            public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                if (text == null) {
                    return (OffsetDateTime) ctxt.handleUnexpectedToken(OffsetDateTime.class, p);
                }
                try {
                    return RecordTimes.parse(text.strip());
                } catch (DateTimeParseException e) {
                    return (OffsetDateTime) ctxt.handleWeirdStringValue(OffsetDateTime.class, text,
                            "expected an ISO-8601 date-time with offset");
                }
            }
        });
        return module;
    }

    private static <E extends Enum<E>> void lowercase(SimpleModule module, Class<E> type, Function<E, String> wire) {
        Map<String, E> byWire = new HashMap<>();
        for (E e : type.getEnumConstants()) {
            byWire.put(wire.apply(e), e);
        }
        module.addSerializer(type, new StdScalarSerializer<E>(type) {
            @Override
            public void serialize(E value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(wire.apply(value));
            }
        });
        module.addDeserializer(type, new StdScalarDeserializer<E>(type) {
            @Override
            public E deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                E value = byWire.get(p.getValueAsString());
                if (value == null) {
                    return type.cast(ctxt.handleWeirdStringValue(type, p.getValueAsString(), "expected one of %s",
                            byWire.keySet()));
                }
                return value;
            }
        });
    }
}
