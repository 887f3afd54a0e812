package cn.hotline12333.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What must change in Asterisk so its queues match the agents' intent: members it lost are added, members no
 * agent intends are removed, pauses that differ are set. Pure: QueueStatus items in, corrections out.
 * QueueStatus says {@code Name}/{@code Location} where live events say {@code MemberName}/{@code Interface}.
 */
final class Reconciliation {

    /** One QueueStatus {@code QueueMember} item. */
    record QueueMember(String queue, String name, String location, boolean paused, String reason, boolean dynamic,
                  Integer status) {
    }

    /** @param stateIface the StateInterface of an ADD (the device app_queue follows), else null */
    record Correction(Kind kind, String agent, String queue, String iface, String stateIface, boolean paused,
                      String reason) {
        enum Kind { ADD, REMOVE, PAUSE }

        String describe() {
            return "kind=" + kind.name().toLowerCase(java.util.Locale.ROOT) + " agent=" + agent + " queue=" + queue
                    + " interface=" + iface + (stateIface == null || stateIface.equalsIgnoreCase(iface) ? ""
                    : " state_interface=" + stateIface) + (kind == Kind.REMOVE ? "" : " paused=" + paused
                    + (reason == null ? "" : " reason=" + reason));
        }
    }

    private Reconciliation() {
    }

    /**
     * QueueStatus members by the agent they belong to: its {@code Name} is the agent, or its {@code Location} the
     * agent's interface (either case). Found through two maps, not by scanning every member for every agent: with a
     * thousand agents that scan was a million comparisons per resync, run on the floor's thread ahead of the pops.
     */
    static final class Members {
        private final List<QueueMember> all;
        private final Map<String, List<Integer>> byName = new HashMap<>();
        private final Map<String, List<Integer>> byLocation = new HashMap<>();

        Members(List<QueueMember> all) {
            this.all = all;
            for (int i = 0; i < all.size(); i++) {
                QueueMember m = all.get(i);
                if (m.name() != null) {
                    byName.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(i);
                }
                if (m.location() != null) {
                    byLocation.computeIfAbsent(folded(m.location()), k -> new ArrayList<>()).add(i);
                }
            }
        }

        List<QueueMember> all() {
            return all;
        }

        /** The agent's members, in QueueStatus order. */
        List<QueueMember> of(AgentView v) {
            List<Integer> named = byName.getOrDefault(v.agent, List.of());
            List<Integer> located = v.iface == null ? List.of() : byLocation.getOrDefault(folded(v.iface), List.of());
            List<QueueMember> out = new ArrayList<>(named.size() + located.size());
            int i = 0;
            int j = 0;
            while (i < named.size() || j < located.size()) { // both ascending: merge, each member once
                int a = i < named.size() ? named.get(i) : Integer.MAX_VALUE;
                int b = j < located.size() ? located.get(j) : Integer.MAX_VALUE;
                int next = Math.min(a, b);
                out.add(all.get(next));
                if (a == next) {
                    i++;
                }
                if (b == next) {
                    j++;
                }
            }
            return out;
        }

        private static String folded(String iface) {
            return iface.toLowerCase(Locale.ROOT);
        }
    }

    /** @param managed the queues whose dynamic members we own (a stranger there is removed) */
    static List<Correction> plan(Collection<AgentView> views, Members members, Set<String> managed) {
        List<Correction> out = new ArrayList<>();
        Set<QueueMember> claimed = new HashSet<>();
        for (AgentView v : views) {
            if (v.iface == null) {
                continue;
            }
            List<QueueMember> mine = members.of(v);
            claimed.addAll(mine);
            if (!intendsIn(v)) {
                mine.stream().filter(QueueMember::dynamic).forEach(m -> out.add(remove(v.agent, m)));
                continue;
            }
            // found by its name at another interface: left behind at an extension the agent logged in away from
            // (the QueueRemove was lost with the link); its calls would ring the old desk's phone
            List<QueueMember> here = new ArrayList<>();
            List<QueueMember> left = new ArrayList<>();
            for (QueueMember m : mine) {
                (m.location() == null || m.location().equalsIgnoreCase(v.iface) ? here : left).add(m);
            }
            boolean paused = paused(v);
            String reason = paused ? reason(v) : null;
            for (String queue : v.queues) {
                QueueMember m = here.stream().filter(x -> x.queue().equals(queue)).findFirst().orElse(null);
                if (m == null) {
                    out.add(new Correction(Correction.Kind.ADD, v.agent, queue, v.iface, v.stateIface(), paused,
                            reason));
                } else if (m.paused() != paused && !eitherPause(v)) { // reasons only feed queue_log
                    out.add(new Correction(Correction.Kind.PAUSE, v.agent, queue, v.iface, null, paused, reason));
                }
            }
            // after the adds, as a move at login does: the agent is never out of a queue in between
            left.stream().filter(QueueMember::dynamic).forEach(m -> out.add(remove(v.agent, m)));
        }
        for (QueueMember m : members.all()) {
            if (!claimed.contains(m) && m.dynamic() && managed.contains(m.queue())) {
                out.add(remove(m.name(), m));
            }
        }
        return out;
    }

    private static Correction remove(String agent, QueueMember m) {
        return new Correction(Correction.Kind.REMOVE, agent, m.queue(), m.location(), null, false, null);
    }

    /** Whether the agent means to be a queue member now. */
    static boolean intendsIn(AgentView v) {
        if (v.request != null) {
            return v.request.kind() != Request.Kind.LOGOUT;
        }
        return v.state != AgentState.LOGGED_OUT;
    }

    /**
     * Ringing with a not-ready pending after the call: paused is right when our QueuePause crossed the ring (A12
     * defers it), unpaused when it was asked during the ring (D6); the end of the ring pauses either way.
     */
    private static boolean eitherPause(AgentView v) {
        return v.state == AgentState.RINGING && v.request == null && v.pendingNotReady != null;
    }

    /** The pause Asterisk should have: what is asked, else what the state means. */
    static boolean paused(AgentView v) {
        if (v.request != null && v.request.kind() == Request.Kind.READY) {
            return false;
        }
        if (v.request != null) {
            return true;
        }
        return switch (v.state) {
            case READY, RINGING -> false;
            case WRAP_UP -> v.call == null || v.call.wrapupEndedAt == 0;
            default -> true;
        };
    }

    private static String reason(AgentView v) {
        if (v.request != null && v.request.kind() == Request.Kind.NOT_READY) {
            return v.request.reason();
        }
        if (v.state == AgentState.ON_CALL || v.state == AgentState.WRAP_UP) {
            return Transitions.WRAPUP_REASON;
        }
        return v.state == AgentState.NOT_READY ? v.reason : null;
    }
}
