package cn.hotline12333.agi;

import io.netty.handler.codec.DecoderException;

/**
 * Input that is not FastAGI. {@code event} names it for the one log line the connection gets; the message
 * never quotes the input, which may hold a caller's number or digits.
 */
final class AgiProtocolException extends DecoderException {
    private final String event;

    AgiProtocolException(String event, String message) {
        super(message);
        this.event = event;
    }

    String event() {
        return event;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected condition logged without a stack trace; no need to build one
    }
}
