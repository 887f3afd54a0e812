package cn.hotline12333.sim;

import java.util.Locale;

/** app_queue's manager actions (manager_add_queue_member and friends), with their exact answers. */
final class AmiQueueActions {

    private AmiQueueActions() {
    }

    static void handle(AmiSession s, String action, AmiRequest m, String id) {
        AmiQueues queues = s.box.queues();
        switch (action) {
            case "queuestatus" -> AmiActions.list(s, id, "Queue status will follow", "QueueStatusComplete",
                    queues.status(m.get("Queue"), m.get("Member"), id));
            case "queuesummary" -> AmiActions.list(s, id, "Queue summary will follow", "QueueSummaryComplete",
                    queues.summary(m.get("Queue"), id));
            case "queueadd" -> add(s, m, id);
            case "queueremove" -> {
                if (m.get("Queue").isEmpty() || m.get("Interface").isEmpty()) {
                    s.respond(AmiMessage.error(id, "Need 'Queue' and 'Interface' parameters."));
                    return;
                }
                String error = queues.remove(m.get("Queue"), m.get("Interface"));
                s.respond(error == null ? AmiMessage.success(id, "Removed interface from queue")
                        : AmiMessage.error(id, error));
            }
            case "queuepause" -> {
                if (m.get("Interface").isEmpty() || m.get("Paused").isEmpty()) {
                    s.respond(AmiMessage.error(id, "Need 'Interface' and 'Paused' parameters."));
                    return;
                }
                boolean paused = isTrue(m.get("Paused"));
                if (!queues.pause(m.get("Queue"), m.get("Interface"), paused, m.get("Reason"))) {
                    s.respond(AmiMessage.error(id, "Interface not found"));
                    return;
                }
                s.respond(AmiMessage.success(id, paused ? "Interface paused successfully"
                        : "Interface unpaused successfully"));
                s.box.membersChanged();
            }
            case "queuepenalty" -> {
                if (m.get("Interface").isEmpty() || m.get("Penalty").isEmpty()) {
                    s.respond(AmiMessage.error(id, "Need 'Interface' and 'Penalty' parameters."));
                    return;
                }
                int penalty = atoi(m.get("Penalty"), -1);
                if (penalty < 0 || !queues.penalty(m.get("Queue"), m.get("Interface"), penalty)) {
                    s.respond(AmiMessage.error(id, "Invalid interface, queuename or penalty"));
                    return;
                }
                s.respond(AmiMessage.success(id, "Interface penalty set successfully"));
            }
            case "queuelog" -> {
                if (m.get("Queue").isEmpty() || m.get("Event").isEmpty()) {
                    s.respond(AmiMessage.error(id, "Need 'Queue' and 'Event' parameters."));
                    return;
                }
                s.respond(AmiMessage.success(id, "Event added successfully"));
            }
            default -> throw new IllegalStateException("no handler for action " + action);
        }
    }

    private static void add(AmiSession s, AmiRequest m, String id) {
        if (m.get("Queue").isEmpty()) {
            s.respond(AmiMessage.error(id, "'Queue' not specified."));
            return;
        }
        if (m.get("Interface").isEmpty()) {
            s.respond(AmiMessage.error(id, "'Interface' not specified."));
            return;
        }
        // a penalty that is no number, or negative, is 0 (sscanf fails → 0), as in app_queue
        int penalty = Math.max(0, atoi(m.get("Penalty"), 0));
        String error = s.box.queues().add(m.get("Queue"), m.get("Interface"), m.get("MemberName"),
                m.get("StateInterface"), penalty, isTrue(m.get("Paused")), m.get("Reason"));
        s.respond(error == null ? AmiMessage.success(id, "Added interface to queue") : AmiMessage.error(id, error));
        s.box.membersChanged();
    }

    /** ast_true: yes, true, y, t, 1, on (any case). */
    static boolean isTrue(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "y", "t", "1", "on" -> true;
            default -> false;
        };
    }

    private static int atoi(String value, int otherwise) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
