package cn.hotline12333.kb;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.CoreDictionary;
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
    /** Characters that are meant as typed whenever they differ: particles and negations (不交 is not 补交). */
    private static final String PARTICLES = "吗呢啊吧了的么呀嘛哦哈啦咯嘞哩不没别";
    /** HanLP core-dictionary frequency from which a word is too common to be a slip (这里 355; 工商 94, 实业 22). */
    private static final int COMMON_WORD = 200;

    /** Full toneless pinyin without separators → word ({@code shebaoka} → 社保卡). */
    private final Map<String, String> byPinyin;
    /** Initials → word, domain words and tags only ({@code sbk} → 社保卡). */
    private final Map<String, String> byInitials;
    /** Toneless syllables joined by ' → domain word (two-character ones: tags only), for homophone slips. */
    private final Map<String, String> bySound;
    /** One syllable → the one-character word callers use most with it ({@code ling} → 领). */
    private final Map<String, String> bySyllable;
    private final Set<String> vocabulary;
    private final Set<String> latin;
    /**
     * Words of titles that ask rather than name a topic: a question about train tickets shares 多少 with
     * 产假有多少天, which says nothing about whether an article answers it.
     */
    private static final Set<String> ASKING = Set.of("多少", "条件", "找谁", "哪些", "哪里", "需要", "办理", "申请",
            "怎样", "可以", "能", "不能", "什么", "有没有", "要不要", "多久", "规定", "查询", "问题", "情况", "方式",
            "流程", "渠道", "怎么样", "还能", "不同", "关系", "有用", "使用", "影响", "权益", "服务");

    /** Hotline words (dictionary, tags, title words) that name a topic; place names and asking words are not. */
    private final Set<String> topics;

    private QueryForms(Map<String, String> byPinyin, Map<String, String> byInitials, Map<String, String> bySound,
                       Map<String, String> bySyllable, Set<String> vocabulary, Set<String> latin,
                       Set<String> topics) {
        this.topics = topics;
        this.byPinyin = byPinyin;
        this.bySyllable = bySyllable;
        this.byInitials = byInitials;
        this.bySound = bySound;
        this.vocabulary = vocabulary;
        this.latin = latin;
    }

    static QueryForms build(List<Article> articles, Analysis analysis) {
        Map<String, Integer> articleCounts = new HashMap<>();
        Map<String, Integer> characterCounts = new HashMap<>();
        Set<String> domain = new HashSet<>();
        Set<String> tags = new HashSet<>();
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
                    tags.add(tag);
                }
            }
            words.addAll(words(analysis, a.title(), characterCounts));
            for (String q : a.questions()) {
                words.addAll(words(analysis, q, characterCounts));
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
            // Two-character slips only into tags (激活, 欠薪, 挂失): the dictionary's short words include
            // abbreviations (一建) that ordinary words sound like.
            if (w.length() >= 3 ? domain.contains(w) : tags.contains(w)) {
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
        Map<String, String> bySyllable = new HashMap<>();
        characterCounts.forEach((c, n) -> {
            List<String> syllables = syllables(c);
            if (syllables != null) {
                keep(bySyllable, syllables.get(0), c, characterCounts, Set.of());
            }
        });
        Set<String> latin = new HashSet<>();
        for (String w : analysis.dictionary) {
            String lower = w.toLowerCase(Locale.ROOT);
            if (!lower.isEmpty() && lower.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
                latin.add(lower);
            }
        }
        Set<String> topics = new HashSet<>(domain);
        topics.addAll(latin);
        for (Article a : articles) {
            topics.addAll(words(analysis, a.title(), new HashMap<>()));
        }
        topics.removeAll(ASKING);
        for (Article a : articles) {
            String place = a.region();
            topics.remove(place);
            topics.remove(place.replaceAll("[省市]$", ""));
        }
        return new QueryForms(byPinyin, byInitials, bySound, bySyllable, Set.copyOf(vocabulary), Set.copyOf(latin),
                Set.copyOf(topics));
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

    /** Words of two Han characters or more in a text, as the search segments it; one-character words counted. */
    private static Set<String> words(Analysis analysis, String text, Map<String, Integer> characters) {
        Set<String> out = new HashSet<>();
        try (TokenStream ts = analysis.plain.tokenStream(ArticleFields.BODY, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String w = term.toString();
                if (w.length() >= 2 && w.length() <= MAX_WORD && han(w)) {
                    out.add(w);
                } else if (w.length() == 1 && han(w)) {
                    characters.merge(w, 1, Integer::sum);
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A word of the hotline's own vocabulary that names a topic (社保卡, 仲裁, 12333app), not a place. */
    boolean topical(String word) {
        return topics.contains(word);
    }

    /** The query with pinyin and homophone slips replaced by vocabulary words; the text itself when none. */
    String rewrite(String query) {
        StringBuilder out = new StringBuilder(query.length() + 16);
        int i = 0;
        while (i < query.length()) {
            char c = query.charAt(i);
            int end = i + 1;
            if (letter(c) && !(i > 0 && glue(query.charAt(i - 1)))) {
                while (end < query.length() && (letter(query.charAt(end)) || query.charAt(end) == ' '
                        || query.charAt(end) == '\'')) {
                    end++;
                }
                boolean glued = end < query.length() && glue(query.charAt(end));
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
     * full-pinyin word costs 1, an initials word 2, a single syllable read as the commonest character with that
     * sound 4, and a token of the run left as typed 5 (0 for a word the dictionary knows in Latin letters).
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
                } else if ((w = bySyllable.get(piece)) != null) {
                    relax(cost, from, word, j, i, 4, w);
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
            // Only a reading with a word of two syllables or more counts: a lone syllable is too likely English.
            read |= !word[i].equals(s.substring(from[i], i)) && word[i].length() >= 2;
        }
        if (!read) {
            return run;
        }
        // Chinese words follow each other without a space, as the caller would have typed them in characters:
        // `shiyejin zenme ling` searches as 失业金怎么领, so a one-character word (领) keeps its character pairs.
        StringBuilder joined = new StringBuilder(" ");
        for (int k = 0; k < words.size(); k++) {
            String w = words.get(k);
            if (k > 0 && !(han(w) && han(words.get(k - 1)))) {
                joined.append(' ');
            }
            joined.append(w);
        }
        return joined.append(' ').toString();
    }

    private static void relax(int[] cost, int[] from, String[] word, int j, int i, int c, String w) {
        if (cost[j] + c < cost[i]) {
            cost[i] = cost[j] + c;
            from[i] = j;
            word[i] = w;
        }
    }

    /**
     * A run of Han characters with each homophone slip replaced by the word it sounds like. Only slips into a
     * domain word of three characters or more are read (two-character ones hit real words far too often:
     * 上还是 is not 上海是), and a stretch that shares a character with a real word around it is left alone
     * (北京失业 is not 北京市 + 业).
     */
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
                if (known(piece)) {
                    step = len > 2 ? len : 1;
                    break;
                }
                String w = bySound.get(sound(pinyin, i, len));
                if (w != null && w.length() == len && differInOne(piece, w) && !straddled(run, i, i + len)
                        && !meant(piece, w)) {
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

    /**
     * The differing character was most likely meant as typed: it is a particle (社保吗 is not 社保码), or it
     * belongs to a common word inside the stretch (这里办 is not 浙里办; 实业 and 工商 are rare enough to be slips).
     */
    private static boolean meant(String piece, String word) {
        int k = 0;
        while (piece.charAt(k) == word.charAt(k)) {
            k++;
        }
        if (PARTICLES.indexOf(piece.charAt(k)) >= 0) {
            return true;
        }
        for (int a = 0; a <= k; a++) {
            for (int b = k + 1; b <= piece.length(); b++) {
                if (b - a >= 2 && CoreDictionary.getTermFrequency(piece.substring(a, b)) >= COMMON_WORD) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean known(String s) {
        return vocabulary.contains(s) || Segmenter.isWord(s);
    }

    /** A word of two or more characters crosses the start or the end of [from, to). */
    private boolean straddled(String run, int from, int to) {
        for (int a = Math.max(0, from - MAX_WORD + 1); a < from; a++) {
            for (int b = from + 1; b <= Math.min(to - 1, a + MAX_WORD); b++) {
                if (b - a >= 2 && known(run.substring(a, b))) {
                    return true;
                }
            }
        }
        for (int a = from + 1; a < to; a++) {
            for (int b = to + 1; b <= Math.min(run.length(), a + MAX_WORD); b++) {
                if (known(run.substring(a, b))) {
                    return true;
                }
            }
        }
        return false;
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

    /** Letters touching these are part of a number, an address or a code (12333app, si.12333.gov.cn), not pinyin. */
    private static boolean glue(char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '@' || c == '/' || c == '_' || c == '-' || c == ':';
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
