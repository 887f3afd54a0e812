package cn.hotline12333.kb;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The semantic half of the search: passages of every article ({@link Passages}) embedded by {@link PassageEncoder},
 * their vectors cached by text ({@link VectorCache}) and searched in a {@link PassageIndex}. Articles are put and
 * deleted by the one thread that keeps the index in step with the files; {@link #startQuery} and
 * {@link #nearby} may run on many threads at once. Queries are embedded by {@link QueryVectors}, on its own pool.
 */
final class DenseRetrieval implements Closeable {
    private final PassageEncoder encoder;
    private final VectorCache cache;
    private final PassageIndex index;
    private final OutOfScope outOfScope;
    private final QueryVectors queries;
    /** Cache keys of each indexed article's passages: what the cache file keeps. Writer thread only. */
    private final Map<String, List<String>> keysByArticle = new HashMap<>();
    /** The out-of-scope anchors' entry in {@link #keysByArticle}: no article id has a space. */
    private static final String ANCHORS = "out of scope";
    /** Benchmark padding: each real article's passage vectors, read from the cache once ({@link #putCopy}). */
    private final Map<String, float[][]> realVectors = new java.util.concurrent.ConcurrentHashMap<>();
    /** Passages embedded since opening (not found in the cache). Written by the writer thread only. */
    private volatile int embedded;

    DenseRetrieval(PassageEncoder encoder, Path cacheDir, boolean large, OutOfScope outOfScope, int queryCache) {
        this.encoder = encoder;
        this.queries = new QueryVectors(q -> encoder.embedQuery(q, PassageEncoder.QUERY_TOKENS), queryCache);
        this.cache = new VectorCache(cacheDir);
        this.index = new PassageIndex(large);
        this.outOfScope = outOfScope;
        outOfScope.setVectors(vectors(ANCHORS, outOfScope.texts()));
        // The model's first run sets up its buffers (tens of milliseconds): here, not in the first agent's search.
        encoder.embed("社会保险");
    }

    /** The articles nearest to a query, and the out-of-scope anchor nearest to it (null when there are none). */
    record Neighbours(List<PassageIndex.Near> articles, OutOfScope.Match anchor) {
        static final Neighbours NONE = new Neighbours(List.of(), null);
    }

    /** Dense retrieval as the settings ask, or empty: switched off, or the model is not on the classpath. */
    static Optional<DenseRetrieval> open(KbSettings settings, Path kbDir, boolean large) {
        if (!settings.dense()) {
            return Optional.empty();
        }
        Path cacheDir = settings.cacheDir() != null ? settings.cacheDir() : kbDir.resolve(KbSettings.DEFAULT_CACHE);
        return PassageEncoder.shared(settings.embedThreads(), cacheDir.resolve("native"))
                .map(e -> new DenseRetrieval(e, cacheDir, large, OutOfScope.load(kbDir.resolve("analysis")),
                        settings.queryCache()));
    }

    void put(Article a) throws IOException {
        index.put(a, vectors(a));
    }

    /**
     * A benchmark variant, indexed with vectors made from those of the article it was made from (not embedded
     * again): each of its passages is the original's plus half of a passage of another real article (chosen at
     * random, seeded by the variant) plus a little noise. A variant's text differs from its original's (a place
     * name, lines of other articles), and the mixture spreads the copies over the real passages' neighbourhoods
     * the way distinct articles are spread. Copies nudged only by random noise (the previous layout) were hundreds
     * of near-equidistant points per passage whose order to a query was the noise's: no graph search finds the
     * exhaustive search's top ten among those, and the recall measured on them said nothing about a real index.
     * {@code real}: the real articles, every one embedded already.
     */
    void putCopy(Article variant, Article base, List<Article> real) throws IOException {
        // Runs on several threads at once (ArticleVariants): reads the cache, never writes it.
        float[][] own = embedded(base);
        java.util.Random random = new java.util.Random(variant.id().hashCode());
        float[][] out = new float[own.length][];
        for (int i = 0; i < out.length; i++) {
            float[][] other = embedded(real.get(random.nextInt(real.size())));
            out[i] = mixed(own[i], other[random.nextInt(other.length)], random);
        }
        index.put(variant, out);
    }

    /** The cached vectors of a real article's passages (the padding's originals), read once per article. */
    private float[][] embedded(Article a) {
        return realVectors.computeIfAbsent(a.id(), id -> {
            List<String> passages = Passages.of(a);
            float[][] out = new float[passages.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = cache.get(VectorCache.key(passages.get(i)));
                if (out[i] == null) {
                    throw new IllegalStateException("article " + id + " has not been embedded");
                }
            }
            return out;
        });
    }

    /** {@code v + 0.5 other + noise of length 0.1}, normalised (all unit length but the noise). */
    static float[] mixed(float[] v, float[] other, java.util.Random random) {
        float[] noise = noise(v.length, 0.1, random);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] + 0.5f * other[i] + noise[i];
        }
        return unit(out);
    }

    private static float[] noise(int dimensions, double length, java.util.Random random) {
        float[] noise = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            noise[i] = (float) random.nextGaussian();
            norm += noise[i] * noise[i];
        }
        double scale = length / Math.sqrt(norm);
        for (int i = 0; i < dimensions; i++) {
            noise[i] *= (float) scale;
        }
        return noise;
    }

    private static float[] unit(float[] v) {
        double length = 0;
        for (float x : v) {
            length += x * x;
        }
        double scale = 1 / Math.sqrt(length);
        for (int i = 0; i < v.length; i++) {
            v[i] *= (float) scale;
        }
        return v;
    }

    void delete(String id) throws IOException {
        index.delete(id);
        keysByArticle.remove(id);
    }

    /** Makes puts and deletes visible and writes the cache file if it gained vectors. */
    void publish() throws IOException {
        index.publish();
        Set<String> live = new HashSet<>();
        keysByArticle.values().forEach(live::addAll);
        cache.save(live);
    }

    /** Many puts follow, then {@link #forceMerge}: the graph is built once, at the merge ({@link PassageIndex#bulkLoad}). */
    void bulkLoad() {
        index.bulkLoad();
    }

    void forceMerge() throws IOException {
        index.forceMerge();
    }

    /** A query's vector on its way, and the search for its neighbours that follows it on the same thread. */
    record Pending(QueryVectors.Pending query, Function<float[], Neighbours> search,
                   CompletableFuture<Neighbours> neighbours) {
    }

    /**
     * Starts embedding the query (a few milliseconds of CPU, on the query pool) and then, on the same pool thread,
     * searching its nearest passages, for {@link #nearby} to collect: the graph search runs beside the caller's
     * text search instead of after it. {@code category} null: all; {@code today} null: expired articles too.
     */
    Pending startQuery(String query, int passages, Category category, Long today) {
        QueryVectors.Pending vector = queries.start(query);
        Function<float[], Neighbours> search = v -> neighbours(v, passages, category, today);
        // Not thenApplyAsync: the search follows the embedding on its thread without queueing again. A vector
        // already there (the cache of recent queries) is searched here, on the caller's thread.
        return new Pending(vector, search, vector.vector().thenApply(search));
    }

    /**
     * The articles nearest to the query, best first, and the out-of-scope anchor nearest to it; null when its
     * vector was not there by {@code deadlineNanos} ({@link System#nanoTime}, {@link Long#MAX_VALUE}: no limit).
     * Once the vector is there, the search for its neighbours is waited for whatever the deadline.
     */
    Neighbours nearby(Pending pending, long deadlineNanos) throws IOException {
        float[] v = queries.await(pending.query(), deadlineNanos);
        if (v == null) {
            return null;
        }
        if (pending.query().vector().isCompletedExceptionally()) {
            return pending.search().apply(v); // the full pool refused it: embedded on this thread, searched here too
        }
        try {
            return pending.neighbours().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private Neighbours neighbours(float[] v, int passages, Category category, Long today) {
        try {
            return new Neighbours(index.nearest(v, passages, category, today), outOfScope.nearest(v));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    KnowledgeBase.QueryEmbedding queryEmbedding() {
        return queries.counts();
    }

    int embedded() {
        return embedded;
    }

    long sizeInBytes() throws IOException {
        return index.sizeInBytes();
    }

    private float[][] vectors(Article a) {
        return vectors(a.id(), Passages.of(a));
    }

    /** Vectors of {@code passages} from the cache or the model, kept in the cache file under {@code owner}. */
    private float[][] vectors(String owner, List<String> passages) {
        List<String> keys = new ArrayList<>(passages.size());
        List<String> missing = new ArrayList<>();
        List<Integer> missingAt = new ArrayList<>();
        float[][] out = new float[passages.size()][];
        for (int i = 0; i < passages.size(); i++) {
            String key = VectorCache.key(passages.get(i));
            keys.add(key);
            out[i] = cache.get(key);
            if (out[i] == null) {
                missing.add(passages.get(i));
                missingAt.add(i);
            }
        }
        if (!missing.isEmpty()) {
            float[][] fresh = encoder.embed(missing);
            for (int j = 0; j < fresh.length; j++) {
                int i = missingAt.get(j);
                out[i] = fresh[j];
                cache.put(keys.get(i), fresh[j]);
            }
            embedded += missing.size();
        }
        keysByArticle.put(owner, keys);
        return out;
    }

    @Override
    public void close() throws IOException {
        queries.close();
        index.close();
    }
}
