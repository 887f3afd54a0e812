package cn.hotline12333.kb;

/** An article for the agent's screen: the front matter and the body rendered to HTML (raw HTML escaped). */
public record ArticlePage(Article article, String html) {
}
