package cn.hotline12333.agi;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import cn.hotline12333.ivr.CallInfo;
import cn.hotline12333.ivr.Hotline;
import cn.hotline12333.ivr.IvrAction;
import cn.hotline12333.ivr.IvrCall;
import cn.hotline12333.ivr.IvrEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.mockito.ArgumentCaptor;

/**
 * The server's pipeline on an EmbeddedChannel with a scripted IvrCall (a Mockito mock at the ivr seam): the
 * call answers each event with the next scripted action, End when the script runs out, and keeps what it heard.
 */
final class EmbeddedCall {
    final Turnarounds turnarounds = new Turnarounds();
    static final AgiServerSettings SETTINGS = new AgiServerSettings("127.0.0.1", 0, 4096, 200,
            Duration.ofSeconds(10), Duration.ofSeconds(60), 100, 2, 10);
    static final String ENV = "agi_network: yes\nagi_network_script: hotline?x=y\nagi_request: agi://10.0.0.1:4573/hotline\n"
            + "agi_channel: PJSIP/trunk-00000009\nagi_language: zh\nagi_uniqueid: 1795387794.19\n"
            + "agi_callerid: 13800138000\nagi_dnid: 12333\nagi_context: from-trunk\nagi_extension: 12333\n"
            + "agi_arg_1: first\n\n";

    final Hotline hotline = mock(Hotline.class);
    final IvrCall call = mock(IvrCall.class);
    final List<IvrEvent> heard = new ArrayList<>();
    final EmbeddedChannel channel = new EmbeddedChannel();
    private final Deque<IvrAction> script = new ArrayDeque<>();

    EmbeddedCall(Executor work, IvrAction first, IvrAction... then) {
        when(hotline.open(any())).thenReturn(Optional.of(call));
        when(call.start()).thenReturn(first);
        script.addAll(Arrays.asList(then));
        when(call.on(any())).thenAnswer(invocation -> {
            heard.add(invocation.getArgument(0));
            return script.isEmpty() ? new IvrAction.End() : script.poll();
        });
        AgiServer.pipeline(channel.pipeline(), SETTINGS, hotline, work, turnarounds);
    }

    EmbeddedCall(IvrAction first, IvrAction... then) {
        this(Runnable::run, first, then);
    }

    /** Asterisk sends these lines (each ends in \n); pending loop tasks (work results) run after. */
    EmbeddedCall asterisk(String... lines) {
        for (String line : lines) {
            if (channel.isOpen()) {
                channel.writeInbound(Unpooled.copiedBuffer(line + "\n", StandardCharsets.UTF_8));
            }
        }
        channel.runPendingTasks();
        channel.checkException();
        return this;
    }

    EmbeddedCall connect() {
        channel.writeInbound(Unpooled.copiedBuffer(ENV, StandardCharsets.UTF_8));
        channel.runPendingTasks();
        return this;
    }

    /** Lines we wrote to Asterisk since the last call, without their \n. */
    List<String> sent() {
        List<String> lines = new ArrayList<>();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            String text = buf.toString(StandardCharsets.UTF_8);
            buf.release();
            lines.addAll(Arrays.asList(text.split("\n")));
        }
        return lines;
    }

    CallInfo openedWith() {
        ArgumentCaptor<CallInfo> info = ArgumentCaptor.forClass(CallInfo.class);
        org.mockito.Mockito.verify(hotline).open(info.capture());
        return info.getValue();
    }
}
