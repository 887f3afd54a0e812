package cn.hotline12333.sim;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Originate without a dialplan behind it: every channel answers at once (Reason 4), which is what the agent
 * side needs from it; {@code Async: true} answers "Originate successfully queued" and then publishes
 * OriginateResponse (transcript ami-originate.txt), a synchronous one answers when the call is up.
 * Failures (no such extension, no answer) are not emulated.
 */
final class AmiOriginate {

    private static final AtomicLong CHANNELS = new AtomicLong();

    private AmiOriginate() {
    }

    static void originate(AmiSession s, AmiRequest m, String id) {
        String channel = m.get("Channel");
        if (channel.isEmpty()) {
            s.respond(AmiMessage.error(id, "Channel not specified"));
            return;
        }
        long now = s.box.micros();
        String uniqueId = now / 1_000_000 + "." + s.box.nextChannelId();
        String name = channel.replaceFirst("/n$", "") + "-" + String.format("%08x", CHANNELS.getAndIncrement()) + ";1";
        String[] callerId = callerId(m.get("CallerID"));
        AmiMessage body = new AmiMessage().actionId(id).add("Response", "Success").add("Channel", name);
        if (!m.get("Application").isEmpty()) {
            body.add("Application", m.get("Application")).add("Data", m.get("Data"));
        } else {
            body.add("Context", m.get("Context")).add("Exten", m.get("Exten"));
        }
        body.add("Reason", 4).add("Uniqueid", uniqueId).add("CallerIDNum", callerId[1]).add("CallerIDName", callerId[0]);
        s.respond(AmiMessage.success(id, "Originate successfully queued"));
        s.box.publish(new AmiEvent("OriginateResponse", AmiClass.CALL, body));
    }

    /** "Name <number>" or a bare number; unset parts read {@code <unknown>}. */
    static String[] callerId(String value) {
        String v = value.trim();
        if (v.isEmpty()) {
            return new String[] {AmiChannel.UNKNOWN, AmiChannel.UNKNOWN};
        }
        int lt = v.indexOf('<');
        int gt = v.indexOf('>', lt + 1);
        if (lt >= 0 && gt > lt) {
            String name = v.substring(0, lt).trim().replace("\"", "");
            return new String[] {name.isEmpty() ? AmiChannel.UNKNOWN : name, v.substring(lt + 1, gt)};
        }
        return new String[] {AmiChannel.UNKNOWN, v};
    }
}
