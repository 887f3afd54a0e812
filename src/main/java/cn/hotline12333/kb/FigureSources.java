package cn.hotline12333.kb;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Articles that state a figure (a duration, a share, an amount, an age) but whose {@code sources} name no article
 * or part of a document ({@code 第十条}, {@code 第三部分}): issue 13 wants the article number behind each figure,
 * so that an editor re-checking it knows where to look. A warning, not a problem: the article still loads.
 */
final class FigureSources {
    private static final Pattern FIGURE = Pattern.compile(
            "(?<![0-9])(?!(?:19|20)[0-9]{2}年)[0-9]+(?:\\.[0-9]+)?\\s*(?:%|％|个工作日|个月|万元|周岁|小时|学时|天|年|元|日|岁|倍)");
    private static final Pattern ARTICLE_NUMBER = Pattern.compile("第[一二三四五六七八九十百零〇0-9]+(?:条|部分)");

    private FigureSources() {
    }

    static List<ArticleProblem> warnings(List<Article> articles) {
        List<ArticleProblem> out = new ArrayList<>();
        for (Article a : articles) {
            Matcher figure = FIGURE.matcher(ArticleFields.plainText(a.body()));
            if (figure.find() && a.sources().stream().noneMatch(s -> ARTICLE_NUMBER.matcher(s).find())) {
                out.add(new ArticleProblem(a.file(), Freshness.line(a.file(), "sources"), "warning: states a figure (" + figure.group().strip()
                        + ") but no source names the article behind it (第…条)"));
            }
        }
        return out;
    }
}
