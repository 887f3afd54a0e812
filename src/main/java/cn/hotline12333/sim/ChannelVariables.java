package cn.hotline12333.sim;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A channel's variables as the dialplan sees them: names are case-sensitive, a variable set to "" exists
 * (GET VARIABLE answers {@code 200 result=1 ()}), built-ins like {@code ${UNIQUEID}} and {@code
 * ${SYSTEMNAME}} come before the channel's own, and {@code ${...}} substitution follows Asterisk's
 * pbx_variables.c: nested {@code ${${X}}}, {@code ${X:offset:length}}, functions such as {@code
 * CHANNEL(language)}, and an unset or unknown name gives nothing.
 */
final class ChannelVariables {

    private static final String[] STATE_NAMES = {"Down", "Rsrvd", "OffHook", "Dialing", "Ring", "Ringing", "Up",
            "Busy"};

    private final CallerChannel channel;
    private final Map<String, String> values = new HashMap<>();
    private int hangupCause;

    ChannelVariables(CallerChannel channel) {
        this.channel = channel;
    }

    /** Asterisk's ast_true: yes, true, y, t, 1, on. */
    static boolean isTrue(String value) {
        return value != null && switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "y", "t", "1", "on" -> true;
            default -> false;
        };
    }

    /** Asterisk's ast_false: no, false, n, f, 0, off. */
    static boolean isFalse(String value) {
        return value != null && switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "no", "false", "n", "f", "0", "off" -> true;
            default -> false;
        };
    }

    void set(String name, String value) {
        values.put(name, value);
    }

    void unset(String name) {
        values.remove(name);
    }

    void hangupCause(int cause) {
        hangupCause = cause;
    }

    Map<String, String> snapshot() {
        return Map.copyOf(values);
    }

    /** GET VARIABLE: a function when the name ends in ')', else a built-in or a variable; null when unset. */
    String read(String name) {
        if (name.endsWith(")")) {
            return function(name);
        }
        String builtin = builtin(name);
        return builtin != null ? builtin : values.get(name);
    }

    /** SET VARIABLE of a name ending in ')' writes a function; the few the emulator knows take effect. */
    void write(String name, String value) {
        if (!name.endsWith(")")) {
            set(name, value);
            return;
        }
        switch (name.toUpperCase(Locale.ROOT)) {
            case "CHANNEL(LANGUAGE)" -> channel.language(value);
            case "CALLERID(NUM)" -> channel.callerId(value);
            case "CALLERID(NAME)" -> channel.callerName(value);
            default -> { } // Asterisk logs the unknown function and still answers 200 result=1
        }
    }

    /** ast_str_substitute_variables. {@code $[...]} expressions are copied with their variables substituted,
     *  not evaluated. */
    String substitute(String template) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0 || dollar + 1 >= template.length()) {
                out.append(template, i, template.length());
                break;
            }
            char kind = template.charAt(dollar + 1);
            if (kind != '{' && kind != '[') {
                out.append(template, i, dollar + 1);
                i = dollar + 1;
                continue;
            }
            out.append(template, i, dollar);
            char open = kind;
            char close = kind == '{' ? '}' : ']';
            int end = dollar + 2;
            int depth = 1;
            boolean nested = false;
            while (depth > 0 && end < template.length()) {
                char c = template.charAt(end);
                if (c == '$' && end + 1 < template.length() && (template.charAt(end + 1) == '{'
                        || template.charAt(end + 1) == '[')) {
                    nested = true;
                    if (template.charAt(end + 1) == open) {
                        depth++;
                    }
                    end++;
                } else if (c == open) {
                    depth++;
                } else if (c == close) {
                    depth--;
                }
                end++;
            }
            // Missing '}': Asterisk warns and takes the rest of the string as the name.
            String inner = template.substring(dollar + 2, depth == 0 ? end - 1 : end);
            i = end;
            if (nested) {
                inner = substitute(inner);
            }
            out.append(kind == '{' ? expand(inner) : "$[" + inner + "]");
        }
        return out.toString();
    }

    private String expand(String expression) {
        int parens = 0;
        String name = expression;
        int offset = 0;
        int length = Integer.MAX_VALUE;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '(') {
                parens++;
            } else if (c == ')') {
                parens--;
            } else if (c == ':' && parens == 0) {
                name = expression.substring(0, i);
                String[] range = expression.substring(i + 1).split(":", 2);
                // sscanf("%d:%d"): the length counts only when the offset parsed
                if (AgiArguments.scan(range[0]).isPresent()) {
                    offset = (int) AgiArguments.atoi(range[0]);
                    if (range.length > 1 && AgiArguments.scan(range[1]).isPresent()) {
                        length = (int) AgiArguments.atoi(range[1]);
                    }
                }
                break;
            }
        }
        String value = name.indexOf('(') >= 0 ? function(name) : read(name);
        return value == null ? "" : substring(value, offset, length);
    }

    /** pbx_variables.c substring: negative offset counts from the end, negative length leaves that many off. */
    static String substring(String value, int offset, int length) {
        int n = value.length();
        if (offset < 0) {
            offset = Math.max(0, n + offset);
        }
        if (offset >= n) {
            return "";
        }
        int end;
        if (length >= 0) {
            end = (int) Math.min((long) offset + length, n);
        } else {
            end = n + length;
            if (end <= offset) {
                return "";
            }
        }
        return value.substring(offset, end);
    }

    private String builtin(String name) {
        return switch (name) {
            case "CALLINGPRES" -> channel.callerId() == null ? "67" : "0";
            case "CALLINGANI2", "CALLINGTON", "CALLINGTNS" -> "0";
            case "EXTEN" -> channel.extension();
            case "CONTEXT" -> channel.context();
            case "PRIORITY" -> Integer.toString(channel.priority());
            case "CHANNEL" -> channel.name();
            case "UNIQUEID" -> channel.uniqueId();
            case "HANGUPCAUSE" -> Integer.toString(hangupCause);
            case "EPOCH" -> Long.toString(System.currentTimeMillis() / 1000);
            case "SYSTEMNAME" -> channel.script().systemName();
            default -> null;
        };
    }

    private String function(String call) {
        int open = call.indexOf('(');
        if (open < 0 || !call.endsWith(")")) {
            return null;
        }
        String fn = call.substring(0, open).toUpperCase(Locale.ROOT);
        String arg = call.substring(open + 1, call.length() - 1);
        return switch (fn) {
            case "CHANNEL" -> channelItem(arg);
            case "CALLERID" -> switch (arg.toLowerCase(Locale.ROOT)) {
                case "num", "number" -> nonNull(channel.callerId());
                case "name" -> nonNull(channel.callerName());
                case "all" -> "\"" + nonNull(channel.callerName()) + "\" <" + nonNull(channel.callerId()) + ">";
                default -> null;
            };
            case "LEN" -> Integer.toString(arg.length());
            default -> null; // "Function X not registered": the read fails
        };
    }

    private String channelItem(String item) {
        return switch (item.toLowerCase(Locale.ROOT)) {
            case "language" -> channel.language();
            case "name" -> channel.name();
            case "uniqueid" -> channel.uniqueId();
            // the call originated on this channel, so Asterisk made its linkedid its own uniqueid
            case "linkedid" -> channel.uniqueId();
            case "context" -> channel.context();
            case "exten" -> channel.extension();
            case "priority" -> Integer.toString(channel.priority());
            case "channeltype" -> channel.name().substring(0, Math.max(0, channel.name().indexOf('/')));
            case "state" -> STATE_NAMES[channel.state()];
            case "checkhangup" -> channel.hungUp() ? "1" : "0";
            default -> null;
        };
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
