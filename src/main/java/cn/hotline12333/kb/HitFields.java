package cn.hotline12333.kb;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.IndexSearcher;

/** What a search hit shows about its article, read from doc values ({@link ArticleFields}). */
record HitFields(String id, String title, Category category, String region) {

    static HitFields read(IndexSearcher searcher, int doc) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        LeafReader reader = leaf.reader();
        int d = doc - leaf.docBase;
        return new HitFields(binary(DocValues.getBinary(reader, ArticleFields.ID), d),
                binary(DocValues.getBinary(reader, ArticleFields.TITLE), d),
                Category.find(sorted(DocValues.getSorted(reader, ArticleFields.CATEGORY), d)).orElseThrow(),
                sorted(DocValues.getSorted(reader, ArticleFields.REGION), d));
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
