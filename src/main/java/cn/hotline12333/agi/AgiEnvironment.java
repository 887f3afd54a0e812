package cn.hotline12333.agi;

import cn.hotline12333.ivr.CallInfo;
import java.util.List;
import java.util.Map;

/**
 * The {@code agi_*} block Asterisk sends before anything else, keys without the {@code agi_} prefix;
 * {@code agi_arg_N} values are in {@code args}, in N order. Holds the caller's number, so toString shows only
 * what may be logged: the unique id, channel and script.
 */
record AgiEnvironment(Map<String, String> values, List<String> args) implements AgiMessage {

    AgiEnvironment {
        values = Map.copyOf(values);
        args = List.copyOf(args);
    }

    String get(String key) {
        return values.get(key);
    }

    String uniqueId() {
        return values.getOrDefault("uniqueid", "-");
    }

    String channel() {
        return values.getOrDefault("channel", "-");
    }

    /** agi_network_script without its {@code ?query}: {@code AGI(agi://host/hotline?x=y)} names script hotline. */
    String script() {
        String script = values.getOrDefault("network_script", "");
        int query = script.indexOf('?');
        return query < 0 ? script : script.substring(0, query);
    }

    CallInfo callInfo(String asteriskHost) {
        return new CallInfo(uniqueId(), script(), args, known("callerid"), known("dnid"), channel(),
                get("context"), get("extension"), get("language"), asteriskHost);
    }

    // Asterisk writes the word "unknown" for an absent caller id or dialled number.
    private String known(String key) {
        String value = get(key);
        return value == null || value.isEmpty() || value.equals("unknown") ? null : value;
    }

    @Override
    public String toString() {
        return "AgiEnvironment[call=" + uniqueId() + " channel=" + channel() + " script=" + script() + "]";
    }
}
