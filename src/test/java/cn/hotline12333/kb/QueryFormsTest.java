package cn.hotline12333.kb;

import static cn.hotline12333.kb.AnalysisTest.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QueryFormsTest {
    private static Analysis analysis;
    private static List<Article> articles;
    private static QueryForms forms;

    @BeforeAll
    static void build() {
        Path dir = Path.of("knowledge-base");
        analysis = Analysis.load(dir.resolve("analysis"));
        articles = ArticleFiles.load(dir).articles();
        forms = QueryForms.build(articles, analysis);
    }

    /** The tokens a query searches with once its pinyin and slips are read. */
    private static List<String> searched(String query) throws IOException {
        return tokens(analysis.query, forms.rewrite(query)).stream().map(t -> t.replaceAll("\\[.*", "")).toList();
    }

    @Test
    void tonelessPinyinWithOrWithoutSpacesBecomesTheChineseWords() throws IOException {
        assertThat(searched("tuixiu nianling")).containsExactly("退休岁数", "^退休年龄");
        assertThat(searched("tui xiu nian ling")).containsExactly("退休岁数", "^退休年龄");
        assertThat(searched("shiyejin")).containsExactly("失业保险金", "^失业救济金", "^失业金");
        assertThat(searched("shebaoka guashi")).containsExactly("社保卡挂失");
        assertThat(searched("shebaokaguashi")).containsExactly("社保卡挂失");
        // zenme is the stop phrase 怎么 and goes; a lone syllable is the commonest character callers use with it.
        assertThat(searched("shiyejin zenme ling")).containsExactly("失业保险金", "^失业救济金", "^失业金", "领");
    }

    @Test
    void pinyinWordsBecomeTheCharactersACallerWouldHaveTyped() {
        // No space between the Chinese words (tune miss `shiyejin zenme ling`, rank 4): the lone 领 then keeps the
        // character pairs it has in 失业金怎么领, which the articles' questions hold, as the typed characters do.
        assertThat(forms.rewrite("shiyejin zenme ling").strip()).isEqualTo("失业金怎么领");
        assertThat(forms.rewrite("shiyejin zenme ling").strip()).isEqualTo(forms.rewrite("失业金怎么领"));
        // A word left in Latin letters stays apart from the Chinese ones.
        assertThat(forms.rewrite("shebaoka pin").strip()).isEqualTo("社保卡 pin");
    }

    @Test
    void initialsAndChineseMix() throws IOException {
        assertThat(forms.rewrite("sbk 挂失").strip()).isEqualTo("社保卡 挂失");
        assertThat(searched("sbk挂失")).containsExactly("社会保障卡", "^社保卡", "挂失");
    }

    @Test
    void latinWordsTheDictionaryKnowsAreLeftToTheSynonyms() throws IOException {
        assertThat(forms.rewrite("12333app")).isEqualTo("12333app");
        assertThat(forms.rewrite("si.12333.gov.cn")).isEqualTo("si.12333.gov.cn");
        assertThat(forms.rewrite("pin码忘了")).isEqualTo("pin码忘了");
        assertThat(searched("PIN码忘了")).containsExactly("密码", "^社保卡密码", "忘了");
        assertThat(searched("我的ID号变了")).containsExactly("身份证", "^身份证号码", "变");
        assertThat(searched("QQ小程序")).containsExactly("qq", "^微信", "微信小程序", "^小程序");
        assertThat(searched("12333 APP")).containsExactly("掌上12333", "^12333app");
    }

    @Test
    void homophoneSlipsInADomainWordAreRead() throws IOException {
        assertThat(forms.rewrite("养老今每年涨多少")).isEqualTo("养老金每年涨多少");
        assertThat(forms.rewrite("实业金怎么领")).isEqualTo("失业金怎么领");
        assertThat(forms.rewrite("社宝卡丢了")).isEqualTo("社保卡丢了");
        assertThat(forms.rewrite("工商认定要多久")).isEqualTo("工伤认定要多久");
        assertThat(searched("社宝卡丢了")).containsExactly("社会保障卡", "^社保卡", "丢");
    }

    @Test
    void exactWordsAndMeantCharactersStayAsTyped() {
        for (String exact : List.of("工商局", "失业金", "公式", "北京失业登记网上能办吗", "12333能帮我查社保吗",
                "外地户口能在这里办失业登记吗", "养老保险交够15年就可以不交了吗", "以前工资一万多")) {
            assertThat(forms.rewrite(exact)).as(exact).isEqualTo(exact);
        }
    }

    @Test
    void noCallerQuestionOfAnArticleIsRewritten() {
        // The articles' own questions are real caller wording: reading any of them as a slip would be a false fix.
        for (Article a : articles) {
            for (String q : a.questions()) {
                assertThat(forms.rewrite(q)).as(a.id()).isEqualTo(q);
            }
        }
    }

    @Test
    void randomTextNeverBreaksTheRewrite() {
        Random random = new Random(12333);
        String alphabet = "abcdefghijklmnopqrstuvwxyz '0123456789.社保卡失业金养老实业今宝吗 ";
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = random.nextInt(80); n > 0; n--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String rewritten = forms.rewrite(sb.toString());
            assertThat(rewritten.replaceAll("[a-z ']", "")).isNotNull();
        }
    }
}
