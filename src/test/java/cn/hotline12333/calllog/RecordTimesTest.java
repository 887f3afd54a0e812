package cn.hotline12333.calllog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordTimesTest {
    @Test
    void readsWhatTheRecordsWriteExactlyAsTheStandardParserDoes() {
        for (String s : new String[] {"2026-11-23T08:30:00+08:00", "2026-11-23T08:30:00.1+08:00",
                "2026-11-23T08:30:00.123456789+08:00", "2026-11-23T00:00:00Z", "2026-03-29T01:59:59.999-05:45",
                "2026-11-23T08:30+08:00", "2026-11-23T08:30:00+05:45:30", "+12026-11-23T08:30:00Z"}) {
            assertThat(RecordTimes.parse(s)).as(s).isEqualTo(OffsetDateTime.parse(s));
            assertThat(RecordTimes.parse(s).getOffset()).as(s).isEqualTo(OffsetDateTime.parse(s).getOffset());
        }
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            OffsetDateTime t = OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(random.nextLong() % 4_000_000_000_000L),
                    java.time.ZoneOffset.ofTotalSeconds((random.nextInt(96) - 48) * 900)).withNano(random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000_000));
            assertThat(RecordTimes.parse(t.toString())).isEqualTo(t);
        }
    }

    @Test
    void refusesWhatTheStandardParserRefuses() {
        for (String s : new String[] {"2026-02-30T08:30:00+08:00", "2026-11-23T24:30:00+08:00", "2026-11-23T08:30:00",
                "2026-11-23 08:30:00+08:00", "2026-11-23T08:30:00+19:00"}) {
            assertThatThrownBy(() -> RecordTimes.parse(s)).as(s).isInstanceOf(DateTimeParseException.class);
        }
    }
}
