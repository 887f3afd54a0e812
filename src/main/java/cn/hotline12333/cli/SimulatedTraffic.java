package cn.hotline12333.cli;

import cn.hotline12333.calllog.HandlingRecord;
import cn.hotline12333.config.Settings;
import cn.hotline12333.ivr.FlowSet;
import cn.hotline12333.sim.AmiEmulator;
import cn.hotline12333.sim.AmiSettings;
import cn.hotline12333.sim.AsteriskEmulator;
import cn.hotline12333.sim.CallCentreFloor;
import cn.hotline12333.sim.CallScript;
import cn.hotline12333.sim.CallerMix;
import cn.hotline12333.sim.EmulatedCall;
import cn.hotline12333.sim.EmulatorSettings;
import cn.hotline12333.sim.QueueBehaviour;
import cn.hotline12333.sim.QueueLogWriter;
import cn.hotline12333.sim.TimeModel;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code hotline simulate --traffic}: a node of its own with a seeded stream of callers through the Asterisk
 * emulator and a simulated floor of agents behind its queues, so that the wallboard, the statistics and the
 * queue_log reconciliation have a day to look at before any desktop exists.
 */
final class SimulatedTraffic {

    private SimulatedTraffic() {
    }

    record Options(double ratePerSecond, long seconds, long seed, double scale, int agents, Path queueLog,
                   String webPort, Integer amiPort, boolean amiMembers, int ringNoAnswer) {
    }

    static int run(Options o, Settings settings, FlowSet flows, PrintStream out, PrintStream err) throws Exception {
        Map<String, String> local = new HashMap<>(Map.of("AGI_PORT", "0", "EMBEDDED_REDIS_PORT", "0",
                "AGI_BIND", "127.0.0.1"));
        if (o.webPort() != null) {
            local.put("WEB_PORT", o.webPort());
        }
        TimeModel timing = TimeModel.realistic().withScale(o.scale());
        List<String> queues = flows == null ? List.of("hotline-general") : SimulateCommand.queues(flows);
        Map<String, Integer> agents = new LinkedHashMap<>();
        EmulatorSettings emulator = EmulatorSettings.defaults().withEventLoopThreads(2).withKeepLines(false);
        for (String q : queues) {
            // the general queue has the floor; the specialist queues a few agents, so their waits run out
            int staff = q.equals("hotline-general") ? o.agents() : Math.max(1, o.agents() / 4);
            agents.put(q, staff);
            emulator = emulator.withQueue(q, QueueBehaviour.agents(staff, Duration.ofSeconds(6),
                    Duration.ofSeconds(150)).withWrapUp(Duration.ofSeconds(30))
                    .withRingNoAnswer(o.ringNoAnswer(), Duration.ofSeconds(15)));
        }
        Map<CallerMix.Walk, Integer> walks = new EnumMap<>(CallerMix.Walk.class);
        List<CompletableFuture<EmulatedCall>> calls = new ArrayList<>();
        int tasks = 0;
        List<AmiSettings.Queue> amiQueues = queues.stream().map(AmiSettings.Queue::dynamic).toList();
        AmiEmulator ami = o.amiPort() == null ? null : AmiEmulator.start(AmiSettings.defaults().withQueues(amiQueues)
                .withTimestampEvents(true), new InetSocketAddress("127.0.0.1", o.amiPort()));
        if (ami != null && o.amiMembers()) {
            // the node's own agent desktop is the AMI client whose members the queues ring: open /agent
            local.putAll(Map.of("AMI_HOST", "127.0.0.1", "AMI_PORT", String.valueOf(ami.port()), "AMI_USER", "hotline",
                    "AMI_SECRET", "hotline-secret"));
        }
        try (ami; HotlineNode node = HotlineNode.start(settings.with(local), Clock.systemDefaultZone())) {
            // with --ami-members the queues ring the AMI clients' members; else AMI tells the simulated floor's calls
            AsteriskEmulator asterisk = o.amiMembers() ? new AsteriskEmulator(emulator, ami) : new AsteriskEmulator(emulator);
            if (ami != null && !o.amiMembers()) {
                asterisk.listen(ami.queueEvents());
            }
            if (ami != null) {
                out.println("event=ami_emulator_listening port=" + ami.port() + " user=hotline members="
                        + (o.amiMembers() ? "ami" : "simulated"));
            }
            // call ids are <the box's system name>/<Uniqueid>, distinct per emulator
            // the emulated box and the floor's records keep the hotline's time, so the queue_log, the call records,
            // the handling records and the state segments agree on the day
            long shift = settings.clock(Clock.systemUTC()).millis() - System.currentTimeMillis();
            CallCentreFloor floor = new CallCentreFloor(node.redis().jedis(), node.callLog(),
                    new CallCentreFloor.Plan(agents, o.seed(), o.scale(), asterisk.systemName(), shift),
                    System::currentTimeMillis);
            int failed;
            try (asterisk; floor; QueueLogWriter queueLog = o.queueLog() == null ? null
                         : QueueLogWriter.open(o.queueLog(), System.currentTimeMillis(), shift)) {
                if (!o.amiMembers()) {
                    asterisk.listen(floor);
                }
                if (queueLog != null) {
                    asterisk.listen(queueLog);
                }
                floor.start();
                out.println("event=traffic_started wallboard=http://localhost:" + node.webPort()
                        + "/manager/wallboard agents=" + agents + " rate="
                        + o.ratePerSecond() + "/s seconds=" + o.seconds() + " seed=" + o.seed());
                failed = placeCalls(o, timing, asterisk, new InetSocketAddress("127.0.0.1", node.agiPort()), floor, out);
            }
            // the floor is closed: its records are with the call log; wait for them in the stream
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (handlingRecords(node) < floor.handlingRecords() && System.nanoTime() < until) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            out.println("event=floor_closed handling_records=" + floor.handlingRecords() + " in_stream="
                    + handlingRecords(node) + " state_segments=" + floor.stateSegments());
            if (failed > 0) {
                err.println(failed + " calls failed");
                return 1;
            }
        }
        return 0;
    }

    /** Places the seeded callers at the model's pace, waits for every call to end; answers how many failed. */
    private static int placeCalls(Options o, TimeModel timing, AsteriskEmulator asterisk, InetSocketAddress server,
                                  CallCentreFloor floor, PrintStream out) throws Exception {
        Map<CallerMix.Walk, Integer> walks = new EnumMap<>(CallerMix.Walk.class);
        List<CompletableFuture<EmulatedCall>> calls = new ArrayList<>();
        CallerMix mix = new CallerMix(o.seed(), timing);
        long startNanos = System.nanoTime();
        long modelAt = 0;
        while (true) {
            modelAt += mix.nextGapMs(o.ratePerSecond());
            if (modelAt > o.seconds() * 1000) {
                break;
            }
            // arrivals keep the model's pace: this caller dials at its moment in real time
            long wait = startNanos + (long) (modelAt * o.scale() * 1e6) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            CallerMix.Walk walk = mix.nextWalk();
            walks.merge(walk, 1, Integer::sum);
            calls.add(asterisk.dial(server, mix.caller(walk)));
        }
        int failed = 0;
        int tasks = 0;
        for (CompletableFuture<EmulatedCall> f : calls) {
            EmulatedCall call = f.get(30, TimeUnit.MINUTES);
            if (call.end() == EmulatedCall.End.FAILED) {
                failed++;
            }
            // The node's own task intake (package workorder) opens a task per such call record and keeps
            // live:pending; the floor must not count them a second time.
            if (call.prompts().contains("hotline/hotline-callback_done")
                    || call.prompts().contains("hotline/hotline-message_done")) {
                tasks++;
            }
        }
        out.println("event=traffic_ended calls=" + calls.size() + " failed=" + failed + " tasks_opened=" + tasks
                + " walks=" + walks);
        return failed;
    }

    /** Handling records in the node's stream. */
    static long handlingRecords(HotlineNode node) {
        return node.redis().jedis().xlen(HandlingRecord.STREAM);
    }
}
