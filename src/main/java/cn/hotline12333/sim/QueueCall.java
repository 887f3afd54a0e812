package cn.hotline12333.sim;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * One caller in app_queue's Queue("name,options,,,timeout"), run on the call's event loop.
 *
 * <pre>
 *   join ──agent offered──▶ RINGING ──answerDelay──▶ TALKING ──talkTime──▶ agent hangs up
 *    │ WAITING                 │                                          c: 0, CONTINUE
 *    │    ▲                    │ ring runs out (every n-th ring, QueueBehaviour.missEvery): RINGNOANSWER,
 *    │    └────────────────────┘ the caller rings the next free agent, first in line
 *    ├─ timeout ───────────────┤  0, TIMEOUT, ABANDONED=TRUE              else: -1, caller hung up
 *    ├─ leave-empty ───────────┤  0, LEAVEEMPTY, ABANDONED=TRUE
 *    └─ caller gives up ───────┘  -1, caller hung up, ABANDONED=TRUE, QUEUESTATUS untouched
 * </pre>
 * Queue first sets ANSWEREDTIME, DIALEDTIME, QUEUEWAIT (and their _MS twins) to "" and unsets ABANDONED
 * (app_queue.c queue_exec); a queue that does not exist or refuses callers answers 0 at once with its
 * QUEUESTATUS and leaves them so. When an agent answers, app_queue with {@code setinterfacevar=yes} (our
 * queues.conf) sets MEMBERINTERFACE, MEMBERNAME, MEMBERCALLS, MEMBERLASTCALL, MEMBERPENALTY, MEMBERDYNAMIC and
 * MEMBERREALTIME on the caller's channel (app_queue.c setup_member_variables... in try_calling); they stay after
 * Queue() returns. QUEUEWAIT counts whole seconds ({@code time()} differences, ×1000 for _MS;
 * AMI transcripts show 0, 5000, 20000), ANSWEREDTIME_MS and DIALEDTIME_MS milliseconds.
 *
 * <p>Events are ordered in model time: at scale 0 every timer fires at once, but the earliest model event
 * still wins, so a test at scale 0 sees the same outcome as a real-time call. An agent freed by another call
 * arrives in real time; at scale 0 no model time passes while a caller waits for one.
 */
final class QueueCall {

    private enum Phase { WAITING, RINGING, TALKING, DONE }

    private enum Event { TIMEOUT, LEAVE_EMPTY, GIVE_UP, ANSWER, NO_ANSWER, TALK_END }

    private static final long NEVER = Long.MAX_VALUE;
    private static final String[] TIMES = {"ANSWEREDTIME", "ANSWEREDTIME_MS", "DIALEDTIME", "DIALEDTIME_MS",
            "QUEUEWAIT", "QUEUEWAIT_MS"};

    private final AgiSession session;
    private final CallerChannel caller;
    private final AgentPool pool;
    private final QueueBehaviour queue;
    private final boolean continueAfter;
    private final long timeoutAt;
    private final long giveUpAt;
    private final long leaveEmptyAt;
    private final long ageAtJoin;
    private final IntConsumer offer = this::offered;
    private final long joinedNanos;
    private final long joinedEpochMs = System.currentTimeMillis();
    private final QueueEvents events;
    private int originalPosition;
    private long ringingSince;
    private Phase phase = Phase.WAITING;
    private long lastEventAt;
    private long answerAt = NEVER;
    private long noAnswerAt = NEVER;
    private long talkEndAt = NEVER;
    private ScheduledFuture<?> timer;
    private int generation;
    // the agent ringing (the one who will answer) or talking, 0 while none
    private int agent;
    // every agent ringing for this caller, in ring order (more than one in a ring-all queue)
    private int[] rung = {};

    private QueueCall(AgiSession session, AgentPool pool, boolean continueAfter, long timeoutAt) {
        this.session = session;
        this.caller = session.caller();
        this.pool = pool;
        this.queue = pool.behaviour();
        this.continueAfter = continueAfter;
        this.timeoutAt = timeoutAt;
        // a hung-up channel leaves at once: wait_our_turn's first wait fails
        this.giveUpAt = caller.hungUp() ? 0
                : caller.script().queuePatience() == null ? NEVER : caller.script().queuePatience().toMillis();
        this.leaveEmptyAt = queue.leaveEmptyAfter() == null ? NEVER : queue.leaveEmptyAfter().toMillis();
        this.ageAtJoin = caller.ageMs();
        this.joinedNanos = session.nanoTime();
        this.events = pool.events();
    }

    static Reply exec(String data, AgiSession session) {
        ChannelVariables variables = session.caller().variables();
        for (String name : TIMES) {
            variables.set(name, "");
        }
        if (data.isEmpty()) {
            return Reply.now("200 result=-1\n"); // "Queue requires an argument"
        }
        List<String> args = ExecCommand.applicationArgs(data);
        variables.unset("ABANDONED");
        AgentPool pool = session.pool(args.get(0));
        if (pool == null) {
            variables.set("QUEUESTATUS", "UNKNOWN");
            return Reply.now("200 result=0\n");
        }
        if (pool.behaviour().refusal() != null) {
            variables.set("QUEUESTATUS", pool.behaviour().refusal().name());
            return Reply.now("200 result=0\n");
        }
        String options = args.size() > 1 ? args.get(1) : "";
        String timeout = args.size() > 4 ? args.get(4) : "";
        // an empty timeout waits forever; "0" (or junk, atoi 0) expires at once
        long timeoutAt = timeout.isEmpty() ? NEVER : Math.max(0, AgiArguments.atoi(timeout)) * 1000;
        QueueCall call = new QueueCall(session, pool, hasOption(options, 'c'), timeoutAt);
        session.queueStarted(call);
        call.originalPosition = pool.join(call.offer);
        call.events.callerJoined(pool.name(), call.caller.uniqueId(), call.caller.callerId(), call.originalPosition,
                call.epochMs(0));
        call.reschedule();
        return Reply.LATER;
    }

    /** The server closed the socket: a waiting caller leaves; a conversation goes on to its end. */
    void sessionEnded() {
        if (phase == Phase.WAITING || phase == Phase.RINGING) {
            long at = now();
            tellLeft(Event.GIVE_UP, leave(Event.GIVE_UP, at), at);
            cancel();
        }
    }

    private void offered(int offeredAgent) {
        // the pool calls from whichever loop freed the agent: hop onto ours
        session.execute(() -> ring(offeredAgent));
    }

    private void ring(int offeredAgent) {
        int[] together = pool.rungWith(offer, offeredAgent);
        if (phase != Phase.WAITING) {
            for (int a : together) {
                pool.release(a);
            }
            return;
        }
        agent = offeredAgent;
        rung = together;
        phase = Phase.RINGING;
        ringingSince = now();
        if (rung.length == 1 && pool.missesNextRing()) {
            noAnswerAt = ringingSince + queue.ringTimeout().toMillis();
        } else {
            answerAt = ringingSince + queue.answerDelay().toMillis();
        }
        for (int a : rung) {
            events.agentRung(pool.name(), caller.uniqueId(), pool.memberName(a), epochMs(ringingSince));
        }
        reschedule();
    }

    private long now() {
        double scale = caller.script().timing().scale();
        if (scale == 0) {
            return lastEventAt;
        }
        return Math.max(lastEventAt, (long) ((session.nanoTime() - joinedNanos) / 1e6 / scale));
    }

    private void reschedule() {
        cancel();
        Event event;
        long at;
        if (phase == Phase.TALKING) {
            event = Event.TALK_END;
            at = talkEndAt;
        } else {
            event = Event.TIMEOUT;
            at = timeoutAt;
            if (leaveEmptyAt < at) {
                event = Event.LEAVE_EMPTY;
                at = leaveEmptyAt;
            }
            if (giveUpAt < at) {
                event = Event.GIVE_UP;
                at = giveUpAt;
            }
            if (answerAt < at) {
                event = Event.ANSWER;
                at = answerAt;
            }
            if (noAnswerAt < at) {
                event = Event.NO_ANSWER;
                at = noAnswerAt;
            }
        }
        if (at == NEVER) {
            return; // waits for an agent
        }
        int expected = ++generation;
        Event chosen = event;
        long when = at;
        timer = session.schedule(Math.max(0, at - now()), () -> {
            if (expected == generation) {
                lastEventAt = when;
                fire(chosen, when);
            }
        });
    }

    private void fire(Event event, long at) {
        ChannelVariables variables = caller.variables();
        switch (event) {
            case ANSWER -> {
                phase = Phase.TALKING;
                variables.set("QUEUEPOSITION", "1");
                memberVariables(variables);
                duration("QUEUEWAIT", at / 1000 * 1000);
                talkEndAt = at + queue.talkTime().toMillis();
                events.agentConnected(pool.name(), caller.uniqueId(), pool.memberName(agent),
                        AgentPool.agentLeg(epochMs(at) / 1000), at / 1000, (at - ringingSince) / 1000, epochMs(at));
                // ring-all: the other rings were cancelled (hangupcalls: no queue_log line, no AMI queue event)
                releaseAllBut(agent);
                reschedule();
            }
            case NO_ANSWER -> {
                int missed = agent;
                events.ringNoAnswer(pool.name(), caller.uniqueId(), pool.memberName(missed), at - ringingSince,
                        epochMs(at));
                agent = 0;
                rung = new int[0];
                noAnswerAt = NEVER;
                phase = Phase.WAITING;
                session.schedule(queue.ringTimeout().toMillis(), () -> pool.release(missed));
                int next = pool.rejoin(offer);
                if (next != 0) {
                    ring(next); // on our loop already, and in the same model instant
                } else {
                    reschedule();
                }
            }
            case TALK_END -> {
                phase = Phase.DONE;
                int finished = agent;
                long hold = answerAt / 1000;
                // the emulated agent always hangs up first
                events.callCompleted(pool.name(), caller.uniqueId(), pool.memberName(finished), hold,
                        queue.talkTime().toMillis() / 1000, originalPosition, true, epochMs(at));
                session.schedule(queue.wrapUp().toMillis(), () -> pool.release(finished));
                duration("ANSWEREDTIME", queue.talkTime().toMillis());
                duration("DIALEDTIME", ageAtJoin + at);
                if (continueAfter) {
                    variables.set("QUEUESTATUS", "CONTINUE");
                    finish("200 result=0\n", at, false);
                } else {
                    // the bridge ends and takes the caller's channel down with it (ami-queue-answered.txt)
                    finish("200 result=-1\n", at, true);
                }
            }
            default -> {
                int position = Math.max(1, leave(event, at));
                tellLeft(event, position, at);
                variables.set("QUEUEPOSITION", Integer.toString(position));
                variables.set("ABANDONED", "TRUE");
                duration("QUEUEWAIT", at / 1000 * 1000);
                duration("DIALEDTIME", ageAtJoin + at);
                duration("ANSWEREDTIME", 0);
                switch (event) {
                    case TIMEOUT -> variables.set("QUEUESTATUS", "TIMEOUT");
                    case LEAVE_EMPTY -> variables.set("QUEUESTATUS", "LEAVEEMPTY");
                    default -> { } // the caller hung up: QUEUESTATUS is not set (transcript queue-abandon.txt)
                }
                finish(event == Event.GIVE_UP ? "200 result=-1\n" : "200 result=0\n", at, event == Event.GIVE_UP);
            }
        }
    }

    /** Out of line or off the ringing agent; answers the position held, 1 when an agent was ringing. */
    private int leave(Event how, long at) {
        Phase was = phase;
        phase = Phase.DONE;
        if (was == Phase.WAITING) {
            return pool.leave(offer);
        }
        if (was == Phase.RINGING) {
            // app_queue: a caller hanging up cancels the ring; a timeout cuts it as no answer (queue_log-22)
            // every ring still going, in ring order (wait_for_answer's RINGCANCELED loop and rna() loop)
            for (int a : rung) {
                if (how == Event.GIVE_UP) {
                    events.ringCanceled(pool.name(), caller.uniqueId(), pool.memberName(a), at - ringingSince,
                            epochMs(at));
                } else {
                    events.ringNoAnswer(pool.name(), caller.uniqueId(), pool.memberName(a), at - ringingSince,
                            epochMs(at));
                }
            }
            releaseAllBut(0);
        }
        return 1;
    }

    private void releaseAllBut(int kept) {
        for (int a : rung) {
            if (a != kept) {
                pool.release(a);
            }
        }
        rung = kept == 0 ? new int[0] : new int[] {kept};
    }

    private void tellLeft(Event how, int position, long at) {
        String name = pool.name();
        String id = caller.uniqueId();
        long wait = at / 1000;
        switch (how) {
            case TIMEOUT -> events.callerTimedOut(name, id, position, originalPosition, wait, epochMs(at));
            case LEAVE_EMPTY -> events.callerLeftEmpty(name, id, position, originalPosition, wait, epochMs(at));
            default -> events.callerAbandoned(name, id, position, originalPosition, wait, epochMs(at));
        }
    }

    /** Model ms since the caller joined, as real epoch ms (the model scaled, anchored at the join). */
    private long epochMs(long modelAt) {
        return joinedEpochMs + (long) (modelAt * caller.script().timing().scale());
    }

    private void finish(String text, long at, boolean callerHangsUp) {
        phase = Phase.DONE;
        cancel();
        session.reply(new Reply.Text(text, at, callerHangsUp, false));
    }

    private void memberVariables(ChannelVariables variables) {
        variables.set("MEMBERINTERFACE", pool.memberInterface(agent));
        variables.set("MEMBERNAME", pool.memberName(agent));
        variables.set("MEMBERCALLS", "0");
        variables.set("MEMBERLASTCALL", "0");
        variables.set("MEMBERPENALTY", "0");
        variables.set("MEMBERDYNAMIC", "0");
        variables.set("MEMBERREALTIME", "0");
    }

    private void duration(String name, long ms) {
        caller.variables().set(name, Long.toString(ms / 1000));
        caller.variables().set(name + "_MS", Long.toString(ms));
    }

    private void cancel() {
        generation++;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static boolean hasOption(String options, char option) {
        int parens = 0;
        for (char c : options.toCharArray()) {
            if (c == '(') {
                parens++;
            } else if (c == ')') {
                parens--;
            } else if (c == option && parens == 0) {
                return true;
            }
        }
        return false;
    }
}
