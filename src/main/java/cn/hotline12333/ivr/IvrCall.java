package cn.hotline12333.ivr;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.Exit;
import cn.hotline12333.calllog.CallRecord.HungUpBy;
import cn.hotline12333.ivr.IvrAction.Play;
import cn.hotline12333.ivr.IvrAction.SetVariable;
import cn.hotline12333.ivr.IvrEvent.CallerHungUp;
import cn.hotline12333.ivr.IvrEvent.CommandFailed;
import cn.hotline12333.ivr.IvrEvent.DigitsEntered;
import cn.hotline12333.ivr.IvrEvent.Done;
import cn.hotline12333.ivr.IvrEvent.PromptPlayed;
import cn.hotline12333.ivr.IvrEvent.QueueLeft;
import cn.hotline12333.ivr.IvrEvent.RecordingFailed;
import cn.hotline12333.ivr.IvrEvent.RecordingFinished;
import cn.hotline12333.ivr.IvrEvent.VariableRead;
import cn.hotline12333.ivr.IvrEvent.WorkDone;
import cn.hotline12333.ivr.IvrEvent.WorkFailed;
import cn.hotline12333.ivr.IvrEvent.WorkRejected;
import cn.hotline12333.ivr.Node.GotoNode;
import cn.hotline12333.ivr.Node.HangupNode;
import cn.hotline12333.ivr.Node.InputNode;
import cn.hotline12333.ivr.Node.MenuNode;
import cn.hotline12333.ivr.Node.PlayNode;
import cn.hotline12333.ivr.Node.RecordNode;
import cn.hotline12333.ivr.Node.ReferNode;
import cn.hotline12333.ivr.Node.RequestNode;
import cn.hotline12333.ivr.Node.ScheduleNode;
import cn.hotline12333.ivr.Node.ServiceNode;
import cn.hotline12333.ivr.Node.SurveyNode;
import cn.hotline12333.ivr.Node.TagNode;
import cn.hotline12333.ivr.Node.TransferNode;
import cn.hotline12333.ivr.PinGuard.Verdict;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call walking a flow: a state machine driven by events. Not thread-safe by design: the agi side calls it
 * only from the call's own event loop thread (docs/driver.md), and so do its Menus, Inputs, Messages and Requests,
 * so no field here needs a lock or volatile. It does no I/O itself; blocking work leaves as
 * {@link IvrAction.Work} and comes back as an event.
 *
 * <p>Each state names the one action outstanding. Entering a node picks that node's first state; schedule,
 * goto and a tag with nothing to set act at once and enter the next node.
 * <pre>
 * start() --ReadVariable(system|linkedid)--> READING_SYSTEM --VariableRead--> ANSWERING --Done--> enter(flow's start node)
 *
 * play      PLAYING ------------------------------------------------------------------------> next
 * menu      MENU_ASKING --option, 0--> that node    --*--> previous menu    --9, * at the top--> ask again
 *               '--no key, bad key--> NOTICE --> MENU_ASKING, or onFail after `retries`
 * input     INPUT_ASKING --valid--> next             --invalid--> NOTICE --> INPUT_ASKING | onFail
 *               '--PIN--> CHECKING_PIN --ACCEPTED--> next, --WRONG--> NOTICE, --LOCKED--> onLocked
 * service   QUERYING --found--> SAYING (one say item per event) --> next   --not found--> onNotFound
 *               '--work failed--> SERVICE_SORRY --> onError (none: the error path)
 * transfer  QUEUE_GREETING --> STORING_CONTEXT (screen pop, when the hotline keeps them) --> QUEUEING --QueueLeft--> onAnswered | onTimeout | onUnavailable | End
 * refer     REFER_GREETING --> SETTING_TRANSFER --> SETTING_TRANSFER_RESULT --> End
 * record    RECORD_GREETING --> RECORDING --endpos > 0--> SAVING_MESSAGE --> next
 *                                   '--silence--> NOTICE --> RECORD_GREETING once, then next
 *                                   '--could not record--> onFailure (a callback)
 * request   REQUEST_GREETING --> READING_BACK --> CONFIRMING --1--> SAVING_REQUEST --> next
 *               '--no caller number, or 2--> ENTERING_NUMBER --valid--^
 * survey    SURVEY_ASKING --1..5--> SURVEY_THANKS --> next     (another key or none: ask once more)
 * tag       SAYING (a SET VARIABLE per event) --> next
 * hangup    FAREWELL --> HANGING_UP --> End
 *
 * no next node            GOODBYE --> SETTING_OK --> End
 * our failure, any state  SORRY --> SETTING_ERROR --> End      (a second failure: End at once)
 * CallerHungUp, any state --> End                               End: the record goes out once, then ENDED
 * </pre>
 *
 * <p>Barge-in: every prompt is played with every key as an escape digit unless the flow marks it
 * {@code interruptible: false}. A key that cuts a prompt is held as the answer to the next question (menu,
 * input, survey, number confirmation): that question is not asked, the key answers it, and the interruptible
 * prompts on the way there are skipped, as if the caller had cut each one. An answer longer than one key gets
 * the rest by GET DATA of {@link #REST_OF_ENTRY}. A queue, a referral, a recording and a hang-up take no
 * answer: a key during their greeting only cuts the greeting.
 */
public final class IvrCall {
    private static final Logger log = LoggerFactory.getLogger(IvrCall.class);
    private static final IvrAction END = new IvrAction.End();
    static final String RESULT = "HOTLINE_RESULT";
    static final int SURVEY_ATTEMPTS = 2;
    /** A short silence (rendered by `prompts render`): GET DATA of it collects the rest of an answer typed ahead. */
    static final Prompt REST_OF_ENTRY = new Prompt("（静音）", "hotline/silence");
    private static final IvrEvent PLAYED = new PromptPlayed((char) 0, false);
    /** The first read: who we are talking to (the record's key) and the call's linkedid, in one command. */
    static final String FIRST_READ = "${SYSTEMNAME}|${CHANNEL(linkedid)}";
    // Nodes entered in one step without any action between them: only a loop in the flow gets this far.
    private static final int MAX_SILENT_HOPS = 100;

    enum State {
        NEW, READING_SYSTEM, ANSWERING, PLAYING, MENU_ASKING, NOTICE, INPUT_ASKING, CHECKING_PIN, QUERYING,
        SERVICE_SORRY, SAYING, QUEUE_GREETING, STORING_CONTEXT, QUEUEING, REFER_GREETING, SETTING_TRANSFER,
        SETTING_TRANSFER_RESULT, RECORD_GREETING, RECORDING, SAVING_MESSAGE, REQUEST_GREETING, READING_BACK,
        CONFIRMING, ENTERING_NUMBER, SAVING_REQUEST, SURVEY_ASKING, SURVEY_THANKS, FAREWELL, HANGING_UP,
        GOODBYE, SETTING_OK, SORRY, SETTING_ERROR, ENDED
    }

    final Hotline hotline;
    final FlowSet flows;
    final CallInfo info;
    final RecordDraft draft;
    private final Menus menus = new Menus(this);
    private final Inputs inputs = new Inputs(this);
    private final Messages messages = new Messages(this);
    private final Requests requests = new Requests(this);
    private final Transfers transfers = new Transfers(this);

    private State state = State.NEW;
    Flow flow;
    Node node;
    private int failures;
    private int silentHops;
    private boolean failing;
    // Set only for a call on an unknown script (refused): why it goes straight back to the dialplan.
    private String refusal;
    // What NOTICE goes back to once its prompt has played, or the node it gives up to.
    private State askAgain;
    private boolean giveUp;
    private String giveUpTo;
    private Exit giveUpExit;
    // SAYING: the actions still to send, then the node after them.
    private Deque<IvrAction> saying = new ArrayDeque<>();
    private String afterSaying;
    // A key that cut a prompt, held for the next question (0: none); and the first key of an answer whose
    // rest GET DATA is collecting now.
    private char typedAhead;
    private char firstKey;

    IvrCall(Hotline hotline, FlowSet flows, Flow flow, CallInfo info) {
        this.hotline = hotline;
        this.flows = flows;
        this.flow = flow;
        this.info = info;
        this.draft = new RecordDraft(info, hotline.serverNode, flow, hotline.clock.instant());
        draft.asteriskSystem = "asterisk@" + info.asteriskHost();
        draft.callerHash = hotline.callerHash.of(info.callerId());
    }

    /** The first action of the call. */
    public IvrAction start() {
        if (state != State.NEW) {
            throw new IllegalStateException("call " + draft.callId() + " already started");
        }
        state = State.READING_SYSTEM;
        return new IvrAction.ReadVariable(FIRST_READ);
    }

    /** The next action after {@code event}; after {@link IvrAction.End} it answers End again. */
    public IvrAction on(IvrEvent event) {
        if (state == State.ENDED) {
            return END;
        }
        silentHops = 0;
        try {
            return step(event);
        } catch (RuntimeException e) {
            // Our bug, or one in a service asked on the loop: logged once here, and the call still gets its record.
            log.error("event=ivr_bug call={} state={} node={}", draft.callId(), state,
                    node == null ? "-" : node.id(), e);
            return state == State.ENDED ? END : fail("bug: " + e.getClass().getSimpleName());
        }
    }

    /** What the call waits for now; tests check every state was cut short once. */
    State state() {
        return state;
    }

    private IvrAction step(IvrEvent event) {
        if (event instanceof CallerHungUp) {
            return endedBy(HungUpBy.CALLER); // after our failure it stays SYSTEM: fail() said so first
        } else if (event instanceof CommandFailed f) {
            return fail(f.reason());
        } else if (state == State.STORING_CONTEXT && (event instanceof WorkRejected || event instanceof WorkFailed)) {
            return transfers.queueNow(); // no context is no reason to keep a caller from an agent: pops 无IVR信息
        } else if (event instanceof WorkRejected r) {
            return workFailed("work rejected: " + r.name());
        } else if (event instanceof WorkFailed f) {
            return workFailed("work failed: " + f.name() + ": " + f.reason());
        }
        if (event instanceof PromptPlayed p && p.key() != 0) {
            return keyDuringPrompt(p.key());
        } else if (event instanceof DigitsEntered d && firstKey != 0) {
            event = new DigitsEntered(firstKey + d.digits(), d.timedOut());
            firstKey = 0;
        }
        boolean played = event instanceof PromptPlayed;
        boolean done = event instanceof Done;
        return switch (state) {
            case READING_SYSTEM -> event instanceof VariableRead v ? systemNamed(v.value()) : unexpected(event);
            case ANSWERING -> done ? answered() : unexpected(event);
            case PLAYING -> played ? goTo(((PlayNode) node).next()) : unexpected(event);
            case MENU_ASKING -> event instanceof DigitsEntered d ? menus.key(d.digits(), d.timedOut()) : unexpected(event);
            case NOTICE -> played ? noticePlayed() : unexpected(event);
            case INPUT_ASKING -> event instanceof DigitsEntered d ? inputs.keyed(d.digits()) : unexpected(event);
            case CHECKING_PIN -> event instanceof WorkDone w && w.result() instanceof Verdict v
                    ? inputs.pinChecked(v) : unexpected(event);
            case QUERYING -> event instanceof WorkDone w && w.result() instanceof ServiceAnswer a
                    ? answered(a) : unexpected(event);
            case SERVICE_SORRY -> played ? goTo(((ServiceNode) node).onError()) : unexpected(event);
            case SAYING -> played || done ? sayNext() : unexpected(event);
            case QUEUE_GREETING -> played ? transfers.enterQueue() : unexpected(event);
            case STORING_CONTEXT -> event instanceof WorkDone ? transfers.queueNow() : unexpected(event);
            case QUEUEING -> event instanceof QueueLeft q ? transfers.left(q) : unexpected(event);
            case REFER_GREETING -> played ? setTransfer() : unexpected(event);
            case SETTING_TRANSFER -> done ? set(State.SETTING_TRANSFER_RESULT, RESULT, "transfer") : unexpected(event);
            case SETTING_TRANSFER_RESULT -> done ? transferred() : unexpected(event);
            case RECORD_GREETING -> played ? messages.record() : unexpected(event);
            case RECORDING -> event instanceof RecordingFinished r ? messages.finished(r.endpos())
                    : event instanceof RecordingFailed f ? messages.failed(f.reason()) : unexpected(event);
            case SAVING_MESSAGE -> event instanceof WorkDone ? messages.saved() : unexpected(event);
            case REQUEST_GREETING -> played ? requests.readBackOrAsk() : unexpected(event);
            case READING_BACK -> done || played ? requests.askConfirm() : unexpected(event);
            case CONFIRMING -> event instanceof DigitsEntered d ? requests.confirmKey(d.digits()) : unexpected(event);
            case ENTERING_NUMBER -> event instanceof DigitsEntered d
                    ? requests.numberKeyed(d.digits()) : unexpected(event);
            case SAVING_REQUEST -> event instanceof WorkDone ? requests.saved() : unexpected(event);
            case SURVEY_ASKING -> event instanceof DigitsEntered d ? surveyKey(d.digits()) : unexpected(event);
            case SURVEY_THANKS -> played ? goTo(((SurveyNode) node).next()) : unexpected(event);
            case FAREWELL -> played ? await(State.HANGING_UP, new IvrAction.Hangup()) : unexpected(event);
            case HANGING_UP, SETTING_OK -> done ? endedBy(HungUpBy.IVR) : unexpected(event);
            case GOODBYE -> played ? resultOk() : unexpected(event);
            case SORRY -> played ? set(State.SETTING_ERROR, RESULT, "error") : unexpected(event);
            case SETTING_ERROR -> done ? end() : unexpected(event);
            case NEW, ENDED -> unexpected(event);
        };
    }

    /**
     * {@code <SYSTEMNAME>|<linkedid>}; a reply without the bar (an older dialplan reading only SYSTEMNAME) is
     * the system name alone. An empty SYSTEMNAME keeps the peer-address key.
     */
    private IvrAction systemNamed(String value) {
        String system = value;
        if (value != null && value.lastIndexOf('|') >= 0) {
            int bar = value.lastIndexOf('|');
            system = value.substring(0, bar);
            String linked = value.substring(bar + 1).trim();
            draft.linkedId = linked.isEmpty() ? null : linked;
        }
        if (system != null && !system.isBlank()) {
            draft.asteriskSystem = system.trim();
        }
        try {
            hotline.starts.started(draft.callId(), draft.startedAt());
        } catch (RuntimeException e) {
            log.warn("event=call_start_not_noted call={} error=\"{}\"", draft.callId(), e.toString());
        }
        if (refusal != null) {
            return fail(refusal);
        }
        return await(State.ANSWERING, new IvrAction.Answer());
    }

    /**
     * A call whose AGI script names no flow: it is not answered, goes back to the dialplan's fallback with
     * HOTLINE_RESULT=error, and still leaves its one call record (outcome error), keyed like any other.
     */
    static IvrCall refused(Hotline hotline, FlowSet flows, CallInfo info) {
        String script = info.script() == null ? "-" : info.script();
        Flow none = new Flow(script, "-", "-", null, null, java.util.Map.of(), java.util.Map.of());
        IvrCall call = new IvrCall(hotline, flows, none, info);
        call.refusal = "no flow for AGI script " + (script.length() > 40 ? script.substring(0, 40) : script);
        return call;
    }

    private IvrAction answered() {
        draft.answeredAt = now();
        return goTo(flow.start());
    }

    // ---- moving through the flow; Menus, Inputs, Messages and Requests use these too

    /** A null target ends the branch normally; a name the flow lacks is our failure. */
    IvrAction goTo(String id) {
        if (id == null) {
            Prompt goodbye = shared("goodbye");
            return goodbye == null ? resultOk() : play(State.GOODBYE, goodbye);
        }
        Node next = flow.node(id);
        if (next == null) {
            return fail("unknown node " + id + " in flow " + flow.name());
        }
        return enter(next);
    }

    private IvrAction enter(Node next) {
        if (++silentHops > MAX_SILENT_HOPS) {
            return fail("loop without any prompt at node " + next.id() + " in flow " + flow.name());
        }
        node = next;
        failures = 0;
        draft.visited(flow, next, now());
        if (next instanceof PlayNode p) {
            return p.prompt() == null ? goTo(p.next()) : play(State.PLAYING, p.prompt());
        } else if (next instanceof MenuNode m) {
            return menus.enter(m);
        } else if (next instanceof InputNode) {
            return inputs.ask();
        } else if (next instanceof ServiceNode s) {
            return query(s);
        } else if (next instanceof TransferNode t) {
            return transfers.enter(t);
        } else if (next instanceof ReferNode r) {
            return r.prompt() == null ? setTransfer() : play(State.REFER_GREETING, r.prompt());
        } else if (next instanceof RecordNode r) {
            return messages.enter(r);
        } else if (next instanceof RequestNode r) {
            return requests.enter(r);
        } else if (next instanceof SurveyNode) {
            return askSurvey();
        } else if (next instanceof ScheduleNode s) {
            return schedule(s);
        } else if (next instanceof TagNode t) {
            return tag(t);
        } else if (next instanceof GotoNode g) {
            return jump(g);
        } else if (next instanceof HangupNode h) {
            return h.prompt() == null
                    ? await(State.HANGING_UP, new IvrAction.Hangup()) : play(State.FAREWELL, h.prompt());
        }
        return fail("node " + next.id() + " of unknown kind");
    }

    IvrAction await(State waiting, IvrAction action) {
        state = waiting;
        if (typedAhead != 0) {
            if (action instanceof IvrAction.Ask ask) {
                return answeredAhead(ask);
            } else if (interruptible(action)) {
                return step(PLAYED); // the caller has answered already: this prompt is cut as it starts
            } else if (action instanceof IvrAction.EnterQueue || action instanceof IvrAction.Record
                    || action instanceof IvrAction.Hangup) {
                typedAhead = 0; // no question comes before these: the key only cut a greeting
            }
        }
        return action;
    }

    IvrAction play(State waiting, Prompt prompt) {
        return await(waiting, new Play(prompt, prompt.escapeKeys()));
    }

    // ---- barge-in and type-ahead

    private IvrAction keyDuringPrompt(char key) {
        typedAhead = switch (state) {
            case PLAYING, NOTICE, SAYING, SERVICE_SORRY, REQUEST_GREETING, READING_BACK, SURVEY_THANKS -> key;
            default -> 0; // greetings of a queue, referral or recording, a farewell, our apology: no answer follows
        };
        return step(PLAYED);
    }

    /** The question {@code ask} was answered by the key held: one key answers it, or starts a longer answer. */
    private IvrAction answeredAhead(IvrAction.Ask ask) {
        char key = typedAhead;
        typedAhead = 0;
        if (ask.maxDigits() <= 1) {
            return step(new DigitsEntered(String.valueOf(key), false));
        } else if (key == '#') {
            return step(new DigitsEntered("", false)); // # ends an entry and is not part of it, as in GET DATA
        }
        firstKey = key;
        return new IvrAction.Ask(REST_OF_ENTRY, ask.timeout(), ask.maxDigits() - 1);
    }

    private static boolean interruptible(IvrAction action) {
        String escapes = action instanceof Play p ? p.escapeKeys()
                : action instanceof IvrAction.SayNumber n ? n.escapeKeys()
                : action instanceof IvrAction.SayDigits d ? d.escapeKeys() : "";
        return escapes != null && !escapes.isEmpty();
    }

    private IvrAction set(State waiting, String name, String value) {
        return await(waiting, new SetVariable(name, value));
    }

    Prompt shared(String name) {
        return flow.prompt(name);
    }

    String orAgent(String onFail) {
        return onFail != null ? onFail : flow.agent();
    }

    Instant now() {
        return hotline.clock.instant();
    }

    /** One more failed attempt at the current node: its notice plays, then the caller is asked again or given up on. */
    IvrAction retry(State again, Prompt notice, int allowed, String giveUpTarget, Exit whyGivingUp) {
        failures++;
        askAgain = again;
        giveUp = failures >= allowed;
        giveUpTo = giveUpTarget;
        giveUpExit = whyGivingUp;
        return notice == null ? noticePlayed() : play(State.NOTICE, notice);
    }

    private IvrAction noticePlayed() {
        if (giveUp) {
            draft.leaving(giveUpExit, null);
            return goTo(giveUpTo);
        }
        return switch (askAgain) {
            case MENU_ASKING -> menus.ask();
            case INPUT_ASKING -> inputs.ask();
            case CONFIRMING -> requests.askConfirm();
            case ENTERING_NUMBER -> requests.askNumber();
            case RECORD_GREETING -> messages.greet();
            default -> fail("nothing to ask again in " + askAgain);
        };
    }

    // ---- self-service

    private IvrAction query(ServiceNode s) {
        CitizenId citizen = inputs.citizen(s.citizen());
        if (s.citizen() != null && citizen == null) {
            return fail("node " + s.id() + ": no citizen id saved as " + s.citizen());
        }
        SelfService selfService = hotline.selfService;
        return await(State.QUERYING, new IvrAction.Work("self_service:" + s.service(),
                () -> new WorkDone(selfService.answer(s.service(), citizen))));
    }

    private IvrAction answered(ServiceAnswer answer) {
        ServiceNode s = (ServiceNode) node;
        draft.served(s.service(), answer.found());
        if (!answer.found()) {
            return goTo(s.onNotFound());
        }
        draft.selfServed = true;
        draft.leaving(Exit.SELF_SERVICE, null);
        return say(Speech.of(s.say(), answer), s.next());
    }

    private IvrAction say(Deque<IvrAction> actions, String next) {
        saying = actions;
        afterSaying = next;
        return sayNext();
    }

    private IvrAction sayNext() {
        IvrAction next = saying.poll();
        return next == null ? goTo(afterSaying) : await(State.SAYING, next);
    }

    /** A service that names onError sends the caller there after the apology; other work failures end the call. */
    private IvrAction workFailed(String reason) {
        if (state == State.QUERYING) {
            draft.served(((ServiceNode) node).service(), false);
        }
        if (state == State.QUERYING && ((ServiceNode) node).onError() != null) {
            draft.failed(reason);
            draft.leaving(Exit.ERROR, null);
            Prompt sorry = shared("sorry");
            return sorry == null ? goTo(((ServiceNode) node).onError()) : play(State.SERVICE_SORRY, sorry);
        }
        return fail(reason);
    }

    // ---- referral

    private IvrAction setTransfer() {
        return set(State.SETTING_TRANSFER, "HOTLINE_TRANSFER", ((ReferNode) node).target());
    }

    private IvrAction transferred() {
        draft.transferred = true;
        draft.leaving(Exit.END, null);
        return endedBy(HungUpBy.IVR);
    }

    // ---- survey, schedule, tag, goto

    private IvrAction askSurvey() {
        SurveyNode s = (SurveyNode) node;
        draft.surveyOffered = true;
        return await(State.SURVEY_ASKING, new IvrAction.Ask(s.prompt(), s.timeout(), 1));
    }

    private IvrAction surveyKey(String digits) {
        SurveyNode s = (SurveyNode) node;
        if (digits.length() == 1 && digits.charAt(0) >= '1' && digits.charAt(0) <= '5') {
            draft.surveyScore = digits.charAt(0) - '0';
            draft.leaving(Exit.KEY, digits.substring(0, 1));
            return s.thanks() == null ? goTo(s.next()) : play(State.SURVEY_THANKS, s.thanks());
        }
        if (++failures < SURVEY_ATTEMPTS) {
            return askSurvey();
        }
        draft.leaving(digits.isEmpty() ? Exit.TIMEOUT : Exit.INVALID, null);
        return goTo(s.next());
    }

    // WorkingHours is immutable data in the FlowSet: asking it is pure, so it needs no Work.
    private IvrAction schedule(ScheduleNode s) {
        if (flows.hours() == null) {
            return fail("node " + s.id() + ": no working hours loaded");
        }
        boolean open = flows.hours().isOpen(s.schedule(), now());
        if (!open) {
            draft.afterHours = true;
        }
        return goTo(open ? s.open() : s.closed());
    }

    private IvrAction tag(TagNode t) {
        Deque<IvrAction> sets = new ArrayDeque<>();
        if (t.topic() != null) {
            draft.tagged(t.topic());
            sets.add(new SetVariable("HOTLINE_TOPIC", t.topic()));
        }
        if (t.variables() != null) {
            new TreeMap<>(t.variables()).forEach((name, value) -> sets.add(new SetVariable(name, value)));
        }
        return say(sets, t.next());
    }

    private IvrAction jump(GotoNode g) {
        Flow target = flows.flow(g.flow());
        if (target == null) {
            return fail("node " + g.id() + ": no flow " + g.flow());
        }
        flow = target;
        draft.leaving(Exit.GOTO, null);
        return goTo(g.node() != null ? g.node() : target.start());
    }

    // ---- the end

    IvrAction resultOk() {
        return set(State.SETTING_OK, RESULT, "ok");
    }

    IvrAction endedBy(HungUpBy who) {
        draft.endedBy(who);
        return end();
    }

    private IvrAction unexpected(IvrEvent event) {
        // The class name only: a DigitsEntered carries what the caller typed.
        return fail("unexpected " + event.getClass().getSimpleName() + " in " + state);
    }

    /** Our failure: an apology, HOTLINE_RESULT=error for the dialplan's fallback, End. A second one ends at once. */
    IvrAction fail(String reason) {
        if (failing) {
            return end();
        }
        failing = true;
        draft.failed(reason);
        draft.leavingUnlessDecided(Exit.ERROR);
        draft.endedBy(HungUpBy.SYSTEM);
        Prompt sorry = shared("sorry");
        return sorry == null ? set(State.SETTING_ERROR, RESULT, "error") : play(State.SORRY, sorry);
    }

    private IvrAction end() {
        state = State.ENDED;
        CallRecord record = draft.build(now());
        try {
            hotline.records.accept(record);
        } catch (RuntimeException e) {
            log.error("event=record_lost call={}", record.callId(), e);
        }
        return END;
    }
}
