package cn.hotline12333.calllog;

import static org.assertj.core.api.Assertions.assertThat;

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
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader against data binding, the way every record was read before it: over seeded random records
 * of all three kinds (every enum value, nulls, empty lists, other offsets, Chinese text) the reader itself must
 * give the record (it does not hand ordinary records to data binding), and over those records' JSON damaged at
 * random (values of another type, unknown enum names, repeated, missing and unknown fields, nulls in lists, cut
 * lines, broken UTF-8) {@code parse} must give exactly what data binding gives: the same record, or a refusal.
 */
class RecordReaderTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final ZoneOffset[] OFFSETS = {ZoneOffset.ofHours(8), ZoneOffset.UTC, ZoneOffset.ofHoursMinutes(5, 45),
            ZoneOffset.ofHours(-3)};

    private final Random random = new Random(20261207);

    @Test
    void ordinaryRecordsAreReadByTheStreamingReaderAndEqualDataBinding() {
        for (int i = 0; i < 1000; i++) {
            CallRecord call = call(i);
            String json = CallRecords.toJson(call);
            CallRecord fast = RecordReader.call(parserOf(json));
            assertThat(fast).as(json).isEqualTo(call).isEqualTo(CallRecords.bindCall(json));
            byte[] bytes = ("xx" + json + "\n").getBytes(StandardCharsets.UTF_8);
            assertThat(CallRecords.parse(bytes, 2, bytes.length - 3)).isEqualTo(call);

            HandlingRecord h = handling(i);
            String hj = CallRecords.toJson(h);
            assertThat(RecordReader.handling(parserOf(hj))).as(hj).isEqualTo(h).isEqualTo(CallRecords.bindHandling(hj));

            AgentStateSegment s = segment(i);
            String sj = CallRecords.toJson(s);
            assertThat(RecordReader.agentState(parserOf(sj))).as(sj).isEqualTo(s)
                    .isEqualTo(CallRecords.bindAgentState(sj));
        }
        for (CallRecord c : List.of(FinishedCalls.agentAnswered("a/1"), FinishedCalls.neverAnswered("a/2"),
                FinishedCalls.selfService("a/3"))) {
            assertThat(RecordReader.call(parserOf(CallRecords.toJson(c)))).isEqualTo(c);
        }
    }

    @Test
    void aRecordOfVersionZeroIsReadAsDataBindingReadsIt() {
        String old = "{\"call_id\":\"pbx-bj-1/1\",\"started_at\":\"2026-11-23T10:00:05.123456+08:00\","
                + "\"answered_at\":null,\"ended_at\":\"2026-11-23T10:03:10+08:00\",\"duration_ms\":185000,"
                + "\"path\":[{\"flow\":\"hotline\",\"node\":\"main\",\"at\":\"2026-11-23T10:00:06+08:00\"}],"
                + "\"inputs\":[],\"topics\":[],\"outcome\":\"agent_answered\",\"queue\":\"pension\","
                + "\"queue_status\":\"CONTINUE\",\"queue_wait_ms\":142000,\"survey_score\":3,\"hung_up_by\":\"caller\"}";

        CallRecord fast = RecordReader.call(parserOf(old));

        assertThat(fast).isNotNull().isEqualTo(CallRecords.bindCall(old));
        assertThat(fast.survey()).isEqualTo(new Survey(true, 3));
    }

    @Test
    void damagedLinesGiveWhatDataBindingGives() {
        int refused = 0;
        int read = 0;
        for (int i = 0; i < 2000; i++) {
            int kind = i % 3;
            String json = switch (kind) {
                case 0 -> CallRecords.toJson(call(i));
                case 1 -> CallRecords.toJson(handling(i));
                default -> CallRecords.toJson(segment(i));
            };
            String damaged = damage(json);
            boolean same = switch (kind) {
                case 0 -> sameOutcome(damaged, CallRecords::parse, CallRecords::bindCall);
                case 1 -> sameOutcome(damaged, CallRecords::parseHandling, CallRecords::bindHandling);
                default -> sameOutcome(damaged, CallRecords::parseAgentState, CallRecords::bindAgentState);
            };
            assertThat(same).as(damaged).isTrue();
            byte[] bytes = damaged.getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(4) == 0 && bytes.length > 10) {
                // malformed UTF-8 inside the line
                bytes[random.nextInt(bytes.length)] = (byte) 0xC3;
            }
            Object fromBytes = outcome(() -> switch (kind) {
                case 0 -> CallRecords.parse(bytes, 0, bytes.length);
                case 1 -> CallRecords.parseHandling(bytes, 0, bytes.length);
                default -> CallRecords.parseAgentState(bytes, 0, bytes.length);
            });
            String text = new String(bytes, StandardCharsets.UTF_8);
            Object bound = outcome(() -> switch (kind) {
                case 0 -> CallRecords.bindCall(text);
                case 1 -> CallRecords.bindHandling(text);
                default -> CallRecords.bindAgentState(text);
            });
            // bytes Jackson refuses as UTF-8 are refused either way; otherwise both read the same text
            if (fromBytes != REFUSED) {
                assertThat(fromBytes).as(text).isEqualTo(bound);
            }
            if (bound == REFUSED) {
                refused++;
            } else {
                read++;
            }
        }
        // the damage is of both kinds: some lines still read, many are refused
        assertThat(refused).isGreaterThan(150);
        assertThat(read).isGreaterThan(150);
    }

    @Test
    void anUnknownOutcomeARepeatedFieldAndANumberForAStringAreLeftToDataBinding() {
        String json = CallRecords.toJson(FinishedCalls.agentAnswered("pbx-bj-1/4"));

        assertThat(RecordReader.call(parserOf(json.replace("\"agent_answered\"", "\"newer_outcome\"")))).isNull();
        assertThat(RecordReader.call(parserOf(json.replaceFirst("\\{", "{\"outcome\":\"error\",")))).isNull();
        assertThat(RecordReader.call(parserOf(json.replace("\"12333\"", "12333")))).isNull();
        // data binding reads the number as text: the record is read all the same, as before
        assertThat(CallRecords.parse(json.replace("\"12333\"", "12333")).dialledNumber()).isEqualTo("12333");
    }

    private static final Object REFUSED = new Object() {
        @Override
        public String toString() {
            return "refused";
        }
    };

    private static Object outcome(java.util.function.Supplier<Object> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            return REFUSED;
        }
    }

    private static boolean sameOutcome(String json, Function<String, Object> parse, Function<String, Object> bind) {
        return Objects.equals(outcome(() -> parse.apply(json)), outcome(() -> bind.apply(json)));
    }

    private static com.fasterxml.jackson.core.JsonParser parserOf(String json) {
        try {
            return PLAIN.createParser(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One to three random kinds of damage to a record's JSON. */
    private String damage(String json) {
        String s = json;
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            List<int[]> values = values(s);
            int[] v = values.get(random.nextInt(values.size()));
            String before = s.substring(0, v[0]);
            String after = s.substring(v[1]);
            String value = s.substring(v[0], v[1]);
            s = switch (random.nextInt(14)) {
                case 0 -> before + "null" + after;
                case 1 -> before + "\"" + value.replace("\"", "") + "\"" + after;
                case 2 -> before + "12" + after;
                case 3 -> before + "1.5" + after;
                case 4 -> before + "true" + after;
                case 5 -> before + "[" + value + "]" + after;
                case 6 -> before + "{\"x\":" + value + "}" + after;
                case 7 -> before + "\"SOMETHING_NEW\"" + after;
                case 8 -> before + "[null]" + after;
                case 9 -> before + "99999999999999999999" + after;
                case 10 -> s.substring(0, random.nextInt(s.length()));
                case 11 -> s.replaceFirst("\\{", "{\"added_later\":{\"a\":[1,{\"b\":null}]},");
                case 12 -> {
                    // a field repeated: the name and value of some field again at the front
                    int colon = s.lastIndexOf("\"", s.lastIndexOf(':', v[0]) - 2);
                    yield colon > 0 ? "{" + s.substring(colon, v[1]) + "," + s.substring(1) : s;
                }
                default -> before + "\"2026-11-23 10:00\"" + after;
            };
        }
        return s;
    }

    /** Where every scalar value of the JSON starts and ends (a rough scan: strings, numbers, literals). */
    private static List<int[]> values(String s) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != ':' || i + 1 >= s.length()) {
                continue;
            }
            int start = i + 1;
            int end = start;
            if (s.charAt(start) == '"') {
                end = s.indexOf('"', start + 1) + 1;
            } else {
                while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0) {
                    end++;
                }
            }
            if (end > start) {
                out.add(new int[] {start, end});
            }
        }
        if (out.isEmpty()) {
            out.add(new int[] {0, 0});
        }
        return out;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T orNull(T value) {
        return random.nextInt(8) == 0 ? null : value;
    }

    private String text() {
        String[] words = {"pension", "card", "Agent 1001", "休息", "会议 \"quoted\"", "a\\b", "line\nbreak", "", "x/y/1"};
        return pick(words) + (random.nextBoolean() ? "" : Integer.toString(random.nextInt(1000)));
    }

    private OffsetDateTime time() {
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 23, random.nextInt(24), random.nextInt(60), random.nextInt(60),
                0, pick(OFFSETS));
        return switch (random.nextInt(3)) {
            case 0 -> t;
            case 1 -> t.plusNanos(random.nextInt(1000) * 1_000_000L);
            default -> t.plusNanos(random.nextInt(1_000_000) * 1000L);
        };
    }

    private List<String> texts() {
        List<String> out = new ArrayList<>();
        for (int n = random.nextInt(3); n > 0; n--) {
            out.add(text());
        }
        return out;
    }

    private CallRecord call(int i) {
        List<Visit> path = new ArrayList<>();
        for (int n = random.nextInt(4); n > 0; n--) {
            path.add(random.nextInt(5) == 0 ? new Visit(text(), text(), time())
                    : new Visit(orNull(text()), text(), orNull(time()), orNull(pick(Exit.values())), orNull("1")));
        }
        List<Input> inputs = new ArrayList<>();
        for (int n = random.nextInt(2); n > 0; n--) {
            inputs.add(new Input(text(), "id_number", orNull("1101********1234"), random.nextBoolean()));
        }
        List<QueueStint> stints = new ArrayList<>();
        for (int n = random.nextInt(3); n > 0; n--) {
            stints.add(new QueueStint(orNull(text()), orNull(time()), orNull(time()), orNull((long) random.nextInt(600_000)),
                    orNull((long) random.nextInt(600_000)), orNull(text()), orNull(pick(StintResult.values()))));
        }
        List<ServiceResult> services = new ArrayList<>();
        for (int n = random.nextInt(2); n > 0; n--) {
            services.add(new ServiceResult(orNull(text()), random.nextBoolean()));
        }
        Integer score = random.nextBoolean() ? null : 1 + random.nextInt(5);
        return CallRecord.builder()
                .version(random.nextInt(3)).callId("pbx-" + i + "/" + text()).asteriskSystem(orNull(text()))
                .uniqueId(orNull(text())).linkedId(orNull(text())).serverNode(orNull(text())).flow(orNull(text()))
                .flowVersion(orNull("7")).callerNumber(orNull("13800138000")).callerHash(orNull(text()))
                .dialledNumber(orNull("12333")).channel(orNull(text())).startedAt(orNull(time()))
                .answeredAt(orNull(time())).endedAt(orNull(time())).durationMs(random.nextInt(10_000_000))
                .path(path).inputs(inputs).topics(texts()).queueStints(stints).selfService(services)
                .survey(random.nextInt(4) == 0 ? null : new Survey(random.nextBoolean(), score))
                .outcome(orNull(pick(Outcome.values()))).queue(orNull(text())).queueStatus(orNull("TIMEOUT"))
                .queueWaitMs(orNull((long) random.nextInt(100_000))).surveyScore(orNull(score))
                .hungUpBy(orNull(pick(HungUpBy.values()))).error(orNull(text()))
                .build();
    }

    private HandlingRecord handling(int i) {
        return new HandlingRecord(1, "h-" + i + "/" + text(), 1 + random.nextInt(3), orNull(text()), orNull(text()),
                orNull(text()), orNull(text()), orNull(time()), orNull(time()), orNull(time()), random.nextInt(100_000),
                random.nextInt(1_000_000), random.nextInt(100_000), orNull("pension.code" + random.nextInt(5)),
                orNull(pick(Resolution.values())), orNull(text()), texts(), random.nextInt(4), orNull(time()),
                orNull(text()));
    }

    private AgentStateSegment segment(int i) {
        return new AgentStateSegment(1, "s-" + i, text(), pick(AgentState.values()), orNull(text()), time(), time(),
                texts());
    }
}
