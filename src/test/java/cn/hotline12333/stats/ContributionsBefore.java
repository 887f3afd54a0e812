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
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Contributions as it was before its names were kept (KeyNames): the oracle ContributionsTest holds the new one to.
 *
 * The pure function from a record to what it adds to the aggregates (docs/kpi.md lists every key and field and
 * which outcome or stint result feeds it). Queue counts and waits go to the bucket where the stint entered the
 * queue; call counts to the bucket where the call started; a handling record to the bucket where the agent
 * answered; agent-state time is split across buckets by the clock.
 */
final class ContributionsBefore {
    static final String CALLS = CallRecords.STREAM;
    static final String HANDLING = HandlingRecord.STREAM;
    static final String STATES = AgentStateSegment.STREAM;
    /** Survey scores from this up count as satisfied (4–5 of 5). */
    static final int SATISFIED_FROM = 4;
    /** The routing matrix's row for handling records whose IVR topic is not known. */
    static final String UNKNOWN_TOPIC = "-";

    private final StatsSettings settings;

    ContributionsBefore(StatsSettings settings) {
        this.settings = settings;
    }

    Contribution of(CallRecord call) {
        Contribution.Builder b = new Contribution.Builder();
        long cb = Buckets.index(call.startedAt());
        String c = "c:" + Buckets.slot(cb);
        String outcome = "o." + call.outcome().wireName();
        b.add(cb, c, "c", 1).add(cb, c, outcome, 1);
        boolean reached = false;
        String lastAgent = null;
        QueueStint lastAnswered = null;
        for (QueueStint s : call.queueStints()) {
            reached |= s.result() == StintResult.ANSWERED;
            if (s.result() == StintResult.ANSWERED) {
                lastAnswered = s;
                lastAgent = s.agent() != null ? s.agent() : lastAgent;
            }
        }
        if (!call.queueStints().isEmpty()) {
            b.add(cb, c, "ask", 1);
            if (onlyShortAbandon(call)) {
                b.add(cb, c, "sab", 1);
            }
            if (reached) {
                b.add(cb, c, "ag", 1);
            }
        } else if (shortIvrHangUp(call)) {
            b.add(cb, c, "ivs", 1);
        }
        survey(b, cb, c, call);
        if (lastAgent != null) {
            String a = "a:" + Buckets.slot(cb) + ":" + lastAgent;
            survey(b, cb, a, call);
            b.op(cb, new Op('s', "ia", lastAgent, 1));
        }
        // The survey is credited to the queue whose agent answered last, in the bucket where that stint entered
        // the queue: the one that already holds the queue's figures for it.
        if (lastAnswered != null) {
            long sb = Buckets.index(lastAnswered.enteredAt());
            survey(b, sb, "q:" + Buckets.slot(sb) + ":" + lastAnswered.queue(), call);
        }
        if (call.dialledNumber() != null) {
            String e = "e:" + Buckets.slot(cb) + ":" + call.dialledNumber();
            b.add(cb, e, "c", 1).add(cb, e, outcome, 1);
            b.op(cb, new Op('s', "ie", call.dialledNumber(), 1));
        }
        Set<String> topics = new LinkedHashSet<>(call.topics());
        for (String topic : topics) {
            String t = "t:" + Buckets.slot(cb) + ":" + topic;
            b.add(cb, t, "c", 1).add(cb, t, outcome, 1);
            survey(b, cb, t, call);
            b.op(cb, new Op('s', "it", topic, 1));
        }
        for (QueueStint s : call.queueStints()) {
            stint(b, s, topics);
        }
        visits(b, call);
        if (call.callerHash() != null) {
            // one set per quarter hour, members "caller:call": a batch adds its calls with one SADD per set
            b.op(cb, new Op('s', "r:" + Buckets.slot(cb), Buckets.digest(call.callerHash()) + ":"
                    + (call.startedAt().toEpochSecond() * 2 + (reached ? 1 : 0)), 1));
        }
        return b.build(CALLS, call.callId(), 1, false);
    }

    private void stint(Contribution.Builder b, QueueStint s, Set<String> topics) {
        long sb = Buckets.index(s.enteredAt());
        String slot = Integer.toString(Buckets.slot(sb));
        String q = "q:" + slot + ":" + s.queue();
        b.op(sb, new Op('s', "iq", s.queue(), 1));
        StatsSettings.Thresholds th = settings.thresholdsOf(s.queue(), s.enteredAt().toInstant());
        long wait = waitMs(s);
        String counter = counter(s.result());
        b.add(sb, q, counter, 1);
        if (!s.result().blocked()) {
            b.add(sb, q, "o", 1);
        }
        switch (s.result()) {
            case ANSWERED -> {
                b.add(sb, q, "w", wait).add(sb, q, "tk", s.talkMs() == null ? 0 : s.talkMs());
                b.op(sb, new Op('m', q, "wm", wait));
                b.op(sb, new Op('h', "hw:" + slot + ":" + s.queue(), Integer.toString(WaitHistogram.bin(wait)), 1));
                if (s.agent() != null) {
                    b.add(sb, "a:" + slot + ":" + s.agent(), "ans", 1);
                    b.op(sb, new Op('s', "ia", s.agent(), 1));
                }
            }
            case ABANDONED -> {
                b.add(sb, q, "aw", wait);
                b.op(sb, new Op('h', "ha:" + slot + ":" + s.queue(), Integer.toString(WaitHistogram.bin(wait)), 1));
            }
            default -> {
            }
        }
        for (String topic : topics) {
            String t = "t:" + slot + ":" + topic;
            String p = s.queue() + "|";
            b.add(sb, t, p + counter, 1);
            if (!s.result().blocked()) {
                b.add(sb, t, p + "o", 1);
            }
            if (s.result() == StintResult.ANSWERED) {
                b.add(sb, t, p + "w", wait);
                if (wait <= th.serviceLevelSeconds() * 1000L) {
                    b.add(sb, t, p + "at", 1);
                }
            } else if (s.result() == StintResult.ABANDONED && wait <= th.shortAbandonSeconds() * 1000L) {
                b.add(sb, t, p + "as", 1);
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
            String id = v.flow() + "/" + v.node();
            String n = "n:" + Buckets.slot(vb) + ":" + id;
            Instant left = i + 1 < call.path().size() && call.path().get(i + 1).at() != null
                    ? call.path().get(i + 1).at().toInstant() : call.endedAt().toInstant();
            b.add(vb, n, "n", 1);
            b.add(vb, n, "x." + (v.exit() == null ? "none" : v.exit().name().toLowerCase(Locale.ROOT)), 1);
            b.add(vb, n, "ms", Math.max(0, Duration.between(v.at().toInstant(), left).toMillis()));
            b.op(vb, new Op('s', "in", id, 1));
        }
    }

    private static void survey(Contribution.Builder b, long bucket, String key, CallRecord call) {
        if (call.survey() == null || !call.survey().offered()) {
            return;
        }
        b.add(bucket, key, "so", 1);
        Integer score = call.survey().score();
        if (score != null) {
            b.add(bucket, key, "sr", 1).add(bucket, key, "s" + score, 1);
            if (score >= SATISFIED_FROM) {
                b.add(bucket, key, "sat", 1);
            }
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
        return call.outcome() == cn.hotline12333.calllog.Outcome.CALLER_HUNG_UP
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
        String slot = Integer.toString(Buckets.slot(hb));
        String a = "a:" + slot + ":" + h.agent();
        b.op(hb, new Op('s', "ia", h.agent(), 1));
        b.add(hb, a, "rna", h.ringNoAnswer());
        if (h.answeredAt() == null) {
            b.add(hb, a, "nc", 1);
            return b.build(HANDLING, h.handlingId(), h.revision(), true);
        }
        boolean transferred = h.transferredTo() != null
                || h.resolution() == HandlingRecord.Resolution.TRANSFERRED;
        for (String key : new String[] {a, h.queue() == null ? null : "q:" + slot + ":" + h.queue()}) {
            if (key == null) {
                continue;
            }
            b.add(hb, key, "h", 1).add(hb, key, "ht", h.talkMs()).add(hb, key, "hd", h.holdMs())
                    .add(hb, key, "wu", h.wrapupMs()).add(hb, key, "tr", transferred ? 1 : 0)
                    .add(hb, key, "rs", h.resolution() == HandlingRecord.Resolution.ANSWERED ? 1 : 0)
                    .add(hb, key, "wo", h.workOrderIds().isEmpty() ? 0 : 1);
        }
        if (h.queue() != null) {
            b.op(hb, new Op('s', "iq", h.queue(), 1));
        }
        // the routing matrix: the IVR's topic (row) against the topic of the agent's wrap-up code (field)
        String wrapupTopic = h.wrapupTopic();
        if (wrapupTopic != null) {
            String ivr = h.ivrTopic() != null ? h.ivrTopic() : UNKNOWN_TOPIC;
            b.add(hb, "m:" + slot + ":" + ivr, wrapupTopic, 1);
            b.op(hb, new Op('s', "im", ivr, 1));
        }
        return b.build(HANDLING, h.handlingId(), h.revision(), true);
    }

    Contribution of(AgentStateSegment s) {
        Contribution.Builder b = new Contribution.Builder();
        Instant from = s.from().toInstant();
        Instant to = s.to().toInstant();
        String state = "st." + s.state().name().toLowerCase(Locale.ROOT);
        for (long i = Buckets.index(from); Buckets.start(i).isBefore(to); i++) {
            Instant lo = max(from, Buckets.start(i));
            Instant hi = min(to, Buckets.start(i + 1));
            long ms = Duration.between(lo, hi).toMillis();
            if (ms <= 0) {
                continue;
            }
            String a = "a:" + Buckets.slot(i) + ":" + s.agent();
            b.add(i, a, state, ms);
            if (s.state() == AgentState.NOT_READY && s.reason() != null) {
                b.add(i, a, "nr." + s.reason(), ms);
            }
            b.op(i, new Op('s', "ia", s.agent(), 1));
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
