package cn.hotline12333.kb;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.text.TextContentRenderer;

/**
 * How an article lies in the index. The searched text fields keep offsets in the postings, so the highlighter
 * needs no re-analysis; their text also goes, as character bigrams, into one {@link #BIGRAMS} field. One
 * bigram field rather than a twin per field: the same evaluation figures (docs/benchmarks.md, knowledge base)
 * for a third of the bigram clauses per query. The body is indexed as plain text
 * (Markdown marks removed) so that snippets read cleanly, and kept for them in doc values; the Markdown itself is
 * stored for the article page. Everything an {@link Article} needs is stored, so the index alone answers
 * {@code article(id)}.
 */
final class ArticleFields {
    static final String ID = "id";
    static final String TITLE = "title";
    static final String QUESTIONS = "questions";
    static final String TAGS = "tags";
    static final String BODY = "body";
    static final String CATEGORY = "category";
    static final String REGION = "region";
    static final String EFFECTIVE = "effective";
    static final String EXPIRES = "expires";
    static final String MARKDOWN = "markdown";
    static final String SOURCES = "sources";
    static final String FILE = "file";
    static final String REVIEWED = "reviewed";
    static final String OWNER = "owner";
    /**
     * The searched word fields. Tags are indexed in the title field (and stored on their own): a tag names the
     * topic as a title does, and three fields instead of four is a quarter fewer clauses per query, with no
     * loss on the evaluation (docs/benchmarks.md, knowledge base).
     */
    static final List<String> TEXT = List.of(TITLE, QUESTIONS, BODY);
    /** Character bigrams of the title, tags, questions and body in one field: the safety net for segmentation misses. */
    static final String BIGRAMS = "bigrams";
    static final char PARAGRAPH = '\u2029';
    /** Stored expiry of an article that never expires. */
    static final long NEVER = LocalDate.of(9999, 12, 31).toEpochDay();

    private static final FieldType SEARCHED = new FieldType();
    private static final FieldType BIGRAM = new FieldType();
    /** Searched, not stored: tag text in the title field (stored on its own), the plain body (in doc values). */
    private static final FieldType SEARCHED_UNSTORED = new FieldType();
    private static final Parser MARKDOWN_PARSER = Parser.builder().build();
    private static final TextContentRenderer PLAIN = TextContentRenderer.builder().build();

    static {
        SEARCHED.setTokenized(true);
        SEARCHED.setStored(true);
        SEARCHED.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        SEARCHED.freeze();
        SEARCHED_UNSTORED.setTokenized(true);
        SEARCHED_UNSTORED.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        SEARCHED_UNSTORED.freeze();
        BIGRAM.setTokenized(true);
        BIGRAM.setStored(false);
        BIGRAM.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        BIGRAM.freeze();
    }

    private ArticleFields() {
    }

    static Document document(Article a) {
        Document d = new Document();
        // What a hit shows is in doc values too: reading four short values there is cheaper than decompressing
        // the stored document a second time (the highlighter already reads the stored body).
        d.add(new StringField(ID, a.id(), Field.Store.YES));
        d.add(new BinaryDocValuesField(ID, new BytesRef(a.id())));
        d.add(new BinaryDocValuesField(TITLE, new BytesRef(a.title())));
        d.add(new SortedDocValuesField(CATEGORY, new BytesRef(a.category().id())));
        text(d, TITLE, List.of(a.title()), SEARCHED);
        text(d, TITLE, a.tags(), SEARCHED_UNSTORED);
        for (String t : a.tags()) {
            d.add(new StoredField(TAGS, t));
        }
        text(d, QUESTIONS, a.questions(), SEARCHED);
        // The plain body is what every hit's snippet reads: from doc values, a slice of the mapped file, rather than
        // stored, where reading it decompressed the stored document's block with the Markdown, sources and
        // questions beside it (docs/benchmarks.md, knowledge base). The article page reads the stored Markdown.
        String body = plainText(a.body());
        text(d, BODY, List.of(body), SEARCHED_UNSTORED);
        d.add(new BinaryDocValuesField(BODY, new BytesRef(body)));
        d.add(new StringField(CATEGORY, a.category().id(), Field.Store.YES));
        d.add(new StringField(REGION, a.region(), Field.Store.YES));
        d.add(new SortedDocValuesField(REGION, new BytesRef(a.region())));
        d.add(new StoredField(EFFECTIVE, a.effective().toEpochDay()));
        long expires = a.expires() == null ? NEVER : a.expires().toEpochDay();
        d.add(new LongPoint(EXPIRES, expires));
        d.add(new NumericDocValuesField(EXPIRES, expires));
        d.add(new StoredField(EXPIRES, expires));
        d.add(new StoredField(MARKDOWN, a.body()));
        for (String s : a.sources()) {
            d.add(new StoredField(SOURCES, s));
        }
        if (a.file() != null) {
            d.add(new StoredField(FILE, a.file().toString()));
        }
        if (a.reviewed() != null) {
            d.add(new StoredField(REVIEWED, a.reviewed().toEpochDay()));
        }
        if (a.owner() != null) {
            d.add(new StoredField(OWNER, a.owner()));
        }
        return d;
    }

    private static void text(Document d, String field, List<String> values, FieldType type) {
        for (String v : values) {
            d.add(new Field(field, v, type));
            d.add(new Field(BIGRAMS, v, BIGRAM));
        }
    }

    static Article article(Document d) {
        long expires = d.getField(EXPIRES).numericValue().longValue();
        String file = d.get(FILE);
        IndexableField reviewed = d.getField(REVIEWED);
        return new Article(d.get(ID), d.get(TITLE), Category.find(d.get(CATEGORY)).orElseThrow(),
                values(d, TAGS), values(d, QUESTIONS), d.get(REGION),
                LocalDate.ofEpochDay(d.getField(EFFECTIVE).numericValue().longValue()),
                expires == NEVER ? null : LocalDate.ofEpochDay(expires), values(d, SOURCES), d.get(MARKDOWN),
                file == null ? null : Path.of(file),
                reviewed == null ? null : LocalDate.ofEpochDay(reviewed.numericValue().longValue()), d.get(OWNER));
    }

    private static List<String> values(Document d, String field) {
        List<String> out = new ArrayList<>();
        for (IndexableField f : d.getFields(field)) {
            out.add(f.stringValue());
        }
        return out;
    }

    /**
     * Markdown to the text a reader sees: headings, list items and paragraphs, separated by U+2029. The
     * JDK's sentence breaker ends a sentence there (and at 。！？) but not at a newline, and the highlighter's
     * snippets are cut on sentences: a heading must not run into its first paragraph.
     */
    static String plainText(String markdown) {
        String text = PLAIN.render(MARKDOWN_PARSER.parse(markdown));
        return Arrays.stream(text.split("\n")).map(String::strip).filter(s -> !s.isEmpty())
                .reduce((x, y) -> x + PARAGRAPH + y).orElse("");
    }
}
