package cn.hotline12333.kb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;

/**
 * How much of a query one article explains: the query's words (each with its synonyms), weighted by how rare
 * they are, and the share of that weight the article contains. A word found in one of the article's word fields
 * counts whole; a word the article has only pieces of (its character pairs in the bigram field) counts half of
 * the share of its pairs found. A word no article has at all weighs the most, so a question about passports
 * or train tickets, whose telling word no article holds, stays mostly unexplained however well its other
 * words match. This is what the "no matching article" floor compares, not BM25 scores, which grow with the
 * length of the query and cannot be compared across queries.
 */
final class QueryCoverage {
    private QueryCoverage() {
    }

    /** A query position: the word and its synonyms. */
    private record Unit(String word, Set<String> forms) {
    }

    /**
     * {@code share}: of the query's weight, in [0, 1], what the article explains (1 for a query of no words);
     * {@code topical}: the article has at least one of the query's hotline words (QueryForms#topical).
     */
    record Coverage(double share, boolean topical) {
    }

    /** Of the article {@code doc}, with the terms looked up through the search's {@code terms}. */
    static Coverage explained(TermLookup terms, Analysis analysis, QueryForms forms, String text, int doc)
            throws IOException {
        IndexReader reader = terms.reader();
        List<Unit> units = units(analysis, text);
        if (units.isEmpty()) {
            return new Coverage(1, true);
        }
        boolean topical = false;
        List<LeafReaderContext> leaves = reader.leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        int local = doc - leaf.docBase;
        double n = reader.numDocs();
        double total = 0;
        double found = 0;
        for (Unit u : units) {
            int df = 0;
            for (String f : u.forms()) {
                for (String field : ArticleFields.TEXT) {
                    df = Math.max(df, terms.docFreq(new Term(field, f)));
                }
            }
            double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
            total += idf;
            if (inDoc(terms, leaf, local, u.forms(), ArticleFields.TEXT)) {
                found += idf;
                topical |= u.forms().stream().anyMatch(forms::topical);
            } else if (u.word().length() >= 2) {
                int pairs = u.word().length() - 1;
                int hit = 0;
                for (int i = 0; i < pairs; i++) {
                    if (inDoc(terms, leaf, local, Set.of(u.word().substring(i, i + 2)), List.of(ArticleFields.BIGRAMS))) {
                        hit++;
                    }
                }
                found += 0.5 * idf * hit / pairs;
            }
        }
        return new Coverage(total == 0 ? 1 : found / total, topical);
    }

    private static boolean inDoc(TermLookup terms, LeafReaderContext leaf, int doc, Set<String> forms,
                                 List<String> fields) throws IOException {
        for (String field : fields) {
            for (String f : forms) {
                if (terms.inDoc(leaf, doc, new Term(field, f))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The query's words in order, each with the synonyms stacked on it. */
    private static List<Unit> units(Analysis analysis, String text) throws IOException {
        List<Unit> out = new ArrayList<>();
        try (TokenStream ts = analysis.query.tokenStream(ArticleFields.BODY, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute pos = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String t = term.toString();
                if (pos.getPositionIncrement() == 0 && !out.isEmpty()) {
                    out.get(out.size() - 1).forms().add(t);
                } else {
                    Set<String> forms = new LinkedHashSet<>();
                    forms.add(t);
                    out.add(new Unit(t, forms));
                }
            }
            ts.end();
        }
        return out;
    }
}
