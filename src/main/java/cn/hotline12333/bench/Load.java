package cn.hotline12333.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Load from client threads for a while. Closed loop ({@link #run}): each client sends its next request when the
 * last one answered, which finds the most a server can do. Paced ({@link #paced}): requests leave on a fixed
 * schedule whatever the server does, as agents' searches would, and a request's latency counts from when it
 * was due, not when it left: a server that falls behind is charged for the wait it caused.
 */
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

    /** The time the load runs on: the machine's, or a test's that moves only when told. */
    interface Ticker {
        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void parkUntil(long due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
        };

        long nanoTime();

        /** Returns at {@code due} or later (a spurious early return is the loop's to repeat). */
        void parkUntil(long due);
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
        return run(clients, seconds, 0, factory, Ticker.SYSTEM);
    }

    static Result run(int clients, double seconds, ClientFactory factory, Ticker ticker) {
        return run(clients, seconds, 0, factory, ticker);
    }

    /** {@code perSecond} requests a second in all, spread evenly over the clients and over time. */
    static Result paced(int clients, double seconds, double perSecond, ClientFactory factory) {
        return paced(clients, seconds, perSecond, factory, Ticker.SYSTEM);
    }

    static Result paced(int clients, double seconds, double perSecond, ClientFactory factory, Ticker ticker) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("a paced load needs a rate above zero");
        }
        return run(clients, seconds, (long) (clients * 1e9 / perSecond), factory, ticker);
    }

    /** {@code interval}: nanoseconds between one client's requests, 0 for a closed loop. */
    private static Result run(int clients, double seconds, long interval, ClientFactory factory, Ticker ticker) {
        long deadline = ticker.nanoTime() + (long) (seconds * 1e9);
        List<long[]> perThread = new ArrayList<>();
        long[] errors = new long[clients];
        int[] counts = new int[clients];
        List<Thread> threads = new ArrayList<>();
        long started = ticker.nanoTime();
        for (int c = 0; c < clients; c++) {
            int index = c;
            long[][] buffer = {new long[1 << 14]};
            perThread.add(null);
            Thread t = new Thread(() -> {
                Client client = factory.create(index);
                int n = 0;
                // Clients start staggered across one interval so that paced requests do not leave in bursts.
                long due = ticker.nanoTime() + interval * index / clients;
                while (ticker.nanoTime() < deadline) {
                    long t0;
                    if (interval > 0) {
                        ticker.parkUntil(due);
                        t0 = due;
                        due += interval;
                    } else {
                        t0 = ticker.nanoTime();
                    }
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
                    buffer[0][n++] = ticker.nanoTime() - t0;
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
        double elapsed = (ticker.nanoTime() - started) / 1e9;
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
