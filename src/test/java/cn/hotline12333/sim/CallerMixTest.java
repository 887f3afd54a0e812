package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The seeded caller mix of simulated traffic. */
class CallerMixTest {

    private static final Set<CallerMix.Walk> SELF_SERVICE = EnumSet.of(CallerMix.Walk.PENSION_SELF_SERVICE,
            CallerMix.Walk.CARD_STATUS, CallerMix.Walk.CARD_LOSS, CallerMix.Walk.EMPLOYMENT_INFO,
            CallerMix.Walk.MEDICAL_REFERRAL);

    private static List<String> callers(long seed) {
        CallerMix mix = new CallerMix(seed, TimeModel.instant());
        List<String> callers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            CallScript c = mix.caller(mix.nextWalk());
            callers.add(c.callerId() + " " + c.keys() + " " + c.queuePatience() + " " + mix.nextGapMs(1));
        }
        return callers;
    }

    @Test
    void oneSeedGivesOneStreamOfCallers() {
        assertThat(callers(3)).isEqualTo(callers(3)).isNotEqualTo(callers(4));
    }

    @Test
    void aboutFortyPercentServeThemselvesAndEveryWalkComesUp() {
        CallerMix mix = new CallerMix(11, TimeModel.instant());
        Set<CallerMix.Walk> seen = EnumSet.noneOf(CallerMix.Walk.class);
        int self = 0;
        for (int i = 0; i < 10_000; i++) {
            CallerMix.Walk walk = mix.nextWalk();
            seen.add(walk);
            self += SELF_SERVICE.contains(walk) ? 1 : 0;
        }
        assertThat(self).isBetween(3_800, 4_200);
        assertThat(seen).containsExactlyInAnyOrder(CallerMix.Walk.values());
    }

    @Test
    void callersAskingForAnAgentKeyZeroAndAbandonersHaveTheirPatience() {
        CallerMix mix = new CallerMix(5, TimeModel.instant());
        CallScript shortAbandon = mix.caller(CallerMix.Walk.SHORT_ABANDON);
        assertThat(shortAbandon.keys()).containsExactly("0");
        assertThat(shortAbandon.queuePatience().toMillis()).isBetween(2_000L, 5_000L);
        assertThat(mix.caller(CallerMix.Walk.TIMEOUT_CALLBACK).keys()).containsExactly("6", "1", "0", "2", "1");
        assertThat(mix.caller(CallerMix.Walk.AGENT_SURVEY_ANSWERED).keys()).hasSize(2).first().isEqualTo("0");
    }
}
