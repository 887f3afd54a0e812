package cn.hotline12333.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The items of the list answers (QueueStatus, CoreShowChannels), read under {@link AmiQueues}' lock. */
final class AmiQueueLists {

    private AmiQueueLists() {
    }

    /** QueueStatus items (QueueParams, QueueMember, QueueEntry), filtered as manager_queues_status filters. */
    static List<AmiMessage> status(Collection<AmiQueue> queues, String queueFilter, String memberFilter, String actionId,
                                   long now) {
        List<AmiMessage> items = new ArrayList<>();
        for (AmiQueue q : queues) {
            if (!queueFilter.isEmpty() && !q.name.equalsIgnoreCase(queueFilter)) {
                continue;
            }
            items.add(new AmiMessage().add("Event", "QueueParams").addAll(q.params(actionId)));
            for (AmiMember m : q.members.values()) {
                if (memberFilter.isEmpty() || m.iface.equalsIgnoreCase(memberFilter) || m.name.equals(memberFilter)) {
                    items.add(new AmiMessage().add("Event", "QueueMember").addAll(m.statusItem().actionId(actionId)));
                }
            }
            int position = 1;
            for (AmiCaller c : q.callers) {
                AmiChannel ch = c.channel;
                items.add(new AmiMessage().add("Event", "QueueEntry").add("Queue", q.name).add("Position", position++)
                        .add("Channel", ch.name()).add("Uniqueid", ch.uniqueId())
                        .add("CallerIDNum", unknownAsLower(ch.callerIdNum()))
                        .add("CallerIDName", unknownAsLower(ch.callerIdName()))
                        .add("ConnectedLineNum", unknownAsLower(ch.connectedLineNum()))
                        .add("ConnectedLineName", unknownAsLower(ch.connectedLineName()))
                        .add("Wait", now - c.joinedAt).add("Priority", 0).actionId(actionId));
            }
        }
        return items;
    }

    // QueueEntry writes "unknown" where the channel blocks write "<unknown>" (app_queue.c S_COR(..., "unknown"))
    private static String unknownAsLower(String value) {
        return AmiChannel.UNKNOWN.equals(value) ? "unknown" : value;
    }

    /** CoreShowChannels items: every caller in a queue (running Queue) and every connected member leg. */
    static List<AmiMessage> channels(Collection<AmiCaller> callers, String actionId, long now) {
        List<AmiMessage> items = new ArrayList<>();
        for (AmiCaller c : callers) {
            AmiMessage item = new AmiMessage().add("Event", "CoreShowChannel").actionId(actionId);
            c.channel.block("", item).add("Application", "Queue").add("ApplicationData", c.queue.name)
                    .add("Duration", duration(now - c.joinedAt)).add("BridgeId", "");
            items.add(item);
            AmiChannel leg = c.connectedInterface == null ? null : c.legs.get(c.connectedInterface);
            if (leg != null) {
                AmiMessage legItem = new AmiMessage().add("Event", "CoreShowChannel").actionId(actionId);
                leg.block("", legItem).add("Application", "AppQueue").add("ApplicationData", "(Outgoing Line)")
                        .add("Duration", duration(now - c.connectedAt)).add("BridgeId", "");
                items.add(legItem);
            }
        }
        return items;
    }

    private static String duration(long seconds) {
        return String.format(java.util.Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
