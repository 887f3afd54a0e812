package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline12333.ivr.CitizenRecord.Contributions;
import cn.hotline12333.ivr.CitizenRecord.Pension;
import cn.hotline12333.ivr.CitizenRecord.Unemployment;
import cn.hotline12333.store.RedisFixture;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

class SelfServiceTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private static final CitizenId RETIRED = CitizenId.parse("110105195503080010", TODAY);
    private static final CitizenId WORKER = CitizenId.parse("11010519491231002X", TODAY);
    private static final CitizenId NOBODY = CitizenId.parse("310115198206140033", TODAY);
    // 10:00 on 23 November 2026 in Beijing
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);

    private SelfService service;

    @BeforeEach
    void freshData() {
        service = new SelfService(REDIS.redis(), CLOCK);
        service.put(RETIRED, new CitizenRecord(new Pension("paid", 3280, 15), new Contributions(412, 2015, 3),
                new Unemployment("none", 0, 0), "active"));
        service.put(WORKER, new CitizenRecord(new Pension("none", 0, 0), new Contributions(96, 2026, 10),
                new Unemployment("receiving", 1850, 7), "in_production"));
    }

    @Test
    void pensionPaymentSpeaksThisMonth() {
        assertThat(service.answer("pension_payment", RETIRED)).isEqualTo(new ServiceAnswer(true,
                Map.of("status", "paid", "amount", "3280", "month", "11", "paid_day", "15")));
    }

    @Test
    void pensionMonthIsBeijingsMonth() {
        // 30 November 17:00 UTC is already 1 December in Beijing
        SelfService lateNovemberUtc = new SelfService(REDIS.redis(),
                Clock.fixed(Instant.parse("2026-11-30T17:00:00Z"), ZoneId.of("UTC")));
        assertThat(lateNovemberUtc.answer("pension_payment", RETIRED).fields()).containsEntry("month", "12");
    }

    @Test
    void contributionsGiveMonthsAndLastPaidMonth() {
        assertThat(service.answer("contributions", WORKER)).isEqualTo(new ServiceAnswer(true,
                Map.of("months", "96", "last_paid_year", "2026", "last_paid_month", "10")));
    }

    @Test
    void unemploymentBenefitGivesStatusAmountAndMonthsLeft() {
        assertThat(service.answer("unemployment_benefit", WORKER)).isEqualTo(new ServiceAnswer(true,
                Map.of("status", "receiving", "amount", "1850", "months_left", "7")));
    }

    @Test
    void cardStatusIsTheStoredStatus() {
        assertThat(service.answer("card_status", WORKER)).isEqualTo(new ServiceAnswer(true,
                Map.of("status", "in_production")));
    }

    @Test
    void unknownCitizenIsNotFoundForEveryService() {
        for (String name : SelfService.services()) {
            assertThat(service.answer(name, NOBODY)).as(name).isEqualTo(ServiceAnswer.notFound());
        }
        assertThat(REDIS.redis().jedis().exists("citizen:" + CitizenSecrets.demo().redisId(NOBODY))).isFalse();
        assertThat(REDIS.redis().jedis().exists(SelfService.LOSS_REPORTS)).isFalse();
    }

    @Test
    void unknownServiceIsRefused() {
        assertThatThrownBy(() -> service.answer("lottery_result", RETIRED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lottery_result");
    }

    @Test
    void reportingLossTwiceIsAlreadyReported() {
        assertThat(service.answer("card_report_loss", RETIRED).fields()).containsEntry("status", "reported");
        assertThat(service.answer("card_status", RETIRED).fields()).containsEntry("status", "reported_lost");
        assertThat(service.answer("card_report_loss", RETIRED).fields()).containsEntry("status", "already_reported");
        assertThat(REDIS.redis().jedis().xlen(SelfService.LOSS_REPORTS)).isEqualTo(1);
    }

    @Test
    void lossReportIsRecordedMaskedWithTheTime() {
        service.answer("card_report_loss", RETIRED);
        List<StreamEntry> entries = REDIS.redis().jedis().xrange(SelfService.LOSS_REPORTS, (StreamEntryID) null, null);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getFields()).isEqualTo(Map.of("citizen", "1101**********0010",
                "at", "2026-11-23T10:00:00+08:00", "previous_status", "active"));
    }

    @Test
    void aCardNotInHandCannotBeReportedLost() {
        assertThat(service.answer("card_report_loss", WORKER).fields()).containsEntry("status", "no_card");
        assertThat(service.answer("card_status", WORKER).fields()).containsEntry("status", "in_production");
        for (String status : List.of("not_applied", "ready_for_pickup")) {
            service.put(WORKER, new CitizenRecord(new Pension("none", 0, 0), new Contributions(0, 0, 0),
                    new Unemployment("none", 0, 0), status));
            assertThat(service.answer("card_report_loss", WORKER).fields()).as(status).containsEntry("status", "no_card");
        }
        assertThat(REDIS.redis().jedis().exists(SelfService.LOSS_REPORTS)).isFalse();
    }

    @Test
    void putOverwritesTheWholeRecord() {
        service.answer("card_report_loss", RETIRED);
        service.put(RETIRED, new CitizenRecord(new Pension("suspended", 3280, 0), new Contributions(412, 2015, 3),
                new Unemployment("none", 0, 0), "active"));
        assertThat(service.answer("card_status", RETIRED).fields()).containsEntry("status", "active");
        assertThat(service.answer("pension_payment", RETIRED).fields()).containsEntry("status", "suspended");
    }

    @Test
    void recordRefusesWordsFlowsDoNotKnow() {
        assertThatThrownBy(() -> new Pension("late", 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CitizenRecord(new Pension("none", 0, 0), new Contributions(0, 0, 0),
                new Unemployment("none", 0, 0), "stolen")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Contributions(12, 2026, 13)).isInstanceOf(IllegalArgumentException.class);
    }
}
