package cn.hotline12333.kb;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexReaderContext;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The terms dictionary as one search reads it: each term looked up once, through one dictionary reader per field.
 * Building the query (which words are common), the first pass (which clauses can add the most), Lucene's scorers
 * and the "no matching article" coverage all ask for the same terms; asked of the index each time, a long
 * question's 100-odd terms were looked up five or six times, each with a new dictionary reader (a copy of the
 * index input: most of the cost), about a third of a long question's search (JFR, docs/benchmarks.md, knowledge
 * base). Not thread-safe: one per search.
 */
final class TermLookup {
    private final IndexReader reader;
    private final IndexReaderContext context;
    private final Map<Term, TermStates> states = new HashMap<>();
    private final Map<String, TermsEnum[]> dictionaries = new HashMap<>();
    /** Per field and segment, the postings reader {@link #inDoc} last used, handed back to Lucene for reuse. */
    private final Map<String, PostingsEnum[]> reused = new HashMap<>();

    TermLookup(IndexReader reader) {
        this.reader = reader;
        this.context = reader.getContext();
    }

    IndexReader reader() {
        return reader;
    }

    /** Articles with {@code t}, as {@link IndexReader#docFreq}. */
    int docFreq(Term t) throws IOException {
        return states(t).docFreq();
    }

    /** {@code t} as a query that needs no second look-up when Lucene scores it. */
    TermQuery query(Term t) throws IOException {
        return new TermQuery(t, states(t));
    }

    /** Whether article {@code doc} (of {@code leaf}) has {@code t}. */
    boolean inDoc(LeafReaderContext leaf, int doc, Term t) throws IOException {
        TermState state = states(t).get(leaf);
        if (state == null) {
            return false;
        }
        TermsEnum te = dictionary(t.field(), leaf);
        te.seekExact(t.bytes(), state);
        // The coverage asks this for each of a long question's words and synonyms in three fields: a new postings
        // reader each time (with its own copy of the index input) cost more than the look-up.
        PostingsEnum[] perLeaf = reused.computeIfAbsent(t.field(), f -> new PostingsEnum[context.leaves().size()]);
        PostingsEnum p = te.postings(perLeaf[leaf.ord], PostingsEnum.NONE);
        perLeaf[leaf.ord] = p;
        return p.advance(doc) == doc;
    }

    private TermStates states(Term t) throws IOException {
        TermStates known = states.get(t);
        if (known != null) {
            return known;
        }
        TermStates found = new TermStates(context);
        for (LeafReaderContext leaf : context.leaves()) {
            TermsEnum te = dictionary(t.field(), leaf);
            if (te != null && te.seekExact(t.bytes())) {
                found.register(te.termState(), leaf.ord, te.docFreq(), te.totalTermFreq());
            }
        }
        states.put(new Term(t.field(), BytesRef.deepCopyOf(t.bytes())), found);
        return found;
    }

    /** The field's dictionary reader in {@code leaf}, made on first use; null when the leaf has no such field. */
    private TermsEnum dictionary(String field, LeafReaderContext leaf) throws IOException {
        List<LeafReaderContext> leaves = context.leaves();
        TermsEnum[] perLeaf = dictionaries.computeIfAbsent(field, f -> new TermsEnum[leaves.size()]);
        TermsEnum te = perLeaf[leaf.ord];
        if (te == null) {
            Terms terms = leaf.reader().terms(field);
            if (terms == null) {
                return null;
            }
            te = terms.iterator();
            perLeaf[leaf.ord] = te;
        }
        return te;
    }
}
