package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.bench.CallMix.MixedCall;
import cn.hotline12333.demo.DemoCitizens;
import cn.hotline12333.sim.TimeModel;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The load's callers are decided by the seed and the call number alone, in the documented shares. */
class CallMixTest {

    private static final List<DemoCitizens.Citizen> CITIZENS = new DemoCitizens(YearMonth.of(2026, 11)).citizens();

    private static CallMix mix(long seed) {
        return new CallMix(seed, CITIZENS, TimeModel.instant());
    }

    @Test
    void theSameSeedGivesTheSameCallersInAnyOrder() {
        CallMix first = mix(7);
        CallMix second = mix(7);
        List<MixedCall> forward = IntStream.range(0, 200).mapToObj(first::call).toList();
        for (int i = 199; i >= 0; i--) {
            MixedCall again = second.call(i);
            assertThat(again.path()).isEqualTo(forward.get(i).path());
            assertThat(again.script()).isEqualTo(forward.get(i).script());
        }
    }

    @Test
    void anotherSeedGivesAnotherSequence() {
        List<CallPath> seven = IntStream.range(0, 50).mapToObj(mix(7)::path).toList();
        List<CallPath> eight = IntStream.range(0, 50).mapToObj(mix(8)::path).toList();
        assertThat(seven).isNotEqualTo(eight);
    }

    @Test
    void pathsComeInTheirWeightedShares() {
        CallMix mix = mix(12333);
        Map<CallPath, Integer> counts = new EnumMap<>(CallPath.class);
        for (int i = 0; i < 20_000; i++) {
            counts.merge(mix.path(i), 1, Integer::sum);
        }
        for (CallPath path : CallPath.values()) {
            // 20,000 draws: each share within one percentage point of its weight
            assertThat(counts.get(path) / 200.0).as(path.name()).isCloseTo(path.weight(), Offset.offset(1.0));
        }
        assertThat(Arrays.stream(CallPath.values()).mapToInt(CallPath::weight).sum()).isEqualTo(100);
    }

    @Test
    void selfServiceCallersKeyTheirCitizensIdWithStarForX() {
        MixedCall call = IntStream.range(0, 500).mapToObj(mix(3)::call)
                .filter(c -> c.path() == CallPath.PENSION_SELF_SERVICE)
                .filter(c -> c.script().keys().get(3).endsWith("*")).findFirst().orElseThrow();
        String keyed = call.script().keys().get(3);
        assertThat(CITIZENS).anyMatch(c -> c.id().value().equals(keyed.replace('*', 'X')));
        assertThat(call.script().callerId()).matches("13[5-9][0-9]{8}");
    }

    @Test
    void aWrongCheckDigitIsAnotherCharacterAtTheEnd() {
        assertThat(CallPath.wrongCheckDigit("11010519550308001*")).isEqualTo("110105195503080011");
        assertThat(CallPath.wrongCheckDigit("110105195503080011")).isEqualTo("110105195503080012");
    }
}
