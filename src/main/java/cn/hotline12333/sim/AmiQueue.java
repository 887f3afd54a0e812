package cn.hotline12333.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One call_queue of the emulated app_queue: its members, its callers in line, its counters. */
final class AmiQueue {

    final String name;
    final String strategy;
    final Map<String, AmiMember> members = new LinkedHashMap<>();
    final List<AmiCaller> callers = new ArrayList<>();
    int completed;
    int abandoned;
    int completedInServiceLevel;
    int abandonedInServiceLevel;
    /** queues.conf servicelevel, seconds (0 = only a call answered at once counts). */
    final int serviceLevel;
    /** queues.conf maxlen (0 = no limit), shown as QueueParams' Max. */
    final int maxLen;
    final boolean ringInUse;
    long holdTime;
    long talkTime;
    /** The cached state of Queue:name_avail, as the device-state core keeps it ("" = never published). */
    String availState = "INUSE";

    AmiQueue(String name, String strategy, int maxLen, int serviceLevel, boolean ringInUse) {
        this.name = name;
        this.strategy = strategy;
        this.maxLen = maxLen;
        this.serviceLevel = serviceLevel;
        this.ringInUse = ringInUse;
    }

    AmiMember member(String iface) {
        for (AmiMember m : members.values()) {
            if (m.iface.equalsIgnoreCase(iface)) {
                return m;
            }
        }
        return null;
    }

    AmiMember memberNamed(String memberName) {
        for (AmiMember m : members.values()) {
            if (m.name.equals(memberName)) {
                return m;
            }
        }
        return null;
    }

    boolean anyAvailable() {
        return members.values().stream().anyMatch(AmiMember::available);
    }

    /** recalc_holdtime at the answer: the first call's hold time, then three parts old to one part new. */
    void recordHold(long hold) {
        holdTime = completed + abandoned == 0 ? hold : ((holdTime << 2) - holdTime + hold) >> 2;
    }

    /** update_queue at the call's end: the same average for the talk time, the first call taken whole. */
    void recordCompleted(long talk, boolean inServiceLevel) {
        completed++;
        if (inServiceLevel) {
            completedInServiceLevel++;
        }
        talkTime = completed == 1 ? talk : ((talkTime << 2) - talkTime + talk) >> 2;
    }

    /** record_abandoned. */
    void recordAbandoned(long hold) {
        abandoned++;
        if (hold <= serviceLevel) {
            abandonedInServiceLevel++;
        }
    }

    AmiMessage params(String actionId) {
        return new AmiMessage().add("Queue", name).add("Max", maxLen).add("Strategy", strategy)
                .add("Calls", callers.size()).add("Holdtime", holdTime).add("TalkTime", talkTime)
                .add("Completed", completed).add("Abandoned", abandoned).add("ServiceLevel", serviceLevel)
                .add("ServicelevelPerf", percent(completedInServiceLevel, completed))
                .add("ServicelevelPerf2", percent(completedInServiceLevel + abandonedInServiceLevel, completed + abandoned))
                .add("Weight", 0).actionId(actionId);
    }

    private static String percent(int part, int whole) {
        return String.format(Locale.ROOT, "%.1f", whole == 0 ? 0.0 : 100.0 * part / whole);
    }

    /** QueueSummary: members logged in (phone not unavailable/invalid) and free (not in use, not paused). */
    AmiMessage summary(String actionId, long now) {
        int loggedIn = 0;
        int available = 0;
        for (AmiMember m : members.values()) {
            if (m.status != 5 && m.status != 4) {
                loggedIn++;
                if ((m.status == 0 || m.status == 1) && !m.paused) {
                    available++;
                }
            }
        }
        long longest = callers.isEmpty() ? 0 : now - callers.get(0).joinedAt;
        return new AmiMessage().add("Queue", name).add("LoggedIn", loggedIn).add("Available", available)
                .add("Callers", callers.size()).add("HoldTime", holdTime).add("TalkTime", talkTime)
                .add("LongestHoldTime", longest).actionId(actionId);
    }
}
