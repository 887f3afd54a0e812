package cn.hotline12333.cli;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.stats.CallDetails;
import cn.hotline12333.stats.ReportQuery;
import cn.hotline12333.stats.ReportTable;
import cn.hotline12333.stats.Statistics;
import cn.hotline12333.web.CallDetail;
import cn.hotline12333.web.CallSearch;
import cn.hotline12333.web.StatsReports;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The statistics engine ({@code stats}) behind the web layer's report seam: the node's wiring, nothing more. The
 * aggregate reports come from {@link Statistics}; single calls (detail search, one call, abandoned calls) from
 * {@link CallDetails}, which reads the record stream.
 */
final class StatsEngine implements StatsReports {
    private final Statistics statistics;
    private final CallDetails details;
    private final Supplier<List<String>> queues;

    StatsEngine(Statistics statistics, CallDetails details, Supplier<List<String>> queues) {
        this.statistics = statistics;
        this.details = details;
        this.queues = queues;
    }

    @Override
    public List<String> queues() {
        return queues.get();
    }

    @Override
    public ReportTable queues(ReportQuery q) {
        return statistics.queues(q);
    }

    @Override
    public ReportTable agents(ReportQuery q) {
        return statistics.agents(q);
    }

    @Override
    public ReportTable agentStates(ReportQuery q) {
        return statistics.agentStates(q);
    }

    @Override
    public ReportTable topics(ReportQuery q) {
        return statistics.topics(q);
    }

    @Override
    public ReportTable routing(ReportQuery q) {
        return statistics.routing(q);
    }

    @Override
    public ReportTable ivrFunnel(ReportQuery q) {
        return statistics.ivrFunnel(q);
    }

    @Override
    public ReportTable outcomes(ReportQuery q) {
        return statistics.outcomes(q);
    }

    @Override
    public ReportTable satisfaction(ReportQuery q) {
        return statistics.satisfaction(q);
    }

    /** Calls whose caller gave up in a queue, from the record stream, every row of the range. */
    @Override
    public ReportTable abandoned(ReportQuery q) {
        Predicate<CallRecord> abandoned = r -> r.queueStints().stream()
                .anyMatch(s -> s.result() == CallRecord.StintResult.ABANDONED
                        && (q.queues().isEmpty() || q.queues().contains(s.queue())));
        return details.search(new CallDetails.Search(q.from().toInstant(), q.to().toInstant(), abandoned),
                q.from().getZone(), 1, 0);
    }

    @Override
    public ReportTable heatmap(ReportQuery q) {
        return statistics.heatmap(q);
    }

    @Override
    public ReportTable repeatCallers(ReportQuery q) {
        return statistics.repeatCallers(q);
    }

    @Override
    public ReportTable me(String agent, ReportQuery q) {
        return statistics.me(agent, q.from().getZone());
    }

    @Override
    public ReportTable workOrders(ReportQuery q) {
        return statistics.workOrders(q);
    }

    @Override
    public ReportTable health() {
        return statistics.health();
    }

    @Override
    public ReportTable calls(CallSearch s) {
        Predicate<CallRecord> filter = r -> (s.callerNumber() == null || s.callerNumber().equals(r.callerNumber()))
                && (s.outcomes().isEmpty() || (r.outcome() != null && s.outcomes().contains(r.outcome().wireName())))
                && (s.topics().isEmpty() || r.topics().stream().anyMatch(s.topics()::contains))
                && (s.queues().isEmpty() || r.queueStints().stream().anyMatch(st -> s.queues().contains(st.queue())))
                && (s.agents().isEmpty() || r.queueStints().stream().anyMatch(st -> s.agents().contains(st.agent())))
                && (s.surveyAtMost() == null || r.survey() != null && r.survey().score() != null
                        && r.survey().score() <= s.surveyAtMost());
        return details.search(new CallDetails.Search(s.from().toInstant(), s.to().toInstant(), filter),
                s.from().getZone(), s.page(), s.size());
    }

    @Override
    public Optional<CallDetail> call(String callId) {
        return details.find(callId).map(StatsEngine::detail);
    }

    private static CallDetail detail(CallRecord r) {
        return new CallDetail(CallDetails.summary(r), CallDetails.path(r), CallDetails.stints(r));
    }
}
