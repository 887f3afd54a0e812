package cn.hotline12333.ivr;

import cn.hotline12333.calllog.CallRecord;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The IVR's face to the telephony side: opens a call on the flow its AGI script names. The finished
 * {@link CallRecord} of every call goes to {@code records} exactly once.
 */
public final class Hotline {
    private final Supplier<FlowSet> flows;
    private final SelfService selfService;
    private final PinGuard pins;
    private final CallerRequests requests;
    private final Consumer<CallRecord> records;
    private final Clock clock;
    private final String serverNode;

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
        throw new UnsupportedOperationException("issue 3: engine not built yet");
    }
}
