package cn.hotline12333.stats;

import java.time.ZonedDateTime;
import java.util.List;

/**
 * What a report asks for, already validated (the web layer turns bad parameters into a 400 naming them):
 * the half-open range {@code [from, to)} in the report's zone, the row interval, filters (empty: all) and
 * thresholds (null: each queue's configured T and S).
 *
 * @param entries             dialled numbers (the hotline's entry numbers) to keep
 * @param serviceLevelSeconds T: answered within this wait counts within service level (wait exactly T is within)
 * @param shortAbandonSeconds S: abandons within this wait are short abandons, left out of the rates
 */
public record ReportQuery(ZonedDateTime from, ZonedDateTime to, Interval interval, List<String> queues,
                          List<String> agents, List<String> topics, List<String> entries,
                          Integer serviceLevelSeconds, Integer shortAbandonSeconds) {

    public ReportQuery {
        if (!from.getZone().equals(to.getZone())) {
            throw new IllegalArgumentException("from and to must be in the same zone");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        queues = List.copyOf(queues);
        agents = List.copyOf(agents);
        topics = List.copyOf(topics);
        entries = List.copyOf(entries);
    }
}
