package cn.hotline12333.kb;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * The evaluation's yardstick: the current articles in one text field (title, questions, body), analysed by a
 * stock Lucene analyzer and ranked by plain BM25, the query's words in one disjunction. No dictionary, no
 * synonyms, no stop list of ours, no score floor: what Lucene gives with no work on our side.
 */
final class StockAnalyzerSearch implements Closeable {
    private static final String TEXT = "text";

    enum Stock {
        STANDARD("StandardAnalyzer") {
            @Override
            Analyzer analyzer() {
                return new StandardAnalyzer();
            }
        },
        CJK("CJKAnalyzer") {
            @Override
            Analyzer analyzer() {
                return new CJKAnalyzer();
            }
        };

        private final String label;

        Stock(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        abstract Analyzer analyzer();
    }

    private final Analyzer analyzer;
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    StockAnalyzerSearch(Stock stock, List<Article> articles, LocalDate today) {
        this.analyzer = stock.analyzer();
        try (IndexWriter w = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
            for (Article a : articles) {
                if (a.expiredOn(today)) {
                    continue;
                }
                Document d = new Document();
                d.add(new StoredField("id", a.id()));
                d.add(new TextField(TEXT, a.title(), Field.Store.NO));
                for (String q : a.questions()) {
                    d.add(new TextField(TEXT, q, Field.Store.NO));
                }
                d.add(new TextField(TEXT, ArticleFields.plainText(a.body()), Field.Store.NO));
                w.addDocument(d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the baseline index", e);
        }
        try {
            this.reader = DirectoryReader.open(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.searcher = new IndexSearcher(reader);
    }

    List<String> top(String query) {
        Query q = new QueryBuilder(analyzer).createBooleanQuery(TEXT, query);
        if (q == null) {
            return List.of();
        }
        try {
            List<String> ids = new ArrayList<>();
            for (ScoreDoc sd : searcher.search(q, Evaluation.DEPTH).scoreDocs) {
                ids.add(searcher.storedFields().document(sd.doc).get("id"));
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
            directory.close();
            analyzer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
