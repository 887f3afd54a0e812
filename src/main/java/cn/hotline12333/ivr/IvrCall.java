package cn.hotline12333.ivr;

/**
 * One call walking a flow: a state machine driven by events. Not thread-safe by design: the agi side calls it
 * only from the call's own event loop thread. It does no I/O itself; blocking work leaves as
 * {@link IvrAction.Work} and comes back as an event.
 */
public final class IvrCall {

    /** The first action of the call. */
    public IvrAction start() {
        throw new UnsupportedOperationException("issue 3: engine not built yet");
    }

    /** The next action after {@code event}; after {@link IvrAction.End} it answers End again. */
    public IvrAction on(IvrEvent event) {
        throw new UnsupportedOperationException("issue 3: engine not built yet");
    }
}
