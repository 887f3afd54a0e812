package cn.hotline12333.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * The body of a streamed answer as an OutputStream on a web worker: bytes gather in a buffer of
 * {@link #CHUNK} bytes, each full buffer goes to the channel as one HTTP chunk, and while the channel is not
 * writable (the client reads slower than we write, Netty's outbound buffer is over its high-water mark) the
 * worker waits for that chunk to leave. So at most about two chunks plus Netty's water mark are ever held,
 * however long the export. A client that stops reading for {@link #STALL_SECONDS} or goes away ends it with an
 * IOException.
 */
final class ChunkedOutput extends OutputStream {
    static final int CHUNK = 64 * 1024;
    static final long STALL_SECONDS = 60;

    private final ChannelHandlerContext ctx;
    private ByteBuf buffer;
    private long bytes;
    private boolean closed;

    ChunkedOutput(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void write(int b) throws IOException {
        buffer().writeByte(b);
        if (buffer.readableBytes() >= CHUNK) {
            send();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            ByteBuf buf = buffer();
            int n = Math.min(len, CHUNK - buf.readableBytes());
            buf.writeBytes(b, off, n);
            off += n;
            len -= n;
            if (buf.readableBytes() >= CHUNK) {
                send();
            }
        }
    }

    @Override
    public void flush() {
        // Chunks leave when full or at close; a flush from a Writer above must not send tiny chunks.
    }

    /** Sends what is left and the last chunk. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        send();
        closed = true;
        ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        await(last);
    }

    /** Drops what was not sent, for a body that failed halfway. */
    void discard() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
        closed = true;
    }

    long bytes() {
        return bytes;
    }

    private ByteBuf buffer() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (buffer == null) {
            buffer = ctx.alloc().buffer(CHUNK, CHUNK);
        }
        return buffer;
    }

    private void send() throws IOException {
        if (buffer == null || buffer.readableBytes() == 0) {
            return;
        }
        if (!ctx.channel().isActive()) {
            discard();
            throw new IOException("client closed the connection");
        }
        ByteBuf chunk = buffer;
        buffer = null;
        bytes += chunk.readableBytes();
        ChannelFuture sent = ctx.writeAndFlush(new DefaultHttpContent(chunk));
        if (!ctx.channel().isWritable()) {
            await(sent);
        }
    }

    private void await(ChannelFuture sent) throws IOException {
        if (!sent.awaitUninterruptibly(STALL_SECONDS, TimeUnit.SECONDS)) {
            ctx.close();
            throw new IOException("client read nothing for " + STALL_SECONDS + " s");
        }
        if (!sent.isSuccess()) {
            throw new IOException("client went away: " + sent.cause());
        }
    }
}
