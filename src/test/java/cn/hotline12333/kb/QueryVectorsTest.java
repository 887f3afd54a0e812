package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The query vectors' pool and cache, with a stand-in model that counts its calls and can be held back. */
class QueryVectorsTest {
    private static final long NO_LIMIT = Long.MAX_VALUE;

    /**
     * Counts calls per text and keeps each call's texts; a call with a text starting with "held" waits for
     * {@link #release}, one starting with "also held" for {@link #releaseAlso}; one starting with "broken" fails.
     */
    private final ConcurrentHashMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch releaseAlso = new CountDownLatch(1);
    /** Calls under way that are held back. */
    private final Semaphore heldCalls = new Semaphore(0);
    private final Function<List<String>, float[][]> model = texts -> {
        batches.add(List.copyOf(texts));
        texts.forEach(t -> calls.computeIfAbsent(t, x -> new AtomicInteger()).incrementAndGet());
        for (String t : texts) {
            CountDownLatch latch = t.startsWith("held") ? release : t.startsWith("also held") ? releaseAlso : null;
            if (latch != null) {
                heldCalls.release();
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (t.startsWith("broken")) {
                throw new IllegalArgumentException("the model failed");
            }
        }
        return texts.stream().map(t -> new float[] {t.length()}).toArray(float[][]::new);
    };
    private QueryVectors vectors;

    @AfterEach
    void close() {
        release.countDown();
        releaseAlso.countDown();
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
        assertThat(vectors.counts()).isEqualTo(new KnowledgeBase.QueryEmbedding(1, 1, 0, 1));
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
        assertThat(vectors.counts()).isEqualTo(new KnowledgeBase.QueryEmbedding(0, 2, 0, 2));
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
    void aFullPoolLeavesASearchWithADeadlineLexicalAndOneWithoutEmbedsOnItsOwnThread() throws InterruptedException {
        vectors = new QueryVectors(model, 1000);
        List<QueryVectors.Pending> waiting = new ArrayList<>();
        for (int i = 0; i < QueryVectors.THREADS; i++) {
            waiting.add(vectors.start("held " + i));
            heldCalls.acquire(); // one at a time: a thread would take the waiting ones with its own
        }
        // Every thread is busy: what comes next waits in the queue.
        for (int i = 0; i < QueryVectors.QUEUE; i++) {
            waiting.add(vectors.start("held in the queue " + i));
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
    void queriesThatWaitedForAThreadAreEmbeddedInOneCall() throws InterruptedException {
        vectors = new QueryVectors(model, 0);
        QueryVectors.Pending first = vectors.start("held 养老金");
        heldCalls.acquire();
        QueryVectors.Pending second = vectors.start("also held 医保");
        heldCalls.acquire(); // both threads in the model
        List<QueryVectors.Pending> waited = List.of(vectors.start("失业金"), vectors.start("社保卡挂失"),
                vectors.start("工伤认定"));
        release.countDown(); // one thread comes free and finds the three waiting
        assertThat(waited.stream().map(p -> vectors.await(p, NO_LIMIT)[0]).toList()).containsExactly(3f, 5f, 4f);
        assertThat(batches).contains(List.of("失业金", "社保卡挂失", "工伤认定"));
        releaseAlso.countDown();
        vectors.await(first, NO_LIMIT);
        vectors.await(second, NO_LIMIT);
        assertThat(vectors.counts()).isEqualTo(new KnowledgeBase.QueryEmbedding(0, 5, 0, 3));
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
}
