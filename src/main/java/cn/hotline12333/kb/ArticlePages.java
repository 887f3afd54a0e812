package cn.hotline12333.kb;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown to HTML for the agent's screen. Articles are written by staff, but the page must not run what an
 * article smuggles in: raw HTML is escaped, and link targets like {@code javascript:} are dropped.
 */
final class ArticlePages {
    private final Parser parser = Parser.builder().build();
    private final HtmlRenderer renderer = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    String html(String markdown) {
        return renderer.render(parser.parse(markdown));
    }
}
