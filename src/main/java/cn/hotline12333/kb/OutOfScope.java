package cn.hotline12333.kb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the hotline does not handle, as short anchor passages in our own words ({@value #FILE} in the analysis
 * folder: marriage registration, commercial insurance claims, loans, tenancy, telecom accounts...), each with who
 * handles it. Embedded like article passages but kept apart from them: a caller's question about a landlord's
 * deposit is, to the model, about as near to our articles as a colloquial question we do answer, yet it is much
 * nearer still to the tenancy anchor. The nearest anchor is compared with the nearest article passage
 * ({@link Ranking#outOfScope}); a few dozen vectors, searched by brute force.
 */
final class OutOfScope {
    static final String FILE = "out-of-scope.tsv";

    /** One anchor passage: its topic, where the caller is referred, and the text embedded. */
    record Anchor(String topic, String referral, String text) {
    }

    /** The anchor nearest to a query and its cosine similarity. */
    record Match(Anchor anchor, float similarity) {
    }

    private final List<Anchor> anchors;
    private final List<ArticleProblem> problems;
    private float[][] vectors = new float[0][];

    private OutOfScope(List<Anchor> anchors, List<ArticleProblem> problems) {
        this.anchors = List.copyOf(anchors);
        this.problems = List.copyOf(problems);
    }

    static OutOfScope none() {
        return new OutOfScope(List.of(), List.of());
    }

    /** The anchors of {@code analysisDir}; none when the file is missing. Malformed lines are problems, skipped. */
    static OutOfScope load(Path analysisDir) {
        Path file = analysisDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return none();
        }
        List<ArticleProblem> problems = new ArrayList<>();
        return parse(file, TextLines.read(file, problems), problems);
    }

    static OutOfScope parse(Path file, List<String> lines) {
        return parse(file, lines, new ArrayList<>());
    }

    private static OutOfScope parse(Path file, List<String> lines, List<ArticleProblem> problems) {
        List<Anchor> anchors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cols = lines.get(i).split("\t", -1);
            if (cols.length != 3 || cols[0].isBlank() || cols[1].isBlank() || cols[2].isBlank()) {
                problems.add(new ArticleProblem(file, i + 1,
                        "out-of-scope anchor needs three tab-separated columns: topic, referral, passage"));
                continue;
            }
            anchors.add(new Anchor(cols[0].strip(), cols[1].strip(), cols[2].strip()));
        }
        return new OutOfScope(anchors, problems);
    }

    List<Anchor> anchors() {
        return anchors;
    }

    List<ArticleProblem> problems() {
        return problems;
    }

    List<String> texts() {
        return anchors.stream().map(Anchor::text).toList();
    }

    /** Unit vectors of {@link #texts()}, in that order; set once, before the first search. */
    void setVectors(float[][] unitVectors) {
        if (unitVectors.length != anchors.size()) {
            throw new IllegalArgumentException(unitVectors.length + " vectors for " + anchors.size() + " anchors");
        }
        this.vectors = unitVectors;
    }

    /** The anchor nearest to {@code query} (a unit vector), or null when there are none. */
    Match nearest(float[] query) {
        float best = -2;
        int at = -1;
        float[][] v = vectors;
        for (int i = 0; i < v.length; i++) {
            float dot = 0;
            for (int j = 0; j < query.length; j++) {
                dot += v[i][j] * query[j];
            }
            if (dot > best) {
                best = dot;
                at = i;
            }
        }
        return at < 0 ? null : new Match(anchors.get(at), best);
    }
}
