package cn.hotline12333.bench;

import cn.hotline12333.ivr.CallerRequests;
import cn.hotline12333.ivr.CitizenId;
import cn.hotline12333.ivr.PinGuard;
import cn.hotline12333.ivr.PinGuard.Verdict;
import cn.hotline12333.ivr.SelfService;
import cn.hotline12333.ivr.ServiceAnswer;
import cn.hotline12333.store.Redis;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.reply.AgiReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;

/**
 * The benchmark's yardstick: ivr-flows/hotline.yaml written by hand as an Asterisk-Java AgiScript, which
 * DefaultAgiServer runs on one pooled thread per call, blocking on every reply and on Redis. For the paths
 * the load takes ({@link CallPath}) it sends the same commands with the same sound names as our server and
 * does the same Redis work (SelfService, PinGuard, CallerRequests, and one stream entry per call standing in
 * for our call record). Branches no benchmark caller takes (unemployment, work injury, maternity, personnel,
 * the deaf service) go to the agent; working hours are taken as open, as the benchmark's clock says.
 */
final class ReferenceScript implements AgiScript {

    private static final Logger log = LoggerFactory.getLogger(ReferenceScript.class);
    private static final String QUEUE_OUTCOME = "${QUEUESTATUS}:${QUEUEWAIT_MS}:${ANSWEREDTIME_MS}";
    private static final String ASK_CITIZEN_ID = "hotline/hotline-ask-citizen-id";
    private static final String ASK_PIN = "hotline/hotline-ask-pin";

    /** Where a node sends the caller: nowhere (the call is over), back to the menu that led there, or to main. */
    enum Step { END, BACK, MAIN }

    /** What a menu does with a key: {@code *}, {@code 0} without a mapping, and giving up are handled around it. */
    private interface Branch {
        Step on(char key) throws AgiException, ReferenceCall.CallerGone;
    }

    /** The node a tag leads to. */
    private interface Next {
        Step enter() throws AgiException, ReferenceCall.CallerGone;
    }

    private final Redis redis;
    private final SelfService selfService;
    private final PinGuard pins;
    private final CallerRequests requests;
    private final Clock clock;

    ReferenceScript(Redis redis, Clock clock) {
        this.redis = redis;
        this.selfService = new SelfService(redis, clock);
        this.pins = new PinGuard(redis);
        this.requests = new CallerRequests(redis);
        this.clock = clock;
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) {
        if (request.getChannel() == null) {
            return; // the launcher's port probe, not a call
        }
        Call call = new Call(request, channel);
        try {
            call.walk();
        } catch (AgiHangupException | ReferenceCall.CallerGone e) {
            call.hungUp = true;
        } catch (AgiException | RuntimeException e) {
            log.warn("event=reference_call_failed call={}", call.uniqueId, e);
            call.outcome = "error";
            try {
                channel.setVariable("HOTLINE_RESULT", "error");
            } catch (AgiException ignored) {
                // the channel is gone; the dialplan's fallback takes the caller anyway
            }
        }
        redis.jedis().xadd("reference:calls", StreamEntryID.NEW_ENTRY, Map.of("call_id", call.uniqueId,
                "topic", call.topic, "outcome", call.outcome, "hung_up", String.valueOf(call.hungUp)));
    }

    private final class Call extends ReferenceCall {
        String outcome = "caller_hung_up";
        String topic = "";
        boolean hungUp;

        Call(AgiRequest request, AgiChannel channel) {
            super(request, channel);
        }

        void walk() throws AgiException, CallerGone {
            channel.getFullVariable("${SYSTEMNAME}");
            channel.answer();
            play("welcome");
            for (int asks = 0; asks < MAX_ASKS; asks++) {
                char key = menu("main", 6000, "12345678");
                Step step = switch (key) {
                    case '1' -> insurance();
                    case '2' -> tag("card", this::card);
                    case '3' -> tag("employment", () -> submenu("employment", "123", k -> information(
                            k == '1' ? "employment_registration" : k == '2' ? "startup_support" : "skills_training")));
                    case '4' -> tag("labour", this::labour);
                    case '6' -> tag("retirement", this::retirement);
                    case '8' -> tag("medical_referral", this::refer);
                    case '*' -> Step.BACK; // at the top: ask again
                    default -> agent("agent", CallPath.QUEUE_GENERAL);
                };
                if (step == Step.END) {
                    return;
                }
            }
            goodbye();
        }

        private Step tag(String value, Next next) throws AgiException, CallerGone {
            topic = value;
            channel.setVariable("HOTLINE_TOPIC", value);
            return next.enter();
        }

        /** A submenu: {@code *} goes back, {@code 0} and giving up go to the agent unless the branch maps 0. */
        private Step submenu(String node, String options, Branch branch) throws AgiException, CallerGone {
            for (int asks = 0; asks < MAX_ASKS; asks++) {
                char key = menu(node, 5000, options);
                if (key == '*') {
                    return Step.BACK;
                }
                Step step = key == GAVE_UP || (key == '0' && options.indexOf('0') < 0)
                        ? agent("agent", CallPath.QUEUE_GENERAL) : branch.on(key);
                if (step != Step.BACK) {
                    return step;
                }
            }
            return goodbye();
        }

        private Step information(String node) throws AgiException, CallerGone {
            play(node);
            return Step.BACK;
        }

        private Step insurance() throws AgiException, CallerGone {
            return submenu("insurance", "12345", key -> switch (key) {
                case '1' -> tag("pension", () -> submenu("pension", "120", k -> switch (k) {
                    case '1' -> selfServe("pension_payment");
                    case '2' -> information("pension_certification");
                    default -> agent("agent_pension", CallPath.QUEUE_PENSION);
                }));
                case '5' -> tag("contributions", () -> selfServe("contributions"));
                default -> agent("agent", CallPath.QUEUE_GENERAL);
            });
        }

        private Step card() throws AgiException, CallerGone {
            return submenu("card", "123", key -> switch (key) {
                case '1' -> selfServe("card_status");
                case '2' -> selfServe("card_report_loss");
                default -> information("card_apply_info");
            });
        }

        private Step labour() throws AgiException, CallerGone {
            return submenu("labour", "1230", key -> switch (key) {
                case '1' -> information("labour_contract");
                case '2' -> tag("wage_arrears", this::complaint);
                case '3' -> information("labour_arbitration");
                default -> agent("agent_labour", CallPath.QUEUE_LABOUR);
            });
        }

        private Step retirement() throws AgiException, CallerGone {
            return submenu("retirement", "120", key -> switch (key) {
                case '1' -> information("retirement_age");
                case '2' -> information("retirement_procedure");
                default -> agent("agent_pension", CallPath.QUEUE_PENSION);
            });
        }

        private Step refer() throws AgiException, CallerGone {
            play("medical_refer");
            channel.setVariable("HOTLINE_TRANSFER", "12393");
            channel.setVariable("HOTLINE_RESULT", "transfer");
            outcome = "transferred";
            return Step.END;
        }

        // ---- self-service: citizen ID, PIN, the answer, the after-answer menu

        private Step selfServe(String service) throws AgiException, CallerGone {
            CitizenId citizen = citizenId();
            Verdict verdict = citizen == null ? null : pin(citizen);
            if (verdict == Verdict.LOCKED) {
                play("pin_locked");
                return Step.MAIN;
            } else if (verdict == null) {
                return agent("agent", CallPath.QUEUE_GENERAL);
            }
            if (service.equals("card_report_loss")) {
                char key = menu("card_loss_confirm", 5000, "12");
                if (key == '0') {
                    return agent("agent", CallPath.QUEUE_GENERAL);
                } else if (key != '1') {
                    return Step.BACK; // 2, *, or no answer: back to the card menu
                }
            }
            ServiceAnswer answer = selfService.answer(service, citizen);
            if (!answer.found()) {
                play("not_found");
                return afterAnswer();
            }
            outcome = "self_service";
            Map<String, String> f = answer.fields();
            switch (service) {
                case "pension_payment" -> {
                    play("pension_payment-say-1");
                    sayNumber(f.get("month"));
                    play("pension_payment-say-3");
                    play("pension_payment-status-" + f.get("status"));
                    if (f.get("status").equals("paid") || f.get("status").equals("pending")) {
                        play("pension_payment-say-5-say-1");
                        sayNumber(f.get("amount"));
                        play("pension_payment-say-5-say-3");
                    }
                }
                case "contributions" -> {
                    play("contributions-say-1");
                    sayNumber(f.get("months"));
                    play("contributions-say-3");
                    sayDigits(f.get("last_paid_year"));
                    play("contributions-say-5");
                    sayNumber(f.get("last_paid_month"));
                    play("contributions-say-7");
                }
                default -> play(service + "-status-" + f.get("status"));
            }
            return afterAnswer();
        }

        private CitizenId citizenId() throws AgiException, CallerGone {
            for (int failures = 0; failures < RETRIES; ) {
                String keyed = ask(ASK_CITIZEN_ID, 10_000, 18);
                CitizenId id = keyed.isEmpty() ? null : CitizenId.parse(keyed);
                if (id != null) {
                    return id;
                }
                notice(keyed, ++failures);
            }
            return null;
        }

        /** ACCEPTED or LOCKED; null when the caller used up the tries. */
        private Verdict pin(CitizenId citizen) throws AgiException, CallerGone {
            for (int failures = 0; failures < RETRIES; ) {
                String keyed = ask(ASK_PIN, 10_000, 6);
                if (keyed.matches("[0-9]{6}")) {
                    Verdict verdict = pins.check(citizen, keyed);
                    if (verdict != Verdict.WRONG) {
                        return verdict;
                    }
                }
                notice(keyed, ++failures);
            }
            return null;
        }

        private Step afterAnswer() throws AgiException, CallerGone {
            char key = menu("after_answer", 5000, "1#");
            return switch (key) {
                case '1' -> Step.MAIN;
                case '0' -> agent("agent", CallPath.QUEUE_GENERAL);
                case '*' -> Step.BACK;
                default -> goodbye();
            };
        }

        // ---- agents, the busy menu, messages and callbacks

        private Step agent(String node, String queue) throws AgiException, CallerGone {
            // the pension queue waits 90 s, then overflows to the general queue for 2 minutes (hotline.yaml)
            boolean pension = queue.equals(CallPath.QUEUE_PENSION);
            play(node);
            int left = channel.exec("Queue", queue + ",c,,," + (pension ? 90 : node.equals("pension_overflow") ? 120 : 180));
            String[] how = String.valueOf(channel.getFullVariable(QUEUE_OUTCOME)).split(":", -1);
            String talk = how.length > 2 ? how[2] : "";
            if ("CONTINUE".equals(how[0]) || (!talk.isEmpty() && !talk.equals("0"))) {
                outcome = "agent_answered";
                if (left == -1) {
                    throw new CallerGone();
                }
                return survey();
            } else if (left == -1) {
                outcome = "queue_abandoned";
                throw new CallerGone();
            }
            if (pension) {
                return agent("pension_overflow", CallPath.QUEUE_GENERAL);
            }
            return busy(); // TIMEOUT, and FULL, JOINEMPTY... alike
        }

        private Step survey() throws AgiException, CallerGone {
            for (int attempt = 0; attempt < 2; attempt++) {
                String keyed = ask(sound("survey"), 5000, 1);
                if (keyed.length() == 1 && keyed.charAt(0) >= '1' && keyed.charAt(0) <= '5') {
                    play("survey-thanks");
                    break;
                }
            }
            return goodbye();
        }

        private Step busy() throws AgiException, CallerGone {
            return switch (menu("busy", 5000, "123#")) {
                case '1' -> message("message", CallPath.QUEUE_GENERAL, 120_000, 5, "message_done");
                case '2' -> callback();
                case '3', '0' -> agent("agent", CallPath.QUEUE_GENERAL);
                default -> goodbye();
            };
        }

        private Step complaint() throws AgiException, CallerGone {
            play("complaint_intro");
            return message("complaint_record", CallPath.QUEUE_LABOUR, 180_000, 6, "complaint_done");
        }

        /** RECORD FILE after the node's prompt; silence gets one more try; a message goes to the mailbox. */
        private Step message(String node, String mailbox, int maxMs, int silenceSeconds, String done)
                throws AgiException, CallerGone {
            String file = "hotline-msg/" + uniqueId.replace('.', '-') + "-" + node;
            for (int attempt = 1; attempt <= 2; attempt++) {
                play(node);
                channel.recordFile(file, "wav", "#", maxMs, 0, true, silenceSeconds);
                AgiReply reply = channel.getLastReply();
                if (endpos(reply) > 0) {
                    requests.messageLeft(mailbox, uniqueId, callerId, file, now());
                    outcome = "message_left";
                }
                if (reply.getResultCode() == -1) {
                    throw new CallerGone();
                } else if (endpos(reply) > 0) {
                    break;
                } else if (attempt == 1) {
                    play("prompt-no_input");
                }
            }
            play(done);
            return goodbye();
        }

        /** The caller's own number read back and confirmed with 1, or another keyed after 2. */
        private Step callback() throws AgiException, CallerGone {
            play("callback");
            String number = isPhone(callerId) ? callerId : null;
            if (number != null) {
                sayDigits(number);
            }
            String to = null;
            for (int failures = 0; to == null && failures < RETRIES; ) {
                String keyed = number != null ? ask(sound("prompt-confirm_number"), 5000, 1)
                        : ask(sound("prompt-enter_number"), 10_000, 12);
                if (number != null && keyed.startsWith("1")) {
                    to = number;
                } else if (number != null && keyed.startsWith("2")) {
                    number = null;
                } else if (number == null && isPhone(keyed)) {
                    to = keyed;
                } else {
                    notice(keyed, ++failures);
                }
            }
            if (to != null) {
                requests.requested("callback", CallPath.QUEUE_GENERAL, uniqueId, to, now());
                outcome = "callback_requested";
            }
            play("callback_done");
            return goodbye();
        }

        private Step goodbye() throws AgiException, CallerGone {
            play("goodbye");
            channel.hangup();
            return Step.END;
        }

        private OffsetDateTime now() {
            return OffsetDateTime.now(clock);
        }
    }
}
