package cn.hotline12333.kb;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * One policy article: its front matter and its Markdown body. {@code region} is {@value #NATIONAL} or a
 * province or city in Chinese; {@code expires} is null when the article does not expire; {@code file} is
 * where it was read from (null for generated benchmark variants); {@code reviewed} (the day an editor last
 * checked the facts) and {@code owner} (who answers for the article) are null when the file does not say.
 */
public record Article(String id, String title, Category category, List<String> tags, List<String> questions,
                      String region, LocalDate effective, LocalDate expires, List<String> sources, String body,
                      Path file, LocalDate reviewed, String owner) {
    public static final String NATIONAL = "national";

    public Article {
        tags = List.copyOf(tags);
        questions = List.copyOf(questions);
        sources = List.copyOf(sources);
    }

    public Article(String id, String title, Category category, List<String> tags, List<String> questions,
                   String region, LocalDate effective, LocalDate expires, List<String> sources, String body, Path file) {
        this(id, title, category, tags, questions, region, effective, expires, sources, body, file, null, null);
    }

    /** The same article with other caller questions (for the leave-one-question-out check). */
    Article withQuestions(List<String> other) {
        return new Article(id, title, category, tags, other, region, effective, expires, sources, body, file, reviewed,
                owner);
    }

    /** Lowercase letters, digits and '-', starting with a letter, at most 64 characters ({@code card-0003}). */
    public static boolean isValidId(String id) {
        return id != null && ArticleParser.ID.matcher(id).matches();
    }

    public boolean national() {
        return NATIONAL.equals(region);
    }

    public boolean expiredOn(LocalDate day) {
        return expires != null && expires.isBefore(day);
    }
}
