package cn.hotline12333.agi;

/** What the decoder makes of the lines Asterisk sends: the environment block, a reply, or a bare HANGUP line. */
sealed interface AgiMessage permits AgiEnvironment, AgiReply, AgiMessage.CallerHungUp {

    /**
     * A bare {@code HANGUP} line. It is never a reply: Asterisk writes it when the caller hangs up, often after
     * our next command was sent and before that command's 511 (transcript hangup.txt).
     */
    record CallerHungUp() implements AgiMessage {
    }
}
