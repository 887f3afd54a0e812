package cn.hotline12333.web;

import cn.hotline12333.stats.ReportQuery;
import cn.hotline12333.stats.ReportTable;
import java.util.List;
import java.util.Optional;

/** The statistics of a node without an engine: every question is a 503. */
final class NoStatsEngine implements StatsReports {
    static final NoStatsEngine INSTANCE = new NoStatsEngine();

    private NoStatsEngine() {
    }

    private static Unavailable down() {
        return new Unavailable("the statistics engine is not running on this node");
    }

    @Override
    public List<String> queues() {
        throw down();
    }

    @Override
    public ReportTable queues(ReportQuery q) {
        throw down();
    }

    @Override
    public ReportTable agents(ReportQuery q) {
        throw down();
    }

    @Override
    public ReportTable agentStates(ReportQuery q) {
        throw down();
    }

    @Override
    public ReportTable topics(ReportQuery q) {
        throw down();
    }

    @Override
    public ReportTable routing(ReportQuery q) {
        throw down();
    }

    @Override
    public ReportTable ivrFunnel(ReportQuery q) {
        throw down();
    }

    @Override
    public ReportTable outcomes(ReportQuery q) {
        throw down();
    }

    @Override
    public ReportTable satisfaction(ReportQuery q) {
        throw down();
    }

    @Override
    public ReportTable abandoned(ReportQuery q) {
        throw down();
    }

    @Override
    public ReportTable heatmap(ReportQuery q) {
        throw down();
    }

    @Override
    public ReportTable repeatCallers(ReportQuery q) {
        throw down();
    }

    @Override
    public ReportTable me(String agent, ReportQuery q) {
        throw down();
    }

    @Override
    public ReportTable workOrders(ReportQuery q) {
        throw down();
    }

    @Override
    public ReportTable health() {
        throw down();
    }

    @Override
    public ReportTable calls(CallSearch search) {
        throw down();
    }

    @Override
    public Optional<CallDetail> call(String callId) {
        throw down();
    }
}
