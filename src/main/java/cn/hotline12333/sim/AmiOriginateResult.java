package cn.hotline12333.sim;

/**
 * How an originated call went, as a test tells the emulator ({@link AmiEmulator#onOriginate}): answered on
 * {@code channel} with {@code uniqueId}, or failed with Asterisk's reason (0 no such extension or channel,
 * 1 no answer, 3 rang until Timeout, 5 busy, 8 congestion; 4 = answered).
 */
public record AmiOriginateResult(boolean answered, int reason, String channel, String uniqueId) {

    public static AmiOriginateResult answered(String channel, String uniqueId) {
        return new AmiOriginateResult(true, 4, channel, uniqueId);
    }

    public static AmiOriginateResult failed(int reason) {
        return new AmiOriginateResult(false, reason, null, AmiChannel.UNKNOWN);
    }
}
