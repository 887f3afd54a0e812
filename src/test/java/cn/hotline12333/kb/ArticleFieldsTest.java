package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.Test;

class ArticleFieldsTest {
    private static final Analysis analysis = Analysis.load(Path.of("knowledge-base/analysis"));

    @Test
    void tagsAreSearchedAsTitleWordsAndStillReadBackAsTags() throws IOException {
        Article a = new Article("labour-relations-0999", "劳务派遣用工有什么限制", Category.LABOUR_RELATIONS,
                List.of("三性岗位", "劳务派遣"), List.of("派遣工能干多久"), Article.NATIONAL, LocalDate.of(2014, 3, 1),
                null, List.of("《劳务派遣暂行规定》"), "## 限制\n\n只能在临时性、辅助性或者替代性岗位上使用。", null);
        try (ArticleIndex index = new ArticleIndex(analysis, false)) {
            index.put(a);
            index.publish();
            index.withSearcher(s -> {
                // 三性岗位 is only a tag: found as a word of the title field, not of a tags field.
                assertThat(s.count(new TermQuery(new Term(ArticleFields.TITLE, "三性岗位")))).isEqualTo(1);
                assertThat(s.count(new TermQuery(new Term(ArticleFields.TAGS, "三性岗位")))).isZero();
                Article back = ArticleFields.article(s.storedFields().document(0));
                assertThat(back.title()).isEqualTo(a.title());
                assertThat(back.tags()).containsExactly("三性岗位", "劳务派遣");
                return null;
            });
        }
    }

    @Test
    void theSnippetsPlainBodyIsInDocValuesAndTheStoredDocumentKeepsOnlyTheMarkdown() throws IOException {
        Article a = article("labour-relations-0999", "## 限制\n\n只能在**临时性**岗位上使用。");
        try (ArticleIndex index = new ArticleIndex(analysis, false)) {
            index.put(a);
            index.publish();
            index.withSearcher(s -> {
                Document stored = s.storedFields().document(0);
                assertThat(stored.get(ArticleFields.BODY)).isNull();
                BinaryDocValues bodies = DocValues.getBinary(s.getIndexReader().leaves().get(0).reader(),
                        ArticleFields.BODY);
                assertThat(bodies.advanceExact(0)).isTrue();
                assertThat(bodies.binaryValue().utf8ToString()).isEqualTo("限制\u2029只能在临时性岗位上使用。");
                assertThat(ArticleFields.article(stored).body()).isEqualTo(a.body());
                return null;
            });
        }
    }

    @Test
    void hitFieldsComeInTheHitsOrderWhateverTheDocumentOrder() throws IOException {
        try (ArticleIndex index = new ArticleIndex(analysis, false)) {
            for (int i = 0; i < 3; i++) {
                index.put(article("labour-relations-099" + i, "正文" + i));
            }
            index.publish();
            index.withSearcher(s -> {
                ScoreDoc[] hits = {new ScoreDoc(2, 3f), new ScoreDoc(0, 2f), new ScoreDoc(1, 1f)};
                assertThat(HitFields.read(s, hits)).extracting(HitFields::id)
                        .containsExactly("labour-relations-0992", "labour-relations-0990", "labour-relations-0991");
                assertThat(HitFields.read(s, 1).title()).isEqualTo("劳务派遣用工有什么限制");
                return null;
            });
        }
    }

    private static Article article(String id, String body) {
        return new Article(id, "劳务派遣用工有什么限制", Category.LABOUR_RELATIONS, List.of(), List.of(), Article.NATIONAL,
                LocalDate.of(2014, 3, 1), null, List.of(), body, null);
    }
}
