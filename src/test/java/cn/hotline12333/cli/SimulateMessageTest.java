package cn.hotline12333.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hotline simulate --message-seconds}: the caller speaks before the key that ends the recording, as the
 * real-Asterisk walk's caller does (deploy/asterisk/walks.tsv), so the message is kept.
 */
class SimulateMessageTest {

    @TempDir
    Path dir;

    @Test
    void aCallerWhoSpeaksBeforeTheKeyLeavesAMessage() throws Exception {
        Settings settings = Settings.of(Map.of("HOTLINE_FLOWS", "ivr-flows", "HOTLINE_JOURNAL",
                dir.resolve("journal").toString(), "HOTLINE_CLOCK", "2026-11-23T10:00+08:00",
                "HOTLINE_NODE", "simulate-test", "WEB_BIND", "127.0.0.1"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // 0 during the welcome: nobody in the queue, the busy menu; 1: a message; # after 6 s of speech.
        int rc = SimulateCommand.run(new String[] {"--standalone", "--queue", "none", "--message-seconds", "6",
                "--keys", "welcome:0,1,#"}, settings,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).containsPattern("<< 200 result=35 \\(dtmf\\) endpos=[1-9]\\d+")
                .contains("\"outcome\" : \"message_left\"");
    }

    @Test
    void aLengthThatIsNoNumberIsRefusedNamingTheOption() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = SimulateCommand.run(new String[] {"--message-seconds", "six", "--keys", "0"},
                Settings.of(Map.of("HOTLINE_FLOWS", "ivr-flows")), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--message-seconds must be a number, was six");
    }
}
