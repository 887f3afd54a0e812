package cn.hotline12333.kb;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;

/**
 * The Chinese analysis of articles and queries, from {@code <kb>/analysis/}: the segmenter dictionary, the stop
 * list and the synonyms. Immutable once built. The order of the steps matters:
 * <ol>
 * <li>traditional → simplified as a char filter, first, so that the segmenter, the dictionary, the stop list
 * and the synonyms only ever see simplified text and need no traditional entries ({@link SimplifiedChinese});
 * <li>HanLP segmentation with the domain words ({@link Segmenter});
 * <li>lowercase, for ASCII in mixed queries ({@code APP}, {@code N+1});
 * <li>stop words: question words and particles. The list is simplified only, because step 1 already ran;
 * <li>at index time only, the dictionary words inside longer words, stacked on them ({@link SubWordFilter});
 * <li>at query time only, synonyms. Index-time synonyms would need a FlattenGraphFilter and a reindex for
 * every edit of synonyms.txt; query-time expansion keeps the index independent of the file.
 * </ol>
 * The bigram field is the safety net for segmentation misses: the same char filter, then every pair of
 * adjacent Han characters, so {@code 夸省转移} still shares {@code 转移} with the article.
 */
final class Analysis {
    static final String DICTIONARY = "dictionary.txt";
    static final String STOPWORDS = "stopwords.txt";
    static final String SYNONYMS = "synonyms.txt";

    private final List<ArticleProblem> problems;
    /** The segmenter's domain words: dictionary.txt, every synonym term and the longer stop phrases. */
    final Set<String> dictionary;
    /** Index side: whole words and the dictionary words inside them. */
    final Analyzer words;
    /** Whole words, no synonyms: for reading the synonym rules and measuring queries. */
    final Analyzer plain;
    /** Query side: whole words and synonyms. */
    final Analyzer query;
    /** Query side without one-character Han words ({@link LoneCharacterFilter}). */
    final Analyzer queryWithoutLoneCharacters;
    final Analyzer bigrams;

    private Analysis(Set<String> dictionary, CharArraySet stopWords, SynonymMap synonyms, List<ArticleProblem> problems) {
        this.dictionary = dictionary;
        this.problems = problems;
        // Sub-words on the index side only: on the query side they cost precision (leave-one-question-out MRR,
        // docs/benchmarks.md, knowledge base).
        this.words = new Words(stopWords, null, 1f);
        this.plain = new Words(stopWords, null, 0f);
        this.query = new Words(stopWords, synonyms, 0f);
        this.queryWithoutLoneCharacters = new Words(stopWords, synonyms, 0f, true);
        this.bigrams = new Bigrams(stopWords);
    }

    /** Reads the three files; a synonym rule that cannot be used is a problem naming its line, the rest apply. */
    static Analysis load(Path analysisDir) {
        List<ArticleProblem> problems = new ArrayList<>();
        Set<String> dictionary = new LinkedHashSet<>(lines(analysisDir.resolve(DICTIONARY), problems));
        Path synonymFile = analysisDir.resolve(SYNONYMS);
        List<String> rules = Files.exists(synonymFile) ? TextLines.read(synonymFile, problems) : List.of();
        for (String rule : rules) {
            if (!rule.isBlank() && !rule.strip().startsWith("#")) {
                for (String t : rule.split("=>|,")) {
                    dictionary.add(t.strip());
                }
            }
        }
        List<String> stops = lines(analysisDir.resolve(STOPWORDS), problems);
        // A stop phrase must reach the stop filter as one token: 能不能 split as 能/不能 would leave a negation.
        for (String s : stops) {
            if (s.length() > 1) {
                dictionary.add(s);
            }
        }
        Segmenter.addWords(dictionary);
        CharArraySet stopWords = new CharArraySet(stops, false);
        SynonymMap synonyms = parseSynonyms(synonymFile, rules, new Words(stopWords, null, 0f), problems);
        return new Analysis(Set.copyOf(dictionary), CharArraySet.unmodifiableSet(stopWords), synonyms,
                List.copyOf(problems));
    }

    private static SynonymMap parseSynonyms(Path file, List<String> rules, Analyzer analyzer,
                                            List<ArticleProblem> problems) {
        SolrSynonymParser parser = new SolrSynonymParser(true, true, analyzer);
        for (int i = 0; i < rules.size(); i++) {
            String rule = rules.get(i);
            if (rule.isBlank() || rule.strip().startsWith("#")) {
                continue;
            }
            try {
                parser.parse(new StringReader(rule));
            } catch (java.text.ParseException | IllegalArgumentException e) {
                String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                problems.add(new ArticleProblem(file, i + 1, "synonym rule not used: " + why));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            return parser.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<ArticleProblem> problems() {
        return problems;
    }

    /** Article fields: words for the text fields, bigrams for the bigram field. */
    Analyzer indexAnalyzer(String bigramField) {
        return new PerFieldAnalyzerWrapper(words, Map.of(bigramField, bigrams));
    }

    private static List<String> lines(Path file, List<ArticleProblem> problems) {
        List<String> out = new ArrayList<>();
        for (String line : TextLines.read(file, problems)) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                out.add(s);
            }
        }
        return out;
    }


    /** Char filter → HanLP → lowercase → stop (→ synonyms when given). */
    private static final class Words extends Analyzer {
        private final CharArraySet stopWords;
        private final SynonymMap synonyms;
        private final float subWords;
        private final boolean dropLoneCharacters;

        /** {@code subWords}: 0 for none, otherwise the boost of the sub-words. */
        Words(CharArraySet stopWords, SynonymMap synonyms, float subWords) {
            this(stopWords, synonyms, subWords, false);
        }

        Words(CharArraySet stopWords, SynonymMap synonyms, float subWords, boolean dropLoneCharacters) {
            this.stopWords = stopWords;
            this.synonyms = synonyms;
            this.subWords = subWords;
            this.dropLoneCharacters = dropLoneCharacters;
        }

        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            return SimplifiedChinese.wrap(reader);
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new HanlpTokenizer();
            TokenStream ts = new LowerCaseFilter(source);
            ts = new StopFilter(ts, stopWords);
            if (dropLoneCharacters) {
                ts = new LoneCharacterFilter(ts);
            }
            if (synonyms != null && synonyms.fst != null) {
                ts = new SynonymGraphFilter(ts, synonyms, true);
            }
            if (subWords > 0) {
                ts = new SubWordFilter(ts, stopWords, subWords);
            }
            return new TokenStreamComponents(source, ts);
        }

        @Override
        protected Reader initReaderForNormalization(String fieldName, Reader reader) {
            return SimplifiedChinese.wrap(reader);
        }
    }

    /** Char filter → StandardTokenizer (one token per Han character) → lowercase → bigrams → stop. */
    private static final class Bigrams extends Analyzer {
        private final CharArraySet stopWords;

        Bigrams(CharArraySet stopWords) {
            this.stopWords = stopWords;
        }

        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            return SimplifiedChinese.wrap(reader);
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            TokenStream ts = new LowerCaseFilter(source);
            ts = new CJKBigramFilter(ts);
            ts = new StopFilter(ts, stopWords);
            return new TokenStreamComponents(source, ts);
        }
    }
}
