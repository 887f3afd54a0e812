package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The query vectors' pool and cache, with a stand-in model that counts its calls and can be held back. */
class QueryVectorsTest {
    private static final long NO_LIMIT = Long.MAX_VALUE;

    /** Counts calls per text; texts starting with "held" wait for {@link #release}. */
    private final ConcurrentHashMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Function<String, float[]> model = text -> {
        calls.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
        if (text.startsWith("held")) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (text.startsWith("broken")) {
            throw new IllegalArgumentException("the model failed");
        }
        if (text.startsWith("exhausted")) {
            // what PassageEncoder's ByteBuffer.allocateDirect throws when the direct memory limit is reached
            throw new OutOfMemoryError("Direct buffer memory");
        }
        return new float[] {text.length()};
    };
    private QueryVectors vectors;

    @AfterEach
    void close() {
        release.countDown();
        vectors.close();
    }

    private int calls(String text) {
        AtomicInteger n = calls.get(text);
        return n == null ? 0 : n.get();
    }

    @Test
    void aQuerySearchedAgainIsNotEmbeddedAgain() {
        vectors = new QueryVectors(model, 4);
        float[] first = vectors.await(vectors.start("退休金怎么领"), NO_LIMIT);
        float[] second = vectors.await(vectors.start("退休金怎么领"), NO_LIMIT);
        assertThat(second).isSameAs(first);
        assertThat(calls("退休金怎么领")).isEqualTo(1);
        assertThat(vectors.counts()).isEqualTo(new KnowledgeBase.QueryEmbedding(1, 1, 0));
    }

    @Test
    void aQuerySearchedWhileItIsBeingEmbeddedWaitsForThatEmbedding() {
        vectors = new QueryVectors(model, 4);
        QueryVectors.Pending a = vectors.start("held 失业金");
        QueryVectors.Pending b = vectors.start("held 失业金");
        release.countDown();
        assertThat(vectors.await(b, NO_LIMIT)).isSameAs(vectors.await(a, NO_LIMIT));
        assertThat(calls("held 失业金")).isEqualTo(1);
    }

    @Test
    void onlyTheLatestQueriesAreKept() {
        vectors = new QueryVectors(model, 2);
        for (String q : List.of("a", "b", "a", "c")) { // "b" is now the least recently searched
            vectors.await(vectors.start(q), NO_LIMIT);
        }
        vectors.await(vectors.start("a"), NO_LIMIT);
        vectors.await(vectors.start("b"), NO_LIMIT);
        assertThat(calls("a")).isEqualTo(1);
        assertThat(calls("b")).isEqualTo(2);
    }

    @Test
    void withoutACacheEverySearchEmbedsItsQuery() {
        vectors = new QueryVectors(model, 0);
        vectors.await(vectors.start("a"), NO_LIMIT);
        vectors.await(vectors.start("a"), NO_LIMIT);
        assertThat(calls("a")).isEqualTo(2);
        assertThat(vectors.counts()).isEqualTo(new KnowledgeBase.QueryEmbedding(0, 2, 0));
    }

    @Test
    void aVectorNotThereByTheDeadlineIsLateAndStillReachesTheCache() {
        vectors = new QueryVectors(model, 4);
        QueryVectors.Pending p = vectors.start("held 社保卡");
        assertThat(vectors.await(p, System.nanoTime())).isNull();
        assertThat(vectors.counts().late()).isEqualTo(1);
        release.countDown();
        assertThat(vectors.await(p, NO_LIMIT)).containsExactly(8f);
        // The next search of the same question finds it, whatever its deadline.
        assertThat(vectors.await(vectors.start("held 社保卡"), System.nanoTime())).containsExactly(8f);
        assertThat(calls("held 社保卡")).isEqualTo(1);
    }

    @Test
    void aFullPoolLeavesASearchWithADeadlineLexicalAndOneWithoutEmbedsOnItsOwnThread() {
        vectors = new QueryVectors(model, 1000);
        List<QueryVectors.Pending> waiting = new ArrayList<>();
        for (int i = 0; i < QueryVectors.THREADS + QueryVectors.QUEUE; i++) {
            waiting.add(vectors.start("held " + i));
        }
        QueryVectors.Pending refused = vectors.start("工伤认定要多久");
        assertThat(vectors.await(refused, System.nanoTime() + 60_000_000_000L)).isNull();
        assertThat(vectors.counts().late()).isEqualTo(1);
        // Refused embeddings are not remembered: started again, and awaited without a limit, it is embedded here.
        QueryVectors.Pending again = vectors.start("工伤认定要多久");
        assertThat(again.vector()).isNotSameAs(refused.vector());
        assertThat(vectors.await(again, NO_LIMIT)).containsExactly(7f);
        release.countDown();
        waiting.forEach(w -> assertThat(vectors.await(w, NO_LIMIT)).isNotNull());
    }

    @Test
    void aFailingModelFailsTheSearchAndIsTriedAgainNextTime() {
        vectors = new QueryVectors(model, 4);
        assertThatThrownBy(() -> vectors.await(vectors.start("broken"), NO_LIMIT))
                .isInstanceOf(IllegalStateException.class).hasRootCauseMessage("the model failed");
        assertThatThrownBy(() -> vectors.await(vectors.start("broken"), NO_LIMIT))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls("broken")).isEqualTo(2);
    }

    /**
     * An Error from the model (a thread's direct buffers beyond the direct memory limit) fails the search as any
     * failure does: before, the embedding's future never completed, and every later search of the query waited
     * for it to its deadline (for ever without one), answered by the text alone.
     */
    @Test
    void aModelFailingWithAnErrorFailsTheSearchAndIsTriedAgainNextTime() {
        vectors = new QueryVectors(model, 4);
        long deadline = System.nanoTime() + 10_000_000_000L;
        assertThatThrownBy(() -> vectors.await(vectors.start("exhausted"), deadline))
                .isInstanceOf(IllegalStateException.class).hasRootCauseMessage("Direct buffer memory");
        assertThatThrownBy(() -> vectors.await(vectors.start("exhausted"), deadline))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls("exhausted")).isEqualTo(2);
    }
}
