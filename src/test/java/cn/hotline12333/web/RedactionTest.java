package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void mobilesKeepTheirFirstThreeAndLastFourDigits() {
        assertThat(Redaction.mask("13812345678")).isEqualTo("138****5678");
        assertThat(Redaction.mask("回拨 13812345678 已接通")).isEqualTo("回拨 138****5678 已接通");
        assertThat(Redaction.mask("+8613812345678")).isEqualTo("+86138****5678");
        assertThat(Redaction.mask("13812345678,13987654321")).isEqualTo("138****5678,139****4321");
    }

    @Test
    void citizenIdNumbersAreNeverWhole() {
        assertThat(Redaction.mask("11010519550308001X")).isEqualTo("110***********001X");
        assertThat(Redaction.mask("id=110105195503080010;")).isEqualTo("id=110***********0010;");
        assertThat(Redaction.mask("440106198708150")).as("a 15-digit first-generation number")
                .isEqualTo("440********8150");
    }

    @Test
    void shortNumbersAndMaskedTextStayAsTheyAre() {
        assertThat(Redaction.mask("12333")).isEqualTo("12333");
        assertThat(Redaction.mask("1764000000.17")).as("a call id").isEqualTo("1764000000.17");
        assertThat(Redaction.mask("010-62345678")).isEqualTo("010-62345678");
        assertThat(Redaction.mask("138****5678")).isEqualTo("138****5678");
        assertThat(Redaction.mask("")).isEmpty();
        assertThat(Redaction.mask(null)).isNull();
    }
}
