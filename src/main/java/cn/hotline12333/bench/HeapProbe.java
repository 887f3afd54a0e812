package cn.hotline12333.bench;

import cn.hotline12333.bench.LoadReport.HeapFigures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap of the server JVM under load, read with the JDK's own tools beside {@code java.home}:
 * {@code jstat -gc <pid> 1000} all along (heap used = survivors + eden + old, garbage included; the peak is
 * kept), and once at peak load {@code GC.run} then {@code GC.heap_info} (one {@code jcmd <pid> -f}): the heap
 * still used after a full collection, i.e. what the open calls really hold. That forced GC pauses the server
 * once; the load generator sets aside the commands it held up (LoadReport#unpaused).
 */
final class HeapProbe implements AutoCloseable {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final long pid;
    private final Process jstat;
    private final Thread reader;
    // written by the reader thread or the peak thread, read by the caller at the end
    private volatile long peakKb = -1;
    private volatile long youngGcs = -1;
    private volatile long fullGcs = -1;
    private volatile long liveKb = -1;
    private volatile int openAtGc;
    private volatile String note = "";

    private HeapProbe(long pid, Process jstat) {
        this.pid = pid;
        this.jstat = jstat;
        this.reader = jstat == null ? null : new Thread(this::readSamples, "heap-probe-" + pid);
        if (reader != null) {
            reader.setDaemon(true);
            reader.start();
        }
    }

    static HeapProbe start(long pid) {
        Path tool = tool("jstat");
        if (!Files.isExecutable(tool)) {
            HeapProbe probe = new HeapProbe(pid, null);
            probe.note = "no " + tool + " (a JRE, not a JDK?)";
            return probe;
        }
        try {
            return new HeapProbe(pid, new ProcessBuilder(tool.toString(), "-gc", Long.toString(pid), "1000")
                    .redirectErrorStream(true).start());
        } catch (IOException e) {
            HeapProbe probe = new HeapProbe(pid, null);
            probe.note = "jstat did not start: " + e.getMessage();
            return probe;
        }
    }

    /** Forces a full GC in the server and reads what stays used; {@code openCalls} is for the report. */
    void measureLive(int openCalls) {
        try {
            openAtGc = openCalls;
            liveKb = usedKb(run("GC.run", "GC.heap_info"));
        } catch (IOException | IllegalStateException e) {
            note = "jcmd failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    HeapFigures figures() {
        return new HeapFigures(peakKb, liveKb, openAtGc, youngGcs, fullGcs, peakRssKb(pid), note);
    }

    /** VmHWM of /proc/<pid>/status: the most memory the process ever held resident; -1 off Linux. */
    static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    @Override
    public void close() {
        if (jstat != null) {
            jstat.destroy();
        }
    }

    /** Sum of every {@code used NK} of the heap part of GC.heap_info (G1 has one line; Serial and Parallel two). */
    static long usedKb(String heapInfo) {
        long used = 0;
        boolean found = false;
        for (String line : heapInfo.lines().toList()) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                break;
            }
            Matcher m = USED.matcher(line);
            while (m.find()) {
                used += Long.parseLong(m.group(1));
                found = true;
            }
        }
        return found ? used : -1;
    }

    /** Heap used in one {@code jstat -gc} sample under its header, or -1 when the line is no sample. */
    static long sampleKb(List<String> header, String line) {
        String[] values = line.trim().split("\\s+");
        if (values.length != header.size()) {
            return -1;
        }
        double used = 0;
        for (String column : List.of("S0U", "S1U", "EU", "OU")) {
            int i = header.indexOf(column);
            if (i < 0 || values[i].equals("-")) {
                continue;
            }
            try {
                used += Double.parseDouble(values[i]);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return (long) used;
    }

    private void readSamples() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream(),
                StandardCharsets.UTF_8))) {
            List<String> header = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.trim().startsWith("S0C")) {
                    header = List.of(line.trim().split("\\s+"));
                    continue;
                }
                long used = header == null ? -1 : sampleKb(header, line);
                if (used >= 0) {
                    peakKb = Math.max(peakKb, used);
                    String[] values = line.trim().split("\\s+");
                    youngGcs = Long.parseLong(values[header.indexOf("YGC")]);
                    fullGcs = Long.parseLong(values[header.indexOf("FGC")]);
                }
            }
        } catch (IOException | RuntimeException e) {
            note = "jstat output unreadable: " + e.getMessage();
        }
    }

    /** One jcmd for all the commands (each jcmd is a JVM start, seconds on a busy machine). */
    private String run(String... commands) throws IOException, InterruptedException {
        Path script = Files.createTempFile("jcmd", ".txt");
        Path output = Files.createTempFile("jcmd", ".out");
        try {
            Files.writeString(script, String.join("\n", commands) + "\n");
            Process jcmd = new ProcessBuilder(tool("jcmd").toString(), Long.toString(pid), "-f", script.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean done = jcmd.waitFor(2, TimeUnit.MINUTES);
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (!done || jcmd.exitValue() != 0) {
                jcmd.destroyForcibly();
                throw new IllegalStateException(String.join(", ", commands) + ": "
                        + (done ? text.trim() : "no answer in 2 minutes"));
            }
            return text;
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(output);
        }
    }

    private static Path tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name);
    }
}
