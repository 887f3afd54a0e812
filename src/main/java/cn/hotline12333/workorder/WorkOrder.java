package cn.hotline12333.workorder;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A work order (工单) as stored in Redis: what the caller asked, who owns it, by when it is due. The caller's phone is
 * kept in full (a callback needs it) and shown masked to everyone but the assignee; the citizen ID arrives masked
 * and is never stored otherwise. {@code version} grows by one with every change (the history's sequence number).
 *
 * @param acceptedOn the Beijing day of acceptance; the deadline counts from the next day
 * @param due        the last day (Beijing) by whose end the order is to be closed
 * @param callIds    the calls behind the order: the one it was created from, then calls linked to it as duplicates
 */
public record WorkOrder(String id, String type, String typeName, Status status, List<String> callIds,
                        String callerHash, String callerName, String callerPhone, String citizenId, String topic,
                        String employer, String description, String department, String notes, String createdBy,
                        OffsetDateTime createdAt, LocalDate acceptedOn, int workingDays, LocalDate due,
                        String assignee, int version, int reopened, int extensions, OffsetDateTime closedAt,
                        String reply, Integer satisfaction) {

    public WorkOrder {
        callIds = callIds == null ? List.of() : List.copyOf(callIds);
    }

    WorkOrder next(Status status, String assignee, LocalDate due) {
        return new WorkOrder(id, type, typeName, status, callIds, callerHash, callerName, callerPhone, citizenId,
                topic, employer, description, department, notes, createdBy, createdAt, acceptedOn, workingDays, due,
                assignee, version + 1, reopened, extensions, closedAt, reply, satisfaction);
    }

    WorkOrder with(int reopened, int extensions, OffsetDateTime closedAt, String reply, Integer satisfaction) {
        return new WorkOrder(id, type, typeName, status, callIds, callerHash, callerName, callerPhone, citizenId,
                topic, employer, description, department, notes, createdBy, createdAt, acceptedOn, workingDays, due,
                assignee, version, reopened, extensions, closedAt, reply, satisfaction);
    }

    WorkOrder linked(String callId) {
        List<String> calls = new ArrayList<>(callIds);
        if (callId != null && !calls.contains(callId)) {
            calls.add(callId);
        }
        return new WorkOrder(id, type, typeName, status, calls, callerHash, callerName, callerPhone, citizenId,
                topic, employer, description, department, notes, createdBy, createdAt, acceptedOn, workingDays, due,
                assignee, version + 1, reopened, extensions, closedAt, reply, satisfaction);
    }

    /** What the order's history says of one change: who, what, when, and what it changed. */
    public record Change(int seq, OffsetDateTime at, String actor, String action, Status from, Status to,
                         String assignee, LocalDate due, String note, String approvedBy) {
    }
}
