package cn.hotline12333.kb;

import java.io.IOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.FieldOffsetStrategy;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.OffsetsEnum;
import org.apache.lucene.search.uhighlight.PostingsOffsetStrategy;
import org.apache.lucene.search.uhighlight.UHComponents;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.BytesRef;

/**
 * The snippet of each hit on a page: the sentence-cut passage of about {@link #SNIPPET_CHARS} characters of the
 * body with the query's words marked, by Lucene's unified highlighter over the offsets in the body's postings and
 * the plain body in doc values.
 */
final class Snippets {
    /** One passage of about two lines on the agent's screen, cut at sentence ends. */
    static final int SNIPPET_CHARS = 80;

    private Snippets() {
    }

    /** One snippet per hit of {@code page}, in its order ("" for a hit whose body has none). */
    static String[] of(IndexSearcher searcher, Analysis analysis, Query marked, ScoreDoc[] page) throws IOException {
        return of(searcher, analysis, marked, page, true);
    }

    /** {@code pagePostings} false: Lucene's own offset reading, for the test that ours finds the same. */
    static String[] of(IndexSearcher searcher, Analysis analysis, Query marked, ScoreDoc[] page, boolean pagePostings)
            throws IOException {
        UnifiedHighlighter.Builder builder = UnifiedHighlighter.builder(searcher, analysis.words)
                .withFormatter(new DefaultPassageFormatter("<em>", "</em>", "…", true))
                .withBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(
                        BreakIterator.getSentenceInstance(Locale.ROOT), SNIPPET_CHARS, 0.3f))
                .withMaxNoHighlightPassages(1).withWeightMatches(false);
        String[] highlighted = new PageHighlighter(builder, pagePostings).highlight(ArticleFields.BODY, marked,
                new TopDocs(new TotalHits(page.length, TotalHits.Relation.EQUAL_TO), page), 1);
        String[] out = new String[page.length];
        for (int i = 0; i < page.length; i++) {
            out[i] = highlighted[i] == null ? "" : highlighted[i].replace(ArticleFields.PARAGRAPH, ' ').strip();
        }
        return out;
    }

    /**
     * The unified highlighter reading the bodies from doc values ({@link ArticleFields}), with the offsets read by
     * {@link PagePostings} when {@code pagePostings}.
     */
    private static final class PageHighlighter extends UnifiedHighlighter {
        private final boolean pagePostings;

        PageHighlighter(Builder builder, boolean pagePostings) {
            super(builder);
            this.pagePostings = pagePostings;
        }

        /** The hits' bodies in the highlighter's (document) order; the body is the only field highlighted. */
        @Override
        protected List<CharSequence[]> loadFieldValues(String[] fields, DocIdSetIterator docs, int cacheCharsThreshold)
                throws IOException {
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            List<CharSequence[]> out = new ArrayList<>();
            int leaf = -1;
            BinaryDocValues bodies = null;
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                int i = ReaderUtil.subIndex(doc, leaves);
                if (i != leaf) {
                    leaf = i;
                    bodies = DocValues.getBinary(leaves.get(i).reader(), ArticleFields.BODY);
                }
                String body = bodies.advanceExact(doc - leaves.get(i).docBase) ? bodies.binaryValue().utf8ToString() : "";
                CharSequence[] values = new CharSequence[fields.length];
                for (int f = 0; f < fields.length; f++) {
                    values[f] = fields[f].equals(ArticleFields.BODY) ? body : "";
                }
                out.add(values);
            }
            return out;
        }

        @Override
        protected FieldOffsetStrategy getOffsetStrategy(OffsetSource source, UHComponents components) {
            boolean termsOnly = pagePostings && source == OffsetSource.POSTINGS
                    && !components.getPhraseHelper().hasPositionSensitivity()
                    && components.getAutomata().length == 0
                    && !components.getHighlightFlags().contains(HighlightFlag.WEIGHT_MATCHES);
            return termsOnly ? new PagePostings(components) : super.getOffsetStrategy(source, components);
        }
    }

    /**
     * The offsets of the marked words in one hit, as Lucene's {@link PostingsOffsetStrategy} finds them, but with
     * each word looked up in the terms dictionary once per page instead of once per hit: the highlighter asks for
     * the hits in document order, so one postings list per word steps forward through all of them. Looking a
     * long question's 30–60 words and synonyms up again for each of ten hits, each with a new postings reader,
     * was half of a snippet's cost (JFR, docs/benchmarks.md, knowledge base). One instance serves one highlight
     * call on one thread.
     */
    static final class PagePostings extends FieldOffsetStrategy {
        private final Map<Object, Leaf> leaves = new IdentityHashMap<>();

        PagePostings(UHComponents components) {
            super(components);
        }

        /** Per index segment: each word's postings (null once looked up and absent) and the last hit served. */
        private static final class Leaf {
            final PostingsEnum[] postings;
            final boolean[] looked;
            int last = -1;

            Leaf(int words) {
                postings = new PostingsEnum[words];
                looked = new boolean[words];
            }
        }

        @Override
        public UnifiedHighlighter.OffsetSource getOffsetSource() {
            return UnifiedHighlighter.OffsetSource.POSTINGS;
        }

        @Override
        public OffsetsEnum getOffsetsEnum(LeafReader reader, int doc, String content) throws IOException {
            Terms terms = reader.terms(getField());
            if (terms == null) {
                return OffsetsEnum.EMPTY;
            }
            BytesRef[] words = components.getTerms();
            Object key = reader.getCoreCacheHelper() == null ? reader : reader.getCoreCacheHelper().getKey();
            Leaf leaf = leaves.computeIfAbsent(key, k -> new Leaf(words.length));
            if (doc <= leaf.last) {
                // Not the highlighter's order (it sorts the hits by document): the postings cannot go back.
                Arrays.fill(leaf.looked, false);
            }
            leaf.last = doc;
            TermsEnum dictionary = null;
            List<OffsetsEnum> found = new ArrayList<>();
            for (int i = 0; i < words.length; i++) {
                if (!leaf.looked[i]) {
                    if (dictionary == null) {
                        dictionary = terms.iterator();
                    }
                    leaf.postings[i] = dictionary.seekExact(words[i]) ? dictionary.postings(null, PostingsEnum.OFFSETS) : null;
                    leaf.looked[i] = true;
                }
                PostingsEnum p = leaf.postings[i];
                if (p != null && (p.docID() == doc || (p.docID() < doc && p.advance(doc) == doc))) {
                    found.add(new OffsetsEnum.OfPostings(words[i], p));
                }
            }
            return switch (found.size()) {
                case 0 -> OffsetsEnum.EMPTY;
                case 1 -> found.get(0);
                default -> new OffsetsEnum.MultiOffsetsEnum(found);
            };
        }
    }
}
