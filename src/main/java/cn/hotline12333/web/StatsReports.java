package cn.hotline12333.web;

import cn.hotline12333.stats.ReportQuery;
import cn.hotline12333.stats.ReportTable;
import java.util.List;
import java.util.Optional;

/**
 * What the statistics pages and exports read: the engine in {@code stats}, plugged in by a thin adapter where
 * the node is wired. Every method runs on a web worker and may block (Redis, JSONL files). A query arrives
 * validated ({@link ReportQuery}'s rules plus the limits of {@link StatsRoutes}); the answer's TEXT cells may
 * hold phone numbers, which the web layer masks again before anything leaves.
 */
public interface StatsReports {

    /**
     * The statistics cannot answer now (engine not running, Redis down for a day only Redis holds): a 503 with
     * the message, never a stack trace.
     */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** Until an engine is plugged in: every report answers 503 "not running". */
    static StatsReports notRunning() {
        return NoStatsEngine.INSTANCE;
    }

    /** Queues a report may filter on; an unknown {@code queue} parameter is a 400. */
    List<String> queues();

    ReportTable queues(ReportQuery q);

    ReportTable agents(ReportQuery q);

    ReportTable agentStates(ReportQuery q);

    ReportTable topics(ReportQuery q);

    /** IVR topic × wrap-up topic of agent-handled calls (routing accuracy). */
    ReportTable routing(ReportQuery q);

    ReportTable ivrFunnel(ReportQuery q);

    ReportTable outcomes(ReportQuery q);

    ReportTable satisfaction(ReportQuery q);

    /** Abandoned calls, one row each, with their callback status. */
    ReportTable abandoned(ReportQuery q);

    ReportTable heatmap(ReportQuery q);

    ReportTable repeatCallers(ReportQuery q);

    /** One agent's own figures (the agent desktop's "me" panel). */
    ReportTable me(String agent, ReportQuery q);

    ReportTable workOrders(ReportQuery q);

    /** Consumer lag per stream, last applied record, quarantined records. */
    ReportTable health();

    /**
     * Call detail rows matching {@code search}: one page of at most {@link CallSearch#MAX_PAGE_SIZE}, or, for
     * {@link CallSearch#everyRow()}, every match with the rows produced lazily (an export streams them; the
     * table must not hold the day). {@code meta} may carry {@code total}.
     */
    ReportTable calls(CallSearch search);

    /** One call with its IVR path and queue stints, or empty when no call has that id. */
    Optional<CallDetail> call(String callId);
}
