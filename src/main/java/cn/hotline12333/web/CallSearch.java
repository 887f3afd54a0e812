package cn.hotline12333.web;

import java.time.ZonedDateTime;
import java.util.List;

/**
 * A call-detail search, validated: calls that started in {@code [from, to)} (the zone is the report's), the
 * caller's full number (null: any; the engine matches it by its keyed hash, it is never shown or logged),
 * filters (empty: all), {@code surveyAtMost} (null: any call; else only calls whose survey answer is at most that,
 * e.g. the dissatisfied ones) and the page. {@code page} counts from 1; {@code size} is 1 to {@link #MAX_PAGE_SIZE},
 * or {@link #EVERY_ROW} for an export that streams every match.
 */
public record CallSearch(ZonedDateTime from, ZonedDateTime to, String callerNumber, List<String> agents,
                         List<String> queues, List<String> topics, List<String> outcomes, Integer surveyAtMost,
                         int page, int size) {
    public static final int MAX_PAGE_SIZE = 500;
    public static final int EVERY_ROW = 0;

    public CallSearch {
        if (!from.isBefore(to) || !from.getZone().equals(to.getZone())) {
            throw new IllegalArgumentException("from must be before to, in the same zone");
        }
        if (page < 1 || size < 0 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page from 1, size 0 (every row) to " + MAX_PAGE_SIZE);
        }
        agents = List.copyOf(agents);
        queues = List.copyOf(queues);
        topics = List.copyOf(topics);
        outcomes = List.copyOf(outcomes);
    }

    /** The same search without paging, for an export. */
    public CallSearch everyRow() {
        return new CallSearch(from, to, callerNumber, agents, queues, topics, outcomes, surveyAtMost, 1, EVERY_ROW);
    }

    public boolean paged() {
        return size != EVERY_ROW;
    }

    @Override
    public String toString() {
        // The caller's number stays out of every log line and error message.
        return "CallSearch[" + from + ".." + to + " caller=" + (callerNumber == null ? "-" : "(given)")
                + " agents=" + agents + " queues=" + queues + " topics=" + topics + " outcomes=" + outcomes
                + " survey_at_most=" + surveyAtMost + " page=" + page + " size=" + size + "]";
    }
}
