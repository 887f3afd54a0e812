package cn.hotline12333.agent;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Click-to-call for callbacks: AMI {@code Originate} rings the agent's own phone and, once the agent answers, dials
 * the caller's number in a dialplan context of ours ({@code CLICK_TO_CALL_CONTEXT}). Off unless {@code CLICK_TO_CALL}
 * is set. It has a manager connection of its own (Originate is rare, and waits for nothing the desk's link reads),
 * and may log in as a user of its own ({@code CLICK_TO_CALL_AMI_USER}): Originate needs the {@code originate} write
 * class (manager.c registers it with EVENT_FLAG_ORIGINATE), which a least-privilege desk user ({@code write =
 * agent,reporting}) lacks. {@code Async} so that Asterisk answers at once ("Originate successfully queued", manager.c
 * action_originate) and the phone rings while the web worker is already free. Blocks: call it from a worker.
 */
public final class ClickToCall implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClickToCall.class);
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{3,20}");

    /** Where to reach Asterisk, as whom, and where the called number is dialled. */
    public record Settings(String host, int port, String user, String secret, String context, String agentInterface,
                           Duration timeout) {
        @Override
        public String toString() {
            return "ClickToCall.Settings[" + host + ":" + port + " user=" + user + " context=" + context + "]";
        }
    }

    private final Settings settings;
    private final Function<String, String> extensionOf;
    private final ManagerConnectionFactory factory;
    private ManagerConnection connection;

    /** {@code extensionOf}: the extension an agent's desktop is logged in with, null when none. */
    public ClickToCall(Settings settings, Function<String, String> extensionOf) {
        this.settings = settings;
        this.extensionOf = extensionOf;
        this.factory = new ManagerConnectionFactory(settings.host(), settings.port(), settings.user(), settings.secret());
    }

    /** Calls {@code number} for {@code agent} about {@code task}; null when Asterisk took it, else why not, in words. */
    public synchronized String call(String agent, String number, String task) {
        String extension = extensionOf.apply(agent);
        if (extension == null) {
            return "先在座席桌面用分机登录 (no extension: the desktop is not logged in)";
        }
        String digits = number == null ? "" : number.replaceAll("[ -]", "");
        if (!NUMBER.matcher(digits).matches()) {
            return "号码无法拨打 (not a dialable number)";
        }
        OriginateAction action = action(settings, extension, digits, task);
        try {
            ManagerResponse r = connected().sendAction(action, settings.timeout().toMillis());
            if (r instanceof ManagerError || !"Success".equalsIgnoreCase(r.getResponse())) {
                log.warn("event=click_to_call_refused agent={} task={} says=\"{}\"", agent, task, r.getMessage());
                return "电话系统拒绝 (" + r.getMessage() + ")";
            }
            log.info("event=click_to_call agent={} extension={} task={}", agent, extension, task);
            return null;
        } catch (Exception e) {
            log.warn("event=click_to_call_failed agent={} task={} error=\"{}\"", agent, task, e.toString());
            dropConnection();
            return "电话系统连接中断 (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** The action: the agent's phone first (Channel), then our context dials the number (Exten). */
    static OriginateAction action(Settings settings, String extension, String number, String task) {
        OriginateAction a = new OriginateAction();
        a.setChannel(String.format(settings.agentInterface(), extension));
        a.setContext(settings.context());
        a.setExten(number);
        a.setPriority(1);
        a.setCallerId("12333 <" + number + ">"); // the agent's phone shows whom it is about to call
        a.setAsync(true);
        a.setTimeout(30_000L); // the agent's phone rings at most this long
        a.setVariables(Map.of("HOTLINE_TASK", task));
        return a;
    }

    private ManagerConnection connected() throws Exception {
        if (connection == null || connection.getState() != ManagerConnectionState.CONNECTED) {
            dropConnection();
            connection = factory.createManagerConnection();
            connection.setSocketReadTimeout((int) settings.timeout().toMillis() * 3);
            connection.login("off"); // no events on this connection: it only sends Originate
        }
        return connection;
    }

    private void dropConnection() {
        if (connection != null) {
            try {
                connection.logoff();
            } catch (RuntimeException e) {
                log.debug("event=click_to_call_logoff_failed reason=\"{}\"", e.getMessage());
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        dropConnection();
    }
}
