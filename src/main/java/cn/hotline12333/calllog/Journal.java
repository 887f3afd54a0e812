package cn.hotline12333.calllog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Redis did not take yet, as JSON lines in segment files {@code journal-<time>-<n>.jsonl}. Appends go
 * to the open segment and are forced to disk before {@link #append} returns. {@link #seal} closes it, so a
 * replay reads only files nobody writes to any more; a replayed segment is deleted whole. Leftover segments
 * (the node stopped or crashed with Redis down) are found on start. Thread-safe: the writer thread and
 * {@link CallLog#submit} with a full queue both append. One journal per record kind: call records in the
 * node's journal directory itself, the other kinds in a subdirectory each, made at their first append.
 */
final class Journal<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    static final int SEGMENT_RECORDS = 10_000;
    private static final String PREFIX = "journal-";
    private static final String SUFFIX = ".jsonl";
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    /** One journaled record, with the exact line it was stored as. */
    record Entry<T>(T record, String json) {
    }

    private final Path dir;
    private final Clock clock;
    private final RecordKind<T> kind;
    private final TreeSet<Path> sealed = new TreeSet<>();
    private FileChannel open;
    private Path openPath;
    private int openRecords;
    private int sequence;

    /** The call records' journal: the directory is made now, so a node whose journal cannot be written stops. */
    Journal(Path dir, Clock clock, RecordKind<T> kind) throws IOException {
        this(dir, clock, kind, true);
    }

    Journal(Path dir, Clock clock, RecordKind<T> kind, boolean makeNow) throws IOException {
        this.dir = makeNow ? Files.createDirectories(dir) : dir;
        this.clock = clock;
        this.kind = kind;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(Journal::isSegment).forEach(sealed::add);
            }
        }
    }

    static boolean isSegment(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && Files.isRegularFile(file);
    }

    synchronized void append(List<String> lines) throws IOException {
        if (open == null) {
            openSegment();
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(asLines(lines));
            while (buffer.hasRemaining()) {
                open.write(buffer);
            }
            open.force(false);
        } catch (IOException e) {
            // the segment may end in half a line now: never append after it
            sealOpen();
            throw e;
        }
        openRecords += lines.size();
        if (openRecords >= SEGMENT_RECORDS) {
            sealOpen();
        }
    }

    /** Every segment waiting to be replayed, oldest first; the open one is closed and included. */
    synchronized List<Path> seal() throws IOException {
        sealOpen();
        return new ArrayList<>(sealed);
    }

    synchronized boolean isEmpty() {
        return open == null && sealed.isEmpty();
    }

    /**
     * The records of a sealed segment. Lines that are not a record (a crash mid-write leaves a torn last
     * line) move to {@code <segment>.bad}, the segment is rewritten without them, and one line is logged.
     */
    List<Entry<T>> read(Path segment) throws IOException {
        List<Entry<T>> entries = new ArrayList<>();
        List<byte[]> bad = new ArrayList<>();
        byte[] all = Files.readAllBytes(segment);
        int start = 0;
        while (start < all.length) {
            int end = start;
            while (end < all.length && all[end] != '\n') {
                end++;
            }
            byte[] line = Arrays.copyOfRange(all, start, end);
            start = end + 1;
            if (line.length == 0) {
                continue;
            }
            try {
                String json = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(line)).toString();
                entries.add(new Entry<>(kind.parse(json), json));
            } catch (CharacterCodingException | IllegalArgumentException e) {
                bad.add(line);
            }
        }
        if (!bad.isEmpty()) {
            setAside(segment, entries, bad);
        }
        return entries;
    }

    synchronized void delete(Path segment) throws IOException {
        sealed.remove(segment);
        Files.deleteIfExists(segment);
    }

    @Override
    public synchronized void close() throws IOException {
        sealOpen();
    }

    private void setAside(Path segment, List<Entry<T>> good, List<byte[]> bad) throws IOException {
        Path badFile = segment.resolveSibling(segment.getFileName() + ".bad");
        try (FileChannel out = FileChannel.open(badFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            for (byte[] line : bad) {
                ByteBuffer buffer = ByteBuffer.wrap(Arrays.copyOf(line, line.length + 1));
                buffer.put(line.length, (byte) '\n');
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            out.force(false);
        }
        Path rewritten = segment.resolveSibling(segment.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(rewritten, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(asLines(good.stream().map(Entry::json).toList()));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(false);
        }
        Files.move(rewritten, segment, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.warn("event=calllog_journal_bad_lines file={} bad={} kept={} moved_to={} stream={}",
                segment.getFileName(), bad.size(), good.size(), badFile.getFileName(), kind.stream);
    }

    private static byte[] asLines(List<String> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(lines.size() * 1024);
        for (String line : lines) {
            bytes.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            bytes.write('\n');
        }
        return bytes.toByteArray();
    }

    private void openSegment() throws IOException {
        Files.createDirectories(dir);
        String time = LocalDateTime.now(clock).format(NAME_TIME);
        while (true) {
            Path path = dir.resolve(PREFIX + time + "-" + String.format("%04d", ++sequence) + SUFFIX);
            try {
                open = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                openPath = path;
                openRecords = 0;
                return;
            } catch (FileAlreadyExistsException e) {
                // a segment left by an earlier run in the same millisecond: take the next number
            }
        }
    }

    private void sealOpen() throws IOException {
        if (open == null) {
            return;
        }
        sealed.add(openPath);
        FileChannel closing = open;
        open = null;
        openPath = null;
        closing.close();
    }
}
