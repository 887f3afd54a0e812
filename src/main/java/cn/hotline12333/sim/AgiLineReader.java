package cn.hotline12333.sim;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Cuts the server's bytes into command lines as res_agi.c's run_agi reads them: fgets into a buffer of
 * AGI_BUF_LEN (8192 bytes since Asterisk 22.6; 2048 before), the {@code \n} dropped. A longer line is not
 * refused: its first 8191 bytes are taken as one command and the rest is read as the next line.
 */
final class AgiLineReader extends ByteToMessageDecoder {

    static final int AGI_BUF_LEN = 8192;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int newline = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            int length = newline < 0 ? in.readableBytes() : newline - in.readerIndex();
            if (length >= AGI_BUF_LEN - 1) {
                out.add(in.readCharSequence(AGI_BUF_LEN - 1, StandardCharsets.UTF_8).toString());
            } else if (newline >= 0) {
                out.add(in.readCharSequence(length, StandardCharsets.UTF_8).toString());
                in.skipBytes(1);
            } else {
                return;
            }
        }
    }
}
