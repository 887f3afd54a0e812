package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CallerHashTest {
    private final CallerHash hash = CallerHash.withKey("a-test-key");

    @Test
    void isTheFirstSixteenBytesOfTheHmacOfTheNumberInHex() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("a-test-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(
                Arrays.copyOf(mac.doFinal("13812345678".getBytes(StandardCharsets.US_ASCII)), 16));

        assertThat(hash.of("13812345678")).isEqualTo(expected).hasSize(32);
    }

    @Test
    void oneCallerHashesTheSameHoweverTheTrunkSpellsTheNumber() {
        String mobile = hash.of("13812345678");
        assertThat(hash.of("+8613812345678")).isEqualTo(mobile);
        assertThat(hash.of("008613812345678")).isEqualTo(mobile);
        assertThat(hash.of("8613812345678")).isEqualTo(mobile);
        assertThat(hash.of("013812345678")).isEqualTo(mobile);
        assertThat(hash.of("138-1234-5678")).isEqualTo(mobile);
        String fixed = hash.of("01012345678");
        assertThat(hash.of("+86 10 1234 5678")).isEqualTo(fixed);
        assertThat(hash.of("010-12345678")).isEqualTo(fixed);
        assertThat(fixed).isNotEqualTo(mobile);
    }

    @Test
    void anotherKeyGivesAnotherHashAndAnUnknownNumberNone() {
        assertThat(CallerHash.withKey("another-key").of("13812345678")).isNotEqualTo(hash.of("13812345678"));
        assertThat(hash.of(null)).isNull();
        assertThat(hash.of("anonymous")).isNull();
        assertThat(hash.of("")).isNull();
    }

    @Test
    void theKeyNeverShowsAndTheDemoKeyIsKnown() {
        assertThat(hash.toString()).doesNotContain("a-test-key");
        assertThat(hash.isDemo()).isFalse();
        assertThat(CallerHash.demo().isDemo()).isTrue();
        assertThat(CallerHash.withKey(CallerHash.DEMO_KEY).isDemo()).isTrue();
        assertThatThrownBy(() -> CallerHash.withKey(" ")).hasMessageContaining("HOTLINE_CALLER_HASH_KEY");
    }
}
