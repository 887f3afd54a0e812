package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CitizenIdTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    // Checked by the other definition of ISO 7064 MOD 11-2: the 18 characters (X = 10), weighted by
    // 2^(17-i) mod 11, sum to 1 mod 11. The first is the example printed in GB 11643-1999 itself.
    static boolean satisfiesMod11_2(String id) {
        int sum = 0;
        for (int i = 0; i < 18; i++) {
            char c = id.charAt(i);
            int a = c == 'X' ? 10 : c - '0';
            sum += a * (1 << (17 - i)) % 11;
        }
        return sum % 11 == 1;
    }

    /** The check character found by trying all eleven, using only {@link #satisfiesMod11_2}. */
    static String withCheck(String first17) {
        for (char c : "0123456789X".toCharArray()) {
            if (satisfiesMod11_2(first17 + c)) {
                return first17 + c;
            }
        }
        throw new AssertionError("no check character for " + first17);
    }

    @Test
    void acceptsNumbersCheckedByHand() {
        assertThat(CitizenId.parse("11010519491231002X", TODAY)).isNotNull();
        assertThat(CitizenId.parse("110105195503080010", TODAY)).isNotNull();
        assertThat(CitizenId.parse("310115198206140033", TODAY)).isNotNull();
        assertThat(CitizenId.parse("510104197511200040", TODAY)).isNotNull();
        assertThat(CitizenId.parse("320102200001010059", TODAY)).isNotNull();
    }

    @Test
    void checkCharacterAgreesWithTheOtherDefinitionOnRandomBodies() {
        Random random = new Random(7064);
        for (int n = 0; n < 2000; n++) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 17; i++) {
                body.append((char) ('0' + random.nextInt(10)));
            }
            String expected = withCheck(body.toString());
            assertThat(body.toString() + CitizenId.checkCharacter(body.toString())).isEqualTo(expected);
        }
    }

    @Test
    void xIsKeyedAsStarOrEitherCase() {
        CitizenId expected = CitizenId.parse("11010519491231002X", TODAY);
        assertThat(CitizenId.parse("11010519491231002*", TODAY)).isEqualTo(expected);
        assertThat(CitizenId.parse("11010519491231002x", TODAY)).isEqualTo(expected);
        assertThat(CitizenId.parse("11010519491231002*", TODAY).value()).isEqualTo("11010519491231002X");
    }

    @Test
    void starAnywhereButLastIsNotADigit() {
        assertThat(CitizenId.parse("1101051949123100*X", TODAY)).isNull();
        assertThat(CitizenId.problem("1101051949123100*X", TODAY)).isEqualTo("character 17 is not a digit");
    }

    @Test
    void wrongCheckCharacterIsRefused() {
        assertThat(CitizenId.parse("110105194912310021", TODAY)).isNull();
        assertThat(CitizenId.parse("110105195503080011", TODAY)).isNull();
        assertThat(CitizenId.problem("110105195503080011", TODAY)).isEqualTo("check character does not match");
    }

    @Test
    void digitsSwappedAreCaught() {
        assertThat(CitizenId.parse("110105195503800010", TODAY)).isNull();
    }

    @Test
    void birthDateMustBeACalendarDate() {
        String feb30 = withCheck("11010519900230001");
        String feb29NotLeap = withCheck("44030519900229002");
        String feb29Leap = withCheck("44030519920229002");
        String month13 = withCheck("11010519901301001");
        assertThat(CitizenId.parse(feb30, TODAY)).isNull();
        assertThat(CitizenId.problem(feb30, TODAY)).isEqualTo("birth date is not a calendar date");
        assertThat(CitizenId.parse(feb29NotLeap, TODAY)).isNull();
        assertThat(CitizenId.parse(month13, TODAY)).isNull();
        assertThat(CitizenId.parse(feb29Leap, TODAY)).isNotNull();
    }

    @Test
    void birthDateMustNotBeAfterToday() {
        String tomorrow = withCheck("11010520261124001");
        String today = withCheck("11010520261123001");
        assertThat(CitizenId.parse(tomorrow, TODAY)).isNull();
        assertThat(CitizenId.problem(tomorrow, TODAY)).isEqualTo("birth date is in the future");
        assertThat(CitizenId.parse(today, TODAY)).isNotNull();
    }

    @Test
    void birthBefore1900IsNotPlausible() {
        // The standard's second example, born 1880: a right checksum, but nobody calling today.
        assertThat(satisfiesMod11_2("440524188001010014")).isTrue();
        assertThat(CitizenId.problem("440524188001010014", TODAY)).isEqualTo("birth year is before 1900");
    }

    @Test
    void regionMustStartWithAProvinceCode() {
        for (String bad : new String[] {"00", "10", "16", "20", "24", "30", "38", "47", "55", "60", "66", "70", "72",
                "80", "84", "90", "92", "99"}) {
            String id = withCheck(bad + "010519900101001");
            assertThat(CitizenId.parse(id, TODAY)).as(bad).isNull();
            assertThat(CitizenId.problem(id, TODAY)).isEqualTo("region code does not start with a province code");
        }
        for (String good : new String[] {"11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65",
                "71", "81", "82", "83", "91"}) {
            assertThat(CitizenId.parse(withCheck(good + "010519900101001"), TODAY)).as(good).isNotNull();
        }
    }

    @Test
    void lengthMustBe18() {
        assertThat(CitizenId.parse("11010519491231002", TODAY)).isNull();
        assertThat(CitizenId.parse("11010519491231002X1", TODAY)).isNull();
        assertThat(CitizenId.parse("", TODAY)).isNull();
        assertThat(CitizenId.parse(null, TODAY)).isNull();
        assertThat(CitizenId.problem("1101051949123100", TODAY)).isEqualTo("expected 18 characters, got 16");
        // a first-generation 15-digit number is not accepted
        assertThat(CitizenId.parse("110105491231002", TODAY)).isNull();
    }

    @Test
    void nonDigitsAreRefused() {
        assertThat(CitizenId.parse("1101051949123100#X", TODAY)).isNull();
        assertThat(CitizenId.parse("11010519491231002#", TODAY)).isNull();
        assertThat(CitizenId.problem("11010519491231002#", TODAY)).isEqualTo("character 18 is not a digit, X or *");
        assertThat(CitizenId.parse("X10105194912310021", TODAY)).isNull();
        assertThat(CitizenId.parse("11010519491231002Y", TODAY)).isNull();
    }

    @Test
    void problemNeverRepeatsTheDigits() {
        String[] bad = {"110105194912310021", withCheck("11010519900230001"), withCheck("99010519900101001"),
                "1101051949123100", withCheck("11010520261124001")};
        for (String id : bad) {
            String problem = CitizenId.problem(id, TODAY);
            assertThat(problem).isNotNull().doesNotContain(id.substring(0, 6)).doesNotContain(id.substring(6, 14));
        }
        assertThat(CitizenId.problem("11010519491231002X", TODAY)).isNull();
    }

    @Test
    void toStringShowsOnlyFirstFourAndLastFour() {
        CitizenId id = CitizenId.parse("11010519491231002X", TODAY);
        assertThat(id.toString()).isEqualTo("1101**********002X");
        assertThat(String.valueOf(id)).doesNotContain("19491231");
        assertThat(id.value()).isEqualTo("11010519491231002X");
    }

    @Test
    void equalByValue() {
        assertThat(CitizenId.parse("11010519491231002X", TODAY))
                .isEqualTo(CitizenId.parse("11010519491231002*", TODAY))
                .hasSameHashCodeAs(CitizenId.parse("11010519491231002x", TODAY))
                .isNotEqualTo(CitizenId.parse("110105195503080010", TODAY));
    }

    @Test
    void birthDateIsRead() {
        assertThat(CitizenId.parse("310115198206140033", TODAY).birthDate()).isEqualTo(LocalDate.of(1982, 6, 14));
    }

    @Test
    void checkCharacterWantsSeventeenDigits() {
        assertThatThrownBy(() -> CitizenId.checkCharacter("1101051949123100"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CitizenId.checkCharacter("1101051949123100*"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
