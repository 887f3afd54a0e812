package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays the client side of a recorded AMI session against the emulator and compares what comes back with
 * what Asterisk sent. The emulator's clock is set before each step to the time the recording shows for it (its
 * column-1 seconds on a base read from the first EventTV, or the step's own Timestamp/EventTV, or a value the
 * test gives by ActionID), so every Timestamp, LoginTime and duration is computed, not copied. The only bytes
 * changed before comparing are TCP port numbers in security events (the recording's ports were 5038 and
 * whatever the kernel gave its client).
 *
 * <p>An exact replay compares every byte. A replay of a call compares only what the emulator models (responses,
 * queue, member, system and security events), dropping the channel and dialplan events from both sides.
 */
final class AmiReplay {

    static final Set<String> MODELLED = Set.of("QueueCallerJoin", "QueueCallerLeave", "QueueCallerAbandon",
            "AgentCalled", "AgentConnect", "AgentComplete", "AgentRingNoAnswer", "AgentDump", "QueueMemberAdded",
            "QueueMemberRemoved", "QueueMemberPause", "QueueMemberStatus", "QueueMemberPenalty", "FullyBooted",
            "SuccessfulAuth", "RequestBadFormat", "QueueParams", "QueueMember", "QueueEntry", "QueueStatusComplete",
            "QueueSummary", "QueueSummaryComplete", "OriginateResponse");
    private static final Pattern PORT = Pattern.compile("(LocalAddress|RemoteAddress): IPV4/TCP/127\\.0\\.0\\.1/\\d+");
    private static final Pattern STAMP = Pattern.compile("(?:Timestamp: (\\d+)\\.(\\d{6})|EventTV: (\\S+))\r\n");
    private static final DateTimeFormatter TV = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    /** What a CLI command in the recording did, told to the emulator by the test. */
    interface Scenario {
        void run(AmiReplay replay) throws Exception;
    }

    final AmiTranscript transcript;
    final AtomicLong clock = new AtomicLong();
    boolean exact = true;
    Long base;
    Long startup;
    Long reload;
    final Map<String, Long> clockByActionId = new HashMap<>();
    final Map<String, Scenario> afterSend = new HashMap<>();
    Scenario cli;
    /** What the recorded box went through before the session began (earlier calls), replayed first. */
    Scenario before;
    final Deque<Long> sessionIds = new ArrayDeque<>();
    long challenge = 1;
    List<AmiSettings.Queue> queues = List.of();
    AmiEmulator box;
    /** Applied to both sides before comparing, for what a replay cannot make equal (none by default). */
    java.util.function.UnaryOperator<String> loosen = m -> m;
    java.util.function.UnaryOperator<AmiSettings> configure = c -> c;
    private AmiTestClient client;

    AmiReplay(String name) throws IOException {
        this.transcript = AmiTranscript.load(name);
    }

    /** The emulator's clock at {@code seconds} into the recording. */
    AmiReplay at(double seconds) {
        clock.set(base + Math.round(seconds * 1_000_000));
        return this;
    }

    AmiSettings settings() {
        return AmiSettings.defaults().withQueues(queues).withAuthFailureDelay(Duration.ofMillis(20))
                .withClock(clock::get).withIds(() -> challenge, () -> sessionIds.isEmpty() ? 1 : sessionIds.poll());
    }

    void run() throws Exception {
        List<Step> steps = steps();
        if (base == null) {
            base = firstStamp(steps);
        }
        bootTimes(steps);
        clock.set(startup);
        box = AmiEmulator.start(configure.apply(settings()));
        box.bootedAt(startup, reload);
        try {
            if (before != null) {
                before.run(this);
            }
            for (Step step : steps) {
                play(step);
            }
        } finally {
            if (client != null) {
                client.close();
            }
            box.close();
        }
    }

    private void play(Step step) throws Exception {
        Long given = step.actionId == null ? null : clockByActionId.get(step.actionId);
        Matcher stamp = STAMP.matcher(step.expected);
        if (given != null) {
            clock.set(given);
        } else if (step.kind != AmiTranscript.Kind.CLI && stamp.find()) {
            clock.set(micros(stamp));
        } else {
            at(step.time);
        }
        String label = transcript.name() + " at " + step.time + " " + step.kind + " " + step.text.replace("\r\n", " ");
        switch (step.kind) {
            case CONNECT -> {
                if (client != null) {
                    client.close();
                }
                client = new AmiTestClient(box.address());
                String banner = client.readLine();
                assertThat(banner).as(label).isEqualTo(step.expected.substring(0, step.expected.indexOf("\r\n") + 2));
                step.expected = step.expected.substring(banner.length());
            }
            case SEND -> client.send(step.text);
            case CLI -> cli.run(this);
            default -> throw new IllegalStateException(step.kind.toString());
        }
        if (step.kind == AmiTranscript.Kind.SEND && step.actionId != null && afterSend.containsKey(step.actionId)) {
            afterSend.get(step.actionId).run(this);
        }
        List<String> expected = kept(messages(step.expected));
        List<String> actual = new ArrayList<>();
        while (actual.size() < expected.size()) {
            String message = client.readMessage();
            if (message == null) {
                break;
            }
            if (keep(message)) {
                actual.add(loosen.apply(normalise(message)));
            }
        }
        assertThat(String.join("", actual)).as(label).isEqualTo(String.join("", expected));
        if (step.eof) {
            for (String rest = client.readMessage(); rest != null; rest = client.readMessage()) {
                assertThat(keep(rest)).as(label + ": nothing modelled after the last expected message: " + rest).isFalse();
            }
            client.close();
            client = null;
        }
    }

    private boolean keep(String message) {
        if (exact || message.startsWith("Response: ")) {
            return true;
        }
        int nl = message.indexOf("\r\n");
        return message.startsWith("Event: ") && MODELLED.contains(message.substring(7, nl));
    }

    private List<String> kept(List<String> messages) {
        return messages.stream().filter(this::keep).map(AmiReplay::normalise).map(loosen).toList();
    }

    static String normalise(String message) {
        return PORT.matcher(message).replaceAll("$1: IPV4/TCP/127.0.0.1/PORT");
    }

    static List<String> messages(String chunk) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int end = chunk.indexOf("\r\n\r\n"); end >= 0; end = chunk.indexOf("\r\n\r\n", from)) {
            out.add(chunk.substring(from, end + 4));
            from = end + 4;
        }
        assertThat(chunk.substring(from)).as("bytes after the last whole message").isEmpty();
        return out;
    }

    private static long micros(Matcher stamp) {
        if (stamp.group(1) != null) {
            return Long.parseLong(stamp.group(1)) * 1_000_000 + Long.parseLong(stamp.group(2));
        }
        return OffsetDateTime.parse(stamp.group(3), TV).toInstant().toEpochMilli() * 1000;
    }

    private long firstStamp(List<Step> steps) {
        for (Step s : steps) {
            Matcher m = STAMP.matcher(s.expected);
            if (m.find()) {
                return micros(m) - Math.round(s.time * 1_000_000);
            }
        }
        throw new IllegalStateException(transcript.name() + ": no EventTV or Timestamp to set the clock by; give a base");
    }

    /**
     * Start and reload half a second more than FullyBooted's Uptime and LastReload before the login that shows
     * them (only whole seconds were recorded); static members log in at the start.
     */
    private void bootTimes(List<Step> steps) {
        for (Step s : steps) {
            Matcher up = Pattern.compile("Uptime: (\\d+)\r\nLastReload: (\\d+)\r\n").matcher(s.expected);
            if (up.find() && startup == null) {
                Matcher stamp = STAMP.matcher(s.expected);
                long now = stamp.find() ? micros(stamp) : base + Math.round(s.time * 1_000_000);
                startup = now - Long.parseLong(up.group(1)) * 1_000_000 - 500_000;
                reload = now - Long.parseLong(up.group(2)) * 1_000_000 - 500_000;
            }
        }
        if (startup == null) {
            startup = base - 10_000_000;
        }
        if (reload == null) {
            reload = startup;
        }
    }

    /** Logs one more client in (events off), as the other AMI clients of the recorded box did. */
    AmiTestClient otherLogin() throws IOException {
        AmiTestClient other = new AmiTestClient(box.address());
        other.readLine();
        other.action("Action", "Login", "Username", "hotline", "Secret", "hotline-secret", "Events", "off");
        other.readMessage();
        return other;
    }

    private static final class Step {
        final double time;
        final AmiTranscript.Kind kind;
        final String text;
        final String actionId;
        String expected = "";
        boolean eof;

        Step(double time, AmiTranscript.Kind kind, String text) {
            this.time = time;
            this.kind = kind;
            this.text = text;
            Matcher id = Pattern.compile("(?im)^actionid: (.*?)\r?$").matcher(text);
            this.actionId = id.find() ? id.group(1) : null;
        }
    }

    private List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        Step current = null;
        StringBuilder request = null;
        double requestTime = 0;
        for (AmiTranscript.Entry e : transcript.entries()) {
            if (e.kind() == AmiTranscript.Kind.SEND) {
                if (request == null) {
                    request = new StringBuilder();
                    requestTime = e.time();
                }
                request.append(e.text());
                if (e.text().equals("\r\n") || e.text().equals("\n")) {
                    current = new Step(requestTime, AmiTranscript.Kind.SEND, request.toString());
                    steps.add(current);
                    request = null;
                }
                continue;
            }
            switch (e.kind()) {
                case CONNECT, CLI -> {
                    current = new Step(e.time(), e.kind(), e.text());
                    steps.add(current);
                }
                case RECEIVE -> current.expected += e.text();
                case EOF -> current.eof = true;
                default -> { }
            }
        }
        return steps;
    }
}
