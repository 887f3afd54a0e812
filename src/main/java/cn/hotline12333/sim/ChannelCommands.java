package cn.hotline12333.sim;

import java.util.List;

/** The commands that read or change the channel itself, each answering at once as res_agi.c does. */
final class ChannelCommands {

    private ChannelCommands() {
    }

    static Reply answer(List<String> argv, AgiSession session) {
        session.caller().answer();
        return Reply.now("200 result=0\n");
    }

    static Reply asyncAgiBreak(List<String> argv, AgiSession session) {
        return Reply.now("200 result=0\n");
    }

    static Reply channelStatus(List<String> argv, AgiSession session) {
        CallerChannel caller = session.caller();
        if (argv.size() == 2 || (argv.size() == 3 && argv.get(2).equals(caller.name()))) {
            return Reply.now("200 result=" + caller.state() + "\n");
        }
        // no other channel exists on the emulated box
        return argv.size() == 3 ? Reply.now("200 result=-1\n") : Reply.USAGE;
    }

    /** Without an argument it hangs up our own channel: {@code 200 result=1}, then Asterisk's HANGUP line. */
    static Reply hangup(List<String> argv, AgiSession session) {
        CallerChannel caller = session.caller();
        if (argv.size() == 1 || (argv.size() == 2 && argv.get(1).equals(caller.name()))) {
            return new Reply.Text("200 result=1\n", 0, true, false);
        }
        return argv.size() == 2 ? Reply.now("200 result=-1\n") : Reply.USAGE;
    }

    static Reply noop(List<String> argv, AgiSession session) {
        return Reply.now("200 result=0\n");
    }

    static Reply setVariable(List<String> argv, AgiSession session) {
        if (argv.size() != 4) {
            return Reply.USAGE;
        }
        session.caller().variables().write(argv.get(2), argv.get(3));
        return Reply.now("200 result=1\n");
    }

    static Reply getVariable(List<String> argv, AgiSession session) {
        if (argv.size() != 3) {
            return Reply.USAGE;
        }
        String value = session.caller().variables().read(argv.get(2));
        return Reply.now(value == null ? "200 result=0\n" : "200 result=1 (" + value + ")\n");
    }

    static Reply getFullVariable(List<String> argv, AgiSession session) {
        if (argv.size() != 4 && argv.size() != 5) {
            return Reply.USAGE;
        }
        CallerChannel caller = session.caller();
        if (argv.size() == 5 && !argv.get(4).equals(caller.name())) {
            return Reply.now("200 result=0\n");
        }
        return Reply.now("200 result=1 (" + caller.variables().substitute(argv.get(3)) + ")\n");
    }

    static Reply verbose(List<String> argv, AgiSession session) {
        return argv.size() < 2 ? Reply.USAGE : Reply.now("200 result=1\n");
    }

    static Reply setContext(List<String> argv, AgiSession session) {
        if (argv.size() != 3) {
            return Reply.USAGE;
        }
        session.caller().context(argv.get(2));
        return Reply.now("200 result=0\n");
    }

    static Reply setExtension(List<String> argv, AgiSession session) {
        if (argv.size() != 3) {
            return Reply.USAGE;
        }
        session.caller().extension(argv.get(2));
        return Reply.now("200 result=0\n");
    }

    /** A label would need the dialplan, which the emulator does not have: like an unknown label, usage. */
    static Reply setPriority(List<String> argv, AgiSession session) {
        if (argv.size() != 3 || AgiArguments.scan(argv.get(2)).isEmpty()) {
            return Reply.USAGE;
        }
        session.caller().priority((int) AgiArguments.atoi(argv.get(2)));
        return Reply.now("200 result=0\n");
    }

    static Reply setMusic(List<String> argv, AgiSession session) {
        return argv.size() < 3 ? Reply.USAGE : Reply.now("200 result=0\n");
    }
}
