package cn.hotline12333.kb;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99ScalarQuantizedVectorsFormat;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FilterMergePolicy;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The passage vectors in a Lucene index of their own (HNSW graph, cosine), one document per passage carrying
 * its article's id, category and expiry so that the nearest-neighbour search filters the way the text search
 * does. Its own index rather than extra documents in the articles' one: the text search counts documents
 * (common words, the share of the query explained), and passages must not change what it sees. Updates
 * replace an article's passages by its id; a search holding the old searcher finishes on it.
 */
final class PassageIndex implements Closeable {
    static final String ARTICLE = "article";
    static final String VECTOR = "vector";
    /**
     * The large (benchmark-sized, on-disk) index: vectors quantized to 7-bit integers for the graph and its
     * searches (a quarter of the memory the graph walks, scores within about 0.01 of the float ones), and a
     * narrower build beam (32 instead of Lucene's 100): building the graph of a million passages is what a
     * 100,000-article index costs most, and 32 candidates per insertion still finds the top 200 passages we ask
     * for. The small index of the real articles keeps float vectors and Lucene's defaults: its similarity floors
     * were calibrated on them.
     */
    static final int LARGE_MAX_CONN = 16;
    static final int LARGE_BEAM_WIDTH = 32;

    private final Directory directory;
    private final Path tempDir;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Large index: threads the final merge builds the graph on; null for the small one. */
    private final ExecutorService mergeWorkers;
    private final boolean large;
    /**
     * Large index: false from {@link #bulkLoad} until {@link #forceMerge}, while segments are written with flat
     * vectors and no graph (a flat segment is not searched: nothing searches during a bulk load). Read by the
     * codec when a segment is written.
     */
    private volatile boolean graphed = true;
    /** Set by {@link #bulkLoad}: the next forced merge must rewrite even a lone segment, to give it its graph. */
    private volatile boolean rewriteLone;

    /** One article and how close its closest passage is to the query: cosine similarity in [-1, 1]. */
    record Near(String id, float similarity) {
    }

    PassageIndex(boolean large) {
        this.large = large;
        try {
            this.tempDir = large ? Files.createTempDirectory("hotline-kb-vectors") : null;
            this.directory = large ? new MMapDirectory(tempDir) : new ByteBuffersDirectory();
            IndexWriterConfig config = new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    .setRAMBufferSizeMB(large ? 512 : 64);
            if (large) {
                // The bulk load writes segments of flat quantized vectors, no graph; the graph is built once, by
                // the final merge, on every core. Built as the documents come (Lucene's default), each flushed
                // segment got a graph of its own that the merge then mostly built again, on one thread.
                int workers = Runtime.getRuntime().availableProcessors();
                this.mergeWorkers = workers > 1 ? Executors.newFixedThreadPool(workers, PassageIndex::mergeThread) : null;
                KnnVectorsFormat flat = new Lucene99ScalarQuantizedVectorsFormat(null, 7, false);
                KnnVectorsFormat graph = new Lucene99HnswScalarQuantizedVectorsFormat(LARGE_MAX_CONN,
                        LARGE_BEAM_WIDTH, workers, 7, false, null, mergeWorkers);
                config.setCodec(new Lucene912Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return graphed ? graph : flat;
                    }
                });
                config.setMergePolicy(new RewriteFlat(config.getMergePolicy()));
            } else {
                this.mergeWorkers = null;
            }
            this.writer = new IndexWriter(directory, config);
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the passage-vector index", e);
        }
    }

    void put(Article a, float[][] vectors) throws IOException {
        long expires = a.expires() == null ? ArticleFields.NEVER : a.expires().toEpochDay();
        List<Document> docs = new ArrayList<>(vectors.length);
        for (float[] v : vectors) {
            Document d = new Document();
            d.add(new StringField(ARTICLE, a.id(), Field.Store.NO));
            d.add(new BinaryDocValuesField(ARTICLE, new BytesRef(a.id())));
            d.add(new StringField(ArticleFields.CATEGORY, a.category().id(), Field.Store.NO));
            d.add(new LongPoint(ArticleFields.EXPIRES, expires));
            d.add(new NumericDocValuesField(ArticleFields.EXPIRES, expires));
            d.add(new KnnFloatVectorField(VECTOR, v, VectorSimilarityFunction.COSINE));
            docs.add(d);
        }
        writer.updateDocuments(new Term(ARTICLE, a.id()), docs);
    }

    void delete(String id) throws IOException {
        writer.deleteDocuments(new Term(ARTICLE, id));
    }

    void publish() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    /**
     * Large index: the documents put from now until {@link #forceMerge} go into segments without a graph, which
     * that merge then builds once on every core (benchmark padding: a million passages). No effect on the small
     * index.
     */
    void bulkLoad() {
        if (large) {
            graphed = false;
            rewriteLone = true;
        }
    }

    /** One segment with its graph (after {@link #bulkLoad}: the graph is built here, on every core). */
    void forceMerge() throws IOException {
        graphed = true;
        writer.forceMerge(1);
        publish();
    }

    /**
     * The articles of the {@code passages} passages nearest to {@code query}, best first, each once with its
     * best passage's similarity. {@code category} null: all; {@code today} null: expired articles too.
     */
    List<Near> nearest(float[] query, int passages, Category category, Long today) throws IOException {
        // Expiry is checked per hit, not as a filter: a filter is run over every passage before the graph search
        // (a bitset of a million documents per query at benchmark size) to drop a handful of expired articles.
        Query filter = category == null ? null : new TermQuery(new Term(ArticleFields.CATEGORY, category.id()));
        Query knn = new KnnFloatVectorQuery(VECTOR, query, passages, filter);
        IndexSearcher s = searchers.acquire();
        try {
            return articles(s, s.search(knn, passages).scoreDocs, today);
        } finally {
            searchers.release(s);
        }
    }

    /**
     * The passages' articles, best first, each once with its best passage's similarity, expired ones left out when
     * {@code today} is given. The ids and expiry dates are read in document order, one pair of doc-values readers a
     * segment, not a pair made afresh for each of the 200 hits (they come in score order, and a doc-values reader
     * only moves forward): the model's thread does this after every query's graph search (docs/benchmarks.md,
     * knowledge base).
     */
    static List<Near> articles(IndexSearcher s, ScoreDoc[] hits, Long today) throws IOException {
        Integer[] byDoc = new Integer[hits.length];
        Arrays.setAll(byDoc, i -> i);
        Arrays.sort(byDoc, Comparator.comparingInt(i -> hits[i].doc));
        String[] ids = new String[hits.length]; // null: expired, or a passage without an article
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        int leafAt = -1;
        NumericDocValues expires = null;
        BinaryDocValues articles = null;
        for (int i : byDoc) {
            int l = ReaderUtil.subIndex(hits[i].doc, leaves);
            LeafReaderContext leaf = leaves.get(l);
            if (l != leafAt) {
                leafAt = l;
                expires = today == null ? null : DocValues.getNumeric(leaf.reader(), ArticleFields.EXPIRES);
                articles = DocValues.getBinary(leaf.reader(), ARTICLE);
            }
            int local = hits[i].doc - leaf.docBase;
            if (expires != null && expires.advanceExact(local) && expires.longValue() < today) {
                continue;
            }
            if (articles.advanceExact(local)) {
                ids[i] = articles.binaryValue().utf8ToString();
            }
        }
        Map<String, Near> best = new LinkedHashMap<>();
        for (int i = 0; i < hits.length; i++) {
            if (ids[i] != null) {
                // Lucene's cosine score is (1 + cos) / 2; hits come best first, so an article's first is its best.
                best.putIfAbsent(ids[i], new Near(ids[i], 2 * hits[i].score - 1));
            }
        }
        return List.copyOf(best.values());
    }

    /**
     * The forced merge rewrites the index even when the bulk load left it one segment: that segment has flat
     * vectors and no graph yet (Lucene would keep a lone segment without deletions as it is).
     */
    private final class RewriteFlat extends FilterMergePolicy {
        RewriteFlat(MergePolicy in) {
            super(in);
        }

        @Override
        public MergeSpecification findForcedMerges(SegmentInfos infos, int maxSegments,
                                                   Map<SegmentCommitInfo, Boolean> toMerge, MergeContext context)
                throws IOException {
            // Asked again after each merge it returns: only the first answer may rewrite the lone segment.
            boolean first = graphed && rewriteLone;
            rewriteLone &= !graphed;
            if (first && infos.size() == 1 && maxSegments == 1 && toMerge.containsKey(infos.info(0))) {
                MergeSpecification one = new MergeSpecification();
                one.add(new OneMerge(List.of(infos.info(0))));
                return one;
            }
            return super.findForcedMerges(infos, maxSegments, toMerge, context);
        }
    }

    private static Thread mergeThread(Runnable r) {
        Thread t = new Thread(r, "kb-vector-merge");
        t.setDaemon(true);
        return t;
    }

    /** Per searched segment, the vector format its passages were written with (to check where the graph is). */
    List<String> segmentFormats() throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            List<String> out = new ArrayList<>();
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                var info = leaf.reader().getFieldInfos().fieldInfo(VECTOR);
                out.add(info == null ? "none" : String.valueOf(info.getAttribute("PerFieldKnnVectorsFormat.format")));
            }
            return out;
        } finally {
            searchers.release(s);
        }
    }

    long sizeInBytes() throws IOException {
        long total = 0;
        for (String f : directory.listAll()) {
            try {
                total += directory.fileLength(f);
            } catch (java.nio.file.NoSuchFileException e) {
                // merged away between listing and measuring
            }
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } finally {
            if (mergeWorkers != null) {
                mergeWorkers.shutdownNow();
            }
            if (tempDir != null) {
                try (Stream<Path> files = Files.walk(tempDir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
