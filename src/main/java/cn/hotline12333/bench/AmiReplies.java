package cn.hotline12333.bench;

import cn.hotline12333.sim.AmiEmulator;
import cn.hotline12333.sim.AmiSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A few AMI conversations on a plain socket (our own reader: neither Asterisk-Java nor the emulator's codec), used
 * to look at a real Asterisk byte by byte: Asterisk's QueueStatus members, and the same member actions sent to the
 * real box and to the AMI emulator with the differences printed.
 */
final class AmiReplies {
    static final String MEMBER = "Local/1099@hotline-agents/n";
    private static final Pattern CLOCKS = Pattern.compile("^(Timestamp|LoginTime|LastPause|LastCall): [1-9][0-9.]*$");

    private AmiReplies() {
    }

    /** Asterisk's members of {@code queue}, interface → paused, from QueueStatus (items say Location/Paused). */
    static Map<String, Boolean> members(String host, int port, String user, String secret, String queue)
            throws IOException {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String m : conversation(host, port, user, secret, "off", List.of(
                "Action: QueueStatus\r\nActionID: members\r\nQueue: " + queue + "\r\n\r\n"))) {
            if (m.startsWith("Event: QueueMember\r\n")) {
                out.put(field(m, "Location"), "1".equals(field(m, "Paused")));
            }
        }
        return out;
    }

    /** QueueAdd (paused), QueuePause (every queue), QueueStatus, QueueRemove on both; prints both and the diff. */
    static void compare(String host, int port, String user, String secret, String queue, PrintStream out)
            throws IOException {
        List<String> actions = List.of(
                "Action: QueueAdd\r\nActionID: add\r\nQueue: " + queue + "\r\nInterface: " + MEMBER
                        + "\r\nMemberName: Agent 1099\r\nStateInterface: Custom:1099\r\nPaused: true\r\nReason: login\r\n\r\n",
                "Action: QueuePause\r\nActionID: ready\r\nInterface: " + MEMBER + "\r\nPaused: false\r\n\r\n",
                "Action: QueueStatus\r\nActionID: status\r\nQueue: " + queue + "\r\nMember: " + MEMBER + "\r\n\r\n",
                "Action: QueueRemove\r\nActionID: remove\r\nQueue: " + queue + "\r\nInterface: " + MEMBER + "\r\n\r\n");
        List<String> real = conversation(host, port, user, secret, "agent", actions);
        String systemName = real.stream().map(m -> field(m, "SystemName")).filter(n -> n != null).findFirst()
                .orElse("");
        List<String> emulated;
        // the emulator configured as the sample manager.conf and queues.conf are (timestampevents, the template)
        try (AmiEmulator box = AmiEmulator.start(AmiSettings.defaults().withTimestampEvents(true)
                .withSystemName(systemName).withQueues(List.of(AmiSettings.Queue.hotline(queue)))
                .withUser(user, new AmiSettings.User(secret, "system,call,agent", "call,agent,reporting,originate")))) {
            emulated = conversation("127.0.0.1", box.port(), user, secret, "agent", actions);
        }
        out.println("---- real Asterisk (clock values shown as <clock>) ----");
        real.forEach(m -> out.print(normal(m).replace("\r\n", "\\r\\n\n")));
        out.println("---- AMI emulator ----");
        emulated.forEach(m -> out.print(normal(m).replace("\r\n", "\\r\\n\n")));
        out.println("---- differences (message: real | emulator) ----");
        int differences = 0;
        for (int i = 0; i < Math.max(real.size(), emulated.size()); i++) {
            String r = i < real.size() ? normal(real.get(i)) : "";
            String e = i < emulated.size() ? normal(emulated.get(i)) : "";
            if (!r.equals(e)) {
                differences++;
                String[] rl = r.split("\r\n");
                String[] el = e.split("\r\n");
                for (int j = 0; j < Math.max(rl.length, el.length); j++) {
                    String a = j < rl.length ? rl[j] : "(none)";
                    String b = j < el.length ? el[j] : "(none)";
                    if (!a.equals(b)) {
                        out.println("  #" + i + ": " + a + " | " + b);
                    }
                }
            }
        }
        out.println(differences == 0 ? "byte for byte the same (clock values aside)"
                : differences + " message(s) differ");
    }

    private static String normal(String message) {
        StringBuilder b = new StringBuilder();
        for (String line : message.split("\r\n", -1)) {
            b.append(CLOCKS.matcher(line).matches() ? line.substring(0, line.indexOf(':')) + ": <clock>" : line);
            b.append("\r\n");
        }
        return b.substring(0, b.length() - 2);
    }

    static String field(String message, String name) {
        for (String line : message.split("\r\n")) {
            if (line.startsWith(name + ": ")) {
                return line.substring(name.length() + 2);
            }
        }
        return null;
    }

    /** Login, each action with every message it brings (until 1 s of quiet), Logoff; the messages as sent. */
    private static List<String> conversation(String host, int port, String user, String secret, String events,
                                             List<String> actions) throws IOException {
        List<String> messages = new ArrayList<>();
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(10_000); // a loaded box may be slow to greet and log in
            InputStream in = s.getInputStream();
            OutputStream o = s.getOutputStream();
            readLine(in); // the banner
            o.write(("Action: Login\r\nActionID: login\r\nUsername: " + user + "\r\nSecret: " + secret
                    + "\r\nEvents: " + events + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            String login = readMessage(in);
            if (login == null || !login.contains("Success")) {
                throw new IOException("AMI login refused: " + login);
            }
            s.setSoTimeout(1000);
            for (String action : actions) {
                o.write(action.getBytes(StandardCharsets.UTF_8));
                for (String m = readMessage(in); m != null; m = readMessage(in)) {
                    messages.add(m);
                    if (m.contains("\r\nEventList: Complete\r\n") && action.contains("ActionID: members")) {
                        break; // the list is whole: no need to wait for quiet
                    }
                }
            }
            o.write("Action: Logoff\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            readMessage(in);
        }
        return messages;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1; c = in.read()) {
            line.write(c);
            if (c == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** One message up to its empty line, CRLFs kept; null after a second of quiet or at the end. */
    private static String readMessage(InputStream in) throws IOException {
        StringBuilder m = new StringBuilder();
        try {
            while (true) {
                String line = readLine(in);
                if (line.isEmpty()) {
                    return m.length() == 0 ? null : m.toString();
                }
                if (line.equals("\r\n") || line.equals("\n")) {
                    return m.toString();
                }
                m.append(line);
            }
        } catch (SocketTimeoutException quiet) {
            return m.length() == 0 ? null : m.toString();
        }
    }
}
