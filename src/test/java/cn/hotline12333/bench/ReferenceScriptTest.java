package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.config.Settings;
import cn.hotline12333.demo.DemoCitizens;
import cn.hotline12333.ivr.FlowLibrary;
import cn.hotline12333.sim.AsteriskEmulator;
import cn.hotline12333.sim.CallScript;
import cn.hotline12333.sim.EmulatedCall;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each benchmark path, walked once at scale 0 against the Asterisk-Java reference server, ends as scripted. */
class ReferenceScriptTest {

    private static final Clock CLOCK = Settings.of(Map.of("HOTLINE_CLOCK", "2026-11-23T10:00+08:00"))
            .clock(Clock.systemUTC());

    private static ReferenceServer server;
    private static InetSocketAddress address;
    private static AsteriskEmulator box;
    private static CallMix mix;
    private static Set<String> flowSounds;

    @BeforeAll
    static void start() throws IOException {
        int port = ServerProcess.freePort();
        server = ReferenceServer.start(port, 50, CLOCK);
        address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        await().atMost(Duration.ofSeconds(20)).until(() -> accepts(address));
        try (FlowLibrary flows = FlowLibrary.open(Path.of("ivr-flows"))) {
            flowSounds = FlowSounds.of(flows.current()).keySet();
            mix = new CallMix(1, DemoCitizens.asOf(CLOCK).citizens(), FlowSounds.timing(flows.current(), 0));
        }
        box = new AsteriskEmulator(CallMix.emulator(4).withKeepLines(true));
    }

    @AfterAll
    static void stop() {
        box.close();
        server.close();
    }

    private static EmulatedCall walk(CallPath path) throws Exception {
        return box.dial(address, mix.sample(path).script()).get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void everyPathEndsAsScripted(CallPath path) throws Exception {
        EmulatedCall call = walk(path);
        assertThat(path.problem(call)).as(String.join("\n", call.commands())).isNull();
    }

    @Test
    void theReferencePlaysOnlySoundsTheFlowsHave() throws Exception {
        for (CallPath path : CallPath.values()) {
            Set<String> played = walk(path).prompts().stream()
                    .filter(p -> !p.equals("beep") && !p.startsWith("digits/")).collect(Collectors.toSet());
            assertThat(flowSounds).as(path.name()).containsAll(played);
        }
    }

    @Test
    void theSelfServiceAnswerIsReadFromRedis() throws Exception {
        EmulatedCall call = walk(CallPath.PENSION_SELF_SERVICE);
        // the first demo citizen: pension paid, 3280 yuan, in November (the pinned clock)
        assertThat(call.commands()).contains("SAY NUMBER \"11\" \"\"", "SAY NUMBER \"3280\" \"\"",
                "STREAM FILE \"hotline/hotline-pension_payment-status-paid\" \"\"");
    }

    @Test
    void aCallerWhoHangsUpBeforeTheAnswerIsNotCountedAsServed() throws Exception {
        CallScript early = mix.sample(CallPath.PENSION_SELF_SERVICE).script().toBuilder().hangUpAtInput(3).build();
        EmulatedCall call = box.dial(address, early).get(30, TimeUnit.SECONDS);
        assertThat(CallPath.PENSION_SELF_SERVICE.problem(call))
                .contains("never played hotline/hotline-pension_payment-status-*");
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
