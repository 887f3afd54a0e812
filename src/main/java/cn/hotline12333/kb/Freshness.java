package cn.hotline12333.kb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Articles an editor should look at again: past their {@code expires} date (hidden from searches, but perhaps
 * superseded by nothing), or not reviewed for a year, or never. Warnings, not problems: the article still loads.
 */
final class Freshness {
    static final int REVIEW_MONTHS = 12;

    private Freshness() {
    }

    static List<ArticleProblem> warnings(List<Article> articles, LocalDate today) {
        List<ArticleProblem> out = new ArrayList<>();
        for (Article a : articles) {
            if (a.expiredOn(today)) {
                out.add(new ArticleProblem(a.file(), line(a.file(), "expires"), "warning: expired on " + a.expires()
                        + " (hidden from searches unless expired articles are asked for)"));
            }
            if (a.reviewed() == null) {
                out.add(new ArticleProblem(a.file(), 1, "warning: no 'reviewed' date"));
            } else if (a.reviewed().isBefore(today.minusMonths(REVIEW_MONTHS))) {
                out.add(new ArticleProblem(a.file(), line(a.file(), "reviewed"), "warning: last reviewed "
                        + a.reviewed() + ", more than a year ago"));
            }
        }
        return out;
    }

    /** The line of a front-matter field, 1 when the file cannot say. */
    static int line(Path file, String field) {
        if (file == null) {
            return 1;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(field + ":")) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            // read a moment ago; if it is gone now, line 1 will do
        }
        return 1;
    }
}
