package cn.hotline12333.calllog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), FinishedCalls.BEIJING);

    @TempDir
    Path dir;

    @Test
    void appendedRecordsComeBackInOrderFromTheSealedSegment() throws Exception {
        Journal<CallRecord> journal = new Journal<>(dir, CLOCK, RecordKind.CALLS);
        journal.append(List.of(json("a/1"), json("a/2")));
        journal.append(List.of(json("a/3")));

        List<Path> segments = journal.seal();

        assertThat(segments).hasSize(1);
        assertThat(segments.get(0).getFileName().toString()).isEqualTo("journal-20261123-100000-000-0001.jsonl");
        assertThat(journal.read(segments.get(0))).extracting(e -> e.record().callId())
                .containsExactly("a/1", "a/2", "a/3");
    }

    @Test
    void deletingTheLastSegmentEmptiesTheJournal() throws Exception {
        Journal<CallRecord> journal = new Journal<>(dir, CLOCK, RecordKind.CALLS);
        journal.append(List.of(json("a/1")));
        Path segment = journal.seal().get(0);

        journal.delete(segment);

        assertThat(journal.isEmpty()).isTrue();
        assertThat(segment).doesNotExist();
    }

    @Test
    void appendsAfterASealGoToANewSegment() throws Exception {
        Journal<CallRecord> journal = new Journal<>(dir, CLOCK, RecordKind.CALLS);
        journal.append(List.of(json("a/1")));
        Path first = journal.seal().get(0);

        journal.append(List.of(json("a/2")));

        assertThat(journal.read(first)).hasSize(1);
        assertThat(journal.seal()).hasSize(2).first().isEqualTo(first);
    }

    @Test
    void segmentsLeftByAnEarlierRunAreFoundOnStart() throws Exception {
        Journal<CallRecord> before = new Journal<>(dir, CLOCK, RecordKind.CALLS);
        before.append(List.of(json("a/1"), json("a/2")));
        before.close();

        Journal<CallRecord> after = new Journal<>(dir, CLOCK, RecordKind.CALLS);

        assertThat(after.isEmpty()).isFalse();
        assertThat(after.read(after.seal().get(0))).hasSize(2);
    }

    @Test
    void aTornLastLineIsSetAsideOnceAndTheRecordsBeforeItAreKept() throws Exception {
        Journal<CallRecord> journal = new Journal<>(dir, CLOCK, RecordKind.CALLS);
        journal.append(List.of(json("a/1"), json("a/2")));
        journal.close();
        Path segment = new Journal<>(dir, CLOCK, RecordKind.CALLS).seal().get(0);
        // a crash mid-write: half a record, cut inside a three-byte character
        ByteArrayOutputStream torn = new ByteArrayOutputStream();
        torn.writeBytes("{\"call_id\":\"a/3\",\"flow\":\"".getBytes(StandardCharsets.UTF_8));
        torn.writeBytes(Arrays.copyOf("养老".getBytes(StandardCharsets.UTF_8), 4));
        Files.write(segment, torn.toByteArray(), StandardOpenOption.APPEND);

        List<Journal.Entry<CallRecord>> first = journal.read(segment);
        List<Journal.Entry<CallRecord>> second = journal.read(segment);

        assertThat(first).extracting(e -> e.record().callId()).containsExactly("a/1", "a/2");
        assertThat(second).extracting(e -> e.record().callId()).containsExactly("a/1", "a/2");
        Path bad = dir.resolve(segment.getFileName() + ".bad");
        assertThat(Files.readAllBytes(bad)).startsWith(torn.toByteArray()).hasSize(torn.size() + 1);
        assertThat(Journal.isSegment(bad)).isFalse();
    }

    @Test
    void aFullSegmentIsSealedAndTheNextAppendStartsAnother() throws Exception {
        Journal<CallRecord> journal = new Journal<>(dir, CLOCK, RecordKind.CALLS);
        String line = json("a/1");
        journal.append(Collections.nCopies(Journal.SEGMENT_RECORDS, line));
        journal.append(List.of(json("a/2")));

        assertThat(journal.seal()).hasSize(2);
    }

    private static String json(String callId) {
        return CallRecords.toJson(FinishedCalls.selfService(callId));
    }
}
