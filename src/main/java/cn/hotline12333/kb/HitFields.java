package cn.hotline12333.kb;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;

/** What a search hit shows about its article, read from doc values ({@link ArticleFields}). */
record HitFields(String id, String title, Category category, String region) {

    static HitFields read(IndexSearcher searcher, int doc) throws IOException {
        return read(searcher, new ScoreDoc[] {new ScoreDoc(doc, 0)})[0];
    }

    /**
     * The fields of each hit, in the hits' order. The hits are read in document order, so that each segment's four
     * doc-values readers are made once for the page rather than once per hit.
     */
    static HitFields[] read(IndexSearcher searcher, ScoreDoc[] hits) throws IOException {
        Integer[] byDoc = new Integer[hits.length];
        Arrays.setAll(byDoc, i -> i);
        Arrays.sort(byDoc, Comparator.comparingInt(i -> hits[i].doc));
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        HitFields[] out = new HitFields[hits.length];
        int leaf = -1;
        BinaryDocValues ids = null;
        BinaryDocValues titles = null;
        SortedDocValues categories = null;
        SortedDocValues regions = null;
        for (int i : byDoc) {
            int doc = hits[i].doc;
            int l = ReaderUtil.subIndex(doc, leaves);
            if (l != leaf) {
                leaf = l;
                LeafReader reader = leaves.get(l).reader();
                ids = DocValues.getBinary(reader, ArticleFields.ID);
                titles = DocValues.getBinary(reader, ArticleFields.TITLE);
                categories = DocValues.getSorted(reader, ArticleFields.CATEGORY);
                regions = DocValues.getSorted(reader, ArticleFields.REGION);
            }
            int d = doc - leaves.get(l).docBase;
            out[i] = new HitFields(binary(ids, d), binary(titles, d),
                    Category.find(sorted(categories, d)).orElseThrow(), sorted(regions, d));
        }
        return out;
    }

    private static String binary(BinaryDocValues values, int doc) throws IOException {
        if (!values.advanceExact(doc)) {
            throw new IllegalStateException("article without doc values, doc " + doc);
        }
        return values.binaryValue().utf8ToString();
    }

    private static String sorted(SortedDocValues values, int doc) throws IOException {
        if (!values.advanceExact(doc)) {
            throw new IllegalStateException("article without doc values, doc " + doc);
        }
        return values.lookupOrd(values.ordValue()).utf8ToString();
    }
}
