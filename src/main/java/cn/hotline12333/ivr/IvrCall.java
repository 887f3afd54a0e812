package cn.hotline12333.ivr;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecord.HungUpBy;
import cn.hotline12333.ivr.IvrAction.Answer;
import cn.hotline12333.ivr.IvrAction.Ask;
import cn.hotline12333.ivr.IvrAction.EnterQueue;
import cn.hotline12333.ivr.IvrAction.Hangup;
import cn.hotline12333.ivr.IvrAction.Play;
import cn.hotline12333.ivr.IvrAction.ReadVariable;
import cn.hotline12333.ivr.IvrAction.Record;
import cn.hotline12333.ivr.IvrAction.SayDigits;
import cn.hotline12333.ivr.IvrAction.SetVariable;
import cn.hotline12333.ivr.IvrAction.Work;
import cn.hotline12333.ivr.IvrEvent.CallerHungUp;
import cn.hotline12333.ivr.IvrEvent.CommandFailed;
import cn.hotline12333.ivr.IvrEvent.DigitsEntered;
import cn.hotline12333.ivr.IvrEvent.Done;
import cn.hotline12333.ivr.IvrEvent.PromptPlayed;
import cn.hotline12333.ivr.IvrEvent.QueueLeft;
import cn.hotline12333.ivr.IvrEvent.RecordingFinished;
import cn.hotline12333.ivr.IvrEvent.VariableRead;
import cn.hotline12333.ivr.IvrEvent.WorkDone;
import cn.hotline12333.ivr.IvrEvent.WorkFailed;
import cn.hotline12333.ivr.IvrEvent.WorkRejected;
import cn.hotline12333.ivr.Node.GotoNode;
import cn.hotline12333.ivr.Node.HangupNode;
import cn.hotline12333.ivr.Node.InputKind;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call walking a flow: a state machine driven by events. Not thread-safe by design: the agi side calls it
 * only from the call's own event loop thread (DRIVER.md), so no field here needs a lock or volatile. It does
 * no I/O itself; blocking work leaves as {@link IvrAction.Work} and comes back as an event.
 *
 * <p>Each state names the one action outstanding. Entering a node picks that node's first state; schedule,
 * goto and a tag with nothing to set act at once and enter the next node.
 * <pre>
 * start() --ReadVariable--> READING_SYSTEM --VariableRead--> ANSWERING --Done--> enter(start node)
 *
 * play      PLAYING --------------------------------------------------------------> next
 * menu      MENU_ASKING --option / 0--> that node     9 or * at the top: ask again     * --> previous menu
 *               '--no key, bad key--> NOTICE --> MENU_ASKING, or onFail after `retries`
 * input     INPUT_ASKING --valid--> next   --invalid--> NOTICE --> INPUT_ASKING | onFail
 *               '--PIN--> CHECKING_PIN --ACCEPTED--> next, WRONG--> NOTICE, LOCKED--> onLocked
 * service   QUERYING --found--> SAYING (one say item per event) --> next
 *               |--not found--> onNotFound     '--work failed--> SERVICE_SORRY --> onError (or the error path)
 * transfer  QUEUE_GREETING --> QUEUEING --QueueLeft--> onAnswered | onTimeout | onUnavailable | End (caller gone)
 * refer     REFER_GREETING --> SETTING_TRANSFER --> SETTING_TRANSFER_RESULT --> End
 * record    RECORD_GREETING --> RECORDING --endpos > 0--> SAVING_MESSAGE --> next
 *                                   '--nothing recorded--> NOTICE --> RECORD_GREETING once, then next
 * request   REQUEST_GREETING --> READING_BACK --> CONFIRMING --1--> SAVING_REQUEST --> next
 *               '--caller number unknown, or 2--> ENTERING_NUMBER --valid--^
 * survey    SURVEY_ASKING --1..5--> SURVEY_THANKS --> next       (other key, no key: ask once more)
 * tag       SAYING (SET VARIABLE each) --> next
 * hangup    FAREWELL --> HANGING_UP --> End
 *
 * no next node          GOODBYE --> SETTING_OK --> End
 * our failure           SORRY --> SETTING_ERROR --> End      (a second failure: End at once)
 * CallerHungUp, any state --> End                             End: the record goes out once; ENDED for ever
 * </pre>
 */
public final class IvrCall {
    private static final Logger log = LoggerFactory.getLogger(IvrCall.class);
    private static final IvrAction END = new IvrAction.End();
    static final String RESULT = "HOTLINE_RESULT";
    static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);
    static final Duration NUMBER_TIMEOUT = Duration.ofSeconds(10);
    static final int REQUEST_ATTEMPTS = 3;
    static final int RECORD_ATTEMPTS = 2;
    static final int SURVEY_ATTEMPTS = 2;
    // Shared prompts a request node asks with; until every flow file carries them, the engine has its own.
    static final Prompt CONFIRM_NUMBER = new Prompt("确认这个号码请按1，换一个号码请按2。", "hotline/confirm_number");
    static final Prompt ENTER_NUMBER = new Prompt("请输入手机号码，或带区号的固定电话号码，以井号键结束。", "hotline/enter_number");
    // Nodes entered in one step without any action between them: only a loop in the flow gets this far.
    private static final int MAX_SILENT_HOPS = 100;

    private enum State {
        NEW, READING_SYSTEM, ANSWERING, PLAYING, MENU_ASKING, NOTICE, INPUT_ASKING, CHECKING_PIN, QUERYING,
        SERVICE_SORRY, SAYING, QUEUE_GREETING, QUEUEING, REFER_GREETING, SETTING_TRANSFER,
        SETTING_TRANSFER_RESULT, RECORD_GREETING, RECORDING, SAVING_MESSAGE, REQUEST_GREETING, READING_BACK,
        CONFIRMING, ENTERING_NUMBER, SAVING_REQUEST, SURVEY_ASKING, SURVEY_THANKS, FAREWELL, HANGING_UP,
        GOODBYE, SETTING_OK, SORRY, SETTING_ERROR, ENDED
    }

    private final Hotline hotline;
    private final FlowSet flows;
    private final CallInfo info;
    private final RecordDraft draft;
    private final Map<String, Object> saved = new HashMap<>();
    private final MenuTrail menus = new MenuTrail();

    private State state = State.NEW;
    private Flow flow;
    private Node node;
    private int failures;
    private int silentHops;
    private boolean failing;
    // What NOTICE goes back to once its prompt has played, or where it gives up to.
    private State askAgain;
    private boolean giveUp;
    private String giveUpTo;
    // SAYING: the actions still to send, then the node after them.
    private Deque<IvrAction> saying = new ArrayDeque<>();
    private String afterSaying;
    private String pin;
    private Instant queuedAt;
    private String recording;
    private int recordAttempts;
    private String requestNumber;

    IvrCall(Hotline hotline, FlowSet flows, Flow flow, CallInfo info) {
        this.hotline = hotline;
        this.flows = flows;
        this.flow = flow;
        this.info = info;
        this.draft = new RecordDraft(info, hotline.serverNode, flow, hotline.clock.instant());
        draft.asteriskSystem = "asterisk@" + info.asteriskHost();
    }

    /** The first action of the call. */
    public IvrAction start() {
        if (state != State.NEW) {
            throw new IllegalStateException("call " + draft.callId() + " already started");
        }
        state = State.READING_SYSTEM;
        return new ReadVariable("${SYSTEMNAME}");
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
            // Our bug (or one in a service asked on the loop): logged once here, and the call still gets its record.
            log.error("event=ivr_bug call={} state={} node={}", draft.callId(), state, node == null ? "-" : node.id(), e);
            return state == State.ENDED ? END : fail("bug: " + e.getClass().getSimpleName());
        }
    }

    private IvrAction step(IvrEvent event) {
        if (event instanceof CallerHungUp) {
            draft.endedBy(failing ? HungUpBy.SYSTEM : HungUpBy.CALLER);
            return end();
        } else if (event instanceof CommandFailed f) {
            return fail(f.reason());
        } else if (event instanceof WorkRejected r) {
            return workFailed("work rejected: " + r.name());
        } else if (event instanceof WorkFailed f) {
            return workFailed("work failed: " + f.name() + ": " + f.reason());
        }
        boolean played = event instanceof PromptPlayed;
        boolean done = event instanceof Done;
        return switch (state) {
            case READING_SYSTEM -> event instanceof VariableRead v ? systemNamed(v.value()) : unexpected(event);
            case ANSWERING -> done ? answered() : unexpected(event);
            case PLAYING -> played ? goTo(((PlayNode) node).next()) : unexpected(event);
            case MENU_ASKING -> event instanceof DigitsEntered d ? menuKey(d.digits()) : unexpected(event);
            case NOTICE -> played ? noticePlayed() : unexpected(event);
            case INPUT_ASKING -> event instanceof DigitsEntered d ? inputKeyed(d.digits()) : unexpected(event);
            case CHECKING_PIN -> event instanceof WorkDone w && w.result() instanceof Verdict v
                    ? pinChecked(v) : unexpected(event);
            case QUERYING -> event instanceof WorkDone w && w.result() instanceof ServiceAnswer a
                    ? serviceAnswered(a) : unexpected(event);
            case SERVICE_SORRY -> played ? goTo(((ServiceNode) node).onError()) : unexpected(event);
            case SAYING -> played || done ? sayNext() : unexpected(event);
            case QUEUE_GREETING -> played ? enterQueue() : unexpected(event);
            case QUEUEING -> event instanceof QueueLeft q ? queueLeft(q) : unexpected(event);
            case REFER_GREETING -> played ? setTransfer() : unexpected(event);
            case SETTING_TRANSFER -> done ? set(State.SETTING_TRANSFER_RESULT, RESULT, "transfer") : unexpected(event);
            case SETTING_TRANSFER_RESULT -> done ? transferred() : unexpected(event);
            case RECORD_GREETING -> played ? startRecording() : unexpected(event);
            case RECORDING -> event instanceof RecordingFinished r ? recordingFinished(r.endpos()) : unexpected(event);
            case SAVING_MESSAGE -> event instanceof WorkDone ? messageSaved() : unexpected(event);
            case REQUEST_GREETING -> played ? readBackOrAsk() : unexpected(event);
            case READING_BACK -> done ? askConfirm() : unexpected(event);
            case CONFIRMING -> event instanceof DigitsEntered d ? confirmKey(d.digits()) : unexpected(event);
            case ENTERING_NUMBER -> event instanceof DigitsEntered d ? numberKeyed(d.digits()) : unexpected(event);
            case SAVING_REQUEST -> event instanceof WorkDone ? requestSaved() : unexpected(event);
            case SURVEY_ASKING -> event instanceof DigitsEntered d ? surveyKey(d.digits()) : unexpected(event);
            case SURVEY_THANKS -> played ? goTo(((SurveyNode) node).next()) : unexpected(event);
            case FAREWELL -> played ? hangUp() : unexpected(event);
            case HANGING_UP -> done ? endedByIvr() : unexpected(event);
            case GOODBYE -> played ? set(State.SETTING_OK, RESULT, "ok") : unexpected(event);
            case SETTING_OK -> done ? endedByIvr() : unexpected(event);
            case SORRY -> played ? set(State.SETTING_ERROR, RESULT, "error") : unexpected(event);
            case SETTING_ERROR -> done ? end() : unexpected(event);
            case NEW, ENDED -> unexpected(event);
        };
    }

    private IvrAction systemNamed(String system) {
        if (system != null && !system.isBlank()) {
            draft.asteriskSystem = system.trim();
        }
        state = State.ANSWERING;
        return new Answer();
    }

    private IvrAction answered() {
        draft.answeredAt = hotline.clock.instant();
        return goTo(flow.start());
    }

    // ---- moving between nodes

    /** A null target ends the branch normally; a name the flow lacks is our failure. */
    private IvrAction goTo(String id) {
        if (id == null) {
            return endOfBranch();
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
        draft.visited(flow, next, hotline.clock.instant());
        if (next instanceof PlayNode p) {
            return play(State.PLAYING, p.prompt());
        } else if (next instanceof MenuNode m) {
            menus.entered(flow.name(), m.id());
            return askMenu();
        } else if (next instanceof InputNode i) {
            return askInput();
        } else if (next instanceof ServiceNode s) {
            return query(s);
        } else if (next instanceof TransferNode t) {
            draft.selfServed = false; // the caller asked for an agent after the answer: it did not serve them
            return t.prompt() == null ? enterQueue() : play(State.QUEUE_GREETING, t.prompt());
        } else if (next instanceof ReferNode r) {
            return r.prompt() == null ? setTransfer() : play(State.REFER_GREETING, r.prompt());
        } else if (next instanceof RecordNode r) {
            recordAttempts = 0;
            recording = "hotline-msg/" + info.uniqueId().replace('.', '-') + "-" + r.id();
            return greetRecording();
        } else if (next instanceof RequestNode r) {
            requestNumber = Keyed.isPhone(info.callerId()) ? info.callerId() : null;
            return r.prompt() == null ? readBackOrAsk() : play(State.REQUEST_GREETING, r.prompt());
        } else if (next instanceof SurveyNode) {
            return askSurvey();
        } else if (next instanceof ScheduleNode s) {
            return schedule(s);
        } else if (next instanceof TagNode t) {
            return tag(t);
        } else if (next instanceof GotoNode g) {
            return jump(g);
        } else if (next instanceof HangupNode h) {
            return h.prompt() == null ? hangUp() : play(State.FAREWELL, h.prompt());
        }
        return fail("node " + next.id() + " of unknown kind");
    }

    private IvrAction play(State waiting, Prompt prompt) {
        state = waiting;
        return new Play(prompt, "");
    }

    private IvrAction set(State waiting, String name, String value) {
        state = waiting;
        return new SetVariable(name, value);
    }

    private Prompt shared(String name) {
        return flow.prompt(name);
    }

    // ---- menu

    private IvrAction askMenu() {
        MenuNode m = (MenuNode) node;
        state = State.MENU_ASKING;
        return new Ask(m.prompt(), m.timeout(), 1);
    }

    private IvrAction menuKey(String digits) {
        MenuNode m = (MenuNode) node;
        if (digits.isEmpty()) {
            return failed(State.MENU_ASKING, shared("no_input"), m.retries(), orAgent(m.onFail()));
        }
        String key = digits.substring(0, 1);
        String target = m.options().get(key);
        if (target != null) {
            return goTo(target);
        } else if (key.equals("9")) {
            return askMenu();
        } else if (key.equals("*")) {
            MenuTrail.Place previous = menus.back();
            if (previous == null) {
                return askMenu();
            }
            flow = flows.flow(previous.flow());
            return goTo(previous.menu());
        } else if (key.equals("0") && flow.agent() != null) {
            return goTo(flow.agent());
        }
        Prompt invalid = m.invalid() != null ? m.invalid() : shared("invalid");
        return failed(State.MENU_ASKING, invalid, m.retries(), orAgent(m.onFail()));
    }

    private String orAgent(String onFail) {
        return onFail != null ? onFail : flow.agent();
    }

    /** One more failed attempt: the notice plays, then the caller is asked again or given up on. */
    private IvrAction failed(State again, Prompt notice, int allowed, String giveUpTarget) {
        failures++;
        askAgain = again;
        giveUp = failures >= allowed;
        giveUpTo = giveUpTarget;
        return notice == null ? noticePlayed() : play(State.NOTICE, notice);
    }

    private IvrAction noticePlayed() {
        if (giveUp) {
            return goTo(giveUpTo);
        }
        return switch (askAgain) {
            case MENU_ASKING -> askMenu();
            case INPUT_ASKING -> askInput();
            case CONFIRMING -> askConfirm();
            case ENTERING_NUMBER -> askNumber();
            case RECORD_GREETING -> greetRecording();
            default -> fail("nothing to ask again in " + askAgain);
        };
    }

    // ---- input

    private IvrAction askInput() {
        InputNode i = (InputNode) node;
        state = State.INPUT_ASKING;
        return new Ask(i.prompt(), i.timeout(), i.maxDigits());
    }

    private IvrAction inputKeyed(String keyed) {
        InputNode i = (InputNode) node;
        if (keyed.isEmpty()) {
            return inputFailed(shared("no_input"));
        }
        Object value = switch (i.kind()) {
            case CITIZEN_ID -> CitizenId.parse(keyed);
            case PHONE -> Keyed.isPhone(keyed) ? keyed : null;
            case PIN -> Keyed.isPin(keyed) ? keyed : null;
            case DIGITS -> keyed;
        };
        if (value == null) {
            draft.keyed(i, i.kind(), keyed, false);
            return inputFailed(i.invalid() != null ? i.invalid() : shared("invalid"));
        }
        if (i.kind() == InputKind.PIN) {
            return checkPin(i, keyed);
        }
        draft.keyed(i, i.kind(), keyed, true);
        if (i.saveAs() != null) {
            saved.put(i.saveAs(), value);
        }
        return goTo(i.next());
    }

    private IvrAction inputFailed(Prompt notice) {
        InputNode i = (InputNode) node;
        return failed(State.INPUT_ASKING, notice, i.retries(), orAgent(i.onFail()));
    }

    private IvrAction checkPin(InputNode i, String keyed) {
        if (!(saved.get(i.verifies()) instanceof CitizenId citizen)) {
            return fail("node " + i.id() + ": no citizen id saved as " + i.verifies());
        }
        PinGuard pins = hotline.pins;
        pin = keyed;
        state = State.CHECKING_PIN;
        return new Work("pin_check", () -> new WorkDone(pins.check(citizen, keyed)));
    }

    // A PIN is checked and recorded masked, never kept in the call.
    private IvrAction pinChecked(Verdict verdict) {
        InputNode i = (InputNode) node;
        draft.keyed(i, InputKind.PIN, pin, verdict == Verdict.ACCEPTED);
        pin = null;
        return switch (verdict) {
            case ACCEPTED -> goTo(i.next());
            case WRONG -> inputFailed(i.invalid() != null ? i.invalid() : shared("invalid"));
            case LOCKED -> goTo(i.onLocked() != null ? i.onLocked() : orAgent(i.onFail()));
        };
    }

    // ---- self-service

    private IvrAction query(ServiceNode s) {
        Object citizen = s.citizen() == null ? null : saved.get(s.citizen());
        if (s.citizen() != null && !(citizen instanceof CitizenId)) {
            return fail("node " + s.id() + ": no citizen id saved as " + s.citizen());
        }
        SelfService selfService = hotline.selfService;
        state = State.QUERYING;
        return new Work("self_service:" + s.service(),
                () -> new WorkDone(selfService.answer(s.service(), (CitizenId) citizen)));
    }

    private IvrAction serviceAnswered(ServiceAnswer answer) {
        ServiceNode s = (ServiceNode) node;
        if (!answer.found()) {
            return goTo(s.onNotFound());
        }
        draft.selfServed = true;
        return say(Speech.of(s.say(), answer), s.next());
    }

    private IvrAction say(Deque<IvrAction> actions, String next) {
        saying = actions;
        afterSaying = next;
        return sayNext();
    }

    private IvrAction sayNext() {
        IvrAction next = saying.poll();
        if (next == null) {
            return goTo(afterSaying);
        }
        state = State.SAYING;
        return next;
    }

    /** A service that names onError sends the caller there after the apology; any other work failure ends the call. */
    private IvrAction workFailed(String reason) {
        if (state == State.QUERYING && ((ServiceNode) node).onError() != null) {
            draft.failed(reason);
            Prompt sorry = shared("sorry");
            return sorry == null ? goTo(((ServiceNode) node).onError()) : play(State.SERVICE_SORRY, sorry);
        }
        return fail(reason);
    }

    // ---- transfer and referral

    private IvrAction enterQueue() {
        TransferNode t = (TransferNode) node;
        queuedAt = hotline.clock.instant();
        state = State.QUEUEING;
        return new EnterQueue(t.queue(), t.timeout());
    }

    private IvrAction queueLeft(QueueLeft left) {
        TransferNode t = (TransferNode) node;
        draft.queue = t.queue();
        draft.queueWaitMs = left.waitMs() != null ? left.waitMs()
                : Duration.between(queuedAt, hotline.clock.instant()).toMillis();
        draft.queueStatus = left.status();
        if (left.agentAnswered()) {
            draft.agentAnswered = true;
            if (left.callerHungUp()) {
                return callerGone();
            }
            // After a conversation there is nothing to say goodbye for: the survey, or back to the dialplan.
            return t.onAnswered() == null ? set(State.SETTING_OK, RESULT, "ok") : goTo(t.onAnswered());
        } else if (left.callerHungUp()) {
            // Asterisk leaves QUEUESTATUS unset when the caller gives up: transcript queue-abandon.txt
            draft.queueAbandoned = true;
            draft.queueStatus = "ABANDONED";
            return callerGone();
        } else if ("TIMEOUT".equals(left.status())) {
            return goTo(t.onTimeout());
        }
        return goTo(t.onUnavailable());
    }

    private IvrAction callerGone() {
        draft.endedBy(HungUpBy.CALLER);
        return end();
    }

    private IvrAction setTransfer() {
        return set(State.SETTING_TRANSFER, "HOTLINE_TRANSFER", ((ReferNode) node).target());
    }

    private IvrAction transferred() {
        draft.transferred = true;
        return endedByIvr();
    }

    // ---- recorded message

    private IvrAction greetRecording() {
        Prompt prompt = ((RecordNode) node).prompt();
        return prompt == null ? startRecording() : play(State.RECORD_GREETING, prompt);
    }

    private IvrAction startRecording() {
        RecordNode r = (RecordNode) node;
        recordAttempts++;
        state = State.RECORDING;
        return new Record(recording, "wav", r.maxLength(), r.silence());
    }

    /** endpos above 0 is a message, also when the caller hung up while speaking (result=-1 endpos=N). */
    private IvrAction recordingFinished(long endpos) {
        RecordNode r = (RecordNode) node;
        if (endpos > 0) {
            CallerRequests requests = hotline.requests;
            String mailbox = r.mailbox();
            String callId = draft.callId();
            String caller = info.callerId();
            String file = recording;
            var at = RecordDraft.at(hotline.clock.instant());
            state = State.SAVING_MESSAGE;
            return new Work("message_left", () -> {
                requests.messageLeft(mailbox, callId, caller, file, at);
                return new WorkDone(file);
            });
        } else if (recordAttempts < RECORD_ATTEMPTS) {
            return failed(State.RECORD_GREETING, shared("no_input"), RECORD_ATTEMPTS, r.next());
        }
        return goTo(r.next());
    }

    private IvrAction messageSaved() {
        draft.messageLeft = true;
        return goTo(((RecordNode) node).next());
    }

    // ---- callback and SMS requests

    private IvrAction readBackOrAsk() {
        if (requestNumber == null) {
            return askNumber();
        }
        state = State.READING_BACK;
        return new SayDigits(requestNumber);
    }

    private IvrAction askConfirm() {
        state = State.CONFIRMING;
        return new Ask(sharedOr("confirm_number", CONFIRM_NUMBER), CONFIRM_TIMEOUT, 1);
    }

    private IvrAction askNumber() {
        state = State.ENTERING_NUMBER;
        return new Ask(sharedOr("enter_number", ENTER_NUMBER), NUMBER_TIMEOUT, 12);
    }

    private Prompt sharedOr(String name, Prompt fallback) {
        Prompt prompt = shared(name);
        return prompt != null ? prompt : fallback;
    }

    private IvrAction confirmKey(String digits) {
        if (digits.startsWith("1")) {
            return saveRequest(requestNumber);
        } else if (digits.startsWith("2")) {
            return askNumber();
        }
        return requestFailed(State.CONFIRMING, digits);
    }

    private IvrAction numberKeyed(String digits) {
        RequestNode r = (RequestNode) node;
        if (!digits.isEmpty()) {
            draft.keyed(r, InputKind.PHONE, digits, Keyed.isPhone(digits));
        }
        return Keyed.isPhone(digits) ? saveRequest(digits) : requestFailed(State.ENTERING_NUMBER, digits);
    }

    private IvrAction requestFailed(State again, String digits) {
        Prompt notice = digits.isEmpty() ? shared("no_input") : shared("invalid");
        return failed(again, notice, REQUEST_ATTEMPTS, ((RequestNode) node).next());
    }

    private IvrAction saveRequest(String number) {
        RequestNode r = (RequestNode) node;
        CallerRequests requests = hotline.requests;
        String callId = draft.callId();
        var at = RecordDraft.at(hotline.clock.instant());
        state = State.SAVING_REQUEST;
        return new Work("request:" + r.kind(), () -> {
            requests.requested(r.kind(), r.queue(), callId, number, at);
            return new WorkDone(r.kind());
        });
    }

    /** A callback is an outcome of its own; an SMS link is the caller served by themselves. */
    private IvrAction requestSaved() {
        RequestNode r = (RequestNode) node;
        if ("callback".equals(r.kind())) {
            draft.callbackRequested = true;
        } else {
            draft.selfServed = true;
        }
        return goTo(r.next());
    }

    // ---- survey, schedule, tag, goto, hangup

    private IvrAction askSurvey() {
        SurveyNode s = (SurveyNode) node;
        state = State.SURVEY_ASKING;
        return new Ask(s.prompt(), s.timeout(), 1);
    }

    private IvrAction surveyKey(String digits) {
        SurveyNode s = (SurveyNode) node;
        if (digits.length() == 1 && digits.charAt(0) >= '1' && digits.charAt(0) <= '5') {
            draft.surveyScore = digits.charAt(0) - '0';
            return s.thanks() == null ? goTo(s.next()) : play(State.SURVEY_THANKS, s.thanks());
        }
        return ++failures < SURVEY_ATTEMPTS ? askSurvey() : goTo(s.next());
    }

    // WorkingHours is immutable data in the FlowSet: asking it is pure, so no Work is needed.
    private IvrAction schedule(ScheduleNode s) {
        if (flows.hours() == null) {
            return fail("node " + s.id() + ": no working hours loaded");
        }
        boolean open = flows.hours().isOpen(s.schedule(), hotline.clock.instant());
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
        return goTo(g.node() != null ? g.node() : target.start());
    }

    private IvrAction hangUp() {
        state = State.HANGING_UP;
        return new Hangup();
    }

    // ---- the end

    private IvrAction endOfBranch() {
        Prompt goodbye = shared("goodbye");
        return goodbye == null ? set(State.SETTING_OK, RESULT, "ok") : play(State.GOODBYE, goodbye);
    }

    private IvrAction endedByIvr() {
        draft.endedBy(HungUpBy.IVR);
        return end();
    }

    private IvrAction unexpected(IvrEvent event) {
        // The class name only: a DigitsEntered carries what the caller typed.
        return fail("unexpected " + event.getClass().getSimpleName() + " in " + state);
    }

    /** Our failure: an apology, HOTLINE_RESULT=error for the dialplan's fallback, End. A second one ends at once. */
    private IvrAction fail(String reason) {
        if (failing) {
            return end();
        }
        failing = true;
        draft.failed(reason);
        draft.endedBy(HungUpBy.SYSTEM);
        Prompt sorry = shared("sorry");
        return sorry == null ? set(State.SETTING_ERROR, RESULT, "error") : play(State.SORRY, sorry);
    }

    private IvrAction end() {
        state = State.ENDED;
        CallRecord record = draft.build(hotline.clock.instant());
        try {
            hotline.records.accept(record);
        } catch (RuntimeException e) {
            log.error("event=record_lost call={}", record.callId(), e);
        }
        return END;
    }
}
