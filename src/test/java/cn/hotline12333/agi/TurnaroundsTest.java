package cn.hotline12333.agi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TurnaroundsTest {

    @Test
    void percentilesComeFromTheCountedTimes() {
        Turnarounds t = new Turnarounds();
        for (int i = 1; i <= 1000; i++) {
            t.record(i * 1_000L); // 1 µs … 1000 µs
        }
        assertThat(t.count()).isEqualTo(1000);
        assertThat(t.micros(0.5)).isEqualTo(501);   // bucket 500 µs, reported by its upper edge
        assertThat(t.micros(0.99)).isEqualTo(991);
        assertThat(t.maxMicros()).isEqualTo(1000);
    }

    @Test
    void slowCommandsLandInMillisecondBuckets() {
        Turnarounds t = new Turnarounds();
        t.record(3_000_000L);        // 3 ms: still a fine bucket
        t.record(250_000_000L);      // 250 ms
        t.record(60_000_000_000L);   // a minute: the last bucket, but max says how bad
        assertThat(t.micros(0.33)).isEqualTo(3001);
        assertThat(t.micros(0.66)).isEqualTo(251_000);
        assertThat(t.maxMicros()).isEqualTo(60_000_000);
        assertThat(t.summary()).startsWith("commands=3 p50_us=251000");
    }

    @Test
    void everyCommandSentAfterTheFloorCameBackIsCounted() {
        EmbeddedCall call = new EmbeddedCall(new cn.hotline12333.ivr.IvrAction.Answer(),
                new cn.hotline12333.ivr.IvrAction.SayDigits("12333"), new cn.hotline12333.ivr.IvrAction.Hangup())
                .connect();
        assertThat(call.turnarounds.count()).isEqualTo(1); // environment block → ANSWER
        call.asterisk("200 result=0");
        call.asterisk("200 result=0");
        assertThat(call.turnarounds.count()).isEqualTo(3); // and after each reply, the next command
        call.asterisk("200 result=1");
        assertThat(call.turnarounds.count()).isEqualTo(3); // End sends nothing
    }

    @Test
    void nothingCountedIsZero() {
        assertThat(new Turnarounds().micros(0.99)).isZero();
    }
}
