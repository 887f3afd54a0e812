package cn.hotline12333.ivr;

import cn.hotline12333.store.Redis;
import java.time.Clock;

/**
 * Self-service queries and actions against the citizen data in Redis (pension payment, contribution
 * record, unemployment benefit, social-security card status and loss report). Blocking: run it from the
 * work executor, never from an event loop.
 */
public final class SelfService {
    private final Redis redis;
    private final Clock clock;

    public SelfService(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** Answers {@code service} for {@code citizen}; unknown service names are a flow error caught at load. */
    public ServiceAnswer answer(String service, CitizenId citizen) {
        throw new UnsupportedOperationException("issue 3: self-service not built yet");
    }
}
