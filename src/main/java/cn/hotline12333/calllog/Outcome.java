package cn.hotline12333.calllog;

/** How a call ended for the caller; exactly one per call. See docs/call-record.md for each meaning. */
public enum Outcome {
    SELF_SERVICE, AGENT_ANSWERED, QUEUE_ABANDONED, QUEUE_TIMEOUT, MESSAGE_LEFT, CALLBACK_REQUESTED,
    SMS_LINK_REQUESTED, TRANSFERRED, AFTER_HOURS, IVR_ENDED, CALLER_HUNG_UP, ERROR;

    /** The wire and log name: {@code self_service}, {@code agent_answered}, … */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
