package cn.hotline12333.calllog;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One change of a promise made to a caller: a work order (工单) or a callback or message task, written when the
 * change is committed. Each change of one subject has its own {@code seq} (1, 2, 3, …), so {@code
 * <subject_id>#<seq>} is written once however often it is sent. The record carries the subject's state after the
 * change, so a reader needs only the last record of each subject to know where it stands; free text (descriptions,
 * replies, reasons) and phone numbers stay out of it. Stream {@value #STREAM}; schema: docs/call-record.md.
 *
 * @param subject      {@code work_order}, {@code callback} or {@code message}
 * @param action       what happened ({@code created}, {@code assigned}, {@code replied}, {@code closed},
 *                     {@code reopened}, {@code extended}, {@code claimed}, {@code lease_expired}, …)
 * @param status       the state after the change (a work order's 待分派 … 已办结 as {@code pending}, {@code assigned},
 *                     {@code in_progress}, {@code replied}, {@code closed}; a task's {@code open} or {@code closed})
 * @param acceptedOn   a work order's day of acceptance (Beijing), null for tasks
 * @param due          a work order's deadline (the end of that Beijing day), null for tasks
 * @param closedAt     when a work order was closed (已办结), null while open
 * @param reopened     how often a work order was reopened (重办) so far
 * @param attempts     a task's callback attempts so far
 * @param result       a task's last result ({@code reached}, {@code no_answer}, {@code wrong_number},
 *                     {@code resolved}), else null
 */
public record FollowUpRecord(int version, String subject, String subjectId, int seq, String action, String actor,
                             OffsetDateTime at, String status, String type, String assignee, String callId,
                             String callerHash, LocalDate acceptedOn, LocalDate due, OffsetDateTime closedAt,
                             int reopened, int attempts, String result) {

    public static final String STREAM = "follow-ups";
    public static final int VERSION = 1;
    public static final String WORK_ORDER = "work_order";

    /** The key under which this change is written once. */
    public String recordId() {
        return subjectId + "#" + seq;
    }
}
