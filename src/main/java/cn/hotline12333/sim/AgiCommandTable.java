package cn.hotline12333.sim;

import java.util.List;

/**
 * Asterisk 22's AGI commands in res_agi.c's order, with the flag that says whether a command still runs after
 * the channel hung up (else {@code 511}), and the emulator's handler. Commands the emulator does not emulate
 * keep their place (their words and dead flag are Asterisk's) but have no handler: the emulator closes the
 * call naming them rather than answering something Asterisk would not.
 */
final class AgiCommandTable {

    @FunctionalInterface
    interface Handler {
        Reply run(List<String> argv, AgiSession session);
    }

    record Command(List<String> words, boolean allowedDead, Handler handler, String usage) {
        String name() {
            return String.join(" ", words).toUpperCase(java.util.Locale.ROOT);
        }
    }

    private static final List<Command> COMMANDS = List.of(
            command("answer", false, ChannelCommands::answer, null),
            command("asyncagi break", true, ChannelCommands::asyncAgiBreak, null),
            command("channel status", false, ChannelCommands::channelStatus, AgiUsage.CHANNEL_STATUS),
            command("database del", true, null, null),
            command("database deltree", true, null, null),
            command("database get", true, null, null),
            command("database put", true, null, null),
            command("exec", true, ExecCommand::exec, AgiUsage.EXEC),
            command("get data", false, DigitCommands::getData, AgiUsage.GET_DATA),
            command("get full variable", true, ChannelCommands::getFullVariable, AgiUsage.GET_FULL_VARIABLE),
            command("get option", false, PromptCommands::getOption, AgiUsage.GET_OPTION),
            command("get variable", true, ChannelCommands::getVariable, AgiUsage.GET_VARIABLE),
            command("hangup", false, ChannelCommands::hangup, AgiUsage.HANGUP),
            command("noop", true, ChannelCommands::noop, null),
            command("receive char", false, null, null),
            command("receive text", false, null, null),
            command("record file", false, RecordCommand::recordFile, AgiUsage.RECORD_FILE),
            command("say alpha", false, null, null),
            command("say digits", false, PromptCommands::sayDigits, AgiUsage.SAY_DIGITS),
            command("say number", false, PromptCommands::sayNumber, AgiUsage.SAY_NUMBER),
            command("say phonetic", false, null, null),
            command("say date", false, null, null),
            command("say time", false, null, null),
            command("say datetime", false, null, null),
            command("send image", false, null, null),
            command("send text", false, null, null),
            command("set autohangup", false, null, null),
            command("set callerid", false, null, null),
            command("set context", false, ChannelCommands::setContext, AgiUsage.SET_CONTEXT),
            command("set extension", false, ChannelCommands::setExtension, AgiUsage.SET_EXTENSION),
            command("set music", false, ChannelCommands::setMusic, AgiUsage.SET_MUSIC),
            command("set priority", false, ChannelCommands::setPriority, AgiUsage.SET_PRIORITY),
            command("set variable", true, ChannelCommands::setVariable, AgiUsage.SET_VARIABLE),
            command("stream file", false, PromptCommands::streamFile, AgiUsage.STREAM_FILE),
            command("control stream file", false, null, null),
            command("tdd mode", false, null, null),
            command("verbose", true, ChannelCommands::verbose, AgiUsage.VERBOSE),
            command("wait for digit", false, DigitCommands::waitForDigit, AgiUsage.WAIT_FOR_DIGIT),
            command("speech create", false, null, null),
            command("speech set", false, null, null),
            command("speech destroy", true, null, null),
            command("speech load grammar", false, null, null),
            command("speech unload grammar", true, null, null),
            command("speech activate grammar", false, null, null),
            command("speech deactivate grammar", false, null, null),
            command("speech recognize", false, null, null));

    private AgiCommandTable() {
    }

    /**
     * res_agi.c find_command, inexact: the first command whose words all equal (ignoring case) the first
     * arguments; extra arguments are the command's own. {@code GET} alone or an empty line find nothing.
     */
    static Command find(List<String> argv) {
        for (Command c : COMMANDS) {
            List<String> words = c.words();
            if (argv.size() < words.size()) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < words.size() && match; i++) {
                match = AgiArguments.equalsIgnoringAsciiCase(words.get(i), argv.get(i));
            }
            if (match) {
                return c;
            }
        }
        return null;
    }

    private static Command command(String words, boolean allowedDead, Handler handler, String usage) {
        return new Command(List.of(words.split(" ")), allowedDead, handler, usage);
    }
}
