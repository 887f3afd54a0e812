package cn.hotline12333.kb;

/**
 * A completion of what the agent is typing: an article title or caller question ({@code articleId} set), or
 * a term from the articles' tags ({@code articleId} null), e.g. 社保卡 for {@code sbk}.
 */
public record Suggestion(String text, String articleId) {
}
