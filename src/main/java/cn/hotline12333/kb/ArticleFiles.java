package cn.hotline12333.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The article files under {@code <kb>/articles}, read in path order so that of two files claiming one id the
 * second is the one reported. A broken file is a problem and is skipped; the rest load.
 */
final class ArticleFiles {
    record Loaded(List<Article> articles, List<ArticleProblem> problems) {
    }

    private ArticleFiles() {
    }

    static Path articlesDir(Path kbDir) {
        return kbDir.resolve("articles");
    }

    static List<Path> list(Path kbDir) {
        Path dir = articlesDir(kbDir);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static Loaded load(Path kbDir) {
        List<Article> articles = new ArrayList<>();
        List<ArticleProblem> problems = new ArrayList<>();
        Map<String, Article> byId = new HashMap<>();
        for (Path file : list(kbDir)) {
            ArticleParser.Parsed parsed = read(file);
            problems.addAll(parsed.problems());
            Article a = parsed.article();
            if (a == null) {
                continue;
            }
            Article first = byId.putIfAbsent(a.id(), a);
            if (first != null) {
                problems.add(new ArticleProblem(file, idLine(file), "duplicate id '" + a.id() + "', already used by " + first.file()));
                continue;
            }
            articles.add(a);
        }
        return new Loaded(List.copyOf(articles), List.copyOf(problems));
    }

    private static int idLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("id:")) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            // the file was just read; if it vanished since, line 1 will do
        }
        return 1;
    }

    static ArticleParser.Parsed read(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            return new ArticleParser.Parsed(null, List.of(new ArticleProblem(file, 1, "not UTF-8 text")));
        } catch (IOException e) {
            return new ArticleParser.Parsed(null, List.of(new ArticleProblem(file, 1, "cannot read: " + e.getMessage())));
        }
        return ArticleParser.parse(file, text);
    }
}
