package cn.hotline12333.kb;

import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
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
            terms = text.length() == 0 ? Collections.emptyIterator()
                    : segment.seg(text.toString()).iterator();
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
