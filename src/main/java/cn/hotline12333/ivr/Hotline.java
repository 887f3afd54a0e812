package cn.hotline12333.ivr;

import cn.hotline12333.calllog.CallContext;
import cn.hotline12333.calllog.CallRecord;
import java.time.Clock;
import java.time.Instant;
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
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Hotline.class);
    private final Supplier<FlowSet> flows;
    // Read by each IvrCall of this hotline.
    final SelfService selfService;
    final PinGuard pins;
    final CallerRequests requests;
    final Consumer<CallRecord> records;
    final Clock clock;
    final String serverNode;
    final String recordings;
    final CallerHash callerHash;
    final CallStarts starts;
    // Null: no screen-pop contexts (tests of the engine, tools); the call goes straight to Queue().
    final ContextStore contexts;

    /**
     * Told when a call has its call id (after the first read of the channel), on the call's event loop: must
     * not block (the call log queues it for its writer thread, which keeps the wallboard's {@code live:ivr}).
     */
    @FunctionalInterface
    public interface CallStarts {
        void started(String callId, Instant at);
    }

    /**
     * Stores a call's screen-pop context before it enters a queue, and beside it the caller's full number (null
     * when unknown), which only the agents the call rings may read (a work order's callback number). Runs on the
     * FastAGI work pool, never on a loop, and may block; it must not throw for Redis (the call waits for it, then
     * queues whatever it did).
     */
    @FunctionalInterface
    public interface ContextStore {
        void store(CallContext context, String callerNumber);
    }

    /** Where Asterisk writes callers' messages when the deployment does not say: see docs/asterisk.md. */
    public static final String DEFAULT_RECORDINGS = "/var/spool/asterisk/hotline-msg";

    public Hotline(Supplier<FlowSet> flows, SelfService selfService, PinGuard pins, CallerRequests requests,
                   Consumer<CallRecord> records, Clock clock, String serverNode) {
        this(flows, selfService, pins, requests, records, clock, serverNode, DEFAULT_RECORDINGS);
    }

    /**
     * @param recordings the directory on the Asterisk box that RECORD FILE writes messages into, absolute; it
     *                   must exist and be writable by Asterisk (res_agi does not create it)
     */
    public Hotline(Supplier<FlowSet> flows, SelfService selfService, PinGuard pins, CallerRequests requests,
                   Consumer<CallRecord> records, Clock clock, String serverNode, String recordings) {
        this(flows, selfService, pins, requests, records, clock, serverNode, recordings, CallerHash.demo(),
                (callId, at) -> { });
    }

    /**
     * @param callerHash how caller numbers become {@code caller_hash} (the key of HOTLINE_CALLER_HASH_KEY)
     * @param starts     told of every call once it has its call id; its record later goes to {@code records}
     */
    public Hotline(Supplier<FlowSet> flows, SelfService selfService, PinGuard pins, CallerRequests requests,
                   Consumer<CallRecord> records, Clock clock, String serverNode, String recordings,
                   CallerHash callerHash, CallStarts starts) {
        this(flows, selfService, pins, requests, records, clock, serverNode, recordings, callerHash, starts, null);
    }

    /** @param contexts where a call's screen-pop context goes before Queue(); null for none */
    public Hotline(Supplier<FlowSet> flows, SelfService selfService, PinGuard pins, CallerRequests requests,
                   Consumer<CallRecord> records, Clock clock, String serverNode, String recordings,
                   CallerHash callerHash, CallStarts starts, ContextStore contexts) {
        if (!recordings.startsWith("/") || recordings.endsWith("/") || recordings.contains(" ")) {
            throw new IllegalArgumentException("HOTLINE_RECORDINGS must be an absolute directory without spaces or a"
                    + " trailing /, was \"" + recordings + "\"");
        }
        this.recordings = recordings;
        this.flows = flows;
        this.selfService = selfService;
        this.pins = pins;
        this.requests = requests;
        this.records = records;
        this.clock = clock;
        this.serverNode = serverNode;
        this.callerHash = callerHash;
        this.starts = starts;
        this.contexts = contexts;
    }

    /**
     * A call on the flow named by the script. A script that names no flow still gets a call, one that sends the
     * caller back to the dialplan with HOTLINE_RESULT=error and leaves its record: every call has one. Empty
     * only before any flow set is loaded.
     */
    public Optional<IvrCall> open(CallInfo call) {
        // One snapshot for the whole call: a reload while it runs (even across a goto) changes nothing for it.
        FlowSet snapshot = flows.get();
        if (snapshot == null) {
            return Optional.empty();
        }
        Flow flow = call.script() == null ? null : snapshot.flow(call.script());
        if (flow == null) {
            log.warn("event=unknown_script call={} script={}", call.uniqueId(), safe(call.script()));
            return Optional.of(IvrCall.refused(this, snapshot, call));
        }
        return Optional.of(new IvrCall(this, snapshot, flow, call));
    }

    // The script name comes from the dialplan (or from whoever connects): keep log lines short and plain.
    private static String safe(String script) {
        if (script == null) {
            return "-";
        }
        String s = script.length() > 40 ? script.substring(0, 40) : script;
        return s.replaceAll("[^A-Za-z0-9._/-]", "?");
    }
}
