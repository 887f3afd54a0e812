package cn.hotline12333.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The CLI's {@code queue show [name]} as the Command action returns it (app_queue.c print_queue, no colours). */
final class AmiQueueShow {

    private static final String[] DEVICE_WORDS = {"Unknown", "Not in use", "In use", "Busy", "Invalid", "Unavailable",
            "Ringing", "Ring+Inuse", "On Hold"};

    private AmiQueueShow() {
    }

    static List<String> lines(AmiQueue q, long now) {
        List<String> out = new ArrayList<>();
        float sl = q.completed > 0 ? 100 * ((float) q.completedInServiceLevel / q.completed) : 0;
        float sl2 = q.completed + q.abandoned > 0
                ? 100 * (((float) q.abandonedInServiceLevel + q.completedInServiceLevel) / (q.abandoned + q.completed)) : 0;
        out.add(String.format(Locale.ROOT, "%s has %d calls (max unlimited) in '%s' strategy (%ds holdtime, %ds "
                + "talktime), W:0, C:%d, A:%d, SL:%2.1f%%, SL2:%2.1f%% within %ds", q.name, q.callers.size(), q.strategy,
                q.holdTime, q.talkTime, q.completed, q.abandoned, sl, sl2, q.serviceLevel));
        if (q.members.isEmpty()) {
            out.add("   No Members");
        } else {
            out.add("   Members: ");
            for (AmiMember m : q.members.values()) {
                StringBuilder line = new StringBuilder("      ").append(m.name);
                if (!m.name.equalsIgnoreCase(m.iface)) {
                    line.append(" (").append(m.iface);
                    if (!m.stateInterface.isEmpty() && !m.stateInterface.equals(m.iface)) {
                        line.append(" from ").append(m.stateInterface);
                    }
                    line.append(')');
                }
                if (m.penalty != 0) {
                    line.append(" with penalty ").append(m.penalty);
                }
                line.append(" (ringinuse ").append(m.ringInUse ? "enabled" : "disabled").append(')');
                if (m.dynamic) {
                    line.append(" (dynamic)");
                }
                if (m.paused) {
                    line.append(" (paused").append(m.reason.isEmpty() ? "" : ":" + m.reason).append(" was ")
                            .append(now - m.lastPause).append(" secs ago)");
                }
                line.append(" (").append(DEVICE_WORDS[m.status]).append(')');
                if (m.callsTaken > 0) {
                    line.append(" has taken ").append(m.callsTaken).append(" calls (last was ").append(now - m.lastCall)
                            .append(" secs ago)");
                } else {
                    line.append(" has taken no calls yet");
                }
                line.append(" (login was ").append(now - m.loginTime).append(" secs ago)");
                out.add(line.toString());
            }
        }
        if (q.callers.isEmpty()) {
            out.add("   No Callers");
        } else {
            out.add("   Callers: ");
            int pos = 1;
            for (AmiCaller c : q.callers) {
                long wait = now - c.joinedAt;
                out.add(String.format(Locale.ROOT, "      %d. %s (wait: %d:%02d, prio: 0)", pos++, c.channel.name(),
                        wait / 60, wait % 60));
            }
        }
        out.add("");
        return out;
    }
}
