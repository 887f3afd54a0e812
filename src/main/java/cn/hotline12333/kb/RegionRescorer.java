package cn.hotline12333.kb;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.BytesRef;

/**
 * Region as a multiplier on the best hits by text, so that it reorders without swamping relevance: the agent's
 * own region up, other regions down (a 广东省 agent still sees a 深圳市 article, below the national one); with
 * no agent region, a regional article gives way a little to the national one on the same topic. Done after
 * the search on the top window rather than by wrapping the query: Lucene's max-score pruning needs the bare
 * disjunction, and the region only matters among hits that are already near the top.
 */
final class RegionRescorer {
    private static final BytesRef NATIONAL = new BytesRef(Article.NATIONAL);

    private RegionRescorer() {
    }

    /** The hits with region-adjusted scores, best first (a new array; ties keep the text order). */
    static ScoreDoc[] rescore(IndexSearcher searcher, ScoreDoc[] hits, String region, Ranking ranking)
            throws IOException {
        BytesRef own = region == null ? null : new BytesRef(region);
        ScoreDoc[] byDoc = hits.clone();
        Arrays.sort(byDoc, Comparator.comparingInt(h -> h.doc));
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int leaf = -1;
        SortedDocValues regions = null;
        Map<ScoreDoc, Float> factors = new IdentityHashMap<>();
        for (ScoreDoc h : byDoc) {
            int i = ReaderUtil.subIndex(h.doc, leaves);
            if (i != leaf) {
                leaf = i;
                regions = DocValues.getSorted(leaves.get(i).reader(), ArticleFields.REGION);
            }
            BytesRef value = regions.advanceExact(h.doc - leaves.get(i).docBase)
                    ? regions.lookupOrd(regions.ordValue()) : NATIONAL;
            float f;
            if (value.equals(NATIONAL)) {
                f = 1f;
            } else if (own == null) {
                f = ranking.noAgentRegion();
            } else {
                f = value.equals(own) ? ranking.ownRegion() : ranking.otherRegion();
            }
            factors.put(h, f);
        }
        ScoreDoc[] out = new ScoreDoc[hits.length];
        for (int i = 0; i < hits.length; i++) {
            out[i] = new ScoreDoc(hits[i].doc, hits[i].score * factors.get(hits[i]), hits[i].shardIndex);
        }
        // Arrays.sort on objects is stable: equal scores keep the order the search gave them.
        Arrays.sort(out, (a, b) -> Float.compare(b.score, a.score));
        return out;
    }
}
