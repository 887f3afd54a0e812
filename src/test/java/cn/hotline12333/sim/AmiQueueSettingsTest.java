package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The queues.conf settings AMI shows, as a real Asterisk 22.10.1 showed them with the sample queues.conf
 * (docs/asterisk.md, "The agent desk through an Asterisk restart"): QueueParams' Max and ServiceLevel from
 * maxlen and servicelevel, the members' Ringinuse from ringinuse; Asterisk's defaults otherwise.
 */
class AmiQueueSettingsTest {

    private static final String AGENT = "Local/1099@hotline-agents/n";

    private static List<String> addAndList(AmiSettings.Queue queue) throws Exception {
        try (AmiEmulator box = AmiEmulator.start(AmiSettings.defaults().withQueues(List.of(queue)));
             AmiTestClient c = new AmiTestClient(box.address())) {
            c.readLine();
            c.action("Action", "Login", "Username", "hotline", "Secret", "hotline-secret", "Events", "agent");
            c.readMessage();
            long before = box.published();
            c.action("Action", "QueueAdd", "Queue", queue.name(), "Interface", AGENT, "MemberName", "Agent 1099",
                    "Paused", "true", "Reason", "login");
            c.readMessage();
            String added = c.readMessage();
            c.action("Action", "QueueStatus", "ActionID", "s", "Queue", queue.name());
            c.readMessage();
            String params = c.readMessage();
            assertThat(box.published()).isGreaterThan(before);
            return List.of(added, params);
        }
    }

    @Test
    void theSampleQueueTemplateShowsItsMaxlenServiceLevelAndRingInUse() throws Exception {
        List<String> seen = addAndList(AmiSettings.Queue.hotline("hotline-general"));
        assertThat(seen.get(0)).startsWith("Event: QueueMemberAdded\r\n").contains("\r\nRinginuse: 0\r\n");
        assertThat(seen.get(1)).startsWith("Event: QueueParams\r\n").contains("\r\nMax: 50\r\nStrategy: leastrecent\r\n",
                "\r\nServiceLevel: 20\r\n");
    }

    @Test
    void aQueueWithoutSettingsShowsAsterisksDefaults() throws Exception {
        List<String> seen = addAndList(AmiSettings.Queue.dynamic("hotline-dynamic"));
        assertThat(seen.get(0)).contains("\r\nRinginuse: 1\r\n");
        assertThat(seen.get(1)).contains("\r\nMax: 0\r\nStrategy: ringall\r\n", "\r\nServiceLevel: 0\r\n");
    }
}
