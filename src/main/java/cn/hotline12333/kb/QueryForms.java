package cn.hotline12333.kb;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.py.Pinyin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Query forms the analysis chain cannot read, turned into the Chinese words they stand for before a search:
 * <ul>
 * <li>toneless pinyin, whole or mixed with Chinese, with spaces or without ({@code tuixiu nianling},
 * {@code shebaokaguashi}, {@code sbk 挂失}): split into words of the vocabulary by their full pinyin or, for
 * runs of three letters or more, by their initials;
 * <li>a homophone slip of one character in a word ({@code 社宝卡}, {@code 实业金}, {@code 养老今}): a stretch of
 * two to six characters that is no word at all (neither ours nor HanLP's) and sounds exactly like one of ours
 * that differs from it in one character is read as that word. A stretch that is a word stays as typed, so an
 * exact query is never changed.
 * </ul>
 * The vocabulary is the domain dictionary, the articles' tags and the words of their titles and questions;
 * where two words sound alike, the one in more articles wins. Latin words the dictionary knows ({@code app},
 * {@code pin}, {@code 12333app}) are left alone: they are the synonym file's to map. Immutable; built again
 * with the suggestions when the articles change.
 */
final class QueryForms {
    /** Longest typed run of letters read as pinyin; beyond it the text is left as it is. */
    static final int MAX_LETTERS = 60;
    private static final int MAX_WORD = 6;

    /** Full toneless pinyin without separators → word ({@code shebaoka} → 社保卡). */
    private final Map<String, String> byPinyin;
    /** Initials → word, domain words and tags only ({@code sbk} → 社保卡). */
    private final Map<String, String> byInitials;
    /** Toneless syllables joined by ' → word, for homophone slips; two-character words from the dictionary only. */
    private final Map<String, String> bySound;
    private final Set<String> vocabulary;
    private final Set<String> latin;

    private QueryForms(Map<String, String> byPinyin, Map<String, String> byInitials, Map<String, String> bySound,
                       Set<String> vocabulary, Set<String> latin) {
        this.byPinyin = byPinyin;
        this.byInitials = byInitials;
        this.bySound = bySound;
        this.vocabulary = vocabulary;
        this.latin = latin;
    }

    static QueryForms build(List<Article> articles, Analysis analysis) {
        Map<String, Integer> articleCounts = new HashMap<>();
        Set<String> domain = new HashSet<>();
        for (String w : analysis.dictionary) {
            if (han(w) && w.length() >= 2) {
                domain.add(w);
            }
        }
        for (Article a : articles) {
            Set<String> words = new HashSet<>();
            for (String tag : a.tags()) {
                if (han(tag) && tag.length() >= 2) {
                    words.add(tag);
                    domain.add(tag);
                }
            }
            words.addAll(words(analysis, a.title()));
            for (String q : a.questions()) {
                words.addAll(words(analysis, q));
            }
            words.forEach(w -> articleCounts.merge(w, 1, Integer::sum));
        }
        Set<String> vocabulary = new HashSet<>(domain);
        vocabulary.addAll(articleCounts.keySet());
        Map<String, String> byPinyin = new HashMap<>();
        Map<String, String> byInitials = new HashMap<>();
        Map<String, String> bySound = new HashMap<>();
        for (String w : vocabulary) {
            List<String> syllables = syllables(w);
            if (syllables == null) {
                continue;
            }
            keep(byPinyin, String.join("", syllables), w, articleCounts, domain);
            if (domain.contains(w) && w.length() >= 3) {
                StringBuilder initials = new StringBuilder();
                syllables.forEach(s -> initials.append(s.charAt(0)));
                keep(byInitials, initials.toString(), w, articleCounts, domain);
            }
            if (w.length() >= 3 || domain.contains(w)) {
                keep(bySound, String.join("'", syllables), w, articleCounts, domain);
            }
        }
        for (String stop : analysis.dictionary) {
            // Stop phrases typed in pinyin (zenme, ruhe) must become the phrase, or they stay as letters.
            List<String> syllables = han(stop) ? syllables(stop) : null;
            if (syllables != null) {
                byPinyin.putIfAbsent(String.join("", syllables), stop);
            }
        }
        Set<String> latin = new HashSet<>();
        for (String w : analysis.dictionary) {
            String lower = w.toLowerCase(Locale.ROOT);
            if (!lower.isEmpty() && lower.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
                latin.add(lower);
            }
        }
        return new QueryForms(byPinyin, byInitials, bySound, Set.copyOf(vocabulary), Set.copyOf(latin));
    }

    /** Of two words with one key, the one in more articles; then a domain word; then the first in code order. */
    private static void keep(Map<String, String> map, String key, String word, Map<String, Integer> counts,
                             Set<String> domain) {
        map.merge(key, word, (old, w) -> {
            int byCount = Integer.compare(counts.getOrDefault(w, 0), counts.getOrDefault(old, 0));
            if (byCount != 0) {
                return byCount > 0 ? w : old;
            }
            if (domain.contains(w) != domain.contains(old)) {
                return domain.contains(w) ? w : old;
            }
            return w.compareTo(old) < 0 ? w : old;
        });
    }

    /** Words of two Han characters or more in a text, as the search segments it. */
    private static Set<String> words(Analysis analysis, String text) {
        Set<String> out = new HashSet<>();
        try (TokenStream ts = analysis.plain.tokenStream(ArticleFields.BODY, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String w = term.toString();
                if (w.length() >= 2 && w.length() <= MAX_WORD && han(w)) {
                    out.add(w);
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The query with pinyin and homophone slips replaced by vocabulary words; the text itself when none. */
    String rewrite(String query) {
        StringBuilder out = new StringBuilder(query.length() + 16);
        int i = 0;
        while (i < query.length()) {
            char c = query.charAt(i);
            int end = i + 1;
            if (letter(c) && !(i > 0 && digit(query.charAt(i - 1)))) {
                while (end < query.length() && (letter(query.charAt(end)) || query.charAt(end) == ' '
                        || query.charAt(end) == '\'')) {
                    end++;
                }
                boolean glued = end < query.length() && digit(query.charAt(end));
                out.append(glued ? query.substring(i, end) : pinyin(query.substring(i, end)));
            } else if (hanChar(c)) {
                while (end < query.length() && hanChar(query.charAt(end))) {
                    end++;
                }
                out.append(homophones(query.substring(i, end)));
            } else {
                out.append(c);
            }
            i = end;
        }
        return out.toString();
    }

    /**
     * A run of letters, spaces and apostrophes read as pinyin words: the split with the lowest cost, where a
     * full-pinyin word costs 1, an initials word 2, and a token of the run left as typed 5 (so a word the
     * dictionary knows in Latin letters, or English, stays).
     */
    private String pinyin(String run) {
        String[] tokens = run.strip().split("[ ']+");
        StringBuilder letters = new StringBuilder();
        List<Integer> starts = new ArrayList<>();
        for (String t : tokens) {
            if (!t.isEmpty()) {
                starts.add(letters.length());
                letters.append(t.toLowerCase(Locale.ROOT));
            }
        }
        String s = letters.toString();
        if (s.isEmpty() || s.length() > MAX_LETTERS) {
            return run;
        }
        int n = s.length();
        int[] cost = new int[n + 1];
        int[] from = new int[n + 1];
        String[] word = new String[n + 1];
        java.util.Arrays.fill(cost, Integer.MAX_VALUE);
        cost[0] = 0;
        Set<Integer> boundaries = new HashSet<>(starts);
        boundaries.add(n);
        for (int j = 0; j < n; j++) {
            if (cost[j] == Integer.MAX_VALUE) {
                continue;
            }
            if (boundaries.contains(j)) {
                int next = j + 1;
                while (!boundaries.contains(next)) {
                    next++;
                }
                String token = s.substring(j, next);
                // A Latin word the dictionary knows is cheaper as itself than as any pinyin reading.
                relax(cost, from, word, j, next, latin.contains(token) ? 0 : 5, token);
            }
            for (int i = j + 1; i <= Math.min(n, j + 6 * MAX_WORD); i++) {
                String piece = s.substring(j, i);
                String w = byPinyin.get(piece);
                if (w != null) {
                    relax(cost, from, word, j, i, 1, w);
                } else if (piece.length() >= 3 && (w = byInitials.get(piece)) != null) {
                    relax(cost, from, word, j, i, 2, w);
                }
            }
        }
        if (cost[n] == Integer.MAX_VALUE) {
            return run;
        }
        List<String> words = new ArrayList<>();
        boolean read = false;
        for (int i = n; i > 0; i = from[i]) {
            words.add(0, word[i]);
            read |= !word[i].equals(s.substring(from[i], i));
        }
        if (!read) {
            return run;
        }
        String joined = String.join(" ", words);
        return " " + joined + " ";
    }

    private static void relax(int[] cost, int[] from, String[] word, int j, int i, int c, String w) {
        if (cost[j] + c < cost[i]) {
            cost[i] = cost[j] + c;
            from[i] = j;
            word[i] = w;
        }
    }

    /** A run of Han characters with each homophone slip replaced by the word it sounds like. */
    private String homophones(String run) {
        if (run.length() < 2) {
            return run;
        }
        List<Pinyin> pinyin = HanLP.convertToPinyinList(run);
        if (pinyin.size() != run.length()) {
            return run;
        }
        StringBuilder out = new StringBuilder(run.length());
        int i = 0;
        while (i < run.length()) {
            int step = 1;
            String replacement = null;
            for (int len = Math.min(MAX_WORD, run.length() - i); len >= 2; len--) {
                String piece = run.substring(i, i + len);
                if (vocabulary.contains(piece) || Segmenter.isWord(piece)) {
                    if (len > 2) {
                        step = len;
                        break;
                    }
                    continue;
                }
                String w = bySound.get(sound(pinyin, i, len));
                if (w != null && w.length() == len && differInOne(piece, w)) {
                    replacement = w;
                    step = len;
                    break;
                }
            }
            out.append(replacement != null ? replacement : run.substring(i, i + step));
            i += step;
        }
        return out.toString();
    }

    private static String sound(List<Pinyin> pinyin, int from, int len) {
        StringBuilder sb = new StringBuilder();
        for (int k = from; k < from + len; k++) {
            Pinyin p = pinyin.get(k);
            if (p == Pinyin.none5) {
                return "";
            }
            if (k > from) {
                sb.append('\'');
            }
            sb.append(p.getPinyinWithoutTone());
        }
        return sb.toString();
    }

    private static boolean differInOne(String a, String b) {
        int diff = 0;
        for (int k = 0; k < a.length(); k++) {
            if (a.charAt(k) != b.charAt(k)) {
                diff++;
            }
        }
        return diff == 1;
    }

    /** Full toneless pinyin of a word (one syllable per character), or null when a character has none. */
    static List<String> syllables(String word) {
        List<Pinyin> pinyin = HanLP.convertToPinyinList(word);
        if (pinyin.size() != word.length()) {
            return null;
        }
        List<String> out = new ArrayList<>(pinyin.size());
        for (Pinyin p : pinyin) {
            if (p == Pinyin.none5) {
                return null;
            }
            // HanLP writes ü as v (lv, nv): callers type it that way too.
            out.add(p.getPinyinWithoutTone());
        }
        return out;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean letter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean hanChar(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    private static boolean han(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> hanChar((char) c));
    }
}
