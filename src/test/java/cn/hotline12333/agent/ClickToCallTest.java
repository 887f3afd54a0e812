package cn.hotline12333.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline12333.sim.AmiEmulator;
import cn.hotline12333.sim.AmiOriginateResult;
import cn.hotline12333.sim.AmiSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.asteriskjava.manager.action.OriginateAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Click-to-call against the AMI emulator: the agent's phone is rung first; refusals come back as words. */
class ClickToCallTest {
    private AmiEmulator box;
    private final List<String> rung = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        box = AmiEmulator.start(AmiSettings.defaults()
                .withUser("dialer", new AmiSettings.User("dialer-secret", "system", "originate"))
                .withUser("desk", new AmiSettings.User("desk-secret", "system,agent,call", "agent,reporting")));
        box.onOriginate(channel -> {
            rung.add(channel);
            return AmiOriginateResult.answered(channel + "-00000001", "1795400000.9");
        });
    }

    @AfterEach
    void stop() {
        box.close();
    }

    private ClickToCall dialer(String user) {
        return new ClickToCall(new ClickToCall.Settings("127.0.0.1", box.port(), user, user + "-secret",
                "hotline-agent-phones", "PJSIP/%s", Duration.ofSeconds(5)), Map.of("agent", "1001")::get);
    }

    @Test
    void originateRingsTheAgentsPhoneAndAsteriskQueuesIt() {
        try (ClickToCall c = dialer("dialer")) {
            assertThat(c.call("agent", "139 1234 5678", "cb-it~1795400000.2")).isNull();
            // Async: Asterisk answers before the channel is up, so the phone rings a moment after the answer
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(rung).containsExactly("PJSIP/1001"));
            assertThat(c.call("agent", "13912345678", "cb-it~1795400000.3")).isNull(); // the connection is reused
            await().atMost(Duration.ofSeconds(5)).until(() -> rung.size() == 2);
            assertThat(box.logins()).isEqualTo(1);
        }
    }

    @Test
    void theActionDialsTheNumberInOurContextAsynchronously() {
        OriginateAction a = ClickToCall.action(new ClickToCall.Settings("h", 5038, "u", "s", "hotline-callback",
                "PJSIP/%s", Duration.ofSeconds(5)), "1001", "13912345678", "cb-1");

        assertThat(a.getChannel()).isEqualTo("PJSIP/1001");
        assertThat(a.getContext()).isEqualTo("hotline-callback");
        assertThat(a.getExten()).isEqualTo("13912345678");
        assertThat(a.getPriority()).isEqualTo(1);
        assertThat(a.getAsync()).isTrue();
        assertThat(a.getVariables()).containsEntry("HOTLINE_TASK", "cb-1");
    }

    @Test
    void theDesksUserMayNotOriginateAndTheRefusalIsSaidNotThrown() {
        try (ClickToCall c = dialer("desk")) {
            assertThat(c.call("agent", "13912345678", "cb-1")).contains("Permission denied");
            assertThat(rung).isEmpty();
        }
    }

    @Test
    void noExtensionOrNoNumberIsRefusedBeforeAsteriskIsAsked() {
        try (ClickToCall c = dialer("dialer")) {
            assertThat(c.call("someone", "13912345678", "cb-1")).contains("分机");
            assertThat(c.call("agent", "anonymous", "cb-1")).contains("无法拨打");
            assertThat(rung).isEmpty();
            assertThat(box.logins()).isZero();
        }
    }
}
