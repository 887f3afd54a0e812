package cn.hotline12333.kb;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
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

    private final Directory directory;
    private final Path tempDir;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    /** One article and how close its closest passage is to the query: cosine similarity in [-1, 1]. */
    record Near(String id, float similarity) {
    }

    PassageIndex(boolean large) {
        try {
            this.tempDir = large ? Files.createTempDirectory("hotline-kb-vectors") : null;
            this.directory = large ? new MMapDirectory(tempDir) : new ByteBuffersDirectory();
            this.writer = new IndexWriter(directory, new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE).setRAMBufferSizeMB(64));
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

    void forceMerge() throws IOException {
        writer.forceMerge(1);
        publish();
    }

    /**
     * The articles of the {@code passages} passages nearest to {@code query}, best first, each once with its
     * best passage's similarity. {@code category} null: all; {@code today} null: expired articles too.
     */
    List<Near> nearest(float[] query, int passages, Category category, Long today) throws IOException {
        BooleanQuery.Builder filter = new BooleanQuery.Builder();
        boolean filtered = false;
        if (category != null) {
            filter.add(new TermQuery(new Term(ArticleFields.CATEGORY, category.id())), Occur.FILTER);
            filtered = true;
        }
        if (today != null) {
            filter.add(LongPoint.newRangeQuery(ArticleFields.EXPIRES, today, Long.MAX_VALUE), Occur.FILTER);
            filtered = true;
        }
        Query knn = new KnnFloatVectorQuery(VECTOR, query, passages, filtered ? filter.build() : null);
        IndexSearcher s = searchers.acquire();
        try {
            ScoreDoc[] hits = s.search(knn, passages).scoreDocs;
            Map<String, Near> best = new LinkedHashMap<>();
            List<LeafReaderContext> leaves = s.getIndexReader().leaves();
            for (ScoreDoc h : hits) {
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(h.doc, leaves));
                BinaryDocValues ids = DocValues.getBinary(leaf.reader(), ARTICLE);
                if (!ids.advanceExact(h.doc - leaf.docBase)) {
                    continue;
                }
                // Lucene's cosine score is (1 + cos) / 2; hits come best first, so an article's first is its best.
                String id = ids.binaryValue().utf8ToString();
                best.putIfAbsent(id, new Near(id, 2 * h.score - 1));
            }
            return List.copyOf(best.values());
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
