package cn.hotline12333.sim;

/**
 * The usage text res_agi sends between {@code 520-Invalid command syntax.  Proper usage follows:} and
 * {@code 520 End of proper usage.}: the command's XML {@code <description>} as Asterisk 22's xmldoc.c
 * renders it (paragraphs on their own lines, inline tags kept as text, variable and enum lists indented).
 * GET DATA's matches transcript basic.txt byte for byte. Only commands the emulator runs are here.
 */
final class AgiUsage {

    private AgiUsage() {
    }

    static final String CHANNEL_STATUS = """
            Returns the status of the specified <replaceable>channelname</replaceable>. If no channel name is \
            given then returns the status of the current channel.
            Return values:
                <enum>0</enum> - Channel is down and available.
                <enum>1</enum> - Channel is down, but reserved.
                <enum>2</enum> - Channel is off hook.
                <enum>3</enum> - Digits (or equivalent) have been dialed.
                <enum>4</enum> - Line is ringing.
                <enum>5</enum> - Remote end is ringing.
                <enum>6</enum> - Line is up.
                <enum>7</enum> - Line is busy.""";

    static final String EXEC = """
            Executes <replaceable>application</replaceable> with given <replaceable>options</replaceable>.
            Returns whatever the <replaceable>application</replaceable> returns, or <literal>-2</literal> on \
            failure to find <replaceable>application</replaceable>.
            <note>NOTE:</note> exec does not evaluate dialplan functions and variables unless it is explicitly \
            enabled by setting the <variable>AGIEXECFULL</variable> variable to <literal>yes</literal>.""";

    static final String GET_DATA = """
            Stream the given <replaceable>file</replaceable>, and receive DTMF data.
            Returns the digits received from the channel at the other end.""";

    static final String GET_FULL_VARIABLE = """
            Evaluates the given <replaceable>expression</replaceable> against the channel specified by \
            <replaceable>channelname</replaceable>, or the current channel if \
            <replaceable>channelname</replaceable> is not provided.
            Unlike GET VARIABLE, the <replaceable>expression</replaceable> is processed in a manner similar to \
            dialplan evaluation, allowing complex and built-in variables to be accessed, e.g. \
            <literal>The time is ${EPOCH}</literal>
            Returns <literal>0</literal> if no channel matching <replaceable>channelname</replaceable> exists, \
            <literal>1</literal> otherwise.
            Example return code: 200 result=1 (The time is 1578493800)""";

    static final String GET_OPTION = "Behaves similar to STREAM FILE but used with a timeout option.";

    static final String GET_VARIABLE = """
            Returns <literal>0</literal> if <replaceable>variablename</replaceable> is not set. Returns \
            <literal>1</literal> if <replaceable>variablename</replaceable> is set and returns the variable in \
            parentheses.
            Example return code: 200 result=1 (testvariable)""";

    static final String HANGUP = "Hangs up the specified channel. If no channel name is given, hangs up the "
            + "current channel";

    static final String RECORD_FILE = "Record to a file until a given dtmf digit in the sequence is received. "
            + "Returns <literal>-1</literal> on hangup or error.  The format will specify what kind of file will "
            + "be recorded. The <replaceable>timeout</replaceable> is the maximum record time in milliseconds, or "
            + "<literal>-1</literal> for no <replaceable>timeout</replaceable>. <replaceable>offset samples"
            + "</replaceable> is optional, and, if provided, will seek to the offset without exceeding the end of "
            + "the file. <replaceable>beep</replaceable> can take any value, and causes Asterisk to play a beep to "
            + "the channel that is about to be recorded. <replaceable>silence</replaceable> is the number of "
            + "seconds of silence allowed before the function returns despite the lack of dtmf digits or reaching "
            + "<replaceable>timeout</replaceable>. <replaceable>silence</replaceable> value must be preceded by "
            + "<literal>s=</literal> and is also optional.";

    static final String SAY_DIGITS = "Say a given digit string, returning early if any of the given DTMF digits "
            + "are received on the channel. Returns <literal>0</literal> if playback completes without a digit "
            + "being pressed, or the ASCII numerical value of the digit if one was pressed or "
            + "<literal>-1</literal> on error/hangup.";

    static final String SAY_NUMBER = "Say a given number, returning early if any of the given DTMF digits are "
            + "received on the channel.  Returns <literal>0</literal> if playback completes without a digit "
            + "being pressed, or the ASCII numerical value of the digit if one was pressed or "
            + "<literal>-1</literal> on error/hangup.";

    static final String SET_CONTEXT = "Sets the context for continuation upon exiting the application.";

    static final String SET_EXTENSION = "Changes the extension for continuation upon exiting the application.";

    static final String SET_MUSIC = """
            Enables/Disables the music on hold generator. If <replaceable>class</replaceable> is not specified, \
            then the <literal>default</literal> music on hold class will be used. This generator will be stopped \
            automatically when playing a file.
            Always returns <literal>0</literal>.""";

    static final String SET_PRIORITY = "Changes the priority for continuation upon exiting the application. "
            + "The priority must be a valid priority or label.";

    static final String SET_VARIABLE = "Sets a variable to the current channel.";

    static final String STREAM_FILE = """
            Send the given file, allowing playback to be interrupted by the given digits, if any. Returns \
            <literal>0</literal> if playback completes without a digit being pressed, or the ASCII numerical \
            value of the digit if one was pressed, or <literal>-1</literal> on error or if the channel was \
            disconnected. If musiconhold is playing before calling stream file it will be automatically stopped \
            and will not be restarted after completion.
            It sets the following channel variables upon completion:
            <variable>PLAYBACKSTATUS</variable>: The status of the playback attempt as a text string.
                <value>SUCCESS</value>
                <value>FAILED</value>""";

    static final String VERBOSE = "Sends <replaceable>message</replaceable> to the console via verbose message "
            + "system. <replaceable>level</replaceable> is the verbose level (1-4). Always returns "
            + "<literal>1</literal>";

    static final String WAIT_FOR_DIGIT = "Waits up to <replaceable>timeout</replaceable> milliseconds for "
            + "channel to receive a DTMF digit. Returns <literal>-1</literal> on channel failure, "
            + "<literal>0</literal> if no digit is received in the timeout, or the numerical value of the ascii "
            + "of the digit if one is received. Use <literal>-1</literal> for the <replaceable>timeout"
            + "</replaceable> value if you desire the call to block indefinitely.";
}
