package cn.hotline12333.kb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the index in step with the article files: a rescan reads every file, and only files whose bytes
 * changed are parsed and re-indexed; vanished files are deleted by id. A file that no longer parses keeps its
 * last good version in the index (the problem is reported again on each rescan until it is fixed). Rescanning everything, rather than trusting the
 * watcher's list of paths, means a lost or overflowed file event costs nothing but a later reload.
 * Not thread-safe: the knowledge base calls it from one thread at a time.
 */
final class ArticleSync {
    private final Path kbDir;
    private final ArticleIndex index;
    /** The passage vectors, kept in step with the index; null when search is lexical only. */
    private final DenseRetrieval dense;
    private final Map<Path, Tracked> files = new HashMap<>();

    private record Tracked(byte[] digest, Article article) {
    }

    /** What one rescan did. */
    record Outcome(int changed, int deleted, List<ArticleProblem> problems) {
    }

    ArticleSync(Path kbDir, ArticleIndex index, DenseRetrieval dense) {
        this.kbDir = kbDir;
        this.index = index;
        this.dense = dense;
    }

    Outcome rescan() throws IOException {
        List<ArticleProblem> problems = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        Map<String, Path> owners = new HashMap<>();
        files.forEach((p, t) -> {
            if (t.article() != null) {
                owners.put(t.article().id(), p);
            }
        });
        int changed = 0;
        int deleted = 0;
        List<Path> present = ArticleFiles.list(kbDir);
        seen.addAll(present);
        // Deletions first, so that a renamed file's id is free again when the new name is read.
        for (Path gone : new ArrayList<>(files.keySet())) {
            if (!seen.contains(gone)) {
                Tracked t = files.remove(gone);
                if (t.article() != null) {
                    index.delete(t.article().id());
                    if (dense != null) {
                        dense.delete(t.article().id());
                    }
                    owners.remove(t.article().id());
                    deleted++;
                }
            }
        }
        for (Path file : present) {
            byte[] digest;
            try {
                digest = digest(Files.readAllBytes(file));
            } catch (IOException e) {
                continue; // vanished or being replaced: the next event brings it back
            }
            Tracked old = files.get(file);
            if (old != null && Arrays.equals(old.digest(), digest)) {
                continue;
            }
            ArticleParser.Parsed parsed = ArticleFiles.read(file);
            Article a = parsed.article();
            problems.addAll(parsed.problems());
            if (a != null) {
                Path owner = owners.get(a.id());
                if (owner != null && !owner.equals(file)) {
                    problems.add(new ArticleProblem(file, 1, "duplicate id '" + a.id() + "', already used by " + owner));
                    a = null;
                }
            }
            if (a == null) {
                // The last good version keeps serving. No digest: a broken file is read again on every rescan, so
                // it is indexed as soon as it is fixed or the id it clashed with is gone.
                files.put(file, new Tracked(null, old == null ? null : old.article()));
                continue;
            }
            if (old != null && old.article() != null && !old.article().id().equals(a.id())) {
                index.delete(old.article().id());
                if (dense != null) {
                    dense.delete(old.article().id());
                }
                owners.remove(old.article().id());
            }
            index.put(a);
            if (dense != null) {
                dense.put(a); // embeds only passages the vector cache has not seen
            }
            owners.put(a.id(), file);
            files.put(file, new Tracked(digest, a));
            changed++;
        }
        if (changed > 0 || deleted > 0) {
            index.publish();
            if (dense != null) {
                dense.publish();
            }
        }
        return new Outcome(changed, deleted, List.copyOf(problems));
    }

    /** The articles currently indexed from files. */
    List<Article> articles() {
        List<Article> out = new ArrayList<>();
        for (Tracked t : files.values()) {
            if (t.article() != null) {
                out.add(t.article());
            }
        }
        out.sort(Comparator.comparing(Article::id));
        return out;
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
