package cn.hotline12333.ivr;

import cn.hotline12333.store.Redis;

/**
 * Checks a citizen's telephone-service PIN and counts wrong attempts in Redis, shared by every server node,
 * so that a caller cannot guess by calling again or reaching another node. Blocking.
 */
public final class PinGuard {
    public enum Verdict { ACCEPTED, WRONG, LOCKED }

    private final Redis redis;

    public PinGuard(Redis redis) {
        this.redis = redis;
    }

    public Verdict check(CitizenId citizen, String pin) {
        throw new UnsupportedOperationException("issue 3: PIN check not built yet");
    }
}
