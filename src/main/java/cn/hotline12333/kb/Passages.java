package cn.hotline12333.kb;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What of an article is embedded for dense retrieval: its title, each caller question, and the opening of its
 * body, each on its own. An article is as close to a query as its closest passage: a caller's question is
 * usually near one phrasing the article holds, not near the average of all of them, and a whole article in one
 * vector would be cut at the model's token limit anyway.
 */
final class Passages {
    /** Characters of the body's plain text embedded: its first paragraph or two, where articles say what they answer. */
    static final int BODY_OPENING = 160;

    private Passages() {
    }

    static List<String> of(Article a) {
        Set<String> out = new LinkedHashSet<>();
        out.add(a.title().strip());
        for (String q : a.questions()) {
            out.add(q.strip());
        }
        String body = ArticleFields.plainText(a.body()).replace(ArticleFields.PARAGRAPH, '\n').strip();
        if (!body.isEmpty()) {
            int end = Math.min(body.length(), BODY_OPENING);
            if (end < body.length() && Character.isHighSurrogate(body.charAt(end - 1))) {
                end--;
            }
            out.add(body.substring(0, end));
        }
        out.remove("");
        return List.copyOf(out);
    }
}
