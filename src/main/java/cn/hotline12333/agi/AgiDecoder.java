package cn.hotline12333.agi;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lines (already framed) to {@link AgiMessage}s.
 * <pre>
 *   ENVIRONMENT --blank line--> REPLIES --"520-..."--> USAGE --"520 ..."--> REPLIES
 *        any state: "HANGUP" --> CallerHungUp, state unchanged
 *        any state: bad input --> BROKEN (one exception, every later line dropped)
 * </pre>
 * A bare HANGUP can precede any line (docs/asterisk-agi.md), even inside the 520 usage text.
 */
final class AgiDecoder extends MessageToMessageDecoder<ByteBuf> {
    private enum State { ENVIRONMENT, REPLIES, USAGE, BROKEN }

    private final int maxEnvLines;
    // Touched only on the channel's event loop, like every handler's state.
    private State state = State.ENVIRONMENT;
    private final Map<String, String> values = new HashMap<>();
    private final TreeMap<Integer, String> args = new TreeMap<>();
    private int envLines;

    AgiDecoder(int maxEnvLines) {
        super(ByteBuf.class);
        this.maxEnvLines = maxEnvLines;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        if (state == State.BROKEN) {
            return;
        }
        String line = frame.toString(StandardCharsets.UTF_8);
        if (line.equals("HANGUP")) {
            out.add(new AgiMessage.CallerHungUp());
            return;
        }
        switch (state) {
            case ENVIRONMENT -> environmentLine(line, out);
            case REPLIES -> replyLine(line, out);
            case USAGE -> {
                if (line.startsWith("520 ")) {
                    state = State.REPLIES;
                    out.add(AgiReply.status(520));
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void environmentLine(String line, List<Object> out) {
        if (line.isEmpty()) {
            state = State.REPLIES;
            out.add(new AgiEnvironment(values, new ArrayList<>(args.values())));
            return;
        }
        if (++envLines > maxEnvLines) {
            throw broken("env_too_long", "environment block longer than " + maxEnvLines + " lines");
        }
        int colon = line.indexOf(':');
        if (!line.startsWith("agi_") || colon < 0) {
            throw broken("bad_env_line", "environment line " + envLines + " is not agi_name: value");
        }
        String key = line.substring(4, colon);
        String value = line.substring(colon + 1).strip();
        if (key.startsWith("arg_") && isNumber(key.substring(4))) {
            args.put(Integer.parseInt(key.substring(4)), value);
        } else {
            values.put(key, value);
        }
    }

    private void replyLine(String line, List<Object> out) {
        if (line.startsWith("520-")) {
            state = State.USAGE;
            return;
        }
        AgiReply reply = AgiReply.parse(line);
        if (reply == null) {
            throw broken("bad_reply", "reply line is not 'NNN ...' FastAGI");
        }
        out.add(reply);
    }

    private AgiProtocolException broken(String event, String message) {
        state = State.BROKEN;
        values.clear();
        args.clear();
        return new AgiProtocolException(event, message);
    }

    // Lines after an over-long one (TooLongFrameException from the framer) belong to a connection being closed.
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        state = State.BROKEN;
        ctx.fireExceptionCaught(cause);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 6 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
