package cn.hotline12333.web;

import cn.hotline12333.store.Redis;

/**
 * Listens on the Redis Pub/Sub channel {@value #CHANNEL}, where every writer of a live key announces a change
 * (docs/call-record.md, "Live keys"), and tells the wallboard to recompute, also after the subscription was lost.
 * A missed notice costs at most a second: the wallboard recomputes at least that often anyway.
 */
public final class LiveNotices implements AutoCloseable {
    public static final String CHANNEL = "live";

    private final ChannelListener listener;

    public LiveNotices(Redis redis, Wallboard wallboard) {
        this.listener = new ChannelListener(redis, CHANNEL, "live_notices", message -> wallboard.changed(),
                wallboard::changed);
    }

    @Override
    public void close() {
        listener.close();
    }
}
