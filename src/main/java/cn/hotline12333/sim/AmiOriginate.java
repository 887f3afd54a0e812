package cn.hotline12333.sim;

import java.util.List;

/**
 * Originate (manager.c action_originate) without a dialplan behind it: the outcome comes from the emulator's
 * originate handler (by default every channel answers at once). {@code Async: true} answers "Originate
 * successfully queued" at once and publishes OriginateResponse afterwards (transcript ami-originate.txt); a
 * synchronous one answers the same words when the call is up, or {@code Originate failed}, and publishes no
 * OriginateResponse. The handler runs after the answer is written, so events it causes follow it.
 */
final class AmiOriginate {

    private AmiOriginate() {
    }

    static void originate(AmiSession s, AmiRequest m, String id) {
        String channel = m.get("Channel");
        if (channel.isEmpty()) {
            s.respond(AmiMessage.error(id, "Channel not specified"));
            return;
        }
        boolean async = AmiQueueActions.isTrue(m.get("Async"));
        if (!async) {
            AmiOriginateResult result = s.box.originate(channel);
            s.respond(result.answered() ? AmiMessage.success(id, "Originate successfully queued")
                    : AmiMessage.error(id, "Originate failed"));
            return;
        }
        s.respond(AmiMessage.success(id, "Originate successfully queued"));
        AmiOriginateResult result = s.box.originate(channel);
        String[] callerId = callerId(m.get("CallerID"));
        AmiMessage body = new AmiMessage().actionId(id).add("Response", result.answered() ? "Success" : "Failure")
                .add("Channel", result.answered() ? result.channel() : channel);
        if (!m.get("Application").isEmpty()) {
            body.add("Application", m.get("Application")).add("Data", m.get("Data"));
        } else {
            body.add("Context", m.get("Context")).add("Exten", m.get("Exten"));
        }
        body.add("Reason", result.reason()).add("Uniqueid", result.uniqueId())
                .add("CallerIDNum", result.answered() ? callerId[1] : AmiChannel.UNKNOWN)
                .add("CallerIDName", result.answered() ? callerId[0] : AmiChannel.UNKNOWN);
        if (result.answered()) {
            chanVariables(s.box.settings().channelVars(), m, result.channel(), callerId, body);
        }
        s.box.publish(new AmiEvent("OriginateResponse", AmiClass.CALL, body));
    }

    /** channelvars as the answered channel holds them: the request's Variable: values, CALLERID(num/name). */
    private static void chanVariables(List<String> names, AmiRequest m, String channel, String[] callerId,
                                      AmiMessage body) {
        for (String name : names) {
            String value = "";
            if (name.equalsIgnoreCase("CALLERID(num)")) {
                value = AmiChannel.UNKNOWN.equals(callerId[1]) ? "" : callerId[1];
            } else if (name.equalsIgnoreCase("CALLERID(name)")) {
                value = AmiChannel.UNKNOWN.equals(callerId[0]) ? "" : callerId[0];
            } else {
                for (String variable : m.all("Variable")) {
                    for (String pair : variable.split(",")) {
                        int eq = pair.indexOf('=');
                        if (eq > 0 && pair.substring(0, eq).equals(name)) {
                            value = pair.substring(eq + 1);
                        }
                    }
                }
            }
            body.add("ChanVariable(" + channel + ")", name + "=" + value);
        }
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
