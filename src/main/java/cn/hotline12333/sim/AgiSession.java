package cn.hotline12333.sim;

import cn.hotline12333.sim.EmulatedCall.Direction;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FastAGI session as res_agi.c's run_agi runs it: the environment block, then one command at a time
 * (lines that arrive meanwhile wait, as they wait in Asterisk's socket buffer), each answered in order.
 *
 * <p>A hang-up is told with a bare {@code HANGUP} line about 40 ms later, or at once before the server's next
 * command is run if that comes first (transcript hangup.txt: it arrives after the next command, before that
 * command's 511). From then on the channel is dead and commands without res_agi's dead flag answer 511; the
 * session stays open until the server closes it.
 *
 * <p>Every field is touched only on this channel's event loop thread (handlers, timers and the agent pool's
 * callbacks all run there), so none needs to be volatile.
 */
final class AgiSession extends SimpleChannelInboundHandler<String> {

    private static final Logger log = LoggerFactory.getLogger(AgiSession.class);
    private static final String NOT_PERMITTED = "511 Command Not Permitted on a dead channel or intercept routine\n";

    private final CallerChannel caller;
    private final EmulatorSettings settings;
    private final Map<String, AgentPool> pools;
    private final InetSocketAddress server;
    private final CompletableFuture<EmulatedCall> result;
    private final LongSupplier clock;
    private final boolean sendHangupLine;
    private final boolean exitOnHangup;
    private final List<EmulatedCall.Line> lines = new ArrayList<>();
    private final List<EmulatedCall.Turnaround> turnarounds = new ArrayList<>();
    private final Deque<String> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private long connectedNanos;
    private long lastReplyNanos;
    private boolean busy;
    private int commandsAnswered;
    private boolean noticePending;
    private ScheduledFuture<?> replyTimer;
    private ScheduledFuture<?> noticeTimer;
    private ScheduledFuture<?> silenceTimer;
    private QueueCall queueCall;
    private boolean finished;

    AgiSession(CallScript script, EmulatorSettings settings, Map<String, AgentPool> pools,
               InetSocketAddress server, CompletableFuture<EmulatedCall> result, LongSupplier clock) {
        this.caller = new CallerChannel(script);
        this.settings = settings;
        this.pools = pools;
        this.server = server;
        this.result = result;
        this.clock = clock;
        // run_agi reads both once, before the environment block
        this.sendHangupLine = !ChannelVariables.isFalse(script.variables().get("AGISIGHUP"));
        this.exitOnHangup = ChannelVariables.isTrue(script.variables().get("AGIEXITONHANGUP"));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        connectedNanos = clock.getAsLong();
        write(EnvironmentBlock.render(caller.script(), server));
        lastReplyNanos = clock.getAsLong();
        armSilence();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, String line) {
        long now = clock.getAsLong();
        record(Direction.FROM_SERVER, now, line);
        turnarounds.add(new EmulatedCall.Turnaround(line, now - lastReplyNanos, now - connectedNanos));
        if (!busy) {
            caller.advance(TimeUnit.NANOSECONDS.toMillis(now - lastReplyNanos));
        }
        cancel(silenceTimer);
        waiting.add(line);
        drain();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end(EmulatedCall.End.SERVER_CLOSED, null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // a reset connection is the server going away, as Asterisk sees it
            end(EmulatedCall.End.SERVER_CLOSED, cause.toString());
            return;
        }
        log.warn("event=emulator_failed call={}", caller.uniqueId(), cause);
        end(EmulatedCall.End.FAILED, cause.toString());
    }

    CallerChannel caller() {
        return caller;
    }

    AgentPool pool(String queue) {
        return pools.get(queue);
    }

    /** Runs {@code task} on this call's loop after {@code modelMs} of model time, scaled to real time. */
    ScheduledFuture<?> schedule(long modelMs, Runnable task) {
        return ctx.executor().schedule(task, caller.script().timing().realNanos(modelMs), TimeUnit.NANOSECONDS);
    }

    /** Now, in nanoseconds, on the clock the session times everything by. */
    long nanoTime() {
        return clock.getAsLong();
    }

    void execute(Runnable task) {
        ctx.executor().execute(task);
    }

    void queueStarted(QueueCall call) {
        queueCall = call;
    }

    /** The reply to the command in progress, for handlers that answered {@link Reply#LATER}. */
    void reply(Reply.Text text) {
        queueCall = null;
        deliver(text);
    }

    private void drain() {
        while (!busy && !finished && !waiting.isEmpty()) {
            String line = waiting.poll();
            if (noticePending) {
                hangupNotice();
                if (finished) {
                    return;
                }
            }
            if (line.length() >= 7 && AgiArguments.equalsIgnoringAsciiCase(line.substring(0, 7), "failure")) {
                // res_agi: a script that could not start says "failure"; the AGI ends with FAILURE
                caller.scriptFailed();
                if (sendHangupLine) {
                    write("HANGUP\n");
                }
                end(EmulatedCall.End.EMULATOR_CLOSED, "the server sent a failure line");
                return;
            }
            run(line);
        }
    }

    private void run(String line) {
        busy = true;
        List<String> argv = AgiArguments.parse(line);
        AgiCommandTable.Command command = AgiCommandTable.find(argv);
        if (command == null) {
            deliver(Reply.now("510 Invalid or unknown command\n"));
            return;
        }
        if (caller.dead() && !command.allowedDead()) {
            deliver(Reply.now(NOT_PERMITTED));
            return;
        }
        if (command.handler() == null) {
            end(EmulatedCall.End.EMULATOR_CLOSED, "command not emulated: " + command.name());
            return;
        }
        Reply reply = command.handler().run(argv, this);
        if (reply instanceof Reply.NotEmulated notEmulated) {
            end(EmulatedCall.End.EMULATOR_CLOSED, notEmulated.problem());
        } else if (reply instanceof Reply.Usage) {
            deliver(Reply.now(usage(command)));
        } else if (reply instanceof Reply.Text text) {
            if (text.modelMs() == 0) {
                deliver(text);
            } else if (text.modelMs() > 0) {
                replyTimer = schedule(text.modelMs(), () -> deliver(text));
            } // negative: the caller waits forever, as Asterisk would
        }
    }

    private static String usage(AgiCommandTable.Command command) {
        if (command.usage() == null || command.usage().isEmpty()) {
            return "520 Invalid command syntax.  Proper usage not available.\n";
        }
        return "520-Invalid command syntax.  Proper usage follows:\n" + command.usage()
                + "\n520 End of proper usage.\n";
    }

    private void deliver(Reply.Text text) {
        if (finished) {
            return;
        }
        replyTimer = null;
        busy = false;
        caller.advance(text.modelMs());
        if (text.callerHangsUp()) {
            caller.hangUp();
        }
        if (text.failure()) {
            caller.commandFailed();
        }
        write(text.text());
        lastReplyNanos = clock.getAsLong();
        commandsAnswered++;
        if (commandsAnswered == caller.script().hangUpAfterCommands()) {
            caller.hangUp();
        }
        if (caller.hungUp() && !caller.dead() && !noticePending) {
            noticePending = true;
            noticeTimer = ctx.executor().schedule(this::hangupNotice, settings.hangupNotice().toNanos(),
                    TimeUnit.NANOSECONDS);
        }
        armSilence();
        drain();
    }

    private void hangupNotice() {
        if (!noticePending || finished) {
            return;
        }
        noticePending = false;
        cancel(noticeTimer);
        caller.markDead();
        if (sendHangupLine) {
            write("HANGUP\n");
        }
        if (exitOnHangup) {
            // run_agi leaves its loop and, on the way out, writes HANGUP once more
            if (sendHangupLine) {
                write("HANGUP\n");
            }
            end(EmulatedCall.End.EMULATOR_CLOSED, "AGIEXITONHANGUP: Asterisk ends the AGI after a hang-up");
        }
    }

    private void armSilence() {
        cancel(silenceTimer);
        if (!settings.serverSilence().isZero()) {
            silenceTimer = ctx.executor().schedule(() -> {
                if (!busy && waiting.isEmpty()) {
                    end(EmulatedCall.End.EMULATOR_CLOSED, "the server sent no command for "
                            + settings.serverSilence().toMillis() + " ms");
                }
            }, settings.serverSilence().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void write(String text) {
        long now = clock.getAsLong();
        int from = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
            record(Direction.TO_SERVER, now, text.substring(from, nl));
            from = nl + 1;
        }
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), text));
    }

    private void record(Direction direction, long nanos, String text) {
        if (settings.keepLines()) {
            lines.add(new EmulatedCall.Line(direction, nanos - connectedNanos, text));
        }
    }

    private void end(EmulatedCall.End how, String problem) {
        if (finished) {
            return;
        }
        finished = true;
        cancel(replyTimer);
        cancel(noticeTimer);
        cancel(silenceTimer);
        if (queueCall != null) {
            queueCall.sessionEnded();
        }
        Map<String, String> variables = new HashMap<>(caller.variables().snapshot());
        variables.put("AGISTATUS", caller.agiStatus());
        result.complete(new EmulatedCall(caller.uniqueId(), how, problem, lines, caller.prompts(), variables,
                turnarounds, caller.hungUp()));
        if (ctx != null && ctx.channel().isOpen()) {
            ctx.close();
        }
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
