package cn.hotline12333.kb;

import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.dictionary.CustomDictionary;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.Viterbi.ViterbiSegment;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * HanLP word segmentation with the hotline's domain words. HanLP keeps its custom dictionary in one static
 * trie per JVM ({@link CustomDictionary}), and that trie is not safe to change while another thread segments.
 * So words are added once, when a knowledge base opens and before its analyzers run; a second knowledge base in
 * the same JVM (tests, the benchmark) only adds words not yet there. There is no hot reload of the dictionary:
 * a changed {@code dictionary.txt} takes effect on restart. Words are never removed.
 */
final class Segmenter {
    private static final Set<String> ADDED = new HashSet<>();
    /** Changes whenever words are added, so that a segmentation remembered before is not reused after. */
    private static volatile int generation;

    private Segmenter() {
    }

    static synchronized void addWords(Collection<String> words) {
        for (String w : words) {
            String word = w.strip();
            if (!word.isEmpty() && ADDED.add(word)) {
                CustomDictionary.insert(word);
                generation++;
            }
        }
    }

    /** How many times the dictionary has changed: a segmentation of the same text is the same while this is. */
    static int generation() {
        return generation;
    }

    /** A word of HanLP's core dictionary or of the custom one (ours included). */
    static boolean isWord(String s) {
        return CoreDictionary.contains(s) || CustomDictionary.contains(s);
    }

    /**
     * One segmenter per tokenizer (tokenizers are per thread). Name recognition is off: on caller sentences it
     * glues a verb to the character before it and calls that a person ("我都交了" gave 都交/nr). Dictionary
     * forcing stays off: it made no difference on the evaluation.
     */
    static Segment newSegment() {
        return new ViterbiSegment()
                .enableOffset(true)
                .enableNameRecognize(false)
                .enableTranslatedNameRecognize(false)
                .enableJapaneseNameRecognize(false)
                .enablePlaceRecognize(false)
                .enableOrganizationRecognize(false)
                .enablePartOfSpeechTagging(false)
                .enableCustomDictionary(true);
    }
}
