package cn.hotline12333.agi;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** What the log may say about a connection: the Asterisk box's address and the call's unique id. */
final class Peer {
    private static final AttributeKey<String> CALL = AttributeKey.valueOf("hotline.agi.call");
    private static final AttributeKey<Boolean> EXPLAINED = AttributeKey.valueOf("hotline.agi.explained");

    private Peer() {
    }

    static String host(Channel channel) {
        SocketAddress address = channel.remoteAddress();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    static String call(Channel channel) {
        String call = channel.attr(CALL).get();
        return call == null ? "-" : call;
    }

    static void nameCall(Channel channel, String uniqueId) {
        channel.attr(CALL).set(uniqueId);
    }

    /** True the first time only: a bad connection gets one log line, whichever handler notices first. */
    static boolean firstComplaint(Channel channel) {
        return channel.attr(EXPLAINED).setIfAbsent(Boolean.TRUE) == null;
    }
}
