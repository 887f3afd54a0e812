package cn.hotline12333.demo;

import cn.hotline12333.ivr.CitizenId;
import cn.hotline12333.ivr.CitizenSecrets;
import cn.hotline12333.ivr.CitizenRecord;
import cn.hotline12333.ivr.CitizenRecord.Contributions;
import cn.hotline12333.ivr.CitizenRecord.Pension;
import cn.hotline12333.ivr.CitizenRecord.Unemployment;
import cn.hotline12333.ivr.PinGuard;
import cn.hotline12333.ivr.SelfService;
import cn.hotline12333.store.Redis;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthetic citizens for demos and tests: five well-known ones (listed by {@link #describe()} for the README)
 * and then generated ones, the same every time for the same seed. Their numbers are built from real
 * district codes, real dates and a computed check character, not taken from anyone; a generated number can
 * still coincide with one issued to somebody, which is one more reason it only ever lives in demo Redis.
 *
 * <p>{@link #load} overwrites: each load puts every demo citizen back as generated (a card reported lost in
 * the last demo is active again, PINs are set anew and their lockouts cleared). Loss reports, messages and
 * requests already in their streams stay. Loading twice gives the same answers and PIN checks; stored PIN
 * hashes differ, since each load draws fresh salts.
 */
public final class DemoCitizens {
    private static final Logger log = LoggerFactory.getLogger(DemoCitizens.class);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    public static final long SEED = 12333;
    public static final int COUNT = 60;

    /** One demo citizen. Its toString is masked like everything else that might reach a log. */
    public record Citizen(CitizenId id, String pin, CitizenRecord record) {
        @Override
        public String toString() {
            return "Citizen[" + id + "]";
        }
    }

    // Real district codes (GB/T 2260), about one per province-level division.
    private static final String[] DISTRICTS = {
        "110101", "110108", "120101", "130102", "140105", "150102", "210102", "220102", "230103", "310104",
        "310115", "320106", "320505", "330106", "340104", "350203", "360102", "370102", "370202", "410105",
        "420106", "430104", "440106", "440305", "450103", "460106", "500103", "510107", "520102", "530102",
        "540102", "610113", "620102", "630102", "640104", "650102"};

    private final List<Citizen> citizens;
    private final long seed;

    /** The demo set: {@link #SEED}, {@link #COUNT} citizens, contributions up to the month before {@code current}. */
    public DemoCitizens(YearMonth current) {
        this(SEED, COUNT, current);
    }

    public DemoCitizens(long seed, int count, YearMonth current) {
        this.seed = seed;
        List<Citizen> all = new ArrayList<>(wellKnown(current));
        Set<CitizenId> taken = new HashSet<>();
        all.forEach(c -> taken.add(c.id()));
        Random random = new Random(seed);
        while (all.size() < count) {
            Citizen c = generate(random, current);
            if (taken.add(c.id())) {
                all.add(c);
            }
        }
        this.citizens = List.copyOf(all);
    }

    /** The demo set as of the clock's month in China. */
    public static DemoCitizens asOf(Clock clock) {
        return new DemoCitizens(YearMonth.now(clock.withZone(CHINA)));
    }

    public List<Citizen> citizens() {
        return citizens;
    }

    /** Writes every demo citizen's record and PIN into Redis, replacing what was there (demo secrets). */
    public void load(Redis redis) {
        load(redis, CitizenSecrets.demo());
    }

    /** As {@link #load(Redis)}, keyed and peppered with the node's secrets, through the same path as real data. */
    public void load(Redis redis, CitizenSecrets secrets) {
        long start = System.nanoTime();
        SelfService records = new SelfService(redis, Clock.system(CHINA), secrets);
        PinGuard pins = new PinGuard(redis, secrets);
        for (Citizen c : citizens) {
            records.put(c.id(), c.record());
            pins.setPin(c.id(), c.pin());
        }
        log.info("event=demo_citizens_loaded count={} seed={} ms={}", citizens.size(), seed,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** The well-known citizens with their full numbers and PINs, for the README and the terminal (not for logs). */
    public String describe() {
        StringBuilder out = new StringBuilder("Demo citizens (synthetic; seed " + seed + ", " + citizens.size()
                + " in all). Key X as *. The first five:\n");
        for (Citizen c : citizens.subList(0, Math.min(5, citizens.size()))) {
            CitizenRecord r = c.record();
            out.append(String.format("  %s  PIN %s  pension %s %d yuan; contributions %d months, last %d-%02d; "
                            + "unemployment %s; card %s%n", c.id().value(), c.pin(), r.pension().status(),
                    r.pension().amount(), r.contributions().months(), r.contributions().lastPaidYear(),
                    r.contributions().lastPaidMonth(), r.unemployment().status(), r.cardStatus()));
        }
        return out.toString();
    }

    // One of each situation a demo caller wants to hear; two numbers end in X to try the * key.
    private static List<Citizen> wellKnown(YearMonth current) {
        YearMonth lastMonth = current.minusMonths(1);
        YearMonth laidOff = current.minusMonths(4);
        LocalDate today = current.atDay(1);
        return List.of(
                new Citizen(id("11010519550308001", today), "246810", new CitizenRecord(
                        new Pension("paid", 3280, 15), new Contributions(420, 2015, 2),
                        new Unemployment("none", 0, 0), "active")),
                new Citizen(id("44010619870815012", today), "135790", new CitizenRecord(
                        new Pension("none", 0, 0), new Contributions(118, laidOff.getYear(), laidOff.getMonthValue()),
                        new Unemployment("receiving", 1850, 7), "active")),
                new Citizen(id("33010619700312010", today), "112233", new CitizenRecord(
                        new Pension("pending", 2650, 10), new Contributions(360, 2025, 2),
                        new Unemployment("none", 0, 0), "ready_for_pickup")),
                new Citizen(id("32010220021105010", today), "864209", new CitizenRecord(
                        new Pension("none", 0, 0), new Contributions(14, lastMonth.getYear(), lastMonth.getMonthValue()),
                        new Unemployment("none", 0, 0), "not_applied")),
                new Citizen(id("51010419660422010", today), "975310", new CitizenRecord(
                        new Pension("suspended", 2980, 0), new Contributions(372, 2021, 3),
                        new Unemployment("none", 0, 0), "in_production")));
    }

    private static Citizen generate(Random random, YearMonth current) {
        int year = 1950 + random.nextInt(55);
        LocalDate birth = LocalDate.ofYearDay(year, 1 + random.nextInt(LocalDate.of(year, 1, 1).lengthOfYear()));
        int sequence = 1 + random.nextInt(999);
        String body = DISTRICTS[random.nextInt(DISTRICTS.length)]
                + String.format("%04d%02d%02d%03d", birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth(), sequence);
        CitizenId id = id(body, current.atDay(1));
        String pin = String.format("%06d", random.nextInt(1_000_000));
        // Men retire at 60, women (even sequence) at 55 here: the gradual raise from 2025 is not modelled.
        int retirementAge = sequence % 2 == 1 ? 60 : 55;
        YearMonth retired = YearMonth.from(birth.plusYears(retirementAge));
        YearMonth firstJob = YearMonth.from(birth.plusYears(18 + random.nextInt(8)));
        boolean pensioner = !retired.isAfter(current.minusMonths(1));
        Pension pension = pensioner ? pension(random) : new Pension("none", 0, 0);
        Unemployment unemployment = pensioner ? new Unemployment("none", 0, 0) : unemployment(random);
        // a pensioner stopped paying the month before retiring; someone out of work a while ago
        YearMonth lastPaid = pensioner ? retired.minusMonths(1)
                : unemployment.status().equals("none") && random.nextInt(10) < 8 ? current.minusMonths(1)
                : current.minusMonths(2 + random.nextInt(30));
        if (firstJob.isAfter(lastPaid)) {
            firstJob = lastPaid.minusMonths(random.nextInt(12));
        }
        int span = (int) firstJob.until(lastPaid, ChronoUnit.MONTHS) + 1;
        Contributions contributions = new Contributions(span - random.nextInt(1 + span / 10),
                lastPaid.getYear(), lastPaid.getMonthValue());
        return new Citizen(id, pin, new CitizenRecord(pension, contributions, unemployment, card(random)));
    }

    private static Pension pension(Random random) {
        int amount = 1800 + random.nextInt(5000);
        int draw = random.nextInt(10);
        return draw < 8 ? new Pension("paid", amount, 5 + random.nextInt(16))
                : draw < 9 ? new Pension("pending", amount, 5 + random.nextInt(16))
                : new Pension("suspended", amount, 0);
    }

    private static Unemployment unemployment(Random random) {
        int draw = random.nextInt(20);
        int amount = 1500 + random.nextInt(1000);
        return switch (draw) {
            case 0, 1 -> new Unemployment("receiving", amount, 1 + random.nextInt(24));
            case 2 -> new Unemployment("pending", amount, 1 + random.nextInt(24));
            case 3 -> new Unemployment("ended", amount, 0);
            default -> new Unemployment("none", 0, 0);
        };
    }

    private static String card(Random random) {
        int draw = random.nextInt(100);
        return draw < 70 ? "active" : draw < 78 ? "reported_lost" : draw < 86 ? "in_production"
                : draw < 93 ? "ready_for_pickup" : "not_applied";
    }

    private static CitizenId id(String first17, LocalDate today) {
        CitizenId id = CitizenId.parse(first17 + CitizenId.checkCharacter(first17), today);
        if (id == null) {
            throw new IllegalStateException("demo number is not valid: "
                    + CitizenId.problem(first17 + CitizenId.checkCharacter(first17), today));
        }
        return id;
    }
}
