package cn.hotline12333.calllog;

import cn.hotline12333.store.Redis;
import java.nio.file.Path;

/**
 * Where finished call records go: a Redis stream (the source of truth for statistics) and the daily JSON-lines
 * CDR file. {@link #submit} never blocks and never loses a record: when Redis is down the record goes to the
 * local journal and is replayed, without duplicates, once Redis is back.
 */
public final class CallLog implements AutoCloseable {

    public CallLog(Redis redis, Path journalDir) {
    }

    /** Hands a finished record over; returns at once, from any thread. */
    public void submit(CallRecord record) {
        throw new UnsupportedOperationException("issue 3: call log not built yet");
    }

    @Override
    public void close() {
    }
}
