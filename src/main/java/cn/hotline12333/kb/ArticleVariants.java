package cn.hotline12333.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark padding: variants of the real articles, so that a search runs over a realistic number of
 * documents with the real vocabulary. Variant {@code n} is a pure function of {@code n} and the real articles:
 * the same article in another region, its body lines shuffled and mixed with lines of other articles. They go
 * straight into the index and are never written as files; their passage vectors are those of the article they
 * were made from, each mixed with one of another real article ({@link DenseRetrieval#putCopy}).
 */
final class ArticleVariants {
    private static final List<String> REGIONS = List.of("北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省",
            "吉林省", "黑龙江省", "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省",
            "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省",
            "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区", "深圳市");

    private ArticleVariants() {
    }

    static Article variant(List<Article> real, int n) {
        Random random = new Random(n * 0x9E3779B97F4A7C15L);
        Article base = real.get(n % real.size());
        String region = REGIONS.get(random.nextInt(REGIONS.size()));
        String place = region.replaceAll("(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)$", "");
        List<String> lines = new ArrayList<>(List.of(base.body().split("\n")));
        for (int i = 0; i < 3; i++) {
            Article other = real.get(random.nextInt(real.size()));
            String[] otherLines = other.body().split("\n");
            lines.add(otherLines[random.nextInt(otherLines.length)]);
        }
        Collections.shuffle(lines, random);
        List<String> questions = new ArrayList<>();
        for (String q : base.questions()) {
            questions.add(random.nextBoolean() ? place + q : q);
        }
        return new Article(base.id() + "-v" + n, place + base.title(), base.category(), base.tags(), questions, region,
                base.effective(), base.expires(), base.sources(), String.join("\n", lines), null);
    }

    /** Indexes {@code count} variants on all cores (analysis dominates, and IndexWriter takes concurrent adds). */
    static void addTo(ArticleIndex index, DenseRetrieval dense, List<Article> real, int count) throws IOException {
        if (real.isEmpty()) {
            return;
        }
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    for (int n = first; n < count; n += threads) {
                        Article v = variant(real, n);
                        index.put(v);
                        if (dense != null) {
                            // Embedding a million passages would take hours on two cores: a variant's vectors are
                            // made from those of the real articles (docs/benchmarks.md says so).
                            dense.putCopy(v, real.get(n % real.size()), real);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating articles", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new UncheckedIOException(new IOException("generating articles failed", e.getCause()));
        } finally {
            pool.shutdownNow();
        }
    }
}
