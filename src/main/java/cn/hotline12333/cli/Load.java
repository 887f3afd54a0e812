package cn.hotline12333.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Closed-loop load: each client thread sends its next request when the last one answered, for a while. */
final class Load {
    /** One request; true when it succeeded. */
    @FunctionalInterface
    interface Client {
        boolean call() throws Exception;
    }

    @FunctionalInterface
    interface ClientFactory {
        Client create(int index);
    }

    /** Latencies in nanoseconds and the wall time they were collected in. */
    record Result(long[] nanos, long errors, double seconds) {
        static final Result EMPTY = new Result(new long[0], 0, 0);

        Result plus(Result other) {
            long[] all = Arrays.copyOf(nanos, nanos.length + other.nanos.length);
            System.arraycopy(other.nanos, 0, all, nanos.length, other.nanos.length);
            Arrays.sort(all);
            return new Result(all, errors + other.errors, seconds + other.seconds);
        }

        int count() {
            return nanos.length;
        }

        double throughput() {
            return seconds == 0 ? 0 : nanos.length / seconds;
        }

        /** Percentile of the sorted latencies, in ms (100: the maximum). */
        double percentileMs(double p) {
            if (nanos.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100 * nanos.length) - 1;
            return nanos[Math.max(0, Math.min(nanos.length - 1, i))] / 1e6;
        }
    }

    private Load() {
    }

    static Result run(int clients, double seconds, ClientFactory factory) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<long[]> perThread = new ArrayList<>();
        long[] errors = new long[clients];
        int[] counts = new int[clients];
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int index = c;
            long[][] buffer = {new long[1 << 14]};
            perThread.add(null);
            Thread t = new Thread(() -> {
                Client client = factory.create(index);
                int n = 0;
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                        ok = client.call();
                    } catch (Exception e) {
                        ok = false;
                    }
                    if (!ok) {
                        errors[index]++;
                        continue;
                    }
                    if (n == buffer[0].length) {
                        buffer[0] = Arrays.copyOf(buffer[0], n * 2);
                    }
                    buffer[0][n++] = System.nanoTime() - t0;
                }
                counts[index] = n;
                synchronized (perThread) {
                    perThread.set(index, buffer[0]);
                }
            }, "bench-client-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("benchmark interrupted", e);
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        synchronized (perThread) {
            for (int c = 0; c < clients; c++) {
                System.arraycopy(perThread.get(c), 0, all, at, counts[c]);
                at += counts[c];
            }
        }
        Arrays.sort(all);
        return new Result(all, Arrays.stream(errors).sum(), elapsed);
    }
}
