package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The feed's logic without sockets: snapshots, deltas, sequence numbers, ticks, stale, slow screens. */
class WallboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        long millis = 1_795_446_000_000L;

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private final HandClock clock = new HandClock();
    private final Map<String, Object> figures = new HashMap<>(Map.of("total.ivr", 3L, "total.waiting", 1L));
    private boolean failing;
    private final Wallboard board = new Wallboard(() -> {
        if (failing) {
            throw new IllegalStateException("redis down");
        }
        return Map.copyOf(figures);
    }, clock, false);

    private static List<JsonNode> sent(EmbeddedChannel channel) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (Object m; (m = channel.readOutbound()) != null; ) {
            TextWebSocketFrame frame = (TextWebSocketFrame) m;
            out.add(JSON.readTree(frame.text()));
            frame.release();
        }
        return out;
    }

    private void later(long ms) {
        clock.millis += ms;
        board.tick();
    }

    @Test
    void aNewScreenGetsTheWholeSnapshotThenOnlyWhatChanged() throws Exception {
        EmbeddedChannel screen = new EmbeddedChannel();
        board.subscribe(screen);
        board.tick();

        JsonNode snapshot = sent(screen).get(0);
        assertThat(snapshot.get("type").asText()).isEqualTo("snapshot");
        assertThat(snapshot.get("figures").get("total.ivr").asLong()).isEqualTo(3);
        assertThat(snapshot.get("serverTime").asLong()).isEqualTo(clock.millis);
        long seq = snapshot.get("seq").asLong();

        figures.put("total.waiting", 2L);
        board.changed();
        later(250);
        JsonNode delta = sent(screen).get(0);
        assertThat(delta.get("type").asText()).isEqualTo("delta");
        assertThat(delta.get("base").asLong()).isEqualTo(seq);
        assertThat(delta.get("seq").asLong()).isEqualTo(seq + 1);
        assertThat(delta.get("set").size()).isEqualTo(1);
        assertThat(delta.get("set").get("total.waiting").asLong()).isEqualTo(2);

        figures.remove("total.waiting");
        later(1000);
        assertThat(sent(screen).get(0).get("remove").get(0).asText()).isEqualTo("total.waiting");
    }

    @Test
    void nothingIsSentWhenNothingChanged() throws Exception {
        EmbeddedChannel screen = new EmbeddedChannel();
        board.subscribe(screen);
        board.tick();
        sent(screen);

        later(1000);
        later(1000);

        assertThat(sent(screen)).isEmpty();
    }

    @Test
    void theFiguresAreComputedOncePerTickHoweverManyScreensWatch() {
        long withTen = computationsWith(10);
        long withTwoHundred = computationsWith(200);

        assertThat(withTwoHundred).isEqualTo(withTen).isEqualTo(5);
    }

    private long computationsWith(int screens) {
        Wallboard b = new Wallboard(() -> Map.of("total.ivr", clock.millis), clock, false);
        for (int i = 0; i < screens; i++) {
            b.subscribe(new EmbeddedChannel());
        }
        for (int i = 0; i < 5; i++) {
            clock.millis += 1000;
            b.tick();
        }
        return b.computations();
    }

    @Test
    void aScreenThatSawAGapGetsTheSnapshotAndTheOthersTheDelta() throws Exception {
        EmbeddedChannel one = new EmbeddedChannel();
        EmbeddedChannel two = new EmbeddedChannel();
        board.subscribe(one);
        board.subscribe(two);
        board.tick();
        sent(one);
        sent(two);

        board.snapshotWanted(two);
        figures.put("total.ivr", 4L);
        later(1000);

        assertThat(sent(one).get(0).get("type").asText()).isEqualTo("delta");
        assertThat(sent(two).get(0).get("type").asText()).isEqualTo("snapshot");
    }

    @Test
    void whenTheSourceFailsEveryScreenIsToldOnceSinceWhenAndGetsASnapshotOnRecovery() throws Exception {
        EmbeddedChannel screen = new EmbeddedChannel();
        board.subscribe(screen);
        board.tick();
        sent(screen);
        long stoppedAt = clock.millis + 1000;

        failing = true;
        later(1000);
        later(1000);
        List<JsonNode> whileDown = sent(screen);
        failing = false;
        later(1000);

        assertThat(whileDown).hasSize(1);
        assertThat(whileDown.get(0).get("type").asText()).isEqualTo("stale");
        assertThat(whileDown.get(0).get("since").asLong()).isEqualTo(stoppedAt);
        assertThat(sent(screen).get(0).get("type").asText()).isEqualTo("snapshot");
    }

    @Test
    void aScreenThatStopsReadingIsDroppedNotBuffered() throws Exception {
        EmbeddedChannel slow = new EmbeddedChannel();
        EmbeddedChannel quick = new EmbeddedChannel();
        board.subscribe(slow);
        board.subscribe(quick);
        board.tick();
        sent(quick);
        slow.unsafe().outboundBuffer().setUserDefinedWritability(1, false);

        figures.put("total.ivr", 9L);
        later(1000);

        assertThat(slow.isOpen()).isFalse();
        assertThat(board.droppedScreens()).isEqualTo(1);
        assertThat(board.screens()).isEqualTo(1);
        assertThat(sent(quick)).hasSize(1);
    }

    @Test
    void aHeartbeatCarriesTheSequenceNumberEveryFifteenSeconds() throws Exception {
        EmbeddedChannel screen = new EmbeddedChannel();
        board.subscribe(screen);
        board.tick();
        List<JsonNode> first = sent(screen);

        later(Wallboard.HEARTBEAT_MS);

        assertThat(first).extracting(m -> m.get("type").asText()).contains("snapshot", "heartbeat");
        assertThat(sent(screen)).extracting(m -> m.get("type").asText()).containsExactly("heartbeat");
    }
}
