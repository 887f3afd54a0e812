package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/** Our PBKDF2 derives exactly what the JDK's does, so verifiers stored before and after it still match. */
class Pbkdf2Test {

    @Test
    void derivesWhatTheJdkDerivesForPinsHexDigestsAndLongSecrets() throws Exception {
        SplittableRandom random = new SplittableRandom(12333);
        String[] secrets = {"246810", "000000", "none", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "a".repeat(65), "密码", ""};
        for (String secret : secrets) {
            for (int iterations : new int[] {1, 2, 3, 1000}) {
                byte[] salt = new byte[16];
                for (int i = 0; i < salt.length; i++) {
                    salt[i] = (byte) random.nextInt(256);
                }
                assertThat(Pbkdf2.sha256(secret, salt, iterations)).as(secret + " x" + iterations)
                        .isEqualTo(jdk(secret, salt, iterations));
            }
        }
    }

    @Test
    void zeroIterationsAreRefused() {
        assertThatThrownBy(() -> Pbkdf2.sha256("1", new byte[16], 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] jdk(String secret, byte[] salt, int iterations) throws Exception {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(secret.toCharArray(), salt, iterations, 256)).getEncoded();
    }
}
