package cn.hotline12333.kb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryRescorer;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.util.BytesRef;

/**
 * A costly search's first pass over the {@link ArticleFields#WORDS} field: each word of the query is one clause there
 * instead of one per word field (title, questions, body) plus its character pairs, so block-max pruning has a third
 * of the clauses to step through. Its best hits, the candidates, are then scored by the whole query: the hits
 * returned, their order and their scores are the whole query's among the candidates (up to float rounding: the same
 * sum in another order). An article the whole query finds by its character pairs alone, or whose words score low in
 * the catch-all field and high in the title, is found only if it is among the candidates.
 */
final class CatchAll {
    private CatchAll() {
    }

    /**
     * The first-pass query of {@code full} (a flat disjunction of boosted word and pair clauses with FILTER clauses,
     * as {@link ArticleSearch#build} makes it): every word clause's terms once in {@link ArticleFields#WORDS}, boosted
     * by the sum of that word's boosts over the word fields (its relative weight in the whole query), and every FILTER
     * clause. Null when {@code full} has a clause of another shape (a phrase of a multi-word synonym) or no word
     * clause: the caller then searches the whole query.
     */
    static Query of(Query full) {
        if (!(full instanceof BooleanQuery bq)) {
            return null;
        }
        Map<List<BytesRef>, Float> words = new LinkedHashMap<>();
        List<BooleanClause> filters = new ArrayList<>();
        for (BooleanClause c : bq.clauses()) {
            if (c.getOccur() != Occur.SHOULD) {
                filters.add(c);
                continue;
            }
            float boost = 1f;
            Query q = c.getQuery();
            if (q instanceof BoostQuery b) {
                boost = b.getBoost();
                q = b.getQuery();
            }
            List<Term> terms;
            if (q instanceof TermQuery t) {
                terms = List.of(t.getTerm());
            } else if (q instanceof SynonymQuery syn) {
                terms = syn.getTerms();
            } else {
                return null;
            }
            if (terms.get(0).field().equals(ArticleFields.BIGRAMS)) {
                continue;
            }
            words.merge(terms.stream().map(Term::bytes).toList(), boost, Float::sum);
        }
        if (words.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder first = new BooleanQuery.Builder();
        for (Map.Entry<List<BytesRef>, Float> w : words.entrySet()) {
            Query q;
            if (w.getKey().size() == 1) {
                q = new TermQuery(new Term(ArticleFields.WORDS, w.getKey().get(0)));
            } else {
                SynonymQuery.Builder syn = new SynonymQuery.Builder(ArticleFields.WORDS);
                w.getKey().forEach(t -> syn.addTerm(new Term(ArticleFields.WORDS, t)));
                q = syn.build();
            }
            first.add(new BoostQuery(q, w.getValue()), Occur.SHOULD);
        }
        filters.forEach(first::add);
        return first.build();
    }

    /**
     * The candidates scored by {@code full} alone, best first (ties by doc id), at most {@code window}; a candidate
     * {@code full} does not match is dropped. The total is the first pass's, as a lower bound.
     */
    static TopDocs rescore(IndexSearcher searcher, Query full, TopDocs candidates, int window) throws IOException {
        TopDocs rescored = new QueryRescorer(full) {
            @Override
            protected float combine(float firstPassScore, boolean secondPassMatches, float secondPassScore) {
                return secondPassMatches ? secondPassScore : Float.NEGATIVE_INFINITY;
            }
        }.rescore(searcher, candidates, window);
        List<ScoreDoc> kept = new ArrayList<>(rescored.scoreDocs.length);
        for (ScoreDoc d : rescored.scoreDocs) {
            if (d.score != Float.NEGATIVE_INFINITY) {
                kept.add(d);
            }
        }
        return new TopDocs(new TotalHits(candidates.totalHits.value, TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO),
                kept.toArray(new ScoreDoc[0]));
    }
}
