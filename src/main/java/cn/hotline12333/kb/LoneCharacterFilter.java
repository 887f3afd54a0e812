package cn.hotline12333.kb;

import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Query side: drops words of one Han character (月, 个, 上, 能, 给 …). They are in most articles, so as word
 * clauses in three fields they cost the most postings of a search and add little, and the bigram field
 * still sees them together with their neighbours (个月, 没给). Other one-character tokens (a digit, a
 * Latin letter) stay.
 */
final class LoneCharacterFilter extends FilteringTokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    LoneCharacterFilter(TokenStream in) {
        super(in);
    }

    @Override
    protected boolean accept() {
        return term.length() != 1 || Character.UnicodeScript.of(term.charAt(0)) != Character.UnicodeScript.HAN;
    }
}
