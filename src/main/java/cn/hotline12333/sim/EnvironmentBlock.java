package cn.hotline12333.sim;

import java.net.InetSocketAddress;

/**
 * The lines Asterisk sends as soon as the FastAGI connection is up, in res_agi.c's order (launch_netscript,
 * then setup_env), each ended by {@code \n} alone, then one empty line. Missing caller id, dialled number
 * and redirecting number are the word {@code unknown}; the presentation of an unknown caller id is 67
 * (number not available), as in every transcript.
 */
final class EnvironmentBlock {

    private EnvironmentBlock() {
    }

    static String render(CallScript s, InetSocketAddress server) {
        String script = s.script();
        String request = s.request() != null ? s.request()
                : "agi://" + server.getHostString() + ":" + server.getPort() + (script.isEmpty() ? "" : "/" + script);
        String channel = s.channel();
        int slash = channel.indexOf('/');
        StringBuilder b = new StringBuilder(640);
        line(b, "agi_network", "yes");
        if (!script.isEmpty()) {
            line(b, "agi_network_script", script);
        }
        line(b, "agi_request", request);
        line(b, "agi_channel", channel);
        line(b, "agi_language", s.language());
        line(b, "agi_type", slash < 0 ? channel : channel.substring(0, slash));
        line(b, "agi_uniqueid", s.uniqueId());
        line(b, "agi_version", AsteriskEmulator.VERSION);
        line(b, "agi_callerid", orUnknown(s.callerId()));
        line(b, "agi_calleridname", orUnknown(s.callerName()));
        line(b, "agi_callingpres", s.callerId() == null ? "67" : "0");
        line(b, "agi_callingani2", "0");
        line(b, "agi_callington", "0");
        line(b, "agi_callingtns", "0");
        line(b, "agi_dnid", orUnknown(s.dialled()));
        line(b, "agi_rdnis", orUnknown(s.redirectedFrom()));
        line(b, "agi_context", s.context());
        line(b, "agi_extension", s.extension());
        line(b, "agi_priority", Integer.toString(s.priority()));
        line(b, "agi_enhanced", "0.0");
        line(b, "agi_accountcode", s.accountCode());
        line(b, "agi_threadid", Long.toString(s.threadId()));
        for (int i = 0; i < s.args().size(); i++) {
            line(b, "agi_arg_" + (i + 1), s.args().get(i));
        }
        return b.append('\n').toString();
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(key).append(": ").append(value).append('\n');
    }

    private static String orUnknown(String value) {
        return value == null ? "unknown" : value;
    }
}
