package cn.hotline12333.sim;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits what an AMI client writes into requests the way manager.c's get_input/do_message do: lines end at
 * {@code \n} (a {@code \r} before it is dropped, so bare LF works, transcript ami-login.txt "lf-only"), an
 * empty line ends the request, a line without a colon is no header. Lines longer than manager.c's 1024-byte
 * input buffer are cut there, and at most 128 headers are kept (AST_MAX_MANHEADERS); the rest are dropped.
 * Blank lines between requests are skipped, as Asterisk skips an empty message.
 */
final class AmiFrameReader extends ByteToMessageDecoder {

    static final int MAX_LINE = 1024;
    static final int MAX_HEADERS = 128;

    private List<String[]> headers = new ArrayList<>();
    private boolean sawLine;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            int nl = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (nl < 0) {
                if (in.readableBytes() > MAX_LINE) {
                    in.skipBytes(in.readableBytes() - MAX_LINE); // keeps the tail; the line is junk anyway
                }
                return;
            }
            int length = nl - in.readerIndex();
            String line = in.toString(in.readerIndex(), Math.min(length, MAX_LINE), StandardCharsets.UTF_8);
            in.readerIndex(nl + 1);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                if (sawLine) {
                    out.add(new AmiRequest(List.copyOf(headers)));
                    headers = new ArrayList<>();
                    sawLine = false;
                }
                continue;
            }
            sawLine = true;
            int colon = line.indexOf(':');
            if (colon > 0 && headers.size() < MAX_HEADERS) {
                // astman_get_header skips the blanks after the colon
                headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).stripLeading()});
            }
        }
    }
}
