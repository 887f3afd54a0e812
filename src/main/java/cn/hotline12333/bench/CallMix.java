package cn.hotline12333.bench;

import cn.hotline12333.demo.DemoCitizens.Citizen;
import cn.hotline12333.sim.CallScript;
import cn.hotline12333.sim.EmulatorSettings;
import cn.hotline12333.sim.QueueBehaviour;
import cn.hotline12333.sim.TimeModel;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which path, citizen and phone number the load benchmark's n-th caller gets: decided by the seed and n
 * alone, so a run can be repeated call for call, against our server and the reference alike.
 */
public final class CallMix {

    private static final CallPath[] PATHS = CallPath.values();
    private static final int TOTAL_WEIGHT = totalWeight();
    // Spreads consecutive call numbers over the seed space (the 64-bit golden ratio).
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    /** One caller of the mix. */
    public record MixedCall(int index, CallPath path, CallScript script) {
    }

    private final long seed;
    private final List<Citizen> citizens;
    private final TimeModel timing;
    private final boolean pathTags;

    public CallMix(long seed, List<Citizen> citizens, TimeModel timing) {
        this(seed, citizens, timing, false);
    }

    private CallMix(long seed, List<Citizen> citizens, TimeModel timing, boolean pathTags) {
        if (citizens.isEmpty()) {
            throw new IllegalArgumentException("the call mix needs at least one demo citizen");
        }
        this.seed = seed;
        this.citizens = List.copyOf(citizens);
        this.timing = timing;
        this.pathTags = pathTags;
    }

    /** The same calls, each naming its path in agi_arg_1: the floor server has no flows to find it by. */
    public CallMix withPathTags() {
        return new CallMix(seed, citizens, timing, true);
    }

    public MixedCall call(int index) {
        SplittableRandom random = new SplittableRandom(seed + GAMMA * index);
        CallPath path = pick(random.nextInt(TOTAL_WEIGHT));
        Citizen citizen = citizens.get(random.nextInt(citizens.size()));
        String phone = "13" + (5 + random.nextInt(5)) + String.format("%08d", random.nextInt(100_000_000));
        return new MixedCall(index, path, tagged(path, path.script(citizen, phone).timing(timing)).build());
    }

    /** A caller on {@code path} with the first demo citizen, for checking paths one by one. */
    public MixedCall sample(CallPath path) {
        return new MixedCall(-1, path, tagged(path, path.script(citizens.get(0), "13800138000").timing(timing)).build());
    }

    private CallScript.Builder tagged(CallPath path, CallScript.Builder script) {
        return pathTags ? script.args(path.name()) : script;
    }

    public CallPath path(int index) {
        return pick(new SplittableRandom(seed + GAMMA * index).nextInt(TOTAL_WEIGHT));
    }

    /**
     * The emulated box's queues: the pension queue answers everyone (as many agents as calls can be open at
     * once, so its path is the same for every caller), the general queue has nobody (every caller times out),
     * the labour-inspection queue has a few agents for callers who ask for it.
     */
    static EmulatorSettings emulator(int concurrency) {
        return EmulatorSettings.defaults().withKeepLines(false)
                .withQueue(CallPath.QUEUE_PENSION, QueueBehaviour.agents(Math.max(1, concurrency),
                        Duration.ofSeconds(8), Duration.ofSeconds(45)))
                .withQueue(CallPath.QUEUE_GENERAL, QueueBehaviour.nobodyAnswers())
                .withQueue(CallPath.QUEUE_LABOUR, QueueBehaviour.agents(5, Duration.ofSeconds(10),
                        Duration.ofSeconds(90)).withWrapUp(Duration.ofSeconds(30)));
    }

    private static CallPath pick(int draw) {
        for (CallPath path : PATHS) {
            draw -= path.weight();
            if (draw < 0) {
                return path;
            }
        }
        throw new IllegalStateException("weights and draw disagree");
    }

    private static int totalWeight() {
        int sum = 0;
        for (CallPath path : PATHS) {
            sum += path.weight();
        }
        return sum;
    }
}
