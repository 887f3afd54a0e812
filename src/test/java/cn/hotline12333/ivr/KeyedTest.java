package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.ivr.Node.InputKind;
import org.junit.jupiter.api.Test;

class KeyedTest {

    @Test
    void citizenIdShowsFirstAndLastFourOnlyValidOrNot() {
        assertThat(Keyed.masked(InputKind.CITIZEN_ID, "11010519491231002*")).isEqualTo("1101**********002X");
        assertThat(Keyed.masked(InputKind.CITIZEN_ID, "110105194912310021")).isEqualTo("1101**********0021");
        assertThat(Keyed.masked(InputKind.CITIZEN_ID, "1101051949123")).isEqualTo("*************");
    }

    @Test
    void pinIsAllStars() {
        assertThat(Keyed.masked(InputKind.PIN, "123456")).isEqualTo("******");
    }

    @Test
    void phoneKeepsItsEnds() {
        assertThat(Keyed.masked(InputKind.PHONE, "13812345678")).isEqualTo("138****5678");
        assertThat(Keyed.masked(InputKind.PHONE, "057187654321")).isEqualTo("057*****4321");
        assertThat(Keyed.masked(InputKind.PHONE, "1234567")).isEqualTo("*******");
    }

    @Test
    void digitsAreKeptAsTyped() {
        assertThat(Keyed.masked(InputKind.DIGITS, "20261123")).isEqualTo("20261123");
    }

    @Test
    void citizenIdParseTakesStarForXAndChecksTheCheckCharacter() {
        assertThat(CitizenId.parse("11010519491231002*").value()).isEqualTo("11010519491231002X");
        assertThat(CitizenId.parse("110105194912310021")).isNull();
        assertThat(CitizenId.parse("4403041990010112")).isNull();
        assertThat(CitizenId.parse("44030419900101123#")).isNull();
    }
}
