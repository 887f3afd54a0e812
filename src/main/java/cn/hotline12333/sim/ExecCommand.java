package cn.hotline12333.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * EXEC application "args": answers what the application returns, {@code -2} for an application the box does
 * not have (res_agi.c handle_exec). The emulated box has Queue, Playback, Wait, Answer, Hangup, Set,
 * Verbose, NoOp, Log, and a Dial that finds no outside line (DIALSTATUS=CHANUNAVAIL, result 0). On a hung-up
 * channel applications that touch the line answer -1. With AGIEXECFULL=yes the args are substituted first.
 * Any other application Asterisk 22 has (Read, BackGround...) ends the call naming it: -2 would tell the server
 * that Asterisk lacks it.
 */
final class ExecCommand {

    /** Asterisk 22's application names in lower case; pbx_findapp matches them ignoring case. */
    private static final Set<String> ASTERISK_APPLICATIONS = applications();

    private ExecCommand() {
    }

    static Reply exec(List<String> argv, AgiSession session) {
        if (argv.size() < 2) {
            return Reply.USAGE;
        }
        CallerChannel caller = session.caller();
        ChannelVariables variables = caller.variables();
        String data = argv.size() == 2 ? "" : argv.get(2);
        if (ChannelVariables.isTrue(variables.read("AGIEXECFULL"))) {
            data = variables.substitute(data);
        }
        boolean hungUp = caller.hungUp();
        switch (argv.get(1).toLowerCase(Locale.ROOT)) {
            case "verbose", "noop", "log":
                return result(0);
            case "set":
                int eq = data.indexOf('=');
                if (eq > 0) {
                    variables.write(data.substring(0, eq), data.substring(eq + 1));
                }
                return result(0);
            case "answer":
                if (hungUp) {
                    return result(-1);
                }
                caller.answer();
                return result(0);
            case "hangup":
                return new Reply.Text("200 result=-1\n", 0, true, false);
            case "wait":
                if (hungUp) {
                    return result(-1);
                }
                double seconds = data.isBlank() ? 0 : parseSeconds(data);
                return Reply.after(Math.max(0, Math.round(seconds * 1000)), "200 result=0\n");
            case "playback":
                return hungUp ? result(-1) : playback(caller, data);
            case "dial":
                if (hungUp) {
                    return result(-1);
                }
                variables.set("DIALSTATUS", "CHANUNAVAIL");
                return result(0);
            case "queue":
                return QueueCall.exec(data, session);
            default:
                return ASTERISK_APPLICATIONS.contains(argv.get(1).toLowerCase(Locale.ROOT))
                        ? new Reply.NotEmulated("application not emulated: " + argv.get(1))
                        : result(-2);
        }
    }

    private static Set<String> applications() {
        try (InputStream in = ExecCommand.class.getResourceAsStream("asterisk-22-applications.txt")) {
            if (in == null) {
                throw new IllegalStateException("asterisk-22-applications.txt missing beside ExecCommand");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.strip().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** app_playback: files joined by {@code &}, options after a comma; a missing file is skipped (result 0,
     *  PLAYBACKSTATUS=FAILED); the channel is answered first unless the options say noanswer. */
    private static Reply playback(CallerChannel caller, String data) {
        List<String> args = applicationArgs(data);
        String options = args.size() > 1 ? args.get(1) : "";
        if (caller.state() != CallerChannel.STATE_UP && !options.contains("noanswer")) {
            caller.answer();
        }
        boolean missing = false;
        long total = 0;
        for (String sound : args.get(0).split("&")) {
            if (caller.soundExists(sound)) {
                caller.played(sound);
                total += caller.promptMs(sound);
            } else {
                missing = true;
            }
        }
        caller.variables().set("PLAYBACKSTATUS", missing ? "FAILED" : "SUCCESS");
        return Reply.after(total, "200 result=0\n");
    }

    /**
     * Splits an application's argument string at commas, the way ast_app_separate_args does for the
     * dialplan: quotes group and vanish, a backslash keeps the next character, parentheses nest.
     */
    static List<String> applicationArgs(String data) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int parens = 0;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\\' && i + 1 < data.length()) {
                current.append(data.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '(' && !quoted) {
                parens++;
                current.append(c);
            } else if (c == ')' && !quoted && parens > 0) {
                parens--;
                current.append(c);
            } else if (c == ',' && !quoted && parens == 0) {
                args.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        args.add(current.toString());
        return args;
    }

    private static double parseSeconds(String data) {
        try {
            return Double.parseDouble(data.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Reply.Text result(int value) {
        return Reply.now("200 result=" + value + "\n");
    }
}
