package cn.hotline12333.kb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;

/**
 * What the "no matching article" decision of a hybrid search sees about its best hits, from what the search has
 * already found: the text search's best hits and how much of the query the best one explains ({@link QueryCoverage}),
 * the embedding model's nearest articles and the nearest out-of-scope anchor ({@link OutOfScope}). Built only for a
 * search someone observes ({@code KnowledgeBase.search} with an observer): the served decision is made inline by
 * {@code ArticleSearch} from the same values, and {@link Ranking#hybridNoMatch} replays it from these. The gate's
 * probe ({@code GateProbe}, test sources) fits models of answerability over them on the tune split; none beat the
 * rules on held-back folds, so none decides (docs/benchmarks.md, "A model of answerability").
 */
final class Answerability {
    /** Articles of each list compared for the lists' agreement. */
    static final int AGREEMENT_DEPTH = 3;

    private Answerability() {
    }

    /**
     * @param coverage     the best text hit's coverage of the query (share 0 and not topical without one)
     * @param textHits     hits of the text search (0: it matched nothing)
     * @param topScore     the best text hit's score (0 without one), {@code secondScore} the second's
     * @param similarity   the nearest article passage's cosine similarity to the query (-1: no model, or late)
     * @param anchor       the nearest out-of-scope anchor and its similarity (null: none)
     * @param modelReads   whether the model reads the (rewritten) query, {@link Ranking#modelReads}
     * @param textInDense  the best text hit is among the model's first {@link #AGREEMENT_DEPTH} articles
     * @param denseInText  the model's nearest article is among the text search's first {@link #AGREEMENT_DEPTH}
     * @param characters   characters of the (rewritten) query, spaces left out
     */
    record Signals(QueryCoverage.Coverage coverage, int textHits, float topScore, float secondScore, float similarity,
                   OutOfScope.Match anchor, boolean modelReads, boolean textInDense, boolean denseInText, int characters) {

        static Signals of(IndexSearcher searcher, String text, ScoreDoc[] ranked, QueryCoverage.Coverage coverage,
                          DenseRetrieval.Neighbours neighbours) throws IOException {
            List<PassageIndex.Near> near = neighbours.articles();
            float similarity = near.isEmpty() ? -1 : near.get(0).similarity();
            boolean textInDense = false;
            boolean denseInText = false;
            if (ranked.length > 0 && !near.isEmpty()) {
                List<String> lexical = new ArrayList<>(AGREEMENT_DEPTH);
                for (int i = 0; i < Math.min(AGREEMENT_DEPTH, ranked.length); i++) {
                    lexical.add(HitFields.read(searcher, ranked[i].doc).id());
                }
                for (int i = 0; i < Math.min(AGREEMENT_DEPTH, near.size()); i++) {
                    textInDense |= near.get(i).id().equals(lexical.get(0));
                }
                denseInText = lexical.contains(near.get(0).id());
            }
            int characters = 0;
            for (int i = 0; i < text.length(); i++) {
                characters += Character.isWhitespace(text.charAt(i)) ? 0 : 1;
            }
            return new Signals(coverage, ranked.length, ranked.length > 0 ? ranked[0].score : 0,
                    ranked.length > 1 ? ranked[1].score : 0, similarity, neighbours.anchor(), Ranking.modelReads(text),
                    textInDense, denseInText, characters);
        }

        /** The nearest anchor's similarity minus the nearest article passage's; -1 without anchors. */
        float anchorLead() {
            return anchor == null ? -1 : anchor.similarity() - similarity;
        }
    }
}
