package cn.hotline12333.cli;

import static cn.hotline12333.config.SettingKey.CLICK_TO_CALL;
import static cn.hotline12333.config.SettingKey.CLICK_TO_CALL_AMI_SECRET;
import static cn.hotline12333.config.SettingKey.CLICK_TO_CALL_AMI_USER;
import static cn.hotline12333.config.SettingKey.CLICK_TO_CALL_CONTEXT;

import cn.hotline12333.agent.AgentDesk;
import cn.hotline12333.agent.AgentSettings;
import cn.hotline12333.agent.ClickToCall;
import cn.hotline12333.config.Settings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Click-to-call when CLICK_TO_CALL is on: the agent's extension from the desk, AMI as the desk reaches it. */
final class ClickToCallWiring {
    private ClickToCallWiring() {
    }

    /** null when off; refuses to start, naming the key, when on without an agent desktop to know extensions. */
    static ClickToCall start(Settings settings, AgentDesk desk) {
        if (!settings.flag(CLICK_TO_CALL, false)) {
            return null;
        }
        if (desk == null) {
            throw new IllegalArgumentException("CLICK_TO_CALL needs the agent desktop on this node (AMI_HOST set and"
                    + " AGENT_DESK not false): the extension to ring comes from the agent's desktop login");
        }
        AgentSettings agent = AgentSettings.from(settings);
        String context = settings.string(CLICK_TO_CALL_CONTEXT);
        if (context == null || !context.matches("[A-Za-z0-9_-]{1,79}")) {
            throw new IllegalArgumentException("CLICK_TO_CALL_CONTEXT must be a dialplan context name, was " + context);
        }
        ClickToCall.Settings s = new ClickToCall.Settings(agent.amiHost(), agent.amiPort(),
                settings.string(CLICK_TO_CALL_AMI_USER, agent.amiUser()),
                settings.string(CLICK_TO_CALL_AMI_SECRET, agent.amiSecret()), context, agent.interfacePattern(),
                Duration.ofSeconds(5));
        return new ClickToCall(s, name -> {
            try {
                return desk.snapshot(name).get(2, TimeUnit.SECONDS).extension();
            } catch (Exception e) {
                return null;
            }
        });
    }
}
