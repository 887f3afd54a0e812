package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorCacheTest {
    @TempDir
    Path dir;

    private static float[] vector(float first) {
        float[] v = new float[PassageEncoder.DIMENSIONS];
        v[0] = first;
        v[PassageEncoder.DIMENSIONS - 1] = -first;
        return v;
    }

    @Test
    void vectorsSurviveARestartKeyedByTheirText() {
        VectorCache cache = new VectorCache(dir);
        String a = VectorCache.key("社保卡丢了怎么办");
        cache.put(a, vector(0.5f));
        cache.save(Set.of(a));
        VectorCache again = new VectorCache(dir);
        assertThat(again.get(a)).containsExactly(vector(0.5f));
        assertThat(again.get(VectorCache.key("社保卡丢了怎么办？"))).isNull();
        assertThat(VectorCache.key("社保卡丢了怎么办")).isEqualTo(a).hasSize(64);
    }

    @Test
    void aDamagedFileIsIgnoredAndReplaced() throws IOException {
        VectorCache cache = new VectorCache(dir);
        String a = VectorCache.key("失业金");
        cache.put(a, vector(1f));
        cache.save(Set.of(a));
        Path file;
        try (var files = Files.list(dir)) {
            file = files.filter(p -> p.toString().endsWith(".bin")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        VectorCache truncated = new VectorCache(dir);
        assertThat(truncated.size()).isZero();
        truncated.put(a, vector(2f));
        truncated.save(Set.of(a));
        assertThat(new VectorCache(dir).get(a)).containsExactly(vector(2f));
    }

    @Test
    void vectorsOfPassagesNoArticleHasGoOnlyWhenTheyOutnumberTheLiveOnes() {
        VectorCache cache = new VectorCache(dir);
        String live = VectorCache.key("live");
        cache.put(live, vector(1f));
        for (int i = 0; i < 10; i++) {
            cache.put(VectorCache.key("old " + i), vector(i));
        }
        cache.save(Set.of(live));
        assertThat(new VectorCache(dir).size()).isEqualTo(11);
        for (int i = 10; i < 1010; i++) {
            cache.put(VectorCache.key("old " + i), vector(i));
        }
        cache.save(Set.of(live));
        assertThat(new VectorCache(dir).size()).isEqualTo(1);
    }
}
