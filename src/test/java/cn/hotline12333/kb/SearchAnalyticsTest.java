package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.store.RedisFixture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SearchAnalyticsTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now;

        HandClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    // 10:00 in Beijing on 2026-11-23.
    private final HandClock clock = new HandClock(Instant.parse("2026-11-23T02:00:00Z"));
    private final SearchAnalytics analytics = new SearchAnalytics(REDIS.redis(), clock, Duration.ofMinutes(10));

    private static SearchResult hits(double coverage, String... ids) {
        List<SearchHit> hits = java.util.Arrays.stream(ids)
                .map(id -> new SearchHit(id, "t", Category.CARD, Article.NATIONAL, 1f, "")).toList();
        return new SearchResult(hits, hits.size(), true, 1, false, coverage);
    }

    @Test
    void idAndPhoneNumbersAreMaskedBeforeAnythingIsStored() {
        assertThat(SearchAnalytics.masked("  110105195503080010 的养老金 ")).isEqualTo("[身份证号] 的养老金");
        assertThat(SearchAnalytics.masked("44010619870815012X社保卡")).isEqualTo("[身份证号]社保卡");
        assertThat(SearchAnalytics.masked("身份证44010619870815012x")).isEqualTo("身份证[身份证号]");
        assertThat(SearchAnalytics.masked("回拨13812345678")).isEqualTo("回拨[手机号]");
        assertThat(SearchAnalytics.masked("回拨 138-1234-5678 谢谢")).isEqualTo("回拨 [手机号] 谢谢");
        assertThat(SearchAnalytics.masked("回拨２８８１２３４５６７８")).isEqualTo("回拨[手机号]");
        // Short numbers are what callers ask about, not who they are.
        assertThat(SearchAnalytics.masked("12333 APP  N+1")).isEqualTo("12333 app n+1");

        analytics.searched("agent", "110105195503080010养老金", hits(0.9, "pension-0002"));
        analytics.searched("agent", "13812345678 回电", SearchResult.empty(1));
        Set<String> keys = REDIS.redis().jedis().keys("*");
        for (String key : keys) {
            String dump = key.contains("found") ? String.join(",", REDIS.redis().jedis().smembers(key))
                    : key.contains("pending") ? String.join(",", REDIS.redis().jedis().lrange(key, 0, -1))
                    : String.join(",", REDIS.redis().jedis().zrange(key, 0, -1));
            assertThat(dump).as(key).doesNotContain("110105195503080010").doesNotContain("13812345678");
        }
    }

    @Test
    void theReportCountsQueriesMissesWeakMatchesUnopenedSearchesAndArticlesNeverShown() {
        analytics.searched("agent", "社保卡丢了", hits(0.9, "card-0003", "card-0004"));
        analytics.searched("agent", "社保卡丢了", hits(0.9, "card-0003"));
        analytics.opened("agent", "card-0003");
        analytics.searched("other", "社保卡丢了", hits(0.9, "card-0003"));
        analytics.searched("agent", "宠物狗", SearchResult.empty(1));
        analytics.searched("agent", "三个月没发工资", hits(0.2, "wage-arrears-0001"));
        clock.advance(Duration.ofMinutes(11));
        // Too late: the search of eleven minutes ago did not lead to this open.
        analytics.opened("agent", "wage-arrears-0001");

        SearchAnalytics.Report r = analytics.report(7, List.of("card-0003", "card-0004", "pension-0001",
                "wage-arrears-0001"), 10);
        assertThat(r.from()).hasToString("2026-11-17");
        assertThat(r.to()).hasToString("2026-11-23");
        assertThat(r.searches()).isEqualTo(5);
        assertThat(r.top()).containsExactly(new SearchAnalytics.Count("社保卡丢了", 3),
                new SearchAnalytics.Count("三个月没发工资", 1), new SearchAnalytics.Count("宠物狗", 1));
        assertThat(r.noMatch()).containsExactly(new SearchAnalytics.Count("宠物狗", 1));
        assertThat(r.weak()).containsExactly(new SearchAnalytics.Count("三个月没发工资", 1));
        // agent's two searches of 社保卡丢了 led to one open (counted once); other's search led to none.
        assertThat(r.unopened()).containsExactly(new SearchAnalytics.Count("社保卡丢了", 2),
                new SearchAnalytics.Count("三个月没发工资", 1), new SearchAnalytics.Count("宠物狗", 1));
        assertThat(r.neverFound()).containsExactly("pension-0001");
    }

    @Test
    void daysOutsideTheWindowAreNotCounted() {
        analytics.searched("agent", "失业金", hits(0.9, "unemployment-0004"));
        clock.advance(Duration.ofDays(2));
        assertThat(analytics.report(1, List.of(), 10).searches()).isZero();
        assertThat(analytics.report(3, List.of(), 10).searches()).isEqualTo(1);
    }
}
