package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays every FastAGI session recorded against a real Asterisk 22: a stub server sends exactly the
 * recorded commands and the emulator, scripted like the recorded caller, must send exactly Asterisk's bytes.
 */
class TranscriptReplayTest {

    private static AsteriskEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = new AsteriskEmulator(EmulatorSettings.defaults().withEventLoopThreads(1)
                .withQueue("hotline-general", QueueBehaviour.agents(1, Duration.ofMillis(500), Duration.ofSeconds(2)))
                .withQueue("hotline-noanswer", QueueBehaviour.nobodyAnswers()));
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @ParameterizedTest
    @MethodSource("recorded")
    void emulatorSendsAsterisksBytes(String name) throws Exception {
        replay(Transcript.load(name), false);
    }

    // Every recorded session, so that one recorded later replays too (it may need its caller in callerOf).
    static List<String> recorded() throws IOException {
        return Transcript.fastAgi();
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic", "dtmf", "hangup", "queue-abandon"})
    void commandsWrittenByteByByteGetTheSameBytes(String name) throws Exception {
        replay(Transcript.load(name), true);
    }

    private static void replay(Transcript transcript, boolean byteByByte) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5000);
            var call = emulator.dial((InetSocketAddress) server.getLocalSocketAddress(), callerOf(transcript));
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(5000);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                StringBuilder expected = new StringBuilder();
                for (Transcript.Entry entry : transcript.entries()) {
                    if (entry.fromAsterisk()) {
                        expected.append(entry.text()).append('\n');
                        continue;
                    }
                    assertThat(read(in, expected)).as(transcript.name() + " before " + entry.text())
                            .isEqualTo(expected.toString());
                    expected.setLength(0);
                    send(out, entry.text() + "\n", byteByByte);
                }
                assertThat(read(in, expected)).as(transcript.name() + " at the end").isEqualTo(expected.toString());
            }
            EmulatedCall result = call.get(5, TimeUnit.SECONDS);
            assertThat(result.end()).isEqualTo(EmulatedCall.End.SERVER_CLOSED);
            assertThat(result.lines().stream().filter(l -> l.direction() == EmulatedCall.Direction.TO_SERVER)
                    .map(EmulatedCall.Line::text)).containsExactlyElementsOf(transcript.linesFrom(true));
            assertThat(result.commands()).containsExactlyElementsOf(transcript.linesFrom(false));
        }
    }

    /** The recorded caller: the channel from the environment block, and what the person did. */
    private static CallScript callerOf(Transcript t) {
        Map<String, String> env = t.environment();
        CallScript.Builder b = CallScript.to(env.get("agi_network_script"))
                .request(env.get("agi_request"))
                .channel(env.get("agi_channel"))
                .uniqueId(env.get("agi_uniqueid"))
                .threadId(Long.parseLong(env.get("agi_threadid")))
                .language(env.get("agi_language"))
                .context(env.get("agi_context"))
                .extension(env.get("agi_extension"))
                .priority(Integer.parseInt(env.get("agi_priority")))
                .accountCode(env.get("agi_accountcode"))
                .timing(TimeModel.instant());
        return switch (t.name()) {
            // no digit sounds on that box: SAY answered at once and played nothing
            case "basic" -> b.sounds(Sounds.only("beep", "hotline/menu")).build();
            // SendDTMF paced 2.42 s apart: key 5 cut the menu prompt at endpos 19360
            case "dtmf" -> b.keys("1", "7", "12#").keyDuring("hotline/menu", "5")
                    .timing(TimeModel.instant().withKeyDelay(Duration.ofMillis(2420))
                            .withPrompt("hotline/menu", Duration.ofSeconds(5))
                            .withInterKeyDelay(Duration.ofMillis(2400)))
                    .build();
            case "hangup" -> b.hangUpAtInput(1).build();
            case "queue-abandon" -> b.queuePatience(Duration.ofMillis(3500)).build();
            default -> b.build();
        };
    }

    private static String read(InputStream in, CharSequence expected) throws IOException {
        byte[] bytes = in.readNBytes(expected.toString().getBytes(StandardCharsets.UTF_8).length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void send(OutputStream out, String command, boolean byteByByte) throws IOException {
        byte[] bytes = command.getBytes(StandardCharsets.UTF_8);
        if (!byteByByte) {
            out.write(bytes);
            out.flush();
            return;
        }
        for (byte b : bytes) {
            out.write(b);
            out.flush();
        }
    }
}
