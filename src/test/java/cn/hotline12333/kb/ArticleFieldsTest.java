package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.Test;

class ArticleFieldsTest {

    @Test
    void tagsAreSearchedAsTitleWordsAndStillReadBackAsTags() throws IOException {
        Analysis analysis = Analysis.load(Path.of("knowledge-base/analysis"));
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
}
