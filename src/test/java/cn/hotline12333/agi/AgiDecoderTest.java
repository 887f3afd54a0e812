package cn.hotline12333.agi;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.ivr.CallInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgiDecoderTest {
    static final List<String> TRANSCRIPTS = Transcript.FASTAGI;
    private static final String ENV = "agi_network: yes\nagi_network_script: hotline?lang=zh\n"
            + "agi_uniqueid: 1795387794.19\nagi_channel: PJSIP/trunk-00000009\nagi_callerid: 13800138000\n"
            + "agi_dnid: 12333\nagi_context: from-trunk\nagi_extension: 12333\nagi_language: zh\n"
            + "agi_accountcode: \nagi_arg_2: second\nagi_arg_1: first\n\n";

    private static EmbeddedChannel decoder() {
        return new EmbeddedChannel(new LineBasedFrameDecoder(4096, true, true), new AgiDecoder(200),
                new ConnectionErrors());
    }

    private static List<Object> feed(EmbeddedChannel channel, String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        return drain(channel);
    }

    private static List<Object> drain(EmbeddedChannel channel) {
        List<Object> out = new ArrayList<>();
        for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
            out.add(m);
        }
        return out;
    }

    /** What Asterisk's lines should decode to, read straight off the transcript (520 usage folded into one). */
    private static List<String> expected(Transcript transcript) {
        List<String> out = new ArrayList<>();
        boolean env = true;
        boolean usage = false;
        for (String raw : transcript.fromAsterisk()) {
            String line = raw.substring(0, raw.length() - 1);
            if (env) {
                if (line.isEmpty()) {
                    out.add("env call=" + uniqueId(transcript) + " script=" + transcript.name());
                    env = false;
                }
            } else if (line.equals("HANGUP")) {
                out.add("HANGUP");
            } else if (line.startsWith("520-")) {
                usage = true;
            } else if (usage) {
                if (line.startsWith("520 ")) {
                    out.add("520");
                    usage = false;
                }
            } else {
                out.add(line.startsWith("200 ") ? line : line.substring(0, 3));
            }
        }
        return out;
    }

    private static String uniqueId(Transcript transcript) {
        return transcript.fromAsterisk().stream().filter(l -> l.startsWith("agi_uniqueid: ")).findFirst()
                .orElseThrow().substring(14).strip();
    }

    /** The decoded message written back in Asterisk's own form: every part the parser kept, nothing more. */
    private static String describe(Object message) {
        if (message instanceof AgiEnvironment env) {
            return "env call=" + env.uniqueId() + " script=" + env.script();
        }
        if (message instanceof AgiMessage.CallerHungUp) {
            return "HANGUP";
        }
        AgiReply reply = (AgiReply) message;
        if (reply.code() != 200) {
            return String.valueOf(reply.code());
        }
        StringBuilder line = new StringBuilder("200 result=").append(reply.result());
        if (reply.data() != null) {
            line.append(" (").append(reply.data()).append(')');
        }
        new TreeMap<>(reply.attributes()).forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        return line.toString();
    }

    @ParameterizedTest
    @FieldSource("TRANSCRIPTS")
    void everyTranscriptDecodesWhole(String name) {
        Transcript transcript = Transcript.load(name);
        EmbeddedChannel channel = decoder();
        channel.writeInbound(Unpooled.wrappedBuffer(transcript.asteriskBytes()));
        assertThat(drain(channel)).extracting(AgiDecoderTest::describe).containsExactlyElementsOf(expected(transcript));
        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.finish()).isFalse();
    }

    @ParameterizedTest
    @FieldSource("TRANSCRIPTS")
    void everyTranscriptDecodesByteByByte(String name) {
        Transcript transcript = Transcript.load(name);
        EmbeddedChannel channel = decoder();
        List<Object> out = new ArrayList<>();
        for (byte b : transcript.asteriskBytes()) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            out.addAll(drain(channel));
        }
        assertThat(out).extracting(AgiDecoderTest::describe).containsExactlyElementsOf(expected(transcript));
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void basicTranscriptRepliesKeepResultDataAndEndpos() {
        List<Object> out = new ArrayList<>();
        EmbeddedChannel channel = decoder();
        channel.writeInbound(Unpooled.wrappedBuffer(Transcript.load("basic").asteriskBytes()));
        out.addAll(drain(channel));
        AgiReply variable = (AgiReply) out.get(5); // GET FULL VARIABLE ${HOTLINE_TOPIC}
        assertThat(variable.resultCode()).isEqualTo(1);
        assertThat(variable.data()).isEqualTo("pension query");
        AgiReply stream = (AgiReply) out.get(8); // STREAM FILE beep
        assertThat(stream.attribute("endpos", -1)).isEqualTo(4000);
        AgiReply getData = (AgiReply) out.get(9); // GET DATA beep 1500 4, nothing typed
        assertThat(getData.result()).isEmpty();
        assertThat(getData.data()).isEqualTo("timeout");
        assertThat(out).extracting(m -> m instanceof AgiReply r ? r.status() : null)
                .contains(AgiReply.Status.UNKNOWN_COMMAND, AgiReply.Status.BAD_SYNTAX, AgiReply.Status.DEAD_CHANNEL);
    }

    @Test
    void environmentGivesCallInfoWithArgsInOrderAndUnknownAsNull() {
        EmbeddedChannel channel = decoder();
        AgiEnvironment env = (AgiEnvironment) feed(channel, ENV).get(0);
        CallInfo info = env.callInfo("10.0.0.5");
        assertThat(info).isEqualTo(new CallInfo("1795387794.19", "hotline", List.of("first", "second"),
                "13800138000", "12333", "PJSIP/trunk-00000009", "from-trunk", "12333", "zh", "10.0.0.5"));
        AgiEnvironment unknown = new AgiEnvironment(Map.of("callerid", "unknown", "dnid", "unknown"), List.of());
        assertThat(unknown.callInfo("h").callerId()).isNull();
        assertThat(unknown.callInfo("h").dialled()).isNull();
        assertThat(env.toString()).doesNotContain("13800138000");
    }

    @Test
    void hangupLineBeforeAReplyIsItsOwnMessage() {
        EmbeddedChannel channel = decoder();
        feed(channel, ENV);
        assertThat(feed(channel, "200 result=-1\nHANGUP\n511 Command Not Permitted on a dead channel or intercept routine\n"))
                .extracting(AgiDecoderTest::describe).containsExactly("200 result=-1", "HANGUP", "511");
    }

    @Test
    void multiLine520IsOneReplyEvenWithAHangupInside() {
        EmbeddedChannel channel = decoder();
        feed(channel, ENV);
        List<Object> out = feed(channel, "520-Invalid command syntax.  Proper usage follows:\n"
                + "Usage: GET DATA <file to be streamed> [timeout] [max digits]\n200 result=0 looks like a reply\n"
                + "HANGUP\n520 End of proper usage.\n200 result=1\n");
        assertThat(out).extracting(AgiDecoderTest::describe).containsExactly("HANGUP", "520", "200 result=1");
    }

    @Test
    void replyDataRunsToTheLastParenthesis() {
        assertThat(AgiReply.parse("200 result=1 (a (b) c)").data()).isEqualTo("a (b) c");
        AgiReply record = AgiReply.parse("200 result=0 (timeout) endpos=8000");
        assertThat(record.data()).isEqualTo("timeout");
        assertThat(record.attribute("endpos", -1)).isEqualTo(8000);
        assertThat(AgiReply.parse("200 result=1").data()).isNull();
        assertThat(AgiReply.parse("200 result=1 (110101199003077777)").toString()).doesNotContain("1101");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "20", "2x0 result=1", "2000 result=1", "200 answer=1", "200", "hello", "agi_x: y"})
    void linesThatAreNotRepliesAreRefused(String line) {
        assertThat(AgiReply.parse(line)).isNull();
    }

    @Test
    void overLongLineClosesOnceAndLogsOnce() {
        try (LogCapture logs = new LogCapture()) {
            EmbeddedChannel channel = decoder();
            feed(channel, "agi_network: yes\n");
            ByteBuf megabyte = Unpooled.buffer(1 << 20);
            for (int i = 0; i < (1 << 20); i++) {
                megabyte.writeByte(i % 1000 == 999 ? '\n' + 1 : 'a');
            }
            channel.writeInbound(megabyte, Unpooled.copiedBuffer("\nagi_uniqueid: 1.2\n\n" + "x".repeat(5000) + "\n",
                    StandardCharsets.US_ASCII));
            assertThat(drain(channel)).isEmpty();
            assertThat(channel.isOpen()).isFalse();
            channel.checkException();
            assertThat(logs.lines()).hasSize(1);
            assertThat(logs.events("line_too_long")).hasSize(1);
        }
    }

    @Test
    void environmentThatNeverEndsIsCutAtMaxLines() {
        try (LogCapture logs = new LogCapture()) {
            EmbeddedChannel channel = decoder();
            for (int i = 0; i < 300 && channel.isOpen(); i++) {
                assertThat(feed(channel, "agi_x" + i + ": y\n")).isEmpty();
            }
            assertThat(channel.isOpen()).isFalse();
            channel.checkException();
            assertThat(logs.lines()).singleElement().asString().startsWith("event=env_too_long call=- ");
        }
    }

    @Test
    void badLinesCloseTheConnectionWithOneLogLine() {
        try (LogCapture logs = new LogCapture()) {
            EmbeddedChannel channel = decoder();
            feed(channel, ENV);
            assertThat(feed(channel, "hello 13800138000\n200 result=0\n")).isEmpty();
            assertThat(channel.isOpen()).isFalse();
            assertThat(logs.lines()).singleElement().asString().startsWith("event=bad_reply ")
                    .doesNotContain("13800138000");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomBytesCloseTheConnectionQuietly(int seed) {
        try (LogCapture logs = new LogCapture()) {
            byte[] noise = new byte[64 * 1024];
            new Random(seed).nextBytes(noise);
            EmbeddedChannel channel = decoder();
            for (int at = 0; at < noise.length && channel.isOpen(); at += 1000) {
                channel.writeInbound(Unpooled.wrappedBuffer(noise, at, Math.min(1000, noise.length - at)));
            }
            channel.checkException();
            assertThat(channel.isOpen()).isFalse();
            assertThat(logs.lines()).hasSize(1);
            assertThat(drain(channel)).allMatch(m -> m instanceof AgiMessage.CallerHungUp);
        }
    }
}
