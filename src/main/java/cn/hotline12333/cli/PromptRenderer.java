package cn.hotline12333.cli;

import cn.hotline12333.ivr.FlowSet;
import cn.hotline12333.ivr.Node;
import cn.hotline12333.ivr.Node.Say;
import cn.hotline12333.ivr.Prompt;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code hotline prompts render}: speaks every prompt text of the flows into {@code <out>/zh/<audio>.wav}, so that
 * copying {@code <out>/zh/hotline} to {@code /var/lib/asterisk/sounds/zh/hotline} deploys them. A manifest of
 * text hashes lets an unchanged prompt be skipped and a changed one be spoken again. Without espeak-ng or sox
 * nothing is rendered, and the server still works: where a prompt's audio is missing it falls back to Asterisk's
 * beep (docs/asterisk-agi.md, GET DATA).
 */
public final class PromptRenderer {
    public static final Path DEFAULT_OUT = Path.of("target/sounds");

    /** Exit status of {@link #run} when espeak-ng or sox is not installed. */
    public static final int TOOLS_MISSING = 3;

    /**
     * Sounds Asterisk itself plays in the caller's language that no flow names: the Mandarin numbers SAY NUMBER
     * and SAY DIGITS build from ({@code main/say.c}, {@code ast_say_number_full_zh}; Asterisk ships no Mandarin
     * core sounds) and the queue announcements that {@code deploy/asterisk/queues.conf} points at.
     */
    static final List<Prompt> ASTERISK_SOUNDS = List.of(
            new Prompt("零", "digits/0"), new Prompt("一", "digits/1"), new Prompt("二", "digits/2"),
            new Prompt("三", "digits/3"), new Prompt("四", "digits/4"), new Prompt("五", "digits/5"),
            new Prompt("六", "digits/6"), new Prompt("七", "digits/7"), new Prompt("八", "digits/8"),
            new Prompt("九", "digits/9"), new Prompt("十", "digits/10"), new Prompt("二十", "digits/20"),
            new Prompt("三十", "digits/30"), new Prompt("四十", "digits/40"), new Prompt("五十", "digits/50"),
            new Prompt("六十", "digits/60"), new Prompt("七十", "digits/70"), new Prompt("八十", "digits/80"),
            new Prompt("九十", "digits/90"), new Prompt("百", "digits/hundred"), new Prompt("千", "digits/thousand"),
            new Prompt("万", "digits/wan"), new Prompt("亿", "digits/yi"), new Prompt("负", "digits/minus"),
            new Prompt("您是下一位，请不要挂机。", "hotline/queue-youarenext"),
            new Prompt("您现在排在第", "hotline/queue-thereare"),
            new Prompt("位。", "hotline/queue-callswaiting"),
            new Prompt("目前等候的来电超过", "hotline/queue-quantity1"),
            new Prompt("位。", "hotline/queue-quantity2"),
            new Prompt("感谢您的耐心等待。", "hotline/queue-thankyou"),
            new Prompt("坐席正忙，请不要挂机，我们会尽快为您接通。", "hotline/queue-periodic"));

    /**
     * Sounds made rather than spoken, by sox: the beep RECORD FILE plays before a message (Asterisk's own is in the
     * English core sounds, which a box for Mandarin callers need not have: without it RECORD FILE fails at once)
     * and the short silence the IVR collects the rest of a typed-ahead answer over. With these a box needs no
     * sound beyond what the project renders.
     */
    static final List<Tone> TONES = List.of(
            new Tone("beep", List.of("synth", "0.5", "sine", "1000", "vol", "0.5")),
            new Tone("hotline/silence", List.of("trim", "0", "0.2")));

    /** A sound sox makes from {@code effects} (applied to no input, at 8 kHz). */
    record Tone(String audio, List<String> effects) {
    }

    // Segments start with a letter, digit or _, so "." and ".." cannot occur: no audio name leaves <out>/zh.
    private static final Pattern AUDIO = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*");

    /** Turns one text into a playable WAV file; the seam to the external tools. */
    interface Voice {
        /** The tools that are not installed, as one phrase ("espeak-ng", "sox", both), or null when ready. */
        String missing();

        void speak(String text, Path wav) throws IOException;

        /** Makes a tone or silence: sox with no input and these effects, written as {@code wav}. */
        void make(List<String> soxEffects, Path wav) throws IOException;
    }

    public record RenderReport(int rendered, int skipped, int failed, List<String> failures) {
        public RenderReport {
            failures = List.copyOf(failures);
        }
    }

    private final Path zh;
    private final Voice voice;

    public PromptRenderer(Path outDir) {
        this(outDir, EspeakVoice.installed());
    }

    PromptRenderer(Path outDir, Voice voice) {
        this.zh = outDir.resolve("zh");
        this.voice = voice;
    }

    /** Whether espeak-ng and sox are on the PATH. */
    public static boolean toolsAvailable() {
        return EspeakVoice.installed().missing() == null;
    }

    /** The CLI command: renders and prints what happened. Gives 0, 1 when a prompt failed, or {@link #TOOLS_MISSING}. */
    public int run(FlowSet flows, PrintStream out, PrintStream err) {
        String missing = voice.missing();
        if (missing != null) {
            err.println("prompts render: " + missing + " not found; install with `" + EspeakVoice.INSTALL
                    + "`. Nothing rendered: the server still works with text-only prompts (it falls back to"
                    + " Asterisk's beep where a prompt's audio is missing).");
            return TOOLS_MISSING;
        }
        RenderReport report = render(flows);
        report.failures().forEach(failure -> err.println("prompts render: failed " + failure));
        durations(flows).forEach(out::println);
        out.println("prompts render: rendered=" + report.rendered() + " skipped=" + report.skipped()
                + " failed=" + report.failed() + " out=" + zh + " (copy " + zh.resolve("hotline")
                + " to /var/lib/asterisk/sounds/zh/hotline)");
        return report.failed() == 0 ? 0 : 1;
    }

    public RenderReport render(FlowSet flows) {
        Map<String, List<Prompt>> byAudio = Stream.concat(spokenPrompts(flows).stream(), ASTERISK_SOUNDS.stream())
                .distinct()
                .collect(Collectors.groupingBy(Prompt::audio, TreeMap::new, Collectors.toList()));
        Path manifestFile = zh.resolve("hotline/manifest.tsv");
        Map<String, String> manifest = readManifest(manifestFile);
        int rendered = 0;
        int skipped = 0;
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<Prompt>> entry : byAudio.entrySet()) {
            String audio = entry.getKey();
            List<Prompt> prompts = entry.getValue();
            if (prompts.size() > 1) {
                failures.add(audio + ": " + prompts.size() + " different texts share this audio name; give each"
                        + " its own audio");
                manifest.remove(audio);
                continue;
            }
            if (!AUDIO.matcher(audio).matches()) {
                failures.add(audio + ": an audio name is letters, digits, _ . - in parts separated by /");
                continue;
            }
            String text = prompts.get(0).text();
            String hash = sha256(text);
            Path wav = zh.resolve(audio + ".wav");
            if (hash.equals(manifest.get(audio)) && Files.isRegularFile(wav)) {
                skipped++;
                continue;
            }
            try {
                into(wav, part -> voice.speak(text, part));
                manifest.put(audio, hash);
                rendered++;
            } catch (IOException e) {
                manifest.remove(audio);
                failures.add(audio + ": " + e.getMessage());
            }
        }
        for (Tone tone : TONES) {
            String hash = sha256("sox " + String.join(" ", tone.effects()));
            Path wav = zh.resolve(tone.audio() + ".wav");
            if (hash.equals(manifest.get(tone.audio())) && Files.isRegularFile(wav)) {
                skipped++;
                continue;
            }
            try {
                into(wav, part -> voice.make(tone.effects(), part));
                manifest.put(tone.audio(), hash);
                rendered++;
            } catch (IOException e) {
                manifest.remove(tone.audio());
                failures.add(tone.audio() + ": " + e.getMessage());
            }
        }
        writeManifest(manifestFile, manifest);
        return new RenderReport(rendered, skipped, failures.size(), failures);
    }

    private interface Writing {
        void to(Path part) throws IOException;
    }

    /** A half-written file must never stand under the real name, where Asterisk would play it. */
    private static void into(Path wav, Writing writing) throws IOException {
        Files.createDirectories(wav.getParent());
        Path part = wav.resolveSibling(wav.getFileName() + ".part");
        try {
            writing.to(part);
            Files.move(part, wav, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /**
     * One line per sound, {@code audio  12.3 s}: how long the rendered file plays, or, where there is no readable
     * file, about how long its text takes to say ({@code ~}).
     */
    List<String> durations(FlowSet flows) {
        Map<String, String> lines = new TreeMap<>();
        Stream.concat(spokenPrompts(flows).stream(), ASTERISK_SOUNDS.stream()).forEach(p -> {
            Duration played = WavLength.of(zh.resolve(p.audio() + ".wav"));
            lines.put(p.audio(), played != null ? seconds(played) : "~" + seconds(p.spokenLength()));
        });
        TONES.forEach(t -> {
            Duration played = WavLength.of(zh.resolve(t.audio() + ".wav"));
            lines.put(t.audio(), played != null ? seconds(played) : "-");
        });
        List<String> printed = new ArrayList<>();
        lines.forEach((audio, length) -> printed.add(String.format(Locale.ROOT, "  %-52s %8s", audio, length)));
        return printed;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /**
     * Every prompt of every flow that has both a text to speak and an audio name to speak it into, once each,
     * ordered by audio name. Prompts without text are recordings made by people; without audio, text only.
     */
    static List<Prompt> spokenPrompts(FlowSet flows) {
        return flows.allPrompts().stream()
                .filter(p -> p != null && p.text() != null && !p.text().isBlank()
                        && p.audio() != null && !p.audio().isBlank())
                .distinct()
                .sorted(Comparator.comparing(Prompt::audio).thenComparing(Prompt::text))
                .toList();
    }

    /** {@code audio<TAB>sha256 of the text} per line; a missing or unreadable manifest renders everything. */
    private static Map<String, String> readManifest(Path file) {
        Map<String, String> manifest = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return manifest;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t");
                if (fields.length == 2 && !line.startsWith("#")) {
                    manifest.put(fields[0], fields[1]);
                }
            }
        } catch (IOException e) {
            manifest.clear();
        }
        return manifest;
    }

    private static void writeManifest(Path file, Map<String, String> manifest) {
        StringBuilder text = new StringBuilder("# audio\tsha256 of the text it was rendered from\n");
        manifest.forEach((audio, hash) -> text.append(audio).append('\t').append(hash).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Path part = file.resolveSibling(file.getFileName() + ".part");
            Files.writeString(part, text, StandardCharsets.UTF_8);
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
