package cn.hotline12333.workorder;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A callback or message task the IVR left for agents: one per call that ended {@code callback_requested} or
 * {@code message_left}, its id made from the call id (so it is made once however often the call record is read).
 * What changes (open or closed, who holds it, attempts) is kept beside it, in {@link State}.
 *
 * @param kind     {@code callback} or {@code message}
 * @param number   the number to call back: the one the caller keyed, else the caller's own
 */
public record Task(String id, String kind, String callId, String callerHash, String number, String queue,
                   List<String> topics, OffsetDateTime createdAt) {

    public Task {
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    /**
     * @param holder    who has it claimed now (null: in the pool)
     * @param leaseUntil when the claim runs out, epoch ms (0 when unclaimed)
     * @param result    the last callback's result, else null
     */
    public record State(boolean open, int attempts, String holder, long leaseUntil, String result, int seq) {
    }
}
