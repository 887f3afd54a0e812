package cn.hotline12333.kb;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Not a test: the tune split's evaluation (dense and hybrid tables and their misses) with each question's vector
 * made the way a burst makes it: questions started sixteen at a time at the query pool, so that a thread takes
 * whichever wait and embeds them in one run ({@link PassageEncoder#embedQueries}), and kept in the cache of recent
 * queries that the evaluation's searches then read. A run of the model quantizes its activations over all the texts
 * it holds, so a vector made with others differs slightly from the one made alone (cosine 0.990-0.995): this says
 * whether that moves anything the tune split sees. Compare its output with {@code kb eval --split tune}.
 * {@code java -cp target/test-classes:target/hotline-bench.jar cn.hotline12333.kb.BatchedEvalProbe [batched]}.
 */
public final class BatchedEvalProbe {
    private static final Pattern LONG_NUMBER = Pattern.compile("[0-9Xx]{0,1}[0-9]{7,}[0-9Xx]?");

    private BatchedEvalProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean batched = args.length == 0 || Boolean.parseBoolean(args[0]);
        Path dir = Path.of("knowledge-base");
        List<Evaluation.Question> questions = Evaluation.readDirectory(dir.resolve("eval"));
        try (KnowledgeBase kb = KnowledgeBase.open(dir, KbSettings.defaults().withWatch(false).withDense(true)
                .withQueryCache(4000))) {
            if (batched) {
                Field f = DenseRetrieval.class.getDeclaredField("queries");
                f.setAccessible(true);
                QueryVectors vectors = (QueryVectors) f.get(kb.dense());
                List<Evaluation.Question> tune = questions.stream().filter(q -> q.split().equals("tune")).toList();
                for (int from = 0; from < tune.size(); from += 16) {
                    List<QueryVectors.Pending> burst = new ArrayList<>();
                    for (Evaluation.Question q : tune.subList(from, Math.min(tune.size(), from + 16))) {
                        String text = kb.forms().rewrite(SearchRequest.of(q.text()).cleanQuery());
                        if (!text.isEmpty()) {
                            burst.add(vectors.start(LONG_NUMBER.matcher(text).replaceAll(" ")));
                        }
                    }
                    burst.forEach(p -> vectors.await(p, Long.MAX_VALUE));
                }
                System.out.println("query vectors before the evaluation: " + vectors.counts());
            }
            for (Evaluation.Report r : Evaluation.retrievals(kb, questions, "tune")) {
                System.out.println(r.format());
            }
            System.out.println("query vectors: " + kb.queryEmbedding());
        }
    }
}
