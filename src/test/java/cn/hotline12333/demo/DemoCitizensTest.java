package cn.hotline12333.demo;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.ivr.CitizenId;
import cn.hotline12333.ivr.CitizenRecord;
import cn.hotline12333.ivr.PinGuard;
import cn.hotline12333.ivr.SelfService;
import cn.hotline12333.ivr.ServiceAnswer;
import cn.hotline12333.demo.DemoCitizens.Citizen;
import cn.hotline12333.store.RedisFixture;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DemoCitizensTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
    private static final DemoCitizens DEMO = new DemoCitizens(NOVEMBER);


    // ISO 7064 MOD 11-2 by its other definition (weights 2^(17-i) mod 11, sum of all 18 is 1), not CitizenId's table.
    private static boolean satisfiesMod11_2(String id) {
        int sum = 0;
        for (int i = 0; i < 18; i++) {
            char c = id.charAt(i);
            sum += (c == 'X' ? 10 : c - '0') * (1 << (17 - i)) % 11;
        }
        return sum % 11 == 1;
    }

    private static List<String> ids(DemoCitizens demo) {
        return demo.citizens().stream().map(c -> c.id().value()).toList();
    }

    @Test
    void atLeastFiftyWithoutDuplicates() {
        assertThat(DEMO.citizens()).hasSizeGreaterThanOrEqualTo(50);
        assertThat(ids(DEMO)).doesNotHaveDuplicates();
    }

    @Test
    void everyNumberIsValid() {
        for (Citizen c : DEMO.citizens()) {
            String id = c.id().value();
            assertThat(satisfiesMod11_2(id)).as(c.toString()).isTrue();
            assertThat(CitizenId.parse(id, TODAY)).as(c.toString()).isEqualTo(c.id());
            assertThat(c.id().birthDate()).isBetween(LocalDate.of(1950, 1, 1), LocalDate.of(2005, 1, 1));
            assertThat(c.pin()).matches("[0-9]{6}");
        }
    }

    @Test
    void sameSeedGivesTheSameCitizens() {
        DemoCitizens again = new DemoCitizens(NOVEMBER);
        assertThat(again.citizens()).isEqualTo(DEMO.citizens());
        DemoCitizens otherSeed = new DemoCitizens(7, DemoCitizens.COUNT, NOVEMBER);
        assertThat(ids(otherSeed).subList(0, 5)).isEqualTo(ids(DEMO).subList(0, 5));
        assertThat(ids(otherSeed).subList(5, 60)).doesNotContainAnyElementsOf(ids(DEMO).subList(5, 60));
    }

    @Test
    void pinnedFirstNumbersStayPut() {
        // the README lists these; changing them changes the documentation
        assertThat(ids(DEMO).subList(0, 5)).containsExactly("110105195503080010", "44010619870815012X",
                "330106197003120107", "320102200211050104", "51010419660422010X");
        assertThat(DEMO.citizens().get(5).id().value()).isEqualTo(new DemoCitizens(NOVEMBER).citizens().get(5).id().value());
    }

    @Test
    void generatedDataCoversEveryStatus() {
        Set<String> pension = new HashSet<>();
        Set<String> unemployment = new HashSet<>();
        Set<String> card = new HashSet<>();
        for (Citizen c : DEMO.citizens()) {
            pension.add(c.record().pension().status());
            unemployment.add(c.record().unemployment().status());
            card.add(c.record().cardStatus());
        }
        assertThat(pension).isEqualTo(CitizenRecord.Pension.STATUSES);
        assertThat(unemployment).isEqualTo(CitizenRecord.Unemployment.STATUSES);
        assertThat(card).isEqualTo(CitizenRecord.CARD_STATUSES);
    }

    @Test
    void contributionsNeverEndAfterLastMonth() {
        for (Citizen c : DEMO.citizens()) {
            YearMonth last = YearMonth.of(c.record().contributions().lastPaidYear(), c.record().contributions().lastPaidMonth());
            assertThat(last.isBefore(NOVEMBER)).as(c.toString()).isTrue();
            assertThat(c.record().contributions().months()).isPositive();
        }
    }

    @Test
    void describeListsTheFirstFiveWithTheirPins() {
        String text = DEMO.describe();
        for (Citizen c : DEMO.citizens().subList(0, 5)) {
            assertThat(text).contains(c.id().value() + "  PIN " + c.pin());
        }
        assertThat(text).doesNotContain(DEMO.citizens().get(5).id().value());
    }

    @Test
    void citizenToStringHidesNumberAndPin() {
        Citizen c = DEMO.citizens().get(0);
        assertThat(c.toString()).isEqualTo("Citizen[1101**********0010]").doesNotContain(c.pin());
    }

    @Test
    void everyServiceAnswersEveryLoadedCitizen() {
        DEMO.load(REDIS.redis());
        SelfService service = new SelfService(REDIS.redis(), CLOCK);
        for (Citizen c : DEMO.citizens()) {
            CitizenRecord r = c.record();
            assertThat(service.answer("pension_payment", c.id())).isEqualTo(new ServiceAnswer(true, Map.of(
                    "status", r.pension().status(), "amount", String.valueOf(r.pension().amount()), "month", "11",
                    "paid_day", String.valueOf(r.pension().paidDay()))));
            assertThat(service.answer("contributions", c.id())).isEqualTo(new ServiceAnswer(true, Map.of(
                    "months", String.valueOf(r.contributions().months()),
                    "last_paid_year", String.valueOf(r.contributions().lastPaidYear()),
                    "last_paid_month", String.valueOf(r.contributions().lastPaidMonth()))));
            assertThat(service.answer("unemployment_benefit", c.id())).isEqualTo(new ServiceAnswer(true, Map.of(
                    "status", r.unemployment().status(), "amount", String.valueOf(r.unemployment().amount()),
                    "months_left", String.valueOf(r.unemployment().monthsLeft()))));
            assertThat(service.answer("card_status", c.id())).isEqualTo(new ServiceAnswer(true,
                    Map.of("status", r.cardStatus())));
            String expectedLoss = switch (r.cardStatus()) {
                case "active" -> "reported";
                case "reported_lost" -> "already_reported";
                default -> "no_card";
            };
            assertThat(service.answer("card_report_loss", c.id()).fields()).containsEntry("status", expectedLoss);
        }
    }

    @Test
    void everyLoadedPinIsAccepted() {
        DEMO.load(REDIS.redis());
        PinGuard pins = new PinGuard(REDIS.redis());
        for (Citizen c : DEMO.citizens()) {
            assertThat(pins.check(c.id(), c.pin())).as(c.toString()).isEqualTo(PinGuard.Verdict.ACCEPTED);
        }
        assertThat(String.join(",", REDIS.redis().jedis().keys("*"))).doesNotContain(DEMO.citizens().get(0).pin());
    }

    @Test
    void loadingAgainPutsTheDemoBack() {
        DEMO.load(REDIS.redis());
        Set<String> loadedKeys = new HashSet<>(REDIS.redis().jedis().keys("*"));
        Citizen first = DEMO.citizens().get(0);
        SelfService service = new SelfService(REDIS.redis(), CLOCK);
        PinGuard pins = new PinGuard(REDIS.redis());
        service.answer("card_report_loss", first.id());
        for (int i = 0; i < 3; i++) {
            pins.check(first.id(), "000000");
        }

        DEMO.load(REDIS.redis());

        assertThat(service.answer("card_status", first.id()).fields()).containsEntry("status", "active");
        assertThat(pins.check(first.id(), first.pin())).isEqualTo(PinGuard.Verdict.ACCEPTED);
        // the report stays in its stream; the lockout counter is gone
        loadedKeys.add("card_loss_reports");
        assertThat(REDIS.redis().jedis().keys("*")).isEqualTo(loadedKeys);
        assertThat(REDIS.redis().jedis().xlen("card_loss_reports")).isEqualTo(1);
    }
}
