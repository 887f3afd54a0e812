package cn.hotline12333.cli;

import static cn.hotline12333.cli.NodeHarness.agentsAnswer;
import static cn.hotline12333.cli.NodeHarness.caller;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.demo.DemoCitizens;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;

/** What someone holding a dump of Redis learns about citizens: neither their ID numbers nor their PINs. */
class RedisDumpTest {
    private static final String CLOCK = "2026-11-23T10:00+08:00";

    @TempDir
    Path journal;

    @Test
    void aDumpAfterDemoDataAndSelfServiceCallsHoldsNoIdNumberAndNoPin() throws Exception {
        List<DemoCitizens.Citizen> citizens = DemoCitizens.asOf(Clock.fixed(OffsetDateTime.parse(CLOCK).toInstant(),
                ZoneOffset.ofHours(8))).citizens();
        try (NodeHarness harness = new NodeHarness(CLOCK, journal, Map.of())) {
            DemoCitizens.Citizen first = citizens.get(0);
            DemoCitizens.Citizen holder = citizens.stream().filter(c -> c.record().cardStatus().equals("active"))
                    .skip(1).findFirst().orElseThrow();
            String keyed = first.id().value().replace('X', '*');
            assertThat(harness.record(harness.dial(caller("1", "1", "1", keyed, first.pin(), "#").build(),
                    agentsAnswer())).outcome()).isEqualTo(Outcome.SELF_SERVICE);
            assertThat(harness.record(harness.dial(caller("2", "2", holder.id().value().replace('X', '*'),
                    holder.pin(), "1", "#").build(), agentsAnswer())).outcome()).isEqualTo(Outcome.SELF_SERVICE);
            // and a wrong PIN, so that a lockout counter exists too
            harness.dial(caller("1", "1", "1", keyed, first.pin().equals("000000") ? "111111" : "000000", "#").build(),
                    agentsAnswer());

            List<String> dump = dump(harness.node.redis().jedis());
            assertThat(dump).hasSizeGreaterThan(citizens.size() * 2);
            String all = String.join("\n", dump);
            for (DemoCitizens.Citizen c : citizens) {
                String number = c.id().value();
                assertThat(all).as("ID number of %s", c).doesNotContain(number)
                        .doesNotContain(number.toLowerCase()).doesNotContain(number.substring(0, 17));
            }
            // A PIN in clear would be a run of digits of its own; longer runs (timestamps, stream ids) are not PINs.
            Set<String> pins = citizens.stream().map(DemoCitizens.Citizen::pin).collect(Collectors.toSet());
            Matcher runs = Pattern.compile("(?<![0-9])[0-9]{6}(?![0-9])").matcher(all);
            List<String> sixDigitRuns = new ArrayList<>();
            while (runs.find()) {
                sixDigitRuns.add(runs.group());
            }
            assertThat(sixDigitRuns).doesNotContainAnyElementsOf(pins);
        }
    }

    /** Every key and every value of every type, as text. */
    private static List<String> dump(UnifiedJedis jedis) {
        List<String> out = new ArrayList<>();
        for (String key : jedis.keys("*")) {
            out.add(key);
            switch (jedis.type(key)) {
                case "string" -> out.add(jedis.get(key));
                case "hash" -> jedis.hgetAll(key).forEach((f, v) -> out.add(f + "=" + v));
                case "list" -> out.addAll(jedis.lrange(key, 0, -1));
                case "set" -> out.addAll(jedis.smembers(key));
                case "zset" -> out.addAll(jedis.zrange(key, 0, -1));
                case "stream" -> jedis.xrange(key, (StreamEntryID) null, null, 100_000)
                        .forEach(e -> out.add(e.getID() + " " + e.getFields()));
                // the call log's writer thread may empty live:ivr between KEYS and TYPE: a key gone is no leak
                case "none" -> { }
                default -> throw new AssertionError("unexpected type of " + key);
            }
        }
        return out;
    }
}
