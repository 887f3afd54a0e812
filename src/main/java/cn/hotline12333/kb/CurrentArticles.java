package cn.hotline12333.kb;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FilterCollector;
import org.apache.lucene.search.FilterLeafCollector;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.search.TopScoreDocCollectorManager;

/**
 * Collects the best hits, skipping articles that expired before {@code today}. Expiry is checked here, per
 * hit, rather than as a clause of the query: any required or prohibited clause turns the query from a pure
 * disjunction into one Lucene scores with a slower scorer (docs/benchmarks.md, knowledge base). Expired
 * articles are few, so skipping them as they come costs nothing.
 */
final class CurrentArticles implements CollectorManager<CurrentArticles.Skipping, TopDocs> {
    private final TopScoreDocCollectorManager best;
    private final long today;

    CurrentArticles(int hits, int countUpTo, long today) {
        this.best = new TopScoreDocCollectorManager(hits, countUpTo);
        this.today = today;
    }

    @Override
    public Skipping newCollector() throws IOException {
        return new Skipping(best.newCollector(), today);
    }

    @Override
    public TopDocs reduce(Collection<Skipping> collectors) throws IOException {
        List<TopScoreDocCollector> inner = collectors.stream().map(c -> (TopScoreDocCollector) c.in()).toList();
        return best.reduce(inner);
    }

    static final class Skipping extends FilterCollector {
        private final long today;

        Skipping(TopScoreDocCollector in, long today) {
            super(in);
            this.today = today;
        }

        TopScoreDocCollector in() {
            return (TopScoreDocCollector) in;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            NumericDocValues expires = DocValues.getNumeric(context.reader(), ArticleFields.EXPIRES);
            return new FilterLeafCollector(super.getLeafCollector(context)) {
                @Override
                public void collect(int doc) throws IOException {
                    if (!expires.advanceExact(doc) || expires.longValue() >= today) {
                        super.collect(doc);
                    }
                }
            };
        }
    }
}
