package cn.hotline12333.kb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.search.BoostAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * After a word of three or more characters, the dictionary words inside it, stacked at its position (same
 * position length, so a synonym graph stays a graph). The segmenter picks the longest word: an article's
 * 职工养老保险 would otherwise never meet a caller's 养老保险, nor a caller's 补缴社保 an article's 补缴.
 * Sub-words carry {@code boost} (query side: below the whole word they come from). Stop words are not
 * emitted as sub-words.
 */
final class SubWordFilter extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);
    private final BoostAttribute boostAttribute = addAttribute(BoostAttribute.class);
    private final CharArraySet stopWords;
    private final float boost;
    private final List<int[]> pending = new ArrayList<>();
    private String word;
    private State parent;
    private int next;

    SubWordFilter(TokenStream in, CharArraySet stopWords, float boost) {
        super(in);
        this.stopWords = stopWords;
        this.boost = boost;
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (next < pending.size()) {
            int[] sub = pending.get(next++);
            restoreState(parent);
            term.setEmpty().append(word, sub[0], sub[1]);
            int start = offset.startOffset();
            // Offsets inside the word only when the word is the text it spans (a synonym is not).
            if (offset.endOffset() - start == word.length()) {
                offset.setOffset(start + sub[0], start + sub[1]);
            }
            position.setPositionIncrement(0);
            boostAttribute.setBoost(boost);
            return true;
        }
        if (!input.incrementToken()) {
            return false;
        }
        pending.clear();
        next = 0;
        if (term.length() > 2) {
            word = term.toString();
            for (int i = 0; i < word.length() - 1; i++) {
                for (int j = i + 2; j <= word.length(); j++) {
                    if (i == 0 && j == word.length()) {
                        continue;
                    }
                    String sub = word.substring(i, j);
                    if (!stopWords.contains(sub) && Segmenter.isWord(sub)) {
                        pending.add(new int[] {i, j});
                    }
                }
            }
            if (!pending.isEmpty()) {
                parent = captureState();
            }
        }
        return true;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        pending.clear();
        next = 0;
        parent = null;
        word = null;
    }
}
