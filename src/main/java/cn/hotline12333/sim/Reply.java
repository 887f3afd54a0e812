package cn.hotline12333.sim;

/**
 * What one AGI command comes to. Handlers decide everything in model time at the start of the command;
 * the session delivers the text when that much (scaled) time has passed.
 */
sealed interface Reply {

    /**
     * @param text          the reply, {@code \n} included
     * @param modelMs       when it is sent, from the start of the command; negative = never (the caller
     *                      waits forever, as WAIT FOR DIGIT -1 does)
     * @param callerHangsUp the channel is hung up when the reply is sent
     * @param failure       the handler returns RESULT_FAILURE; on a live channel that makes AGISTATUS
     *                      FAILURE at the end (res_agi.c run_agi)
     */
    record Text(String text, long modelMs, boolean callerHangsUp, boolean failure) implements Reply {
    }

    /** Wrong arguments: the 520 block with the command's usage. */
    record Usage() implements Reply {
    }

    /**
     * Asterisk would run something the emulator cannot (EXEC of an application it does not emulate): rather
     * than answer what Asterisk would not, the session ends the call with {@code problem}.
     */
    record NotEmulated(String problem) implements Reply {
    }

    /** The handler sends the reply itself later (EXEC Queue). */
    record Later() implements Reply {
    }

    static Text now(String text) {
        return new Text(text, 0, false, false);
    }

    static Text after(long modelMs, String text) {
        return new Text(text, modelMs, false, false);
    }

    /** A result that the handler reports as RESULT_FAILURE when negative ({@code (res >= 0) ? ... }). */
    static Text result(long modelMs, String text, boolean callerHangsUp, int result) {
        return new Text(text, modelMs, callerHangsUp, result < 0);
    }

    Usage USAGE = new Usage();
    Later LATER = new Later();
}
