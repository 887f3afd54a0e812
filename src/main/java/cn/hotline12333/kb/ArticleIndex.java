package cn.hotline12333.kb;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;

/**
 * The Lucene index of the articles: one writer, and a {@link SearcherManager} that searches borrow from.
 * Updates replace a document by id; {@link #publish()} commits and refreshes, and a search that holds the old
 * searcher finishes on it undisturbed. Small sets live on the heap; large ones in memory-mapped files in a
 * temporary directory that is deleted on close.
 */
final class ArticleIndex implements Closeable {
    private final Directory directory;
    private final Path tempDir;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    /** Work done with a borrowed searcher. */
    @FunctionalInterface
    interface SearcherWork<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    ArticleIndex(Analysis analysis, boolean large) {
        try {
            this.tempDir = large ? Files.createTempDirectory("hotline-kb-index") : null;
            this.directory = large ? new MMapDirectory(tempDir) : new ByteBuffersDirectory();
            IndexWriterConfig config = new IndexWriterConfig(analysis.indexAnalyzer(ArticleFields.BIGRAMS))
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    .setRAMBufferSizeMB(64);
            this.writer = new IndexWriter(directory, config);
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the knowledge-base index", e);
        }
    }

    void put(Article a) throws IOException {
        writer.updateDocument(new Term(ArticleFields.ID, a.id()), ArticleFields.document(a));
    }

    void delete(String id) throws IOException {
        writer.deleteDocuments(new Term(ArticleFields.ID, id));
    }

    /** Makes every put and delete so far visible to searches that start after this returns. */
    void publish() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    /** Merges into one segment and publishes; for after a bulk build, not for routine updates. */
    void forceMerge() throws IOException {
        writer.forceMerge(1);
        publish();
    }

    <T> T withSearcher(SearcherWork<T> work) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            return work.run(s);
        } finally {
            searchers.release(s);
        }
    }

    /** Bytes of the committed index files. */
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
