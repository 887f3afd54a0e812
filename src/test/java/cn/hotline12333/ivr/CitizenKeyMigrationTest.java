package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.store.RedisFixture;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CitizenKeyMigrationTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private static final CitizenId CITIZEN = CitizenId.parse("11010519491231002X", TODAY);
    private static final String NUMBER = "11010519491231002X";

    /** Writes one citizen the way the first layout did: the number in the keys, a salted SHA-256 PIN. */
    private static void oldLayout() {
        var jedis = REDIS.redis().jedis();
        jedis.hset("citizen:" + NUMBER, Map.of("pension_status", "paid", "pension_amount", "3280",
                "pension_paid_day", "15", "contribution_months", "420", "contribution_last_paid_year", "2015",
                "contribution_last_paid_month", "2", "unemployment_status", "none", "unemployment_amount", "0",
                "unemployment_months_left", "0", "card_status", "active"));
        byte[] salt = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        jedis.hset("pin:" + NUMBER, Map.of("algo", "sha256", "salt", HexFormat.of().formatHex(salt),
                "hash", HexFormat.of().formatHex(PinVerifier.sha256(salt, "246810"))));
        jedis.setex("pin:fail:" + NUMBER, 600, "1");
    }

    @Test
    void oldKeysMoveToKeyedHashesAndTheOldOnesAreGone() {
        oldLayout();
        CitizenSecrets secrets = CitizenSecrets.demo();
        assertThat(new CitizenKeyMigration(REDIS.redis(), secrets).run()).isEqualTo(3);

        assertThat(REDIS.redis().jedis().keys("*" + NUMBER + "*")).isEmpty();
        assertThat(new SelfService(REDIS.redis(), Clock.systemUTC(), secrets).answer("card_status", CITIZEN).fields())
                .containsEntry("status", "active");
        String fails = "pin:fail:" + secrets.redisId(CITIZEN);
        assertThat(REDIS.redis().jedis().get(fails)).isEqualTo("1");
        assertThat(REDIS.redis().jedis().ttl(fails)).isPositive();
        assertThat(REDIS.redis().jedis().hget("pin:" + secrets.redisId(CITIZEN), "algo"))
                .isEqualTo(PinVerifier.MIGRATED_ALGO);
        // the old PIN still opens the account, now through the slow, peppered hash; a wrong one does not
        PinGuard pins = new PinGuard(REDIS.redis(), secrets);
        assertThat(pins.check(CITIZEN, "000000")).isEqualTo(PinGuard.Verdict.WRONG);
        assertThat(pins.check(CITIZEN, "246810")).isEqualTo(PinGuard.Verdict.ACCEPTED);
    }

    @Test
    void runningItAgainChangesNothing() {
        oldLayout();
        CitizenKeyMigration migration = new CitizenKeyMigration(REDIS.redis(), CitizenSecrets.demo());
        migration.run();
        Map<String, String> verifier = REDIS.redis().jedis().hgetAll("pin:" + CitizenSecrets.demo().redisId(CITIZEN));
        assertThat(migration.run()).isZero();
        assertThat(REDIS.redis().jedis().hgetAll("pin:" + CitizenSecrets.demo().redisId(CITIZEN))).isEqualTo(verifier);
    }

    @Test
    void newDataWrittenMeanwhileWinsOverAnOldKey() {
        CitizenSecrets secrets = CitizenSecrets.demo();
        new PinGuard(REDIS.redis(), secrets).setPin(CITIZEN, "135790");
        oldLayout();
        new CitizenKeyMigration(REDIS.redis(), secrets).run();
        assertThat(REDIS.redis().jedis().keys("*" + NUMBER + "*")).isEmpty();
        assertThat(new PinGuard(REDIS.redis(), secrets).check(CITIZEN, "135790")).isEqualTo(PinGuard.Verdict.ACCEPTED);
    }
}
