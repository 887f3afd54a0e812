package cn.hotline12333.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QueryFormsTest {
    private static QueryForms forms;

    @BeforeAll
    static void build() {
        Path dir = Path.of("knowledge-base");
        forms = QueryForms.build(ArticleFiles.load(dir).articles(), Analysis.load(dir.resolve("analysis")));
    }

    @Test
    void show() {
        for (String q : new String[] {"tuixiu nianling", "shebaoka guashi", "shiyejin", "sbk 挂失", "shebaokaguashi",
                "shiyejin zenme ling", "tui xiu nian ling", "12333app", "掌上12333 APP", "PIN码忘了", "养老今", "实业金怎么领",
                "社宝卡丢了", "工商认定", "工商局", "失业金", "公式", "我的ID号", "QQ小程序", "lvshi"}) {
            System.out.println("REWRITE " + q + " => [" + forms.rewrite(q) + "]");
        }
    }
}
