package cn.hotline12333.stats;

import cn.hotline12333.calllog.AgentStateSegment;
import cn.hotline12333.calllog.AgentStateSegment.AgentState;
import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.QueueStint;
import cn.hotline12333.calllog.CallRecord.StintResult;
import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.calllog.HandlingRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import cn.hotline12333.calllog.Outcome;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The pure function from a record to what it adds to the aggregates (docs/kpi.md lists every key and field and
 * which outcome or stint result feeds it). Queue counts and waits go to the bucket where the stint entered the
 * queue; call counts to the bucket where the call started; a handling record to the bucket where the agent
 * answered; agent-state time is split across buckets by the clock.
 */
final class Contributions {
    static final String CALLS = CallRecords.STREAM;
    static final String HANDLING = HandlingRecord.STREAM;
    static final String STATES = AgentStateSegment.STREAM;
    /** Survey scores from this up count as satisfied (4–5 of 5). */
    static final int SATISFIED_FROM = 4;
    /** The routing matrix's row for handling records whose IVR topic is not known. */
    static final String UNKNOWN_TOPIC = "-";

    private static final String[] OUTCOME_FIELDS = fields("o.", Outcome.values());
    private static final String[] EXIT_FIELDS = fields("x.", CallRecord.Exit.values());
    private static final String[] STATE_FIELDS = fields("st.", AgentState.values());
    private static final String[] SCORE_FIELDS = {"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"};
    private static final String[] BIN_FIELDS = new String[WaitHistogram.BINS];
    /**
     * A stint's fields in its topics' hashes, after {@code <queue>}: its counter (by result), then o (no longer
     * written: days before 2026-12-08 have it), w, at, as.
     */
    private static final String[] TOPIC_SUFFIXES = {"|a", "|ab", "|xt", "|xl", "|xk", "|xw", "|b", "|o", "|w", "|at",
            "|as"};
    private static final int T_W = 8, T_AT = 9, T_AS = 10;
    private static final int[] TOPIC_COUNTER = new int[StintResult.values().length];

    static {
        for (int i = 0; i < BIN_FIELDS.length; i++) {
            BIN_FIELDS[i] = Integer.toString(i);
        }
        for (StintResult r : StintResult.values()) {
            TOPIC_COUNTER[r.ordinal()] = java.util.Arrays.asList(TOPIC_SUFFIXES).indexOf("|" + counter(r));
        }
    }

    private static final KeyNames.Slots CALL_KEYS = new KeyNames.Slots("c:");
    private static final KeyNames.Slots CALLER_KEYS = new KeyNames.Slots("r:");

    private final StatsSettings settings;
    // the names are the same whatever the settings: kept per instance only so that they go with it
    private final KeyNames.Kind queues = new KeyNames.Kind("q:");
    private final KeyNames.Kind agents = new KeyNames.Kind("a:");
    private final KeyNames.Kind topics = new KeyNames.Kind("t:");
    private final KeyNames.Kind entries = new KeyNames.Kind("e:");
    private final KeyNames.Kind nodes = new KeyNames.Kind("n:");
    private final KeyNames.Kind routes = new KeyNames.Kind("m:");
    private final KeyNames.Kind answeredWaits = new KeyNames.Kind("hw:");
    private final KeyNames.Kind abandonWaits = new KeyNames.Kind("ha:");
    private final KeyNames.Suffixed topicFields = new KeyNames.Suffixed(TOPIC_SUFFIXES);
    private final KeyNames.Pairs nodeIds = new KeyNames.Pairs("/");
    private final KeyNames.Pairs reasons = new KeyNames.Pairs("");

    Contributions(StatsSettings settings) {
        this.settings = settings;
    }

    private static String[] fields(String prefix, Enum<?>[] values) {
        String[] out = new String[values.length];
        for (Enum<?> v : values) {
            out[v.ordinal()] = prefix + v.name().toLowerCase(Locale.ROOT);
        }
        return out;
    }

    Contribution of(CallRecord call) {
        Contribution.Builder b = new Contribution.Builder();
        long cb = Buckets.index(call.startedAt());
        int cs = Buckets.slot(cb);
        String c = CALL_KEYS.at(cs);
        String outcome = OUTCOME_FIELDS[call.outcome().ordinal()];
        // no "c" (calls) beside the outcome: every call adds exactly one o.<outcome>, so the readers sum those
        // (Tally.get); the same in the dialled-number and topic hashes
        b.add(cb, c, null, outcome, 1);
        boolean reached = false;
        String lastAgent = null;
        QueueStint lastAnswered = null;
        // by index, not by iterator: the lists are List.copyOf's, of one class for 1 or 2 stints and another for 0 or
        // 3 and more, and the iterator's loop had C2 hoist a check from the early calls' profile that an overflow
        // through three queues hours into the day failed (a deoptimisation and a second compilation of this method)
        List<QueueStint> stints = call.queueStints();
        for (int i = 0; i < stints.size(); i++) {
            QueueStint s = stints.get(i);
            reached |= s.result() == StintResult.ANSWERED;
            if (s.result() == StintResult.ANSWERED) {
                lastAnswered = s;
                lastAgent = s.agent() != null ? s.agent() : lastAgent;
            }
        }
        if (!call.queueStints().isEmpty()) {
            b.add(cb, c, null, "ask", 1);
            if (onlyShortAbandon(call)) {
                b.add(cb, c, null, "sab", 1);
            }
            if (reached) {
                b.add(cb, c, null, "ag", 1);
            }
        } else if (shortIvrHangUp(call)) {
            b.add(cb, c, null, "ivs", 1);
        }
        survey(b, cb, c, null, call);
        if (lastAgent != null) {
            survey(b, cb, agents.at(cs, lastAgent), agents.hour(cs, lastAgent), call);
            b.op(cb, new Op('s', "ia", agents.member(lastAgent), 1));
        }
        // The survey is credited to the queue whose agent answered last, in the bucket where that stint entered
        // the queue: the one that already holds the queue's figures for it.
        if (lastAnswered != null) {
            long sb = Buckets.index(lastAnswered.enteredAt());
            survey(b, sb, queues.at(Buckets.slot(sb), lastAnswered.queue()), null, call);
        }
        if (call.dialledNumber() != null) {
            String e = entries.at(cs, call.dialledNumber());
            b.add(cb, e, null, outcome, 1);
            b.op(cb, new Op('s', "ie", entries.member(call.dialledNumber()), 1));
        }
        List<String> callTopics = call.topics().size() < 2 ? call.topics()
                : List.copyOf(new LinkedHashSet<>(call.topics()));
        for (String topic : callTopics) {
            // no hourly twin: the topic report reads the 15-minute hashes
            String t = topics.at(cs, topic);
            b.add(cb, t, null, outcome, 1);
            survey(b, cb, t, null, call);
            b.op(cb, new Op('s', "it", topics.member(topic), 1));
        }
        for (int i = 0; i < stints.size(); i++) {
            stint(b, stints.get(i), callTopics);
        }
        visits(b, call);
        if (call.callerHash() != null) {
            // one set per quarter hour, members "caller:call": a batch adds its calls with one SADD per set
            b.op(cb, new Op('s', CALLER_KEYS.at(cs), Buckets.digest(call.callerHash()) + ":"
                    + (call.startedAt().toEpochSecond() * 2 + (reached ? 1 : 0)), 1));
        }
        return b.build(CALLS, call.callId(), 1, false);
    }

    private void stint(Contribution.Builder b, QueueStint s, List<String> callTopics) {
        long sb = Buckets.index(s.enteredAt());
        int slot = Buckets.slot(sb);
        String queue = s.queue();
        String q = queues.at(slot, queue);
        b.op(sb, new Op('s', "iq", queues.member(queue), 1));
        StatsSettings.Thresholds th = settings.thresholdsOf(queue, s.enteredAt().toInstant());
        long wait = waitMs(s);
        String counter = counter(s.result());
        b.add(sb, q, null, counter, 1);
        if (!s.result().blocked()) {
            b.add(sb, q, null, "o", 1);
        }
        switch (s.result()) {
            case ANSWERED -> {
                b.add(sb, q, null, "w", wait).add(sb, q, null, "tk", s.talkMs() == null ? 0 : s.talkMs());
                b.op(sb, new Op('m', q, "wm", wait));
                b.op(sb, new Op('h', answeredWaits.at(slot, queue), BIN_FIELDS[WaitHistogram.bin(wait)], 1));
                if (s.agent() != null) {
                    b.add(sb, agents.at(slot, s.agent()), agents.hour(slot, s.agent()), "ans", 1);
                    b.op(sb, new Op('s', "ia", agents.member(s.agent()), 1));
                }
            }
            case ABANDONED -> {
                b.add(sb, q, null, "aw", wait);
                b.op(sb, new Op('h', abandonWaits.at(slot, queue), BIN_FIELDS[WaitHistogram.bin(wait)], 1));
            }
            default -> {
            }
        }
        for (String topic : callTopics) {
            String t = topics.at(slot, topic);
            // no <queue>|o (offered) here: it is the sum of the counters other than |b, which the topic report
            // adds up (the queue hashes keep their "o", which the reconciliation and the queue report read)
            b.add(sb, t, null, topicFields.get(queue, TOPIC_COUNTER[s.result().ordinal()]), 1);
            if (s.result() == StintResult.ANSWERED) {
                b.add(sb, t, null, topicFields.get(queue, T_W), wait);
                if (wait <= th.serviceLevelSeconds() * 1000L) {
                    b.add(sb, t, null, topicFields.get(queue, T_AT), 1);
                }
            } else if (s.result() == StintResult.ABANDONED && wait <= th.shortAbandonSeconds() * 1000L) {
                b.add(sb, t, null, topicFields.get(queue, T_AS), 1);
            }
        }
    }

    /** The counter a stint result feeds (docs/kpi.md, "stint results"). */
    static String counter(StintResult r) {
        return switch (r) {
            case ANSWERED -> "a";
            case ABANDONED -> "ab";
            case TIMEOUT -> "xt";
            case LEAVEEMPTY, LEAVEUNAVAIL -> "xl";
            case EXIT_KEY -> "xk";
            case WITHDRAW -> "xw";
            case JOINEMPTY, JOINUNAVAIL, FULL, UNKNOWN -> "b";
        };
    }

    private void visits(Contribution.Builder b, CallRecord call) {
        for (int i = 0; i < call.path().size(); i++) {
            CallRecord.Visit v = call.path().get(i);
            if (v.at() == null) {
                continue;
            }
            long vb = Buckets.index(v.at());
            String id = nodeIds.get(v.flow(), v.node());
            String n = nodes.at(Buckets.slot(vb), id);
            OffsetDateTime left = i + 1 < call.path().size() && call.path().get(i + 1).at() != null
                    ? call.path().get(i + 1).at() : call.endedAt();
            b.add(vb, n, null, "n", 1);
            b.add(vb, n, null, v.exit() == null ? "x.none" : EXIT_FIELDS[v.exit().ordinal()], 1);
            b.add(vb, n, null, "ms", Math.max(0, millisBetween(v.at(), left)));
            b.op(vb, new Op('s', "in", nodes.member(id), 1));
        }
    }

    /** {@code Duration.between(from, to).toMillis()} without the two Instants and the Duration. */
    static long millisBetween(OffsetDateTime from, OffsetDateTime to) {
        int nanos = to.getNano() - from.getNano();
        long seconds = to.toEpochSecond() - from.toEpochSecond();
        // as Duration.toMillis: towards zero, a negative span too
        if (seconds < 0 && nanos > 0) {
            return (seconds + 1) * 1000 + (nanos - 1_000_000_000) / 1_000_000;
        }
        if (seconds > 0 && nanos < 0) {
            return (seconds - 1) * 1000 + (nanos + 1_000_000_000) / 1_000_000;
        }
        return seconds * 1000 + nanos / 1_000_000;
    }

    /**
     * The survey's counters in hash {@code key} and its hourly twin {@code hour} (null: none): offered and the
     * score's own field. Responses ({@code sr}) and satisfied ({@code sat}) are not written: they are sums of the
     * score fields, which the readers take (Tally.get), and were a tenth of a batch's HINCRBYs.
     */
    private static void survey(Contribution.Builder b, long bucket, String key, String hour, CallRecord call) {
        if (call.survey() == null || !call.survey().offered()) {
            return;
        }
        b.add(bucket, key, hour, "so", 1);
        Integer score = call.survey().score();
        if (score != null) {
            b.add(bucket, key, hour, score >= 0 && score < SCORE_FIELDS.length ? SCORE_FIELDS[score] : "s" + score, 1);
        }
    }

    private boolean onlyShortAbandon(CallRecord call) {
        if (call.queueStints().size() != 1) {
            return false;
        }
        QueueStint s = call.queueStints().get(0);
        return s.result() == StintResult.ABANDONED
                && waitMs(s) <= settings.thresholdsOf(s.queue(), s.enteredAt().toInstant()).shortAbandonSeconds() * 1000L;
    }

    private boolean shortIvrHangUp(CallRecord call) {
        return call.outcome() == Outcome.CALLER_HUNG_UP
                && call.durationMs() <= settings.shortIvrSeconds(call.startedAt().toInstant()) * 1000L;
    }

    /** QUEUEWAIT_MS; for a record that lacks it, entry to leaving (less the talk when answered). */
    static long waitMs(QueueStint s) {
        if (s.waitMs() != null) {
            return Math.max(0, s.waitMs());
        }
        if (s.enteredAt() == null || s.leftAt() == null) {
            return 0;
        }
        long span = Duration.between(s.enteredAt(), s.leftAt()).toMillis();
        return Math.max(0, span - (s.talkMs() == null ? 0 : s.talkMs()));
    }

    Contribution of(HandlingRecord h) {
        Contribution.Builder b = new Contribution.Builder();
        long hb = Buckets.index(h.answeredAt() != null ? h.answeredAt() : h.offeredAt());
        int slot = Buckets.slot(hb);
        String a = agents.at(slot, h.agent());
        String ah = agents.hour(slot, h.agent());
        b.op(hb, new Op('s', "ia", agents.member(h.agent()), 1));
        b.add(hb, a, ah, "rna", h.ringNoAnswer());
        if (h.answeredAt() == null) {
            b.add(hb, a, ah, "nc", 1);
            return b.build(HANDLING, h.handlingId(), h.revision(), true);
        }
        boolean transferred = h.transferredTo() != null
                || h.resolution() == HandlingRecord.Resolution.TRANSFERRED;
        handled(b, hb, a, ah, h, transferred);
        if (h.queue() != null) {
            handled(b, hb, queues.at(slot, h.queue()), null, h, transferred);
            b.op(hb, new Op('s', "iq", queues.member(h.queue()), 1));
        }
        // the routing matrix: the IVR's topic (row) against the topic of the agent's wrap-up code (field)
        String wrapupTopic = h.wrapupTopic();
        if (wrapupTopic != null) {
            String ivr = h.ivrTopic() != null ? h.ivrTopic() : UNKNOWN_TOPIC;
            b.add(hb, routes.at(slot, ivr), null, topics.member(wrapupTopic), 1);
            b.op(hb, new Op('s', "im", routes.member(ivr), 1));
        }
        return b.build(HANDLING, h.handlingId(), h.revision(), true);
    }

    /** A handled segment's counters in the agent's or the queue's hash. */
    private static void handled(Contribution.Builder b, long hb, String key, String hour, HandlingRecord h,
                                boolean transferred) {
        b.add(hb, key, hour, "h", 1).add(hb, key, hour, "ht", h.talkMs()).add(hb, key, hour, "hd", h.holdMs())
                .add(hb, key, hour, "wu", h.wrapupMs()).add(hb, key, hour, "tr", transferred ? 1 : 0)
                .add(hb, key, hour, "rs", h.resolution() == HandlingRecord.Resolution.ANSWERED ? 1 : 0)
                .add(hb, key, hour, "wo", h.workOrderIds().isEmpty() ? 0 : 1);
    }

    Contribution of(AgentStateSegment s) {
        Contribution.Builder b = new Contribution.Builder();
        Instant from = s.from().toInstant();
        Instant to = s.to().toInstant();
        String state = STATE_FIELDS[s.state().ordinal()];
        String reason = s.state() == AgentState.NOT_READY && s.reason() != null ? reasons.get("nr.", s.reason()) : null;
        for (long i = Buckets.index(from); Buckets.start(i).isBefore(to); i++) {
            Instant lo = max(from, Buckets.start(i));
            Instant hi = min(to, Buckets.start(i + 1));
            long ms = Duration.between(lo, hi).toMillis();
            if (ms <= 0) {
                continue;
            }
            int slot = Buckets.slot(i);
            String a = agents.at(slot, s.agent());
            String ah = agents.hour(slot, s.agent());
            b.add(i, a, ah, state, ms);
            if (reason != null) {
                b.add(i, a, ah, reason, ms);
            }
            b.op(i, new Op('s', "ia", agents.member(s.agent()), 1));
        }
        return b.build(STATES, s.segmentId(), 1, false);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
