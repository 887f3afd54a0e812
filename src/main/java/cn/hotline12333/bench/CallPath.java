package cn.hotline12333.bench;

import cn.hotline12333.demo.DemoCitizens.Citizen;
import cn.hotline12333.sim.CallScript;
import cn.hotline12333.sim.EmulatedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The walks through ivr-flows/hotline.yaml that the load benchmark's callers take: the keys each caller
 * presses, and how the call must have ended for it to count as served. Both servers under test must pass
 * the same check.
 *
 * <p>Keys answer input commands in order: GET DATA and RECORD FILE. Prompts are STREAM FILE without escape
 * digits, which take no key, so {@code hangUpAtInput} counts only those two. A lone {@code #} in GET DATA
 * ends the entry with nothing typed ({@code 200 result=}), as Asterisk's ast_readstring does; callers here
 * never end a menu with {@code #}: after an answer they hang up, as the prompt invites them to.
 */
public enum CallPath {
    PENSION_SELF_SERVICE(20, "1 insurance, 1 pension, 1 payment this month, citizen ID, PIN, hears the answer, "
            + "hangs up at the after-answer menu"),
    CARD_STATUS(12, "2 card, 1 status, citizen ID, PIN, hears the status, hangs up"),
    CARD_LOSS(4, "2 card, 2 report loss, citizen ID, PIN, 1 confirms, hears the result, hangs up"),
    EMPLOYMENT_INFO(8, "3 employment, 1 registration info, * back to the main menu, hangs up there"),
    WAGE_ARREARS_COMPLAINT(6, "4 labour, 2 wage arrears, hears the intro, records a 20 s message ended by #, "
            + "hears the 7-working-day promise, goodbye (server hangs up)"),
    RETIREMENT_THEN_AGENT(10, "6 retirement, 1 retirement-age info, 0 pension queue: an agent answers after "
            + "8 s and talks 45 s, survey 4, goodbye"),
    AGENT_TIMEOUT_CALLBACK(8, "0 general queue: nobody answers in 180 s, busy menu 2 callback, number read back, "
            + "1 confirms, goodbye"),
    MEDICAL_REFERRAL(7, "8 medical insurance, hears the referral, back to the dialplan to dial 12393"),
    HANGS_UP_IN_MENU(15, "1 insurance, hangs up while the insurance menu plays"),
    WRONG_KEYS_THEN_RETRIES(10, "1 insurance, 7 (no such option), # (not an option there), 5 contributions, an ID "
            + "with a wrong check digit, the right ID, PIN, hears the record, hangs up");

    static final String QUEUE_GENERAL = "hotline-general";
    static final String QUEUE_PENSION = "hotline-pension";
    static final String QUEUE_LABOUR = "labour-inspection";
    static final Duration MESSAGE = Duration.ofSeconds(20);

    private final int weight;
    private final String walk;

    CallPath(int weight, String walk) {
        this.weight = weight;
        this.walk = walk;
    }

    /** Share of the mix, out of the sum of all weights (100). */
    public int weight() {
        return weight;
    }

    /** The walk in words, for the benchmark report. */
    public String walk() {
        return walk;
    }

    /** This path's caller: {@code citizen} for self-service, {@code phone} as the caller id. */
    CallScript.Builder script(Citizen citizen, String phone) {
        String id = citizen.id().value().replace('X', '*');
        String pin = citizen.pin();
        CallScript.Builder b = CallScript.to("hotline").callerId(phone).dialled("12333");
        return switch (this) {
            case PENSION_SELF_SERVICE -> b.keys("1", "1", "1", id, pin).hangUpAtInput(6);
            case CARD_STATUS -> b.keys("2", "1", id, pin).hangUpAtInput(5);
            case CARD_LOSS -> b.keys("2", "2", id, pin, "1").hangUpAtInput(6);
            case EMPLOYMENT_INFO -> b.keys("3", "1", "*").hangUpAtInput(4);
            case WAGE_ARREARS_COMPLAINT -> b.keys("4", "2", "#").messageLength(MESSAGE);
            case RETIREMENT_THEN_AGENT -> b.keys("6", "1", "0", "4");
            case AGENT_TIMEOUT_CALLBACK -> b.keys("0", "2", "1");
            case MEDICAL_REFERRAL -> b.keys("8");
            case HANGS_UP_IN_MENU -> b.keys("1").hangUpAtInput(2);
            case WRONG_KEYS_THEN_RETRIES -> b.keys("1", "7", "#", "5", wrongCheckDigit(id), id, pin).hangUpAtInput(8);
        };
    }

    /**
     * Why {@code call} did not end as this path must, or null when it did. Failed whatever the path: the
     * session did not end by the server closing it, a problem was noted, or a server said it failed
     * (HOTLINE_RESULT=error; Asterisk-Java's AJ_AGISTATUS=FAILED; AGISTATUS=FAILURE).
     */
    String problem(EmulatedCall call) {
        List<String> wrong = new ArrayList<>();
        if (call.end() != EmulatedCall.End.SERVER_CLOSED) {
            wrong.add("ended " + call.end());
        }
        if (call.problem() != null) {
            wrong.add(call.problem());
        }
        String result = call.variables().get("HOTLINE_RESULT");
        if ("error".equals(result) || "FAILED".equals(call.variables().get("AJ_AGISTATUS"))
                || "FAILURE".equals(call.variables().get("AGISTATUS"))) {
            wrong.add("server failed the call");
        }
        switch (this) {
            // the amount is said only for a paid or pending pension: the status is what every answer has
            case PENSION_SELF_SERVICE -> played(call, wrong, "hotline/hotline-pension_payment-status-");
            case CARD_STATUS -> played(call, wrong, "hotline/hotline-card_status-status-");
            case CARD_LOSS -> played(call, wrong, "hotline/hotline-card_report_loss-status-");
            case EMPLOYMENT_INFO -> {
                played(call, wrong, "hotline/hotline-employment_registration");
                if (call.prompts().stream().filter("hotline/hotline-main"::equals).count() < 2) {
                    wrong.add("did not come back to the main menu");
                }
            }
            case WAGE_ARREARS_COMPLAINT -> played(call, wrong, "hotline/hotline-complaint_done");
            case RETIREMENT_THEN_AGENT -> {
                variable(call, wrong, "QUEUESTATUS", "CONTINUE");
                played(call, wrong, "hotline/hotline-survey-thanks");
            }
            case AGENT_TIMEOUT_CALLBACK -> {
                variable(call, wrong, "QUEUESTATUS", "TIMEOUT");
                played(call, wrong, "hotline/hotline-callback_done");
            }
            case MEDICAL_REFERRAL -> {
                variable(call, wrong, "HOTLINE_RESULT", "transfer");
                variable(call, wrong, "HOTLINE_TRANSFER", "12393");
            }
            case HANGS_UP_IN_MENU -> played(call, wrong, "hotline/hotline-insurance");
            case WRONG_KEYS_THEN_RETRIES -> {
                played(call, wrong, "hotline/hotline-prompt-invalid");
                played(call, wrong, "hotline/hotline-contributions-say-7");
            }
        }
        // every path but the referral ends with the channel down: the caller or the goodbye node hung up
        if (this != MEDICAL_REFERRAL && !call.callerHungUp()) {
            wrong.add("the channel was still up at the end");
        }
        return wrong.isEmpty() ? null : String.join("; ", wrong);
    }

    private static void played(EmulatedCall call, List<String> wrong, String soundOrPrefix) {
        boolean prefix = soundOrPrefix.endsWith("-");
        if (call.prompts().stream().noneMatch(p -> prefix ? p.startsWith(soundOrPrefix) : p.equals(soundOrPrefix))) {
            wrong.add("never played " + soundOrPrefix + (prefix ? "*" : ""));
        }
    }

    private static void variable(EmulatedCall call, List<String> wrong, String name, String expected) {
        String actual = call.variables().get(name);
        if (!expected.equals(actual)) {
            wrong.add(name + "=" + actual + ", expected " + expected);
        }
    }

    /** The same number with another check character: a typing slip the server must refuse. */
    static String wrongCheckDigit(String keyed) {
        char last = keyed.charAt(17);
        return keyed.substring(0, 17) + (last == '1' ? '2' : '1');
    }
}
