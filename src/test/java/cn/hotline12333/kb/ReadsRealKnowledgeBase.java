package cn.hotline12333.kb;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests that read the repository's own knowledge base and change nothing in it: one open index per test class. */
abstract class ReadsRealKnowledgeBase {
    static KnowledgeBase kb;

    @BeforeAll
    static void openRealKnowledgeBase() {
        kb = KnowledgeBase.open(Path.of("knowledge-base"), KbSettings.defaults().withWatch(false));
    }

    @AfterAll
    static void closeRealKnowledgeBase() {
        kb.close();
    }
}
