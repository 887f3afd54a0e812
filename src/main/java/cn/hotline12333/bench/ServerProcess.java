package cn.hotline12333.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server under benchmark in a process of its own (a child JVM, normally): started in a working directory
 * of its own, awaited until its port accepts connections, and stopped. Its output goes to a log file whose
 * last lines explain a start that failed.
 */
public final class ServerProcess implements AutoCloseable {

    private static final int TAIL_LINES = 25;

    private final String name;
    private final Process process;
    private final InetSocketAddress address;
    private final Path log;

    private ServerProcess(String name, Process process, InetSocketAddress address, Path log) {
        this.name = name;
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /**
     * Runs {@code command} in {@code directory} with {@code env} added (and no {@code REDIS_*} inherited, so a
     * hotline server starts its own embedded Redis), and waits up to {@code wait} for loopback {@code port}
     * to accept a connection. Fails with the process's last output when it exits first or the time runs out.
     */
    public static ServerProcess start(String name, List<String> command, Map<String, String> env, Path directory,
                                      int port, Duration wait) throws IOException, InterruptedException {
        return start(name, command, env, directory, port, port, wait);
    }

    /**
     * The same, but ready only when loopback {@code readyPort} accepts too: a server that opens its FastAGI port
     * before it has finished starting (ours opens the web port last, after indexing the knowledge base) is not
     * measured while it still starts.
     */
    public static ServerProcess start(String name, List<String> command, Map<String, String> env, Path directory,
                                      int port, int readyPort, Duration wait) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path log = directory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("REDIS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        InetSocketAddress ready = new InetSocketAddress(InetAddress.getLoopbackAddress(), readyPort);
        long deadline = System.nanoTime() + wait.toNanos();
        while (!accepts(address) || !accepts(ready)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " server exited with code " + process.exitValue()
                        + " before accepting connections on " + address + "; its last output (" + log + "):\n"
                        + tail(log));
            }
            if (System.nanoTime() > deadline) {
                stop(process);
                throw new IllegalStateException(name + " server did not accept connections on " + ready
                        + " within " + wait.toSeconds() + " s, so it was stopped; its last output (" + log + "):\n"
                        + tail(log));
            }
            // a child process gives no event to await: look again shortly
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        return new ServerProcess(name, process, address, log);
    }

    /** {@code java -Xmx<heap> -cp <this JVM's class path, absolute> mainClass args...} */
    public static List<String> java(String heap, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-cp");
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        command.add(String.join(File.pathSeparator, entries));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /** A loopback port nobody listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public InetSocketAddress address() {
        return address;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public String name() {
        return name;
    }

    /** Asks the server to stop (SIGTERM, so its shutdown hooks stop its embedded Redis), then insists. */
    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // a child the server could not stop itself (its embedded redis-server after a forced stop)
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
