package cn.hotline12333.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The floor of the FastAGI benchmark: a Netty FastAGI server with no logic at all (no flows, no Redis, no
 * records, no logging per call). Each call names its path in {@code agi_arg_1}; the floor answers it with the
 * command lines our server sent on that path (recorded by the bench just before), one per reply, whatever the
 * replies say, and closes after the last reply. Same event loops, same line framing, same TCP_NODELAY and one
 * write-and-flush per command as {@code agi.AgiServer}: what is left between the two is our server's own work,
 * so the bench prints ours beside this one, measured the same way in the same run.
 *
 * <p>Arguments: the port, and a file of {@code PATH<TAB>command line} lines, each path's commands in order.
 */
public final class FloorServer implements AutoCloseable {

    private final EventLoopGroup acceptor;
    private final EventLoopGroup loops;
    private final Channel listener;

    private FloorServer(EventLoopGroup acceptor, EventLoopGroup loops, Channel listener) {
        this.acceptor = acceptor;
        this.loops = loops;
        this.listener = listener;
    }

    /** Listens on loopback {@code port} (0: any free one) and serves {@code transcripts} by path name. */
    static FloorServer start(int port, Map<String, List<String>> transcripts) {
        Map<String, byte[][]> commands = new LinkedHashMap<>();
        transcripts.forEach((path, lines) -> commands.put(path, lines.stream()
                .map(line -> (line + "\n").getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new)));
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("floor-accept"),
                NioIoHandler.newFactory());
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("floor-io"),
                NioIoHandler.newFactory());
        Channel listener = new ServerBootstrap().group(acceptor, loops)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096) // as agi.AgiServer
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new LineBasedFrameDecoder(2048, true, true),
                                new FloorCall(commands));
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), port).syncUninterruptibly().channel();
        return new FloorServer(acceptor, loops, listener);
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** {@code PATH<TAB>command} lines, in order, to each path's command lines. */
    static Map<String, List<String>> readTranscripts(Path file) throws IOException {
        Map<String, List<String>> transcripts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                transcripts.computeIfAbsent(line.substring(0, tab), p -> new ArrayList<>()).add(line.substring(tab + 1));
            }
        }
        return transcripts;
    }

    static void writeTranscripts(Path file, Map<String, List<String>> transcripts) throws IOException {
        StringBuilder text = new StringBuilder();
        transcripts.forEach((path, lines) -> lines.forEach(l -> text.append(path).append('\t').append(l).append('\n')));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2 || !args[0].matches("[1-9][0-9]{0,4}")) {
            System.err.println("usage: FloorServer <port> <transcripts file: PATH<TAB>command per line>");
            System.exit(2);
        }
        FloorServer floor = start(Integer.parseInt(args[0]), readTranscripts(Path.of(args[1])));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            floor.close();
            stopped.countDown();
        }, "floor-shutdown"));
        System.out.println("event=floor_listening port=" + floor.port());
        stopped.await();
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /**
     * One call: the environment block, then the path's next command after each reply. A bare HANGUP line is
     * no reply (Asterisk sends it beside them), and a 520 usage text is one reply ended by its "520 " line.
     * Fields are touched only on the channel's event loop.
     */
    private static final class FloorCall extends SimpleChannelInboundHandler<ByteBuf> {
        private final Map<String, byte[][]> transcripts;
        private byte[][] commands;
        private String path;
        private int next;
        private boolean inEnvironment = true;
        private boolean inUsage;

        FloorCall(Map<String, byte[][]> transcripts) {
            this.transcripts = transcripts;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            if (inEnvironment) {
                if (line.readableBytes() == 0) {
                    inEnvironment = false;
                    commands = path == null ? null : transcripts.get(path);
                    sendNext(ctx);
                } else if (startsWith(line, "agi_arg_1:")) {
                    path = line.toString(10, line.readableBytes() - 10, StandardCharsets.US_ASCII).strip();
                }
                return;
            }
            if (startsWith(line, "HANGUP") && line.readableBytes() == 6) {
                return;
            }
            if (inUsage || startsWith(line, "520-")) {
                inUsage = !startsWith(line, "520 ");
                if (inUsage) {
                    return;
                }
            }
            sendNext(ctx);
        }

        private void sendNext(ChannelHandlerContext ctx) {
            if (commands == null || next >= commands.length) {
                ctx.close();
                return;
            }
            byte[] command = commands[next++];
            ctx.writeAndFlush(ctx.alloc().buffer(command.length).writeBytes(command));
        }

        private static boolean startsWith(ByteBuf line, String prefix) {
            if (line.readableBytes() < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (line.getByte(line.readerIndex() + i) != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset by the caller's side: nothing to log in a floor
        }
    }
}
