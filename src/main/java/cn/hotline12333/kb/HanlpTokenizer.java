package cn.hotline12333.kb;

import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Lucene tokenizer over HanLP segmentation. HanLP segments a whole string, so the input (an article field or
 * a query, both short) is read at once; offsets are HanLP's, corrected through the char filters so that they
 * point into the original text. Punctuation, spaces and symbols (emoji) are not tokens.
 */
final class HanlpTokenizer extends Tokenizer {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);

    /**
     * The last text this thread segmented and its words. A search reads its text through three analyzers (the cut
     * at {@link ArticleSearch#MAX_WORDS} words, the query, the "no matching article" coverage), each with its own
     * tokenizer: HanLP segments it once and the others reuse the words (they are only read). One entry, so it never
     * serves one search's words to another text; nor words segmented before the dictionary changed.
     */
    private static final ThreadLocal<Segmented> LAST = new ThreadLocal<>();

    private record Segmented(int generation, String text, List<Term> terms) {
    }

    private final Segment segment = Segmenter.newSegment();
    private final StringBuilder text = new StringBuilder();
    private final char[] buffer = new char[1024];
    private Iterator<Term> terms;
    private int end;

    @Override
    public boolean incrementToken() throws IOException {
        clearAttributes();
        if (terms == null) {
            text.setLength(0);
            int n;
            while ((n = input.read(buffer)) > 0) {
                text.append(buffer, 0, n);
            }
            end = correctOffset(text.length());
            terms = text.length() == 0 ? Collections.emptyIterator() : segmented(text.toString()).iterator();
        }
        while (terms.hasNext()) {
            Term t = terms.next();
            if (!isWord(t.word)) {
                continue;
            }
            term.append(t.word);
            offset.setOffset(correctOffset(t.offset), correctOffset(t.offset + t.word.length()));
            return true;
        }
        return false;
    }

    private List<Term> segmented(String s) {
        Segmented last = LAST.get();
        int generation = Segmenter.generation();
        if (last == null || last.generation() != generation || !last.text().equals(s)) {
            last = new Segmented(generation, s, segment.seg(s));
            LAST.set(last);
        }
        return last.terms();
    }

    private static boolean isWord(String word) {
        return word.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    @Override
    public void end() throws IOException {
        super.end();
        offset.setOffset(end, end);
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        terms = null;
        end = 0;
    }
}
