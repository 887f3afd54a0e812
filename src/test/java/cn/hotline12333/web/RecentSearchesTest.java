package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline12333.kb.SearchRequest;
import cn.hotline12333.kb.SearchResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RecentSearchesTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final RecentSearches recent = new RecentSearches(2, 60, now::get);
    private final AtomicInteger searched = new AtomicInteger();

    private Supplier<SearchResult> search(double similarity) {
        return () -> {
            searched.incrementAndGet();
            return new SearchResult(List.of(), 0, true, 5, true, 0, similarity);
        };
    }

    private RecentSearches.Answer ask(String q, long generation) {
        return recent.answer(SearchRequest.of(q), generation, search(0.8), r -> r.similarity() >= 0);
    }

    @Test
    void theSameRequestIsAnsweredOnceWhileTheGenerationAndTheTimeHold() {
        RecentSearches.Answer first = ask("退休金怎么领", 7);
        RecentSearches.Answer again = ask("退休金怎么领", 7);
        assertThat(first.cached()).isFalse();
        assertThat(again.cached()).isTrue();
        assertThat(again.result()).isSameAs(first.result());
        assertThat(searched).hasValue(1);
        // another page, category or region is another search
        assertThat(recent.answer(SearchRequest.of("退休金怎么领").page(10, 10), 7, search(0.8), r -> true).cached())
                .isFalse();
        assertThat(recent.hits()).isEqualTo(1);
        assertThat(recent.misses()).isEqualTo(2);
    }

    @Test
    void aReloadedKnowledgeBaseOrAnOldAnswerIsSearchedAgain() {
        ask("退休金怎么领", 7);
        assertThat(ask("退休金怎么领", 8).cached()).isFalse();
        now.addAndGet(59);
        assertThat(ask("退休金怎么领", 8).cached()).isTrue();
        now.addAndGet(1);
        assertThat(ask("退休金怎么领", 8).cached()).isFalse();
        assertThat(searched).hasValue(3);
    }

    @Test
    void theLeastRecentlyAskedGoesBeyondTheCapacity() {
        ask("退休金怎么领", 1);
        ask("失业金怎么申请", 1);
        ask("退休金怎么领", 1);
        ask("社保卡丢了怎么办", 1);
        assertThat(ask("退休金怎么领", 1).cached()).isTrue();
        assertThat(ask("失业金怎么申请", 1).cached()).isFalse();
    }

    @Test
    void anAnswerTheKeepRuleRefusesOrAFailedSearchIsNotKept() {
        SearchRequest q = SearchRequest.of("退休金怎么领");
        recent.answer(q, 1, search(-1), r -> r.similarity() >= 0);
        assertThat(recent.answer(q, 1, search(0.8), r -> r.similarity() >= 0).cached()).isFalse();
        SearchRequest other = SearchRequest.of("工伤认定要多久");
        assertThatThrownBy(() -> recent.answer(other, 1, () -> {
            throw new IllegalStateException("index closed");
        }, r -> true)).hasMessage("index closed");
        assertThat(recent.answer(other, 1, search(0.8), r -> true).cached()).isFalse();
    }

    /**
     * A search that fails with an Error (a StackOverflowError deep in the analysis, an OutOfMemoryError) leaves no
     * entry that never completes: the same search asked again would wait on it for ever, holding a search thread.
     */
    @Test
    void aSearchFailingWithAnErrorLeavesNothingToWaitOn() throws Exception {
        SearchRequest q = SearchRequest.of("工伤认定要多久");
        assertThatThrownBy(() -> recent.answer(q, 1, () -> {
            throw new StackOverflowError("analysis too deep");
        }, r -> true)).isInstanceOf(StackOverflowError.class);
        CompletableFuture<RecentSearches.Answer> again = CompletableFuture.supplyAsync(
                () -> recent.answer(q, 1, search(0.8), r -> true));
        assertThat(again.get(10, TimeUnit.SECONDS).cached()).isFalse();
        assertThat(searched).hasValue(1);
    }

    @Test
    void aSearchUnderWayIsJoinedNotRunAgain() throws Exception {
        SearchRequest q = SearchRequest.of("养老金发放查询");
        CountDownLatch inSearch = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<RecentSearches.Answer> first = CompletableFuture.supplyAsync(() -> recent.answer(q, 1, () -> {
            searched.incrementAndGet();
            inSearch.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new SearchResult(List.of(), 0, true, 5, true, 0, 0.9);
        }, r -> true));
        assertThat(inSearch.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<RecentSearches.Answer> second = CompletableFuture.supplyAsync(
                () -> recent.answer(q, 1, search(0.8), r -> true));
        release.countDown();
        assertThat(second.get(10, TimeUnit.SECONDS).cached()).isTrue();
        assertThat(second.get().result()).isSameAs(first.get(10, TimeUnit.SECONDS).result());
        assertThat(searched).hasValue(1);
    }
}
