package cn.hotline12333.web;

import cn.hotline12333.agent.AgentSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON the desktop reads about its agent, the same over {@code GET /api/agent/me} and {@code /ws/agent}. Times
 * are epoch ms of the server's clock with {@code serverTime} beside them, so a page with a wrong clock still shows
 * true durations (it counts from {@code serverTime - since}, never from its own clock's idea of {@code since}).
 */
final class DeskFrames {

    private DeskFrames() {
    }

    static Map<String, Object> agent(AgentSnapshot s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agent", s.agent());
        out.put("state", s.state().name());
        out.put("reason", s.reason());
        out.put("since", s.since());
        out.put("request", s.request() == null ? null : request(s));
        out.put("pendingNotReady", s.pendingNotReady());
        out.put("pendingLogout", s.pendingLogout());
        out.put("phoneOffline", s.phoneOffline());
        out.put("removedByPhoneSystem", s.removedByPhoneSystem());
        out.put("overdue", s.overdue());
        out.put("refused", s.refused());
        out.put("extension", s.extension());
        out.put("queues", s.queues());
        out.put("callUniqueId", s.callUniqueId());
        out.put("wrapupDeadline", s.wrapupDeadline());
        out.put("serverTime", s.serverTime());
        out.put("unsaved", s.unsaved());
        return out;
    }

    private static Map<String, Object> request(AgentSnapshot s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", s.request().kind().name());
        r.put("reason", s.request().reason());
        return r;
    }
}
