package cn.hotline12333.cli;

import cn.hotline12333.ivr.Flow;
import cn.hotline12333.ivr.FlowSet;
import cn.hotline12333.ivr.Node;
import cn.hotline12333.ivr.Node.Say;
import cn.hotline12333.ivr.Prompt;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PromptRendererTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int BUILT_IN = PromptRenderer.ASTERISK_SOUNDS.size() + PromptRenderer.TONES.size();
    /** Surely an executable file: stands in for a tool that is installed but never run. */
    private static final String JAVA = ProcessHandle.current().info().command().orElseThrow();

    @TempDir
    Path out;

    private static Prompt prompt(String audio, String text) {
        return new Prompt(text, audio);
    }

    private static Map<String, Prompt> shared(String flow) {
        return Map.of(
                "sorry", prompt("hotline/common-sorry", "抱歉，系统暂时无法处理您的来电。"),
                "invalid", prompt("hotline/" + flow + "-invalid", "您的输入有误（" + flow + "）。"),
                "no_input", prompt("hotline/" + flow + "-no_input", "没有收到您的按键。"),
                "goodbye", prompt("hotline/common-goodbye", "感谢来电，再见。"));
    }

    private static Flow flow(String name, Node... nodes) {
        Map<String, Node> byId = new LinkedHashMap<>();
        for (Node node : nodes) {
            byId.put(node.id(), node);
        }
        return new Flow(name, "1-test", name + ".yaml", nodes[0].id(), "agent", shared(name), byId);
    }

    /** Every node kind, optional prompts present and absent, and prompts shared between nodes and flows. */
    private static FlowSet hotline(String welcomeText) {
        Duration t = Duration.ofSeconds(5);
        Prompt invalid = shared("hotline").get("invalid");
        Flow main = flow("hotline",
                new Node.PlayNode("welcome", 1, prompt("hotline/hotline-welcome", welcomeText), "main"),
                new Node.MenuNode("main", 5, prompt("hotline/hotline-main", "养老保险请按1。"),
                        Map.of("1", "pension"), t, 3, invalid, "agent"),
                new Node.InputNode("id", 10, prompt("hotline/hotline-id", "请输入身份证号码。"),
                        Node.InputKind.CITIZEN_ID, 18, t, 3, prompt("hotline/hotline-id-invalid", "号码有误。"),
                        "citizen", null, "pension", "agent", null),
                new Node.ServiceNode("pension", 20, "pension_status", "citizen", List.of(
                        new Say.SayPrompt(prompt("hotline/hotline-pension", "您本月的养老金为")),
                        new Say.SayNumber("amount"),
                        new Say.SayChoice("status", Map.of(
                                "paid", prompt("hotline/hotline-pension-paid", "已发放。"),
                                "pending", prompt("hotline/hotline-pension-pending", "正在发放中。"))),
                        new Say.SayDigits("month")), "survey", "agent", "agent"),
                new Node.TransferNode("agent", 30, prompt("hotline/hotline-agent", "正在为您转接人工服务。"),
                        "hotline-general", Duration.ofMinutes(3), "survey", "message", "message"),
                new Node.ReferNode("medical", 35, prompt("hotline/hotline-medical", "医保问题请拨打12393。"),
                        "12393"),
                new Node.RecordNode("message", 40, prompt("hotline/hotline-message", "请在提示音后留言。"),
                        "labour", Duration.ofMinutes(2), Duration.ofSeconds(5), "bye", "agent", "agent"),
                new Node.RequestNode("callback", 45, "callback", prompt("hotline/hotline-callback", "我们将回电。"),
                        "hotline-general", "bye"),
                new Node.SurveyNode("survey", 50, prompt("hotline/hotline-survey", "请为本次服务评分。"), t,
                        prompt("hotline/hotline-survey-thanks", "感谢您的评价。"), "bye"),
                new Node.ScheduleNode("hours", 55, "weekdays", "main", "message"),
                new Node.TagNode("tag", 60, "pension", Map.of(), "main"),
                new Node.GotoNode("card", 65, "card", null),
                new Node.PlayNode("text-only", 70, new Prompt("只有文字的提示。", null), "bye"),
                new Node.PlayNode("recorded", 72, new Prompt(null, "hotline/recorded-by-a-person"), "bye"),
                new Node.HangupNode("bye", 75, null));
        Flow card = flow("card",
                new Node.PlayNode("start", 1, prompt("hotline/card-start", "社保卡服务。"), "bye"),
                new Node.HangupNode("bye", 5, shared("card").get("goodbye")));
        return new FlowSet(Map.of("hotline", main, "card", card), null);
    }

    private static final List<String> HOTLINE_AUDIO = List.of(
            "hotline/card-invalid", "hotline/card-no_input", "hotline/card-start",
            "hotline/common-goodbye", "hotline/common-sorry",
            "hotline/hotline-agent", "hotline/hotline-callback", "hotline/hotline-id", "hotline/hotline-id-invalid",
            "hotline/hotline-invalid", "hotline/hotline-main", "hotline/hotline-medical", "hotline/hotline-message",
            "hotline/hotline-no_input", "hotline/hotline-pension", "hotline/hotline-pension-paid",
            "hotline/hotline-pension-pending", "hotline/hotline-survey", "hotline/hotline-survey-thanks",
            "hotline/hotline-welcome");

    /** Writes a few bytes per text and remembers what it was asked to say; fails for texts it is told to. */
    private static final class FakeVoice implements PromptRenderer.Voice {
        final List<String> spoken = new ArrayList<>();
        final List<String> failOn = new ArrayList<>();

        @Override
        public String missing() {
            return null;
        }

        @Override
        public void speak(String text, Path wav) throws IOException {
            spoken.add(text);
            Files.writeString(wav, "RIFF " + text);
            if (failOn.contains(text)) {
                throw new IOException("espeak-ng exited with 1: broken");
            }
        }

        @Override
        public void make(List<String> soxEffects, Path wav) throws IOException {
            Files.writeString(wav, "RIFF sox " + String.join(" ", soxEffects));
        }
    }

    @Test
    void walkFindsEveryPromptOfEveryNodeKindOnceByAudioName() {
        List<String> audio = PromptRenderer.spokenPrompts(hotline("欢迎致电12333。")).stream()
                .map(Prompt::audio).toList();

        assertThat(audio).containsExactlyElementsOf(HOTLINE_AUDIO);
    }

    @Test
    void rendersEveryPromptIntoTheZhSoundLayoutAndSpeaksSharedOnesOnce() {
        FakeVoice voice = new FakeVoice();

        PromptRenderer.RenderReport report = new PromptRenderer(out, voice).render(hotline("欢迎致电12333。"));

        assertThat(report).isEqualTo(new PromptRenderer.RenderReport(HOTLINE_AUDIO.size() + BUILT_IN, 0, 0,
                List.of()));
        // the goodbye is shared by two flows and a node, the invalid prompt by its flow and a menu
        assertThat(voice.spoken).containsOnlyOnce("感谢来电，再见。", "您的输入有误（hotline）。");
        assertThat(out.resolve("zh/hotline/hotline-welcome.wav")).hasContent("RIFF 欢迎致电12333。");
        assertThat(out.resolve("zh/digits/7.wav")).hasContent("RIFF 七");
        // what the flows rely on beyond their own prompts: the beep before a message, the silence of type-ahead
        assertThat(out.resolve("zh/beep.wav")).hasContent("RIFF sox synth 0.5 sine 1000 vol 0.5");
        assertThat(out.resolve("zh/hotline/silence.wav")).hasContent("RIFF sox trim 0 0.2");
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".part"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void unchangedTextIsSkippedAndChangedTextIsSpokenAgain() throws IOException {
        FakeVoice voice = new FakeVoice();
        PromptRenderer renderer = new PromptRenderer(out, voice);
        renderer.render(hotline("欢迎致电12333。"));
        voice.spoken.clear();

        PromptRenderer.RenderReport same = renderer.render(hotline("欢迎致电12333。"));
        assertThat(same.rendered()).isZero();
        assertThat(same.skipped()).isEqualTo(HOTLINE_AUDIO.size() + BUILT_IN);
        assertThat(voice.spoken).isEmpty();

        PromptRenderer.RenderReport changed = new PromptRenderer(out, voice).render(hotline("欢迎致电人社服务热线。"));
        assertThat(changed.rendered()).isEqualTo(1);
        assertThat(voice.spoken).containsExactly("欢迎致电人社服务热线。");
        assertThat(out.resolve("zh/hotline/hotline-welcome.wav")).hasContent("RIFF 欢迎致电人社服务热线。");
        assertThat(Files.readAllLines(out.resolve("zh/hotline/manifest.tsv")))
                .contains("hotline/hotline-welcome\tebea92d72380a76a8cc7d86d0a965dc9aa2b64b2a3a19e4fb27a1254f70bce36"); // sha256sum of the text
    }

    @Test
    void deletedWavIsSpokenAgainEvenThoughTheManifestKnowsIt() throws IOException {
        FakeVoice voice = new FakeVoice();
        new PromptRenderer(out, voice).render(hotline("欢迎致电12333。"));
        Files.delete(out.resolve("zh/hotline/hotline-main.wav"));
        voice.spoken.clear();

        PromptRenderer.RenderReport report = new PromptRenderer(out, voice).render(hotline("欢迎致电12333。"));

        assertThat(report.rendered()).isEqualTo(1);
        assertThat(voice.spoken).containsExactly("养老保险请按1。");
    }

    @Test
    void failedPromptIsReportedLeavesNoFileAndIsSpokenAgainNextRun() throws IOException {
        FakeVoice voice = new FakeVoice();
        voice.failOn.add("养老保险请按1。");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        int status = new PromptRenderer(out, voice).run(hotline("欢迎致电12333。"), print(stdout), print(err));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("prompts render: failed hotline/hotline-main: espeak-ng exited with 1: broken\n");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("prompts render: rendered="
                + (HOTLINE_AUDIO.size() + BUILT_IN - 1) + " skipped=0 failed=1 ");
        assertThat(out.resolve("zh/hotline/hotline-main.wav")).doesNotExist();
        assertThat(out.resolve("zh/hotline/hotline-main.wav.part")).doesNotExist();
        assertThat(Files.readString(out.resolve("zh/hotline/manifest.tsv"))).doesNotContain("hotline/hotline-main\t");

        voice.failOn.clear();
        voice.spoken.clear();
        PromptRenderer.RenderReport again = new PromptRenderer(out, voice).render(hotline("欢迎致电12333。"));
        assertThat(again.failed()).isZero();
        assertThat(voice.spoken).containsExactly("养老保险请按1。");
    }

    @Test
    void twoTextsUnderOneAudioNameAreAFailureAndNeitherIsSpoken() {
        FakeVoice voice = new FakeVoice();
        Flow flow = flow("clash",
                new Node.PlayNode("a", 1, prompt("hotline/clash-same", "第一种说法。"), "b"),
                new Node.PlayNode("b", 2, prompt("hotline/clash-same", "第二种说法。"), "c"),
                new Node.HangupNode("c", 3, null));

        PromptRenderer.RenderReport report = new PromptRenderer(out, voice)
                .render(new FlowSet(Map.of("clash", flow), null));

        assertThat(report.failures()).containsExactly(
                "hotline/clash-same: 2 different texts share this audio name; give each its own audio");
        assertThat(voice.spoken).doesNotContain("第一种说法。", "第二种说法。");
        assertThat(out.resolve("zh/hotline/clash-same.wav")).doesNotExist();
    }

    @Test
    void audioNameThatWouldLeaveTheSoundDirectoryIsRefused() {
        FakeVoice voice = new FakeVoice();
        Flow flow = flow("escape",
                new Node.PlayNode("a", 1, prompt("../../escaped", "越界。"), "b"),
                new Node.PlayNode("b", 2, prompt("/tmp/absolute", "绝对路径。"), "c"),
                new Node.HangupNode("c", 3, null));

        PromptRenderer.RenderReport report = new PromptRenderer(out.resolve("sounds"), voice)
                .render(new FlowSet(Map.of("escape", flow), null));

        assertThat(report.failed()).isEqualTo(2);
        assertThat(report.failures()).allMatch(f -> f.contains("an audio name is letters, digits"));
        assertThat(voice.spoken).doesNotContain("越界。", "绝对路径。");
        assertThat(out.resolve("escaped.wav")).doesNotExist();
    }

    @Test
    void missingEspeakIsOneClearLineWithStatus3AndNothingRendered() {
        EspeakVoice voice = new EspeakVoice("/nonexistent/espeak-ng", JAVA, TIMEOUT);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = new PromptRenderer(out, voice).run(hotline("欢迎。"), print(new ByteArrayOutputStream()),
                print(err));

        assertThat(status).isEqualTo(PromptRenderer.TOOLS_MISSING).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .startsWith("prompts render: /nonexistent/espeak-ng not found; install with "
                        + "`apt-get install espeak-ng sox`.")
                .contains("the server still works with text-only prompts");
        assertThat(out.resolve("zh")).doesNotExist();
    }

    @Test
    void bothToolsMissingAreNamedTogether() {
        assertThat(new EspeakVoice("/nonexistent/espeak-ng", "no-such-sox-on-path", TIMEOUT).missing())
                .isEqualTo("/nonexistent/espeak-ng and no-such-sox-on-path");
        assertThat(new EspeakVoice(JAVA, "no-such-sox-on-path", TIMEOUT).missing()).isEqualTo("no-such-sox-on-path");
        assertThat(new EspeakVoice(JAVA, JAVA, TIMEOUT).missing()).isNull();
    }

    @Test
    void toolThatHangsIsStoppedAtTheTimeout() throws IOException {
        Path hanging = tool("hanging-espeak", "exec sleep 60");

        assertThatThrownBy(speaking(hanging, Duration.ofMillis(200)))
                .isInstanceOf(IOException.class)
                .hasMessage("hanging-espeak took longer than 200 ms");
    }

    @Test
    void toolThatFailsIsReportedWithItsLastWords() throws IOException {
        Path failing = tool("failing-espeak", "echo 'reading voices' >&2; echo 'Error: no such voice' >&2; exit 1");

        assertThatThrownBy(speaking(failing, TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessage("failing-espeak exited with 1: Error: no such voice");
    }

    private ThrowingCallable speaking(Path espeak, Duration timeout) {
        return () -> new EspeakVoice(espeak.toString(), JAVA, timeout).speak("欢迎。", out.resolve("welcome.wav"));
    }

    /** A stand-in for espeak-ng: a script that ignores its arguments (it is never given any text). */
    private Path tool(String name, String body) throws IOException {
        Path script = Files.writeString(out.resolve(name), "#!/bin/sh\n" + body + "\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        return script;
    }

    @Test
    void rendersEightKilohertzMonoSixteenBitPcmWithTheRealTools() throws IOException {
        assumeTrue(PromptRenderer.toolsAvailable(), "espeak-ng and sox are not installed");
        Flow flow = flow("real",
                new Node.PlayNode("welcome", 1, prompt("hotline/real-welcome", "欢迎致电12333人社服务热线。"), "bye"),
                new Node.HangupNode("bye", 2, prompt("hotline/real-bye", "感谢您的来电，再见。")));

        PromptRenderer.RenderReport report = new PromptRenderer(out).render(new FlowSet(Map.of("real", flow), null));

        assertThat(report.failures()).isEmpty();
        for (String audio : List.of("hotline/real-welcome", "hotline/real-bye", "digits/9")) {
            WavFormat wav = WavFormat.read(out.resolve("zh/" + audio + ".wav"));
            assertThat(wav).as(audio).isEqualTo(new WavFormat(1, 1, 8000, 16, wav.dataBytes()));
            assertThat(wav.dataBytes()).as(audio).isGreaterThan(8000); // more than half a second of speech
        }
        // 0.5 s of tone and 0.2 s of silence, 2 bytes a sample at 8 kHz
        assertThat(WavFormat.read(out.resolve("zh/beep.wav"))).isEqualTo(new WavFormat(1, 1, 8000, 16, 8000));
        assertThat(WavFormat.read(out.resolve("zh/hotline/silence.wav"))).isEqualTo(new WavFormat(1, 1, 8000, 16, 3200));
        Duration welcome = WavLength.of(out.resolve("zh/hotline/real-welcome.wav"));
        assertThat(welcome).isEqualTo(Duration.ofMillis(
                WavFormat.read(out.resolve("zh/hotline/real-welcome.wav")).dataBytes() / 16));
        // the speaking-time model is the renderer's speed: within a fifth of the real length
        assertThat(welcome.toMillis()).isCloseTo(new Prompt("欢迎致电12333人社服务热线。", "x").spokenLength().toMillis(),
                org.assertj.core.data.Percentage.withPercentage(20));
        assertThat(new PromptRenderer(out).durations(new FlowSet(Map.of("real", flow), null)))
                .anyMatch(line -> line.matches(" +hotline/real-welcome +" + String.format(java.util.Locale.ROOT, "%.1f",
                        welcome.toMillis() / 1000.0) + " s"));
    }

    @Test
    void eachSoundIsListedWithItsLengthOrTheEstimateFromItsText() throws IOException {
        new PromptRenderer(out, new FakeVoice()).render(hotline("欢迎致电12333。"));

        List<String> lines = new PromptRenderer(out, new FakeVoice()).durations(hotline("欢迎致电12333。"));

        // the fake files are no WAV: the estimate, 10 characters at 415 ms
        assertThat(lines).contains(String.format("  %-52s %8s", "hotline/hotline-welcome", "~4.2 s"));
        assertThat(lines).hasSize(HOTLINE_AUDIO.size() + BUILT_IN);
    }

    /** The fields of a RIFF WAVE header that Asterisk's format_wav insists on. */
    record WavFormat(int format, int channels, int sampleRate, int bits, int dataBytes) {
        static WavFormat read(Path file) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(ascii(bytes, 0)).isEqualTo("RIFF");
            assertThat(ascii(bytes, 8)).isEqualTo("WAVE");
            int format = 0, channels = 0, rate = 0, bits = 0;
            for (int at = 12; at + 8 <= bytes.limit(); ) {
                String id = ascii(bytes, at);
                int size = bytes.getInt(at + 4);
                if (id.equals("fmt ")) {
                    format = bytes.getShort(at + 8);
                    channels = bytes.getShort(at + 10);
                    rate = bytes.getInt(at + 12);
                    bits = bytes.getShort(at + 22);
                } else if (id.equals("data")) {
                    return new WavFormat(format, channels, rate, bits, size);
                }
                at += 8 + size + (size & 1);
            }
            throw new AssertionError(file + " has no data chunk");
        }

        private static String ascii(ByteBuffer bytes, int at) {
            return new String(bytes.array(), at, 4, StandardCharsets.US_ASCII);
        }
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
