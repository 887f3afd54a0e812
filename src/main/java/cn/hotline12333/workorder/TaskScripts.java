package cn.hotline12333.workorder;

/**
 * The task scripts: each runs atomically in Redis, so two agents clicking "claim" at once, a result racing an
 * expiring lease, or a node dying mid-way leave every task claimed by at most one agent and closed at most once.
 * The lease is a key with a PX expiry (Redis's clock, not a node's); its holder is also noted in the state hash, so
 * a lease that ran out is noticed (and written as {@code lease_expired}) exactly once, by whoever sees it first.
 * KEYS share the hash tag {@code {task}}.
 */
final class TaskScripts {
    private TaskScripts() {
    }

    // KEYS: doc, state, pool; ARGV: json, created ms, id
    static final String CREATE = """
            if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('HSET', KEYS[2], 'status', 'open', 'attempts', 0, 'holder', '', 'until', 0, 'seq', 1)
            redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
            return 1
            """;

    // KEYS: state, lease, claimed; ARGV: agent, lease ms, now ms, id
    // -> {'ok', seq, expired holder or ''} | {'yours', seq} | {'taken'} | {'closed'} | {'missing'}
    static final String CLAIM = """
            local st = redis.call('HMGET', KEYS[1], 'status', 'holder', 'seq')
            if not st[1] then return {'missing'} end
            if st[1] ~= 'open' then return {'closed'} end
            local holder = redis.call('GET', KEYS[2])
            if holder then
              if holder == ARGV[1] then return {'yours', st[3]} end
              return {'taken'}
            end
            local expired = ''
            if st[2] and st[2] ~= '' then
              expired = st[2]
              redis.call('HINCRBY', KEYS[1], 'seq', 1)
            end
            redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
            local untilMs = tonumber(ARGV[3]) + tonumber(ARGV[2])
            redis.call('HSET', KEYS[1], 'holder', ARGV[1], 'until', untilMs)
            redis.call('ZADD', KEYS[3], untilMs, ARGV[4])
            local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
            return {'ok', tostring(seq), expired}
            """;

    // KEYS: state, lease, claimed; ARGV: agent, id -> {'ok', seq} | {'not_holder'}
    static final String RELEASE = """
            if redis.call('GET', KEYS[2]) ~= ARGV[1] then return {'not_holder'} end
            redis.call('DEL', KEYS[2])
            redis.call('HSET', KEYS[1], 'holder', '', 'until', 0)
            redis.call('ZREM', KEYS[3], ARGV[2])
            local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
            return {'ok', tostring(seq)}
            """;

    // KEYS: state, lease, claimed, pool; ARGV: agent, result, closes (1/0), max attempts, id
    // -> {'ok', seq, status, attempts} | {'not_holder'}
    static final String RESULT = """
            if redis.call('GET', KEYS[2]) ~= ARGV[1] then return {'not_holder'} end
            redis.call('DEL', KEYS[2])
            redis.call('ZREM', KEYS[3], ARGV[5])
            local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
            local status = 'open'
            if ARGV[3] == '1' or attempts >= tonumber(ARGV[4]) then
              status = 'closed'
              redis.call('ZREM', KEYS[4], ARGV[5])
            end
            redis.call('HSET', KEYS[1], 'holder', '', 'until', 0, 'status', status, 'result', ARGV[2])
            local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
            return {'ok', tostring(seq), status, tostring(attempts)}
            """;

    // KEYS: state, lease, claimed; ARGV: id -> {'ok', seq, holder} | {'held'} | {'none'}
    static final String EXPIRE = """
            local h = redis.call('HGET', KEYS[1], 'holder')
            if not h or h == '' then
              redis.call('ZREM', KEYS[3], ARGV[1])
              return {'none'}
            end
            if redis.call('EXISTS', KEYS[2]) == 1 then return {'held'} end
            redis.call('HSET', KEYS[1], 'holder', '', 'until', 0)
            redis.call('ZREM', KEYS[3], ARGV[1])
            local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
            return {'ok', tostring(seq), h}
            """;
}
