package cn.hotline12333.kb;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.py.Pinyin;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.suggest.InputIterator;
import org.apache.lucene.search.suggest.Lookup;
import org.apache.lucene.search.suggest.analyzing.AnalyzingInfixSuggester;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Completions of titles and caller questions for one set of articles, built once and then read-only: infix
 * matching on character bigrams ({@code 保卡} finds 社保卡补办…), pinyin initials ({@code sbk} → 社保卡) and
 * the start of full pinyin ({@code shebaok} → 社保卡…), and mixed text read by {@link QueryForms}
 * ({@code sbk 挂失} completes as 社保卡 挂失 would).
 */
final class Suggestions implements Closeable {
    private static final Pattern INITIALS = Pattern.compile("[a-z0-9]{1,20}");
    private static final Pattern LETTERS = Pattern.compile("[a-z0-9 ']{1,60}");

    private final AnalyzingInfixSuggester infix;
    private final List<Entry> byInitials;
    private final List<Entry> byFullPinyin;
    private final QueryForms forms;

    /** A title or question for the infix suggester, its article id as payload. */
    private record Input(String text, long weight, BytesRef id) {
    }

    /** A completion and its pinyin initials; {@code weight} orders equal matches. */
    private record Entry(String initials, String text, String articleId, long weight) {
        // initials: the sort key, pinyin initials or full pinyin depending on the list
    }

    Suggestions(List<Article> articles, Analysis analysis, QueryForms forms) {
        this.forms = forms;
        List<Input> inputs = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> tagCounts = new HashMap<>();
        for (Article a : articles) {
            BytesRef id = new BytesRef(a.id().getBytes(StandardCharsets.UTF_8));
            inputs.add(new Input(a.title(), 2, id));
            entries.add(new Entry(initials(a.title()), a.title(), a.id(), 2));
            for (String q : new LinkedHashSet<>(a.questions())) {
                inputs.add(new Input(q, 1, id));
                entries.add(new Entry(initials(q), q, a.id(), 1));
            }
            for (String tag : a.tags()) {
                tagCounts.merge(tag, 1, Integer::sum);
            }
        }
        // Terms first: a tag shared by many articles (社保卡) is what the agent most likely means by its initials.
        tagCounts.forEach((tag, n) -> entries.add(new Entry(initials(tag), tag, null, 1000L + n)));
        entries.removeIf(e -> e.initials().isEmpty());
        List<Entry> full = new ArrayList<>();
        for (Entry e : entries) {
            String key = fullPinyin(e.text());
            if (!key.isEmpty()) {
                full.add(new Entry(key, e.text(), e.articleId(), e.weight()));
            }
        }
        entries.sort(Comparator.comparing(Entry::initials));
        full.sort(Comparator.comparing(Entry::initials));
        this.byInitials = List.copyOf(entries);
        this.byFullPinyin = List.copyOf(full);
        try {
            this.infix = new AnalyzingInfixSuggester(new ByteBuffersDirectory(), analysis.bigrams, analysis.bigrams,
                    1, false, true, false);
            infix.build(iterator(inputs));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the suggester", e);
        }
    }

    private static InputIterator iterator(List<Input> inputs) {
        return new InputIterator() {
            private int next;
            private Input current;

            @Override
            public BytesRef next() {
                if (next >= inputs.size()) {
                    return null;
                }
                current = inputs.get(next++);
                return new BytesRef(current.text());
            }

            @Override
            public long weight() {
                return current.weight();
            }

            @Override
            public BytesRef payload() {
                return current.id();
            }

            @Override
            public boolean hasPayloads() {
                return true;
            }

            @Override
            public Set<BytesRef> contexts() {
                return null;
            }

            @Override
            public boolean hasContexts() {
                return false;
            }
        };
    }

    List<Suggestion> suggest(String prefix, int limit) {
        String p = prefix.strip().toLowerCase(Locale.ROOT);
        Set<Suggestion> out = new LinkedHashSet<>();
        if (INITIALS.matcher(p).matches()) {
            byPinyin(byInitials, p, limit, out);
        }
        if (out.size() < limit && LETTERS.matcher(p).matches()) {
            byPinyin(byFullPinyin, p.replace(" ", "").replace("'", ""), limit, out);
        }
        String text = forms.rewrite(p).strip();
        if (out.size() < limit && !text.isEmpty()) {
            try {
                for (Lookup.LookupResult r : infix.lookup(text, (BooleanQuery) null, limit * 2, true, false)) {
                    out.add(new Suggestion(r.key.toString(), r.payload == null ? null : r.payload.utf8ToString()));
                    if (out.size() >= limit) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("suggester lookup failed", e);
            }
        }
        return List.copyOf(out);
    }

    private static void byPinyin(List<Entry> sorted, String p, int limit, Set<Suggestion> out) {
        int from = lowerBound(sorted, p);
        List<Entry> matches = new ArrayList<>();
        for (int i = from; i < sorted.size() && sorted.get(i).initials().startsWith(p); i++) {
            matches.add(sorted.get(i));
        }
        // Whole-initials matches (sbk = 社保卡) before longer ones (sbkzmbl), then heavier, then shorter text.
        matches.sort(Comparator.comparing((Entry e) -> e.initials().length() != p.length())
                .thenComparing(Comparator.comparingLong(Entry::weight).reversed())
                .thenComparingInt(e -> e.text().length()));
        for (Entry e : matches) {
            if (out.size() >= limit) {
                return;
            }
            out.add(new Suggestion(e.text(), e.articleId()));
        }
    }

    private static int lowerBound(List<Entry> sorted, String p) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).initials().compareTo(p) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First letters of each character's pinyin; ASCII letters and digits as they are; the rest dropped. */
    static String initials(String text) {
        return spell(text, py -> String.valueOf(py.getFirstChar()));
    }

    /** Toneless pinyin of each character, run together; ASCII letters and digits as they are; the rest dropped. */
    static String fullPinyin(String text) {
        return spell(text, Pinyin::getPinyinWithoutTone);
    }

    private static String spell(String text, java.util.function.Function<Pinyin, String> reading) {
        List<Pinyin> pinyin = HanLP.convertToPinyinList(text);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && i < pinyin.size(); i++) {
            char c = text.charAt(i);
            Pinyin py = pinyin.get(i);
            if (py != Pinyin.none5) {
                sb.append(reading.apply(py));
            } else if (c < 128 && Character.isLetterOrDigit(c)) {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        infix.close();
    }
}
