package cn.hotline12333.workorder;

import java.time.LocalDate;

/**
 * A search of work orders; null or false fields do not filter.
 *
 * @param due     open orders due on or before this day
 * @param caller  a caller's phone number or caller hash
 * @param mine    orders assigned to the one asking
 * @param dueSoon open orders with at most 1 working day left
 * @param overdue open orders past their deadline
 */
public record Filter(Status status, String type, String assignee, LocalDate due, String caller, boolean mine,
                     boolean dueSoon, boolean overdue, int limit) {
}
