package cn.hotline12333.cli;

import static cn.hotline12333.cli.NodeHarness.agentsAnswer;
import static cn.hotline12333.cli.NodeHarness.caller;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.sim.EmulatedCall;
import cn.hotline12333.sim.Sounds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped flows on a node, called through the emulator by callers who key ahead. */
class BargeInCallsTest {
    @TempDir
    static Path journal;
    static NodeHarness harness;

    @BeforeAll
    static void start() {
        harness = new NodeHarness("2026-11-23T10:00+08:00", journal, Map.of());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static Iterable<String> nodes(CallRecord r) {
        return r.path().stream().map(CallRecord.Visit::node).toList();
    }

    @Test
    void aKeyDuringTheWelcomeIsTheMainMenuChoiceAndTakesTheSamePath() throws Exception {
        EmulatedCall waited = harness.dial(caller("3", "1", "#").build(), agentsAnswer());
        EmulatedCall keyedAhead = harness.dial(caller("1", "#").keyDuring("welcome", "3").build(), agentsAnswer());

        assertThat(keyedAhead.replies()).anyMatch(l -> l.startsWith("200 result=51 endpos="));
        assertThat(keyedAhead.commands()).noneMatch(c -> c.startsWith("GET DATA hotline/hotline-main "));
        assertThat(waited.commands()).anyMatch(c -> c.startsWith("GET DATA hotline/hotline-main "));
        CallRecord early = harness.record(keyedAhead);
        CallRecord late = harness.record(waited);
        assertThat(nodes(early)).containsExactlyElementsOf(nodes(late));
        assertThat(early.outcome()).isEqualTo(late.outcome());
    }

    @Test
    void aKeyDuringAnInformationPlayIsItsMenusChoice() throws Exception {
        // 3 employment, 1 registration info, and during it 2: the start-up support info, without the menu again
        EmulatedCall call = harness.dial(caller("3", "1").keyDuring("employment_registration", "2").build(),
                agentsAnswer());
        CallRecord r = harness.record(call);
        assertThat(nodes(r)).containsSubsequence("employment", "employment_registration", "employment",
                "startup_support");
        int registration = call.commands().indexOf("STREAM FILE hotline/hotline-employment_registration \"0123456789*#\"");
        int startup = call.commands().indexOf("STREAM FILE hotline/hotline-startup_support \"0123456789*#\"");
        assertThat(registration).isNotNegative().isLessThan(startup);
        assertThat(call.commands().subList(registration + 1, startup)).as("the menu is not asked in between")
                .isEmpty();
    }

    @Test
    void everyPromptIsSentWithEscapeDigits() throws Exception {
        EmulatedCall call = harness.dial(caller("3", "1", "#").build(), agentsAnswer());
        assertThat(call.commands()).filteredOn(c -> c.startsWith("STREAM FILE ")).isNotEmpty()
                .allMatch(c -> c.endsWith(" \"0123456789*#\""));
    }

    @Test
    void aComplaintThatCannotBeRecordedOffersACallbackInsteadOfEndingInError() throws Exception {
        EmulatedCall call = harness.dial(caller("4", "2", "1").sounds(Sounds.allExcept("beep"))
                .messageLength(Duration.ofSeconds(20)).build(), agentsAnswer());
        CallRecord r = harness.record(call);
        assertThat(call.replies()).anyMatch(l -> l.startsWith("200 result=-1 (randomerror)"));
        assertThat(r.outcome()).isEqualTo(Outcome.CALLBACK_REQUESTED);
        assertThat(r.error()).isNull();
        assertThat(nodes(r)).containsSubsequence("complaint_record", "complaint_callback", "callback_done");
    }
}
