package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnalysisTest {
    private static Analysis analysis;

    @BeforeAll
    static void load() {
        analysis = Analysis.load(Path.of("knowledge-base/analysis"));
    }

    /** "term[start,end]", with "^" before a token stacked on the previous position. */
    static List<String> tokens(Analyzer a, String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = a.tokenStream("f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute pos = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add((pos.getPositionIncrement() == 0 ? "^" : "") + term + "[" + offset.startOffset() + ","
                        + offset.endOffset() + "]");
            }
            ts.end();
        }
        return out;
    }

    @Test
    void aSynonymOrStopWordLineInAnotherEncodingIsAProblemAndTheRestApplies(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path real = Path.of("knowledge-base/analysis");
        for (String file : new String[] {"dictionary.txt", "stopwords.txt", "synonyms.txt"}) {
            byte[] bytes = java.nio.file.Files.readAllBytes(real.resolve(file));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(bytes);
            if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
                out.write('\n');
            }
            // 失业金 saved as GBK
            out.write(new byte[] {(byte) 0xCA, (byte) 0xA7, (byte) 0xD2, (byte) 0xB5, (byte) 0xBD, (byte) 0xF0, '\n'});
            java.nio.file.Files.write(dir.resolve(file), out.toByteArray());
        }
        Analysis loaded = Analysis.load(dir);
        long lines = java.nio.file.Files.readAllLines(real.resolve("synonyms.txt")).size();
        assertThat(loaded.problems()).extracting(p -> p.file().getFileName().toString() + ":" + p.line())
                .contains("synonyms.txt:" + (lines + 1), "stopwords.txt:"
                        + (java.nio.file.Files.readAllLines(real.resolve("stopwords.txt")).size() + 1));
        assertThat(loaded.problems()).allMatch(p -> !p.message().contains("not UTF-8")
                || p.message().equals("not UTF-8 text: line skipped"));
        // the file's other rules and words still apply
        assertThat(tokens(loaded.words, "請問養老金怎麼領取？")).isEqualTo(tokens(analysis.words, "請問養老金怎麼領取？"));
    }

    @Test
    void traditionalQuestionIsSegmentedAsSimplifiedWithOffsetsIntoTheOriginal() throws IOException {
        // 請問 and 怎麼 are stop words only because the char filter made them 请问 and 怎么 first.
        assertThat(tokens(analysis.words, "請問養老金怎麼領取？"))
                .containsExactly("养老金[2,5]", "^养老[2,4]", "领取[7,9]");
        assertThat(tokens(analysis.words, "工傷認定需要哪些材料")).containsExactly(
                "工伤认定[0,4]", "^工伤[0,2]", "^认定[2,4]", "需要[4,6]", "哪些[6,8]", "材料[8,10]");
    }

    @Test
    void aTextSegmentedAgainAfterTheDictionaryGainsAWordUsesIt() throws IOException {
        // The tokenizer reuses the last segmentation of the same text on this thread: not across a dictionary change.
        String text = "鑫淼犇骉材料";
        List<String> before = tokens(analysis.plain, text);
        assertThat(before).doesNotContain("鑫淼犇骉[0,4]");
        assertThat(tokens(analysis.query, text)).isEqualTo(before);
        Segmenter.addWords(List.of("鑫淼犇骉"));
        assertThat(tokens(analysis.plain, text)).containsExactly("鑫淼犇骉[0,4]", "材料[4,6]");
    }

    @Test
    void callerSentenceKeepsDomainWordsAndLosesParticles() throws IOException {
        assertThat(tokens(analysis.words, "社保卡丢了怎么办啊")).containsExactly("社保卡[0,3]", "^社保[0,2]", "丢[3,4]");
        assertThat(tokens(analysis.words, "公司三个月没发工资了咋办")).containsExactly(
                "公司[0,2]", "三[2,3]", "个[3,4]", "月[4,5]", "没发工资[5,9]", "^发工资[6,9]", "^工资[7,9]");
        // 能不能 is one stop phrase, not 能 + the negation 不能.
        assertThat(tokens(analysis.query, "能不能补缴社保")).containsExactly(
                "补缴[3,7]", "^补交[3,7]", "^补交社保[3,7]", "^补缴社保[3,7]");
    }

    @Test
    void querySideCanLeaveOneCharacterHanWordsToTheBigrams() throws IOException {
        assertThat(tokens(analysis.queryWithoutLoneCharacters, "公司三个月没发工资了咋办")).containsExactly(
                "公司[0,2]", "^用人单位[0,2]", "没发工资[5,9]", "^拖欠工资[5,9]");
        // Digits and Latin letters are not Han: a lone 5 or a lone app name letter stays a word.
        assertThat(tokens(analysis.queryWithoutLoneCharacters, "5 a 工伤")).containsExactly("5[0,1]", "a[2,3]", "工伤[4,6]");
    }

    @Test
    void synonymsApplyAtQueryTimeOnly() throws IOException {
        assertThat(tokens(analysis.words, "失业金怎么灵取")).containsExactly("失业金[0,3]", "^失业[0,2]", "灵取[5,7]");
        assertThat(tokens(analysis.query, "失业金怎么灵取")).containsExactly(
                "失业保险金[0,3]", "^失业救济金[0,3]", "^失业金[0,3]", "领取[5,7]");
        assertThat(tokens(analysis.query, "勞動仲裁要多久")).containsExactly(
                "劳动争议仲裁[0,4]", "^劳动人事争议仲裁[0,4]", "^劳动仲裁[0,4]", "要[4,5]", "多久[5,7]");
    }

    @Test
    void asciiIsFoldedBeforeSegmentationSoDictionaryWordsMatch() throws IOException {
        assertThat(tokens(analysis.words, "12333APP怎么下载")).containsExactly("12333app[0,8]", "^12333[0,5]", "^app[5,8]",
                "下载[10,12]");
        assertThat(tokens(analysis.words, "ＡＰＰ上怎么激活")).containsExactly("app[0,3]", "上[3,4]", "激活[6,8]");
        assertThat(tokens(analysis.query, "被炒鱿鱼了能拿N+1吗")).containsExactly(
                "被[0,1]", "解除劳动合同[1,4]", "^辞退[1,4]", "能[5,6]", "拿[6,7]", "代通知金[7,10]", "^经济补偿金[7,10]");
    }

    @Test
    void dictionaryWordsInsideLongWordsAreIndexedAtTheSamePosition() throws IOException {
        assertThat(tokens(analysis.words, "职工养老保险个人账户")).containsExactly(
                "职工养老保险[0,6]", "^职工[0,2]", "^养老[2,4]", "^养老保险[2,6]", "^保险[4,6]",
                "个人账户[6,10]", "^个人[6,8]", "^账户[8,10]");
        assertThat(tokens(analysis.plain, "职工养老保险个人账户")).containsExactly("职工养老保险[0,6]", "个人账户[6,10]");
    }

    @Test
    void bigramTwinKeepsCharacterPairsForWhatTheSegmenterMisses() throws IOException {
        // 夸省 is a typo for 跨省: the words are 夸 and 省, but 转移 survives, and so do 养老 and 保险.
        assertThat(tokens(analysis.plain, "养老保险夸省转移")).containsExactly("养老保险[0,4]", "夸[4,5]", "省[5,6]", "转移[6,8]");
        assertThat(tokens(analysis.bigrams, "養老保險夸省轉移")).containsExactly(
                "养老[0,2]", "老保[1,3]", "保险[2,4]", "险夸[3,5]", "夸省[4,6]", "省转[5,7]", "转移[6,8]");
        assertThat(tokens(analysis.bigrams, "请问社保卡")).containsExactly("问社[1,3]", "社保[2,4]", "保卡[3,5]");
    }

    @Test
    void everySynonymTermReachesTheSynonymFilterAsOneToken() throws IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("knowledge-base/analysis/synonyms.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            for (String term : line.split("=>|,")) {
                assertThat(tokens(analysis.plain, term.strip())).as("synonym term %s", term.strip()).hasSize(1);
            }
        }
        assertThat(analysis.problems()).isEmpty();
    }

    @Test
    void knownWeaknessHomophoneTypoIsNotCorrected() throws IOException {
        // 几活 is 激活 mistyped by pinyin input: no word matches; only the bigram 几活, which no article has.
        // The search still ranks the activation article in the top 3 through 社保卡 (eval typo style).
        assertThat(tokens(analysis.query, "社保卡怎么几活")).containsExactly(
                "社会保障卡[0,3]", "^社保卡[0,3]", "几[5,6]", "活[6,7]");
    }

    @Test
    void knownWeaknessNumbersInCharactersAndDigitsDiffer() throws IOException {
        assertThat(tokens(analysis.plain, "交了十二年")).containsExactly("交[0,1]", "十二[2,4]", "年[4,5]");
        assertThat(tokens(analysis.plain, "交了12年")).containsExactly("交[0,1]", "12[2,4]", "年[4,5]");
    }

    @Test
    void aSynonymRuleThatCannotWorkIsReportedWithItsLine() {
        Analysis broken = Analysis.load(Path.of("src/test/resources/kb-broken/analysis"));
        assertThat(broken.problems()).extracting(ArticleProblem::line, ArticleProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(4, "synonym rule not used: term: 吗 was completely eliminated by analyzer"));
    }

    @Test
    void hostileInputNeverBreaksAnalysisAndOffsetsStayInsideTheText() throws IOException {
        List<String> inputs = new ArrayList<>(List.of("", " ", "\u0000\u0001\u001f", "🙂👍🏻社保卡👨‍👩‍👧",
                "title:(a OR b", "\"unbalanced", "*?~^", "\uD800 lone surrogate \uDC00", "ｱﾞ半角ｶﾅ", "社".repeat(10_000)));
        java.util.Random random = new java.util.Random(12333);
        for (int n = 0; n < 30; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(n == 0 ? 10_000 : 300);
            for (int i = 0; i < length; i++) {
                sb.append(switch (random.nextInt(5)) {
                    case 0 -> (char) ('一' + random.nextInt(0x9fa5 - 0x4e00));
                    case 1 -> (char) random.nextInt(0x80);
                    case 2 -> "養老社保卡怎么吗的了".charAt(random.nextInt(10));
                    case 3 -> new String(Character.toChars(0x1F300 + random.nextInt(0x2FF)));
                    default -> (char) random.nextInt(0x10000);
                });
            }
            inputs.add(sb.toString());
        }
        for (String text : inputs) {
            for (Analyzer a : List.of(analysis.words, analysis.query, analysis.plain, analysis.bigrams)) {
                checkOffsets(a, text);
            }
        }
    }

    private static void checkOffsets(Analyzer a, String text) throws IOException {
        try (TokenStream ts = a.tokenStream("f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            int lastStart = 0;
            while (ts.incrementToken()) {
                assertThat(term.length()).isPositive();
                assertThat(offset.startOffset()).isBetween(0, offset.endOffset());
                assertThat(offset.endOffset()).isLessThanOrEqualTo(text.length());
                assertThat(offset.startOffset()).isGreaterThanOrEqualTo(lastStart);
                lastStart = offset.startOffset();
            }
            ts.end();
            assertThat(offset.endOffset()).isEqualTo(text.length());
        }
    }
}
