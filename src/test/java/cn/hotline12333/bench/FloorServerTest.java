package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.sim.AsteriskEmulator;
import cn.hotline12333.sim.CallScript;
import cn.hotline12333.sim.EmulatedCall;
import cn.hotline12333.sim.TimeModel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The floor serves an emulated call with the commands recorded for its path, one per reply, then closes. */
class FloorServerTest {

    private static final List<String> IN_MENU = List.of("ANSWER", "GET DATA hotline/hotline-main 5000 1",
            "GET DATA hotline/hotline-insurance 5000 1", "SET VARIABLE HOTLINE_RESULT \"hung up\"");

    @TempDir
    Path dir;

    @Test
    void aTaggedCallHearsItsPathsCommandsInOrderAndTheFloorCloses() throws Exception {
        try (FloorServer floor = FloorServer.start(0, Map.of(CallPath.HANGS_UP_IN_MENU.name(), IN_MENU,
                CallPath.MEDICAL_REFERRAL.name(), List.of("ANSWER")));
             AsteriskEmulator box = new AsteriskEmulator(CallMix.emulator(1).withKeepLines(true))) {
            CallScript script = CallScript.to("hotline").args(CallPath.HANGS_UP_IN_MENU.name()).keys("1")
                    .hangUpAtInput(2).timing(TimeModel.instant()).build();
            EmulatedCall call = box.dial(address(floor), script).get(30, TimeUnit.SECONDS);

            assertThat(call.end()).isEqualTo(EmulatedCall.End.SERVER_CLOSED);
            assertThat(call.commands()).containsExactlyElementsOf(IN_MENU);
            assertThat(call.turnarounds()).hasSize(IN_MENU.size());
            assertThat(call.prompts()).contains("hotline/hotline-insurance");
            assertThat(call.callerHungUp()).isTrue();
        }
    }

    @Test
    void aCallWithoutAKnownPathIsClosedWithoutACommand() throws Exception {
        try (FloorServer floor = FloorServer.start(0, Map.of("ONLY", List.of("ANSWER")));
             AsteriskEmulator box = new AsteriskEmulator(CallMix.emulator(1).withKeepLines(true))) {
            EmulatedCall call = box.dial(address(floor), CallScript.to("hotline").args("OTHER")
                    .timing(TimeModel.instant()).build()).get(30, TimeUnit.SECONDS);

            assertThat(call.end()).isEqualTo(EmulatedCall.End.SERVER_CLOSED);
            assertThat(call.commands()).isEmpty();
        }
    }

    @Test
    void transcriptsSurviveTheirFile() throws Exception {
        Map<String, List<String>> transcripts = Map.of("A", List.of("ANSWER", "EXEC Queue \"a\tb\""),
                "B", List.of("HANGUP"));
        Path file = dir.resolve("t.tsv");
        FloorServer.writeTranscripts(file, transcripts);
        assertThat(FloorServer.readTranscripts(file)).isEqualTo(transcripts);
    }

    private static InetSocketAddress address(FloorServer floor) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), floor.port());
    }
}
