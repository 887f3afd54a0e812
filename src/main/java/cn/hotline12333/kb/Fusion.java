package cn.hotline12333.kb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal-rank fusion of the text search's list and the embedding model's list: an article scores
 * {@code 1 / (K + rank)} in each list it is in, summed. Ranks, not scores, because BM25 scores and cosine
 * similarities share no scale; K damps the difference between first and second place so that an article near the
 * top of both lists beats one first in only one of them.
 */
final class Fusion {
    static final int K = 60;

    private Fusion() {
    }

    record Fused(String id, float score) {
    }

    /** The articles of both lists (each list best first, ids distinct within a list), best first; ties keep the text order. */
    static List<Fused> fuse(List<String> lexical, List<String> dense) {
        Map<String, Float> scores = new LinkedHashMap<>();
        for (int i = 0; i < lexical.size(); i++) {
            scores.merge(lexical.get(i), 1f / (K + i + 1), Float::sum);
        }
        for (int i = 0; i < dense.size(); i++) {
            scores.merge(dense.get(i), 1f / (K + i + 1), Float::sum);
        }
        List<Fused> out = new ArrayList<>();
        scores.forEach((id, s) -> out.add(new Fused(id, s)));
        out.sort((a, b) -> Float.compare(b.score(), a.score())); // stable: ties keep the text order
        return out;
    }
}
