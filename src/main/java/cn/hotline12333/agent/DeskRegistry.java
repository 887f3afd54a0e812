package cn.hotline12333.agent;

import cn.hotline12333.agent.LoginResult.Desktop;
import cn.hotline12333.store.Redis;
import java.util.List;

/**
 * One open desktop per agent and one agent per extension, shared by every node: {@code agent:desks} (agent →
 * desk|where|since|extension) and {@code agent:extensions} (extension → agent), changed together by one script so
 * two logins at the same moment cannot both win.
 */
final class DeskRegistry {
    static final String DESKS = "agent:desks";
    static final String EXTENSIONS = "agent:extensions";

    // ARGV: agent, extension, desk line, takeOver (1/0), desk id. Returns {"ok", replaced desk line or "",
    // displaced agent or ""} or {"agent_taken", line} / {"extension_taken", holder, holder's line}.
    private static final String LOGIN = """
            local mine = redis.call('HGET', KEYS[1], ARGV[1])
            local holder = redis.call('HGET', KEYS[2], ARGV[2])
            local take = ARGV[4] == '1'
            if mine and not take then
              local desk = string.match(mine, '^([^|]*)')
              if desk ~= ARGV[5] then return {'agent_taken', mine} end
            end
            if holder and holder ~= ARGV[1] and not take then
              return {'extension_taken', holder, redis.call('HGET', KEYS[1], holder) or ''}
            end
            local displaced = ''
            if holder and holder ~= ARGV[1] then
              displaced = holder
              redis.call('HDEL', KEYS[1], holder)
            end
            if mine then
              local oldExt = string.match(mine, '([^|]*)$')
              if oldExt ~= ARGV[2] and redis.call('HGET', KEYS[2], oldExt) == ARGV[1] then
                redis.call('HDEL', KEYS[2], oldExt)
              end
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
            return {'ok', mine or '', displaced}
            """;

    private static final String LOGOUT = """
            local mine = redis.call('HGET', KEYS[1], ARGV[1])
            if not mine then return 0 end
            if ARGV[2] ~= '' and string.match(mine, '^([^|]*)') ~= ARGV[2] then return 0 end
            if ARGV[3] ~= '' and tonumber(string.match(mine, '^[^|]*|[^|]*|([^|]*)')) > tonumber(ARGV[3]) then
              return 0
            end
            local ext = string.match(mine, '([^|]*)$')
            redis.call('HDEL', KEYS[1], ARGV[1])
            if redis.call('HGET', KEYS[2], ext) == ARGV[1] then redis.call('HDEL', KEYS[2], ext) end
            return 1
            """;

    private final Redis redis;

    DeskRegistry(Redis redis) {
        this.redis = redis;
    }

    /** Binds the desk; a conflict unless {@code takeOver}. */
    Outcome bind(String agent, String extension, String desk, String where, boolean takeOver, long now) {
        String line = String.join("|", clean(desk), clean(where), Long.toString(now), extension);
        @SuppressWarnings("unchecked")
        List<Object> r = (List<Object>) redis.jedis().eval(LOGIN, List.of(DESKS, EXTENSIONS),
                List.of(agent, extension, line, takeOver ? "1" : "0", clean(desk)));
        String kind = (String) r.get(0);
        return switch (kind) {
            case "ok" -> new Outcome(null, parse(agent, (String) r.get(1)), blank((String) r.get(2)));
            case "agent_taken" -> new Outcome(new LoginResult.Conflict(agent, extension,
                    parse(agent, (String) r.get(1))), null, null);
            default -> new Outcome(new LoginResult.Conflict((String) r.get(1), extension,
                    parse((String) r.get(1), (String) r.get(2))), null, null);
        };
    }

    /** Frees the agent's desk (only {@code desk}'s, when given) and its extension. */
    boolean release(String agent, String desk) {
        return release(agent, desk, -1);
    }

    /**
     * As above, but only a desk bound at or before {@code boundBy} (epoch ms; negative: any): a logout seen at that
     * time must not free a login that came after it.
     */
    boolean release(String agent, String desk, long boundBy) {
        Object r = redis.jedis().eval(LOGOUT, List.of(DESKS, EXTENSIONS), List.of(agent, desk == null ? "" : desk,
                boundBy < 0 ? "" : Long.toString(boundBy)));
        return Long.valueOf(1).equals(r);
    }

    Desktop desktop(String agent) {
        return parse(agent, redis.jedis().hget(DESKS, agent));
    }

    private static Desktop parse(String agent, String line) {
        if (line == null || line.isEmpty()) {
            return null;
        }
        String[] p = line.split("\\|", -1);
        return new Desktop(agent, p[0], p[1], p[3], Long.parseLong(p[2]));
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The separator and control characters cannot reach the stored line. */
    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("[|\\p{Cntrl}]", " ");
    }

    /** {@code conflict} set, or the login went through: the replaced desktop and the agent displaced, if any. */
    record Outcome(LoginResult.Conflict conflict, Desktop replaced, String displaced) {
    }
}
