package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void mobileShowsFirstThreeAndLastFour() {
        assertThat(Masking.maskPhone("13812345678")).isEqualTo("138****5678");
        assertThat(Masking.maskPhone("+8613812345678")).isEqualTo("+86*******5678");
    }

    @Test
    void landlineShowsOnlyLastFour() {
        assertThat(Masking.maskPhone("62345678")).isEqualTo("****5678");
        assertThat(Masking.maskPhone("1062345678")).isEqualTo("******5678");
    }

    @Test
    void shortNumbersHideAtLeastFour() {
        assertThat(Masking.maskPhone("123456")).isEqualTo("******");
        assertThat(Masking.maskPhone("12333")).isEqualTo("*****");
        assertThat(Masking.maskPhone("")).isEmpty();
        assertThat(Masking.maskPhone(null)).isEmpty();
    }

    @Test
    void citizenIdEntryNeverShowsMoreThanFourAndFour() {
        for (int n = 0; n <= 25; n++) {
            String keyed = "123456789012345678901234567".substring(0, n);
            String masked = Masking.maskCitizenId(keyed);
            assertThat(masked).hasSize(n);
            assertThat(masked.chars().filter(c -> c != '*').count()).as("length %d", n).isLessThanOrEqualTo(8);
            assertThat(masked.chars().filter(c -> c == '*').count()).as("length %d", n).isGreaterThanOrEqualTo(Math.min(n, 4));
        }
        assertThat(Masking.maskCitizenId("11010519491231002*")).isEqualTo("1101**********002*");
    }

    @Test
    void pinShowsNothing() {
        assertThat(Masking.maskPin("123456")).isEqualTo("******");
    }
}
