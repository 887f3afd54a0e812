package cn.hotline12333.ivr;

import cn.hotline12333.calllog.CallRecord;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The IVR's face to the telephony side: opens a call on the flow its AGI script names. The finished
 * {@link CallRecord} of every call goes to {@code records} exactly once, on the call's event loop thread: the
 * consumer must not block (hand the record to a bounded executor for Redis and the CDR file) and should not
 * throw (if it does, the call logs {@code event=record_lost} and still ends). SelfService, PinGuard and
 * CallerRequests run only inside {@link IvrAction.Work} tasks, off the loop; WorkingHours is asked on the loop
 * because it is immutable data.
 */
public final class Hotline {
    private final Supplier<FlowSet> flows;
    // Read by each IvrCall of this hotline.
    final SelfService selfService;
    final PinGuard pins;
    final CallerRequests requests;
    final Consumer<CallRecord> records;
    final Clock clock;
    final String serverNode;

    public Hotline(Supplier<FlowSet> flows, SelfService selfService, PinGuard pins, CallerRequests requests,
                   Consumer<CallRecord> records, Clock clock, String serverNode) {
        this.flows = flows;
        this.selfService = selfService;
        this.pins = pins;
        this.requests = requests;
        this.records = records;
        this.clock = clock;
        this.serverNode = serverNode;
    }

    /** A call on the flow named by the script; empty when no such flow exists (the caller goes back to the dialplan). */
    public Optional<IvrCall> open(CallInfo call) {
        // One snapshot for the whole call: a reload while it runs (even across a goto) changes nothing for it.
        FlowSet snapshot = flows.get();
        Flow flow = snapshot == null || call.script() == null ? null : snapshot.flow(call.script());
        if (flow == null) {
            return Optional.empty();
        }
        return Optional.of(new IvrCall(this, snapshot, flow, call));
    }
}
