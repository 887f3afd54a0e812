package cn.hotline12333.ivr;

import static cn.hotline12333.ivr.PinGuard.Verdict.ACCEPTED;
import static cn.hotline12333.ivr.PinGuard.Verdict.LOCKED;
import static cn.hotline12333.ivr.PinGuard.Verdict.WRONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline12333.store.RedisFixture;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PinGuardTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private static final CitizenId CITIZEN = CitizenId.parse("110105195503080010", TODAY);
    private static final CitizenId OTHER = CitizenId.parse("11010519491231002X", TODAY);
    private static final String FAILS = "pin:fail:" + CitizenSecrets.demo().redisId(CITIZEN);

    private PinGuard guard;

    @BeforeEach
    void freshPins() {
        guard = new PinGuard(REDIS.redis());
        guard.setPin(CITIZEN, "246810");
        guard.setPin(OTHER, "135790");
    }

    @Test
    void rightPinIsAccepted() {
        assertThat(guard.check(CITIZEN, "246810")).isEqualTo(ACCEPTED);
        assertThat(guard.check(OTHER, "135790")).isEqualTo(ACCEPTED);
    }

    @Test
    void anotherCitizensPinIsWrong() {
        assertThat(guard.check(CITIZEN, "135790")).isEqualTo(WRONG);
        assertThat(guard.check(OTHER, "")).isEqualTo(WRONG);
        assertThat(guard.check(OTHER, null)).isEqualTo(WRONG);
    }

    @Test
    void thirdWrongPinLocksForThirtyMinutes() {
        assertThat(guard.check(CITIZEN, "000000")).isEqualTo(WRONG);
        assertThat(guard.check(CITIZEN, "111111")).isEqualTo(WRONG);
        assertThat(guard.check(CITIZEN, "222222")).isEqualTo(LOCKED);
        long ttl = REDIS.redis().jedis().ttl(FAILS);
        assertThat(ttl).isBetween(1700L, 1800L);
    }

    @Test
    void rightPinWhileLockedIsStillLocked() {
        for (int i = 0; i < 3; i++) {
            guard.check(CITIZEN, "000000");
        }
        assertThat(guard.check(CITIZEN, "246810")).isEqualTo(LOCKED);
        assertThat(REDIS.redis().jedis().get(FAILS)).isEqualTo("3");
    }

    @Test
    void attemptsWhileLockedDoNotExtendTheLock() {
        for (int i = 0; i < 3; i++) {
            guard.check(CITIZEN, "000000");
        }
        REDIS.redis().jedis().expire(FAILS, 100);
        assertThat(guard.check(CITIZEN, "000000")).isEqualTo(LOCKED);
        assertThat(REDIS.redis().jedis().ttl(FAILS)).isLessThanOrEqualTo(100);
        assertThat(REDIS.redis().jedis().get(FAILS)).isEqualTo("3");
    }

    @Test
    void lockEndsWhenTheCounterExpires() {
        for (int i = 0; i < 3; i++) {
            guard.check(CITIZEN, "000000");
        }
        // the TTL running out, without waiting 30 minutes
        REDIS.redis().jedis().del(FAILS);
        assertThat(guard.check(CITIZEN, "246810")).isEqualTo(ACCEPTED);
    }

    @Test
    void rightPinResetsTheCount() {
        guard.check(CITIZEN, "000000");
        guard.check(CITIZEN, "000000");
        assertThat(guard.check(CITIZEN, "246810")).isEqualTo(ACCEPTED);
        assertThat(REDIS.redis().jedis().exists(FAILS)).isFalse();
        assertThat(guard.check(CITIZEN, "000000")).isEqualTo(WRONG);
        assertThat(guard.check(CITIZEN, "000000")).isEqualTo(WRONG);
    }

    @Test
    void lockIsPerCitizen() {
        for (int i = 0; i < 3; i++) {
            guard.check(CITIZEN, "000000");
        }
        assertThat(guard.check(OTHER, "135790")).isEqualTo(ACCEPTED);
    }

    @Test
    void everyNodeSeesTheSameCount() {
        PinGuard otherNode = new PinGuard(REDIS.redis());
        guard.check(CITIZEN, "000000");
        otherNode.check(CITIZEN, "000000");
        assertThat(guard.check(CITIZEN, "000000")).isEqualTo(LOCKED);
        assertThat(otherNode.check(CITIZEN, "246810")).isEqualTo(LOCKED);
    }

    @Test
    void limitAndLockoutAreConfigurable() {
        PinGuard strict = new PinGuard(REDIS.redis(), 1, Duration.ofMinutes(5));
        assertThat(strict.check(CITIZEN, "000000")).isEqualTo(LOCKED);
        assertThat(REDIS.redis().jedis().ttl(FAILS)).isBetween(200L, 300L);
    }

    @Test
    void unknownCitizenCountsAsWrong() {
        CitizenId stranger = CitizenId.parse("310115198206140033", TODAY);
        assertThat(guard.check(stranger, "246810")).isEqualTo(WRONG);
        assertThat(REDIS.redis().jedis().get("pin:fail:" + CitizenSecrets.demo().redisId(stranger))).isEqualTo("1");
    }

    @Test
    void pinIsStoredAsAPepperedSlowHashUnderAKeyedHashOfTheNumber() {
        assertThat(REDIS.redis().jedis().keys("*110105195503080010*")).isEmpty();
        Map<String, String> stored = REDIS.redis().jedis().hgetAll("pin:" + CitizenSecrets.demo().redisId(CITIZEN));
        assertThat(stored).containsOnlyKeys("algo", "iter", "salt", "hash")
                .containsEntry("algo", PinVerifier.ALGO).containsEntry("iter", String.valueOf(PinVerifier.ITERATIONS));
        assertThat(String.join(" ", stored.values())).doesNotContain("246810");
        assertThat(stored.get("hash")).hasSize(64);
    }

    @Test
    void theSameDumpIsUselessWithAnotherPepperOrIdKey() {
        CitizenSecrets other = CitizenSecrets.of("another-id-key-of-at-least-32-characters",
                "another-pin-pepper-of-at-least-32-chars");
        PinGuard elsewhere = new PinGuard(REDIS.redis(), other);
        // another ID key finds no verifier at all: counts as wrong
        assertThat(elsewhere.check(CITIZEN, "246810")).isEqualTo(WRONG);
        // the right key but another pepper: the stored verifier does not match the right PIN
        Map<String, String> stored = REDIS.redis().jedis().hgetAll("pin:" + CitizenSecrets.demo().redisId(CITIZEN));
        CitizenSecrets samePepperless = CitizenSecrets.of(CitizenSecrets.DEMO_ID_KEY, "another-pin-pepper-of-at-least-32-chars");
        assertThat(PinVerifier.matches(stored, "246810", samePepperless)).isFalse();
        assertThat(PinVerifier.matches(stored, "246810", CitizenSecrets.demo())).isTrue();
    }

    @Test
    void shortSecretsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> CitizenSecrets.of("short", CitizenSecrets.DEMO_PIN_PEPPER))
                .hasMessageContaining("HOTLINE_ID_KEY");
        assertThatThrownBy(() -> CitizenSecrets.of(CitizenSecrets.DEMO_ID_KEY, null))
                .hasMessageContaining("HOTLINE_PIN_PEPPER");
    }

    @Test
    void settingAPinClearsALock() {
        for (int i = 0; i < 3; i++) {
            guard.check(CITIZEN, "000000");
        }
        guard.setPin(CITIZEN, "975310");
        assertThat(guard.check(CITIZEN, "975310")).isEqualTo(ACCEPTED);
        assertThat(guard.check(CITIZEN, "246810")).isEqualTo(WRONG);
    }

    @Test
    void pinMustBeSixDigits() {
        assertThatThrownBy(() -> guard.setPin(CITIZEN, "12345")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> guard.setPin(CITIZEN, "12345a")).isInstanceOf(IllegalArgumentException.class);
    }
}
