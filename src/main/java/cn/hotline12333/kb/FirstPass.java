package cn.hotline12333.kb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryRescorer;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;

/**
 * A cheaper first pass for long queries. A rambling story searches 70–110 clauses, and Lucene's max-score
 * disjunction then steps through most of their postings for every candidate (the p99 of the 100,000-article
 * benchmark: docs/benchmarks.md, knowledge base). The first pass searches only the word clauses that can add the
 * most to a score; its best hits then get what the other clauses add, so the hits returned, their order and the
 * scores after them (region factors, "no matching article") are those of the full query (up to float rounding) among
 * the hits the first pass found. A short query is searched whole, exactly as before.
 */
final class FirstPass {
    private FirstPass() {
    }

    /**
     * {@code clauses} SHOULD clauses of {@code full}, word clauses before character pairs and each by the highest
     * bound on what they can add (boost × BM25 idf: a BM25 term score never exceeds its idf times its boost), with
     * every FILTER clause; {@code full} itself when it has no more. {@code full} is a flat disjunction of boosted term and synonym clauses as
     * {@link ArticleSearch#build} makes it; a clause of another shape is always kept.
     */
    static Query of(Query full, IndexReader reader, int clauses) throws IOException {
        return of(full, new TermLookup(reader), clauses);
    }

    static Query of(Query full, TermLookup terms, int clauses) throws IOException {
        if (!(full instanceof BooleanQuery bq)) {
            return full;
        }
        List<BooleanClause> should = new ArrayList<>();
        for (BooleanClause c : bq.clauses()) {
            if (c.getOccur() == Occur.SHOULD) {
                should.add(c);
            }
        }
        if (should.size() <= clauses) {
            return full;
        }
        List<Bound> bounds = new ArrayList<>(should.size());
        for (BooleanClause c : should) {
            bounds.add(new Bound(c.getQuery(), bound(c.getQuery(), terms), field(c.getQuery()).equals(ArticleFields.BIGRAMS)));
        }
        // Word clauses before character pairs: a long story's rarest pairs are mostly across word boundaries
        // (婆下, 月生, 但具), rare and high in idf but no sign of the topic, and they filled the first pass with
        // noise (a tune rambling question lost its article from the top three). The pairs still score every
        // hit in the rescoring. Stable: of equal bounds the earlier clause (the earlier word, the title first) stays.
        bounds.sort(Comparator.comparing((Bound b) -> b.pairs()).thenComparing(Comparator.comparingDouble(Bound::most)
                .reversed()));
        BooleanQuery.Builder first = new BooleanQuery.Builder();
        for (Bound b : bounds.subList(0, clauses)) {
            first.add(b.clause(), Occur.SHOULD);
        }
        for (BooleanClause c : bq.clauses()) {
            if (c.getOccur() != Occur.SHOULD) {
                first.add(c);
            }
        }
        return first.build();
    }

    /**
     * The first pass's hits scored with {@code full} instead, best first, at most {@code window} of them. The
     * total is the first pass's as a lower bound: the full query matches every article the first pass does, and
     * maybe more. A hit's score is its first-pass score plus what the clauses {@code first} left out add: the full
     * query's score up to float rounding (a sum in another order), for 40–80 clauses advanced to each hit instead
     * of the full query's 70–110 (the rescoring was a sixth of the slowest searches: docs/benchmarks.md, knowledge
     * base).
     */
    static TopDocs rescore(IndexSearcher searcher, Query full, Query first, TopDocs hits, int window)
            throws IOException {
        TopDocs rescored = new QueryRescorer(leftOut(full, first)) {
            @Override
            protected float combine(float firstPassScore, boolean secondPassMatches, float secondPassScore) {
                return secondPassMatches ? firstPassScore + secondPassScore : firstPassScore;
            }
        }.rescore(searcher, hits, window);
        return new TopDocs(new TotalHits(hits.totalHits.value, TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO),
                rescored.scoreDocs);
    }

    /** The SHOULD clauses of {@code full} that its first pass {@code first} ({@link #of}) does not search. */
    static Query leftOut(Query full, Query first) {
        Set<Query> searched = Collections.newSetFromMap(new IdentityHashMap<>());
        for (BooleanClause c : ((BooleanQuery) first).clauses()) {
            searched.add(c.getQuery());
        }
        BooleanQuery.Builder rest = new BooleanQuery.Builder();
        for (BooleanClause c : ((BooleanQuery) full).clauses()) {
            if (c.getOccur() == Occur.SHOULD && !searched.contains(c.getQuery())) {
                rest.add(c.getQuery(), Occur.SHOULD);
            }
        }
        return rest.build();
    }

    private record Bound(Query clause, double most, boolean pairs) {
    }

    private static String field(Query clause) {
        Query q = clause instanceof BoostQuery b ? b.getQuery() : clause;
        return q instanceof TermQuery t ? t.getTerm().field() : q instanceof SynonymQuery syn ? syn.getField() : "";
    }

    private static double bound(Query clause, TermLookup lookup) throws IOException {
        float boost = 1f;
        Query q = clause;
        if (q instanceof BoostQuery b) {
            boost = b.getBoost();
            q = b.getQuery();
        }
        List<Term> terms = q instanceof TermQuery t ? List.of(t.getTerm())
                : q instanceof SynonymQuery syn ? syn.getTerms() : List.of();
        if (terms.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        // A set of synonyms is scored as one term whose document frequency is the largest of its terms'.
        long df = 0;
        for (Term t : terms) {
            df = Math.max(df, lookup.docFreq(t));
        }
        if (df == 0) {
            return 0; // matches nothing: adds nothing to any score
        }
        long docs = lookup.reader().getDocCount(terms.get(0).field());
        return boost * Math.log(1 + (docs - df + 0.5) / (df + 0.5));
    }
}
