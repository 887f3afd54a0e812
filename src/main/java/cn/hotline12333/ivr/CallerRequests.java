package cn.hotline12333.ivr;

import cn.hotline12333.store.Redis;
import java.time.OffsetDateTime;

/**
 * What callers leave for agents to handle later, kept in Redis: recorded messages (a complaint about unpaid
 * wages lands in the labour-inspection mailbox) and requests (a callback, an SMS with the sign-language video
 * link). Blocking.
 */
public final class CallerRequests {
    private final Redis redis;

    public CallerRequests(Redis redis) {
        this.redis = redis;
    }

    /** A recorded message; {@code recording} is the Asterisk file name (without format). */
    public void messageLeft(String mailbox, String callId, String callerNumber, String recording,
                            OffsetDateTime at) {
        throw new UnsupportedOperationException("issue 3: messages not built yet");
    }

    /** A request of {@code kind} (callback, sms_link) to the given number, for {@code queue}. */
    public void requested(String kind, String queue, String callId, String number, OffsetDateTime at) {
        throw new UnsupportedOperationException("issue 3: requests not built yet");
    }
}
