package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SnippetsTest {
    private static KnowledgeBase kb;

    @BeforeAll
    static void open() {
        // The real articles and generated variants of them: a word's postings then span many hits of one page.
        kb = KnowledgeBase.open(Path.of("knowledge-base"),
                KbSettings.defaults().withWatch(false).withGeneratedArticles(600).withDense(false));
    }

    @AfterAll
    static void close() {
        kb.close();
    }

    /** Each word looked up once per page finds the same offsets, hence the same snippets, as Lucene per hit. */
    @Test
    void snippetsOfAPageAreLucenesOwnForEveryEvaluationQuestion() throws IOException {
        ArticleSearch search = kb.articleSearch();
        int marked = 0;
        int pages = 0;
        for (Evaluation.Question q : Evaluation.readDirectory(Path.of("knowledge-base/eval"))) {
            SearchRequest request = SearchRequest.of(q.text());
            String text = kb.forms().rewrite(request.cleanQuery());
            String[][] both = kb.withSearcher(s -> {
                ArticleSearch.Built built = search.build(s.getIndexReader(), text, request, true);
                if (built == null) {
                    return null;
                }
                TopDocs top = search.top(s, built, request);
                ScoreDoc[] page = Arrays.copyOf(top.scoreDocs, Math.min(10, top.scoreDocs.length));
                return new String[][] {Snippets.of(s, kb.analysis(), built.highlight(), page, true),
                        Snippets.of(s, kb.analysis(), built.highlight(), page, false)};
            });
            if (both == null) {
                continue;
            }
            pages++;
            assertThat(both[0]).as(q.text()).containsExactly(both[1]);
            marked += (int) Arrays.stream(both[0]).filter(s -> s.contains("<em>")).count();
        }
        assertThat(pages).isGreaterThan(500);
        assertThat(marked).isGreaterThan(5000);
    }

    /** Hits given in descending document order (the highlighter sorts them; the postings cannot go back). */
    @Test
    void hitsInAnyOrderGetTheSameSnippets() throws IOException {
        ArticleSearch search = kb.articleSearch();
        SearchRequest request = SearchRequest.of("社保卡丢了怎么挂失补办");
        String[][] both = kb.withSearcher(s -> {
            ArticleSearch.Built built = search.build(s.getIndexReader(), request.cleanQuery(), request, true);
            ScoreDoc[] page = search.top(s, built, request).scoreDocs.clone();
            Arrays.sort(page, Comparator.comparingInt((ScoreDoc d) -> d.doc).reversed());
            return new String[][] {Snippets.of(s, kb.analysis(), built.highlight(), page, true),
                    Snippets.of(s, kb.analysis(), built.highlight(), page, false)};
        });
        assertThat(both[0]).hasSizeGreaterThan(5).containsExactly(both[1]);
        assertThat(both[0][0]).contains("<em>");
    }
}
