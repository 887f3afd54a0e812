package cn.hotline12333.agi;

import cn.hotline12333.agi.AgiCommand.Step;
import cn.hotline12333.ivr.Hotline;
import cn.hotline12333.ivr.IvrAction;
import cn.hotline12333.ivr.IvrCall;
import cn.hotline12333.ivr.IvrEvent;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one IvrCall over one AGI connection (docs/driver.md): one command in flight, each reply paired with it,
 * actions turned into commands and replies into events, until End closes the socket.
 * <pre>
 *   WAITING --env--> RUNNING --End--> ENDED
 *      |                |  IvrCall threw, or unknown script
 *      |                v
 *      +--------> FAREWELL (SET VARIABLE HOTLINE_RESULT "error", then close) --> ENDED
 * </pre>
 */
final class CallHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(CallHandler.class);
    // An IvrCall that keeps answering actions that need no I/O (a command on a closed link) without reaching
    // End is a bug; this bounds the loop instead of spinning the event loop forever.
    private static final int MAX_ACTIONS_WITHOUT_IO = 10_000;

    private enum Phase { WAITING, RUNNING, FAREWELL, ENDED }

    /** Told: the IvrCall has heard the caller hung up, so later HANGUP lines change nothing. */
    private enum Caller { PRESENT, GONE_UNTOLD, GONE_TOLD }

    private final Hotline hotline;
    private final Duration replyTimeout;
    private final Executor work;
    private final Turnarounds turnarounds;

    // Every field below is read and written on this channel's event loop only: Netty calls the handler there
    // and work results are posted back with eventLoop().execute. So no lock and no volatile.
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.WAITING;
    private Caller caller = Caller.PRESENT;
    private boolean linkDown;
    private String callId = "-";
    private IvrCall call;
    private AgiCommand inFlight;
    private ScheduledFuture<?> deadline;
    private long startNanos;
    // When Asterisk last gave us the floor (a reply, or the environment block): 0 while a command is out.
    private long floorSince;

    CallHandler(Hotline hotline, Duration replyTimeout, Executor work, Turnarounds turnarounds) {
        this.hotline = hotline;
        this.replyTimeout = replyTimeout;
        this.work = work;
        this.turnarounds = turnarounds;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof AgiMessage) || linkDown) {
            return; // lines still decoded after we closed belong to no command
        }
        if (msg instanceof AgiMessage.CallerHungUp) {
            if (caller == Caller.PRESENT) {
                caller = Caller.GONE_UNTOLD;
            }
        } else if (msg instanceof AgiEnvironment env) {
            started(env);
        } else if (msg instanceof AgiReply reply) {
            replied(reply);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        linkDown = true;
        if (phase == Phase.WAITING && Peer.firstComplaint(ctx.channel())) {
            log.info("event=closed_before_env remote={}", Peer.host(ctx.channel()));
        }
        AgiCommand lost = takeInFlight();
        if (lost != null) {
            log.info("event=connection_closed call={} command={}", callId, lost.name());
            if (phase == Phase.FAREWELL) {
                end();
            } else {
                drive(new IvrEvent.CommandFailed("connection closed during " + lost.name()));
            }
        }
        ctx.fireChannelInactive();
    }

    private void started(AgiEnvironment env) {
        callId = env.uniqueId();
        Peer.nameCall(ctx.channel(), callId);
        startNanos = System.nanoTime();
        floorSince = startNanos;
        phase = Phase.RUNNING;
        log.info("event=call_start call={} script={} channel={}", callId, env.script(), env.channel());
        Optional<IvrCall> opened;
        try {
            opened = hotline.open(env.callInfo(Peer.host(ctx.channel())));
        } catch (RuntimeException bug) {
            failed(bug);
            return;
        }
        if (opened.isEmpty()) {
            log.warn("event=unknown_script call={} script={}", callId, env.script());
            farewell();
            return;
        }
        call = opened.get();
        act(() -> call.start());
    }

    private void replied(AgiReply reply) {
        floorSince = System.nanoTime();
        AgiCommand command = takeInFlight();
        if (command == null) {
            if (Peer.firstComplaint(ctx.channel())) {
                log.warn("event=unexpected_reply call={} remote={}", callId, Peer.host(ctx.channel()));
            }
            closeLink();
            return;
        }
        if (reply.status() == AgiReply.Status.UNKNOWN_COMMAND || reply.status() == AgiReply.Status.BAD_SYNTAX) {
            log.warn("event=agi_{} call={} command={}", reply.code(), callId, command.name());
        }
        if (phase == Phase.FAREWELL) {
            end();
            return;
        }
        Step step = command.read(reply);
        if (step instanceof Step.Send send) {
            send(send.next());
        } else if (step instanceof Step.Deliver deliver) {
            if (deliver.callerGone() && caller == Caller.PRESENT) {
                caller = Caller.GONE_UNTOLD;
            }
            drive(deliver.event());
        }
    }

    private void replyTimedOut() {
        AgiCommand late = takeInFlight();
        if (late == null) {
            return;
        }
        log.warn("event=reply_timeout call={} command={} ms={}", callId, late.name(), replyWindow(late));
        closeLink();
        if (phase == Phase.FAREWELL) {
            end();
        } else {
            drive(new IvrEvent.CommandFailed("reply timeout " + late.name()));
        }
    }

    private void workFinished(IvrEvent event) {
        if (phase == Phase.RUNNING) {
            drive(event);
        }
    }

    private void drive(IvrEvent event) {
        act(() -> {
            noteTold(event);
            return call.on(event);
        });
    }

    /** Performs actions until one needs to wait for Asterisk or for work, or the call ends. */
    private void act(Supplier<IvrAction> first) {
        if (phase != Phase.RUNNING) {
            return;
        }
        try {
            IvrAction action = first.get();
            for (int i = 0; i < MAX_ACTIONS_WITHOUT_IO; i++) {
                IvrEvent now = perform(action);
                if (now == null) {
                    return;
                }
                noteTold(now);
                action = call.on(now);
            }
            throw new IllegalStateException("IvrCall answered " + MAX_ACTIONS_WITHOUT_IO
                    + " actions in a row without waiting or ending");
        } catch (RuntimeException bug) {
            failed(bug);
        }
    }

    /** Does the action and returns the event that answers it at once, or null when the call now waits. */
    private IvrEvent perform(IvrAction action) {
        if (action instanceof IvrAction.End) {
            end();
            return null;
        }
        if (action instanceof IvrAction.Work job) {
            return BlockingWork.submit(job, work, ctx.channel().eventLoop(), callId, this::workFinished);
        }
        if (caller == Caller.GONE_UNTOLD) {
            return new IvrEvent.CallerHungUp(); // in place of this command, which a dead channel would refuse
        }
        if (linkDown) {
            return new IvrEvent.CommandFailed("connection closed");
        }
        send(AgiCommand.of(action));
        return null;
    }

    private void noteTold(IvrEvent event) {
        if (event instanceof IvrEvent.CallerHungUp
                || (event instanceof IvrEvent.QueueLeft left && left.callerHungUp())) {
            caller = Caller.GONE_TOLD;
        }
    }

    private void send(AgiCommand command) {
        if (inFlight != null) {
            throw new IllegalStateException("command " + command.name() + " while " + inFlight.name() + " in flight");
        }
        inFlight = command;
        if (floorSince != 0) {
            turnarounds.record(System.nanoTime() - floorSince);
            floorSince = 0;
        }
        deadline = command.ownTime() == null ? null
                : ctx.executor().schedule(this::replyTimedOut, replyWindow(command), TimeUnit.MILLISECONDS);
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), command.line() + "\n"))
                .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    private long replyWindow(AgiCommand command) {
        return Math.max(0, command.ownTime().toMillis()) + replyTimeout.toMillis();
    }

    private AgiCommand takeInFlight() {
        AgiCommand command = inFlight;
        inFlight = null;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        return command;
    }

    /** Our bug (the IvrCall or Hotline threw): logged once with its stack, and the dialplan's fallback takes over. */
    private void failed(RuntimeException bug) {
        log.error("event=ivr_failed call={}", callId, bug);
        call = null;
        farewell();
    }

    // The dialplan reads HOTLINE_RESULT after AGI() returns and sends "error" to the fallback queue.
    private void farewell() {
        if (linkDown || inFlight != null) {
            end();
            return;
        }
        phase = Phase.FAREWELL;
        send(AgiCommand.setVariable("HOTLINE_RESULT", "error"));
    }

    private void end() {
        if (phase == Phase.ENDED) {
            return;
        }
        phase = Phase.ENDED;
        call = null;
        takeInFlight();
        log.info("event=call_end call={} ms={}", callId, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        closeLink();
    }

    private void closeLink() {
        linkDown = true;
        ctx.close();
    }
}
