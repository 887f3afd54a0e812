package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TermLookupTest {
    private static final Analysis analysis = Analysis.load(Path.of("knowledge-base/analysis"));
    private static ArticleIndex index;

    @BeforeAll
    static void build() throws IOException {
        // Two publishes: two segments, so a term can be in one leaf and not the other.
        index = new ArticleIndex(analysis, false);
        for (int i = 0; i < 6; i++) {
            if (i == 3) {
                index.publish();
            }
            String body = i % 3 == 0 ? "社保卡丢失后应当先挂失再补办。" : "失业保险金按月发放。";
            index.put(new Article(String.format("card-%04d", 900 + i), "问题" + i, Category.CARD,
                    List.of(), List.of("问题" + i), Article.NATIONAL, LocalDate.of(2024, 1, 1), null,
                    List.of("《社会保险法》"), body, null));
        }
        index.publish();
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
    }

    @Test
    void documentFrequenciesAreTheReadersAskedTwiceOrNot() throws IOException {
        index.withSearcher(s -> {
            IndexReader reader = s.getIndexReader();
            assertThat(reader.leaves()).hasSizeGreaterThan(1);
            TermLookup terms = new TermLookup(reader);
            for (String word : List.of("挂失", "补办", "失业", "发放", "护照")) {
                Term t = new Term(ArticleFields.BODY, word);
                assertThat(terms.docFreq(t)).as(word).isEqualTo(reader.docFreq(t));
                assertThat(terms.docFreq(t)).as(word + " again").isEqualTo(reader.docFreq(t));
            }
            assertThat(terms.docFreq(new Term(ArticleFields.BODY, "挂失"))).isEqualTo(2);
            return null;
        });
    }

    @Test
    void aLookedUpTermQueryFindsAndScoresAsAPlainOne() throws IOException {
        index.withSearcher(s -> {
            TermLookup terms = new TermLookup(s.getIndexReader());
            for (String word : List.of("挂失", "发放", "护照")) {
                Term t = new Term(ArticleFields.BODY, word);
                TopDocs plain = s.search(new TermQuery(t), 10);
                TopDocs looked = s.search(terms.query(t), 10);
                assertThat(looked.totalHits.value).as(word).isEqualTo(plain.totalHits.value);
                for (int i = 0; i < plain.scoreDocs.length; i++) {
                    assertThat(looked.scoreDocs[i].doc).isEqualTo(plain.scoreDocs[i].doc);
                    assertThat(looked.scoreDocs[i].score).isEqualTo(plain.scoreDocs[i].score);
                }
            }
            return null;
        });
    }

    @Test
    void whetherAnArticleHasATermInEitherSegment() throws IOException {
        index.withSearcher(s -> {
            IndexReader reader = s.getIndexReader();
            TermLookup terms = new TermLookup(reader);
            Term lost = new Term(ArticleFields.BODY, "挂失");
            int with = 0;
            for (int doc = 0; doc < reader.maxDoc(); doc++) {
                LeafReaderContext leaf = reader.leaves().get(ReaderUtil.subIndex(doc, reader.leaves()));
                boolean has = terms.inDoc(leaf, doc - leaf.docBase, lost);
                String id = HitFields.read(s, doc).id();
                int n = Integer.parseInt(id.substring(id.length() - 1));
                assertThat(has).as(id).isEqualTo(n % 3 == 0);
                with += has ? 1 : 0;
                assertThat(terms.inDoc(leaf, doc - leaf.docBase, new Term(ArticleFields.BODY, "护照"))).isFalse();
            }
            assertThat(with).isEqualTo(2);
            return null;
        });
    }
}
