package cn.hotline12333.sim;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded stream of callers for simulated traffic through the shipped hotline flow (ivr-flows/hotline.yaml,
 * working hours): about 40 % serve themselves, the rest ask for an agent (main-menu 0, or retirement → 0 for
 * the pension queue) and then are answered and rate the call or skip the survey, give up early or late, or
 * wait out a queue and leave a message or book a callback at the busy menu (a caller answered after all keys
 * the busy menu's digit as a survey score, as a real one might). Pension callers whose 90 s in the small
 * pension queue run out overflow to the general queue (hotline.yaml), so the mix has overflows whenever the
 * pension agents are busy; the message-leavers wait out the small labour-inspection queue, which does not
 * overflow. One seed, one stream; used from one thread.
 */
public final class CallerMix {

    /** What a caller does, with its share of the mix in percent. */
    public enum Walk {
        PENSION_SELF_SERVICE(14), CARD_STATUS(12), CARD_LOSS(3), EMPLOYMENT_INFO(6), MEDICAL_REFERRAL(5),
        AGENT_SURVEY_ANSWERED(22), AGENT_SURVEY_SKIPPED(8), PENSION_AGENT(6), SHORT_ABANDON(6), LONG_ABANDON(6),
        TIMEOUT_CALLBACK(5), TIMEOUT_MESSAGE(4), HANGS_UP_IN_MENU(3);

        final int percent;

        Walk(int percent) {
            this.percent = percent;
        }
    }

    // the demo citizens of the README (synthetic): ID as keyed (X as *), PIN
    private static final List<String[]> CITIZENS = List.of(
            new String[] {"110105195503080010", "246810"}, new String[] {"44010619870815012*", "135790"},
            new String[] {"330106197003120107", "112233"}, new String[] {"320102200211050104", "864209"},
            new String[] {"51010419660422010*", "975310"});
    // survey keys, mostly satisfied as on a real hotline: 5 5 5 5 4 4 4 3 2 1
    private static final String[] SCORES = {"5", "5", "5", "5", "4", "4", "4", "3", "2", "1"};

    private final SplittableRandom random;
    private final TimeModel timing;

    public CallerMix(long seed, TimeModel timing) {
        this.random = new SplittableRandom(seed);
        this.timing = timing;
    }

    /** The next walk of the mix. */
    public Walk nextWalk() {
        int roll = random.nextInt(100);
        for (Walk walk : Walk.values()) {
            roll -= walk.percent;
            if (roll < 0) {
                return walk;
            }
        }
        return Walk.HANGS_UP_IN_MENU;
    }

    /** The caller who takes {@code walk}, with a seeded phone number and patience. */
    public CallScript caller(Walk walk) {
        String[] citizen = CITIZENS.get(random.nextInt(CITIZENS.size()));
        String id = citizen[0];
        String pin = citizen[1];
        CallScript.Builder b = CallScript.to("hotline").dialled("12333").timing(timing)
                .callerId("13" + (100_000_000 + random.nextInt(900_000_000)));
        switch (walk) {
            case PENSION_SELF_SERVICE -> b.keys("1", "1", "1", id, pin).hangUpAtInput(6);
            case CARD_STATUS -> b.keys("2", "1", id, pin).hangUpAtInput(5);
            case CARD_LOSS -> b.keys("2", "2", id, pin, "1").hangUpAtInput(6);
            case EMPLOYMENT_INFO -> b.keys("3", "1", "*").hangUpAtInput(4);
            case MEDICAL_REFERRAL -> b.keys("8");
            case AGENT_SURVEY_ANSWERED -> b.keys("0", SCORES[random.nextInt(SCORES.length)]);
            case AGENT_SURVEY_SKIPPED -> b.keys("0").hangUpAtInput(2);
            case PENSION_AGENT -> b.keys("6", "1", "0", SCORES[random.nextInt(SCORES.length)]);
            case SHORT_ABANDON -> b.keys("0").queuePatience(seconds(2, 5));
            case LONG_ABANDON -> b.keys("0").queuePatience(seconds(30, 150));
            // through retirement to the small pension queue, where waits run out: the overflow to the general
            // queue, and when that wait runs out too, the busy menu
            case TIMEOUT_CALLBACK -> b.keys("6", "1", "0", "2", "1");
            // the small labour-inspection queue, where waits run out: then the busy menu
            case TIMEOUT_MESSAGE -> b.keys("4", "0", "1", "#").messageLength(seconds(8, 40));
            case HANGS_UP_IN_MENU -> b.keys("1").hangUpAtInput(2);
        }
        return b.build();
    }

    /** Model ms to the next arrival: exponential gaps, so arrivals are Poisson at {@code perSecond}. */
    public long nextGapMs(double perSecond) {
        return (long) (-Math.log(1 - random.nextDouble()) / perSecond * 1000);
    }

    private Duration seconds(int from, int to) {
        return Duration.ofMillis(from * 1000L + random.nextLong((to - from) * 1000L + 1));
    }
}
