package cn.hotline12333.cli;

import cn.hotline12333.ivr.SpeakingTime;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Speaks Mandarin text into a WAV file Asterisk plays as it is: espeak-ng renders the text, sox turns it into
 * 8 kHz mono 16-bit signed PCM (what Asterisk's {@code format_wav} reads without transcoding on a G.711 call).
 * Every tool runs from an argument list without a shell, under a timeout; the text goes through a file, so no
 * prompt text is ever read as a command-line option.
 */
final class EspeakVoice implements PromptRenderer.Voice {
    static final String INSTALL = "apt-get install espeak-ng sox";

    private final String espeak;
    private final String sox;
    private final Duration timeout;
    private String voiceName; // chosen on first use; the renderer is single-threaded

    EspeakVoice(String espeak, String sox, Duration timeout) {
        this.espeak = espeak;
        this.sox = sox;
        this.timeout = timeout;
    }

    static EspeakVoice installed() {
        return new EspeakVoice("espeak-ng", "sox", Duration.ofSeconds(30));
    }

    @Override
    public String missing() {
        boolean noEspeak = !runnable(espeak);
        boolean noSox = !runnable(sox);
        if (noEspeak && noSox) {
            return espeak + " and " + sox;
        }
        return noEspeak ? espeak : noSox ? sox : null;
    }

    @Override
    public void speak(String text, Path wav) throws IOException {
        Path work = Files.createTempDirectory("hotline-prompt");
        try {
            Path script = Files.writeString(work.resolve("text.txt"), text, StandardCharsets.UTF_8);
            Path raw = work.resolve("espeak.wav");
            // -b 1: the text file is UTF-8; -s: the speed SpeakingTime estimates prompt lengths with.
            run(work, List.of(espeak, "-v", voice(work), "-s", Integer.toString(SpeakingTime.WORDS_PER_MINUTE),
                    "-b", "1", "-f", script.toString(),
                    "-w", raw.toString()));
            // gain before the rate change leaves headroom: espeak-ng's output clips when resampled as it is.
            // -t wav: the target may not end in .wav (the renderer writes a temporary name, then moves it).
            run(work, List.of(sox, "-V1", raw.toString(), "-r", "8000", "-c", "1", "-b", "16",
                    "-e", "signed-integer", "-t", "wav", wav.toString(), "gain", "-n", "-3"));
        } finally {
            deleteTree(work);
        }
    }

    @Override
    public void make(List<String> soxEffects, Path wav) throws IOException {
        Path work = Files.createTempDirectory("hotline-tone");
        try {
            List<String> command = new java.util.ArrayList<>(List.of(sox, "-V1", "-n", "-r", "8000", "-c", "1",
                    "-b", "16", "-e", "signed-integer", "-t", "wav", wav.toString()));
            command.addAll(soxEffects);
            run(work, command);
        } finally {
            deleteTree(work);
        }
    }

    /** {@code cmn} is the Mandarin voice of espeak-ng 1.49.2 and later; older releases only know {@code zh}. */
    private String voice(Path work) throws IOException {
        if (voiceName == null) {
            String listing = run(work, List.of(espeak, "--voices=cmn"));
            voiceName = listing.lines().skip(1).anyMatch(line -> line.contains(" cmn ")) ? "cmn" : "zh";
        }
        return voiceName;
    }

    /** Runs one tool to completion and gives its output; a non-zero exit or the timeout is an IOException. */
    private String run(Path work, List<String> command) throws IOException {
        Path log = work.resolve("tool.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close(); // neither tool reads stdin here
        String tool = Path.of(command.get(0)).getFileName().toString();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(tool + " took longer than " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(tool + " interrupted");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            String said = output.strip().lines().reduce((first, second) -> second).orElse("no output");
            throw new IOException(tool + " exited with " + process.exitValue() + ": " + said);
        }
        return output;
    }

    /** A path is used as it is; a bare name is looked up on PATH, as ProcessBuilder will. */
    static boolean runnable(String tool) {
        if (tool.contains("/")) {
            return isProgram(Path.of(tool));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && isProgram(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isProgram(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    /** Best effort: a temporary directory left behind must not hide the tool's own error. */
    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // stays under java.io.tmpdir
        }
    }
}
