package cn.hotline12333.web;

import cn.hotline12333.store.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;

/**
 * Listens on the Redis Pub/Sub channel {@value #CHANNEL}, where every writer of a live key announces a change
 * (docs/call-record.md, "Live keys"), and tells the wallboard to recompute. A subscription blocks its connection,
 * hence a thread of its own; when Redis goes away it tries again every second until closed. A missed notice costs
 * at most a second: the wallboard recomputes at least that often anyway.
 */
public final class LiveNotices implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveNotices.class);
    public static final String CHANNEL = "live";

    private final Redis redis;
    private final Wallboard wallboard;
    private final Thread thread;
    private final JedisPubSub subscription = new JedisPubSub() {
        @Override
        public void onMessage(String channel, String message) {
            wallboard.changed();
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            if (failing) {
                log.info("event=live_notices_back");
            }
            failing = false;
        }
    };
    private volatile boolean closed;
    // Written by the listening thread only; read by its subscription callbacks, which run on that thread.
    private boolean failing;

    public LiveNotices(Redis redis, Wallboard wallboard) {
        this.redis = redis;
        this.wallboard = wallboard;
        this.thread = new Thread(this::listen, "live-notices");
        thread.setDaemon(true);
        thread.start();
    }

    private void listen() {
        while (!closed) {
            try {
                redis.jedis().subscribe(subscription, CHANNEL);
            } catch (RuntimeException e) {
                if (!closed && !failing) {
                    log.warn("event=live_notices_lost error=\"{}\"", e.getMessage());
                }
                failing = true;
            }
            if (!closed) {
                wallboard.changed();
                try {
                    Thread.sleep(1000); // a pause before subscribing again, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (subscription.isSubscribed()) {
                subscription.unsubscribe();
            }
        } catch (RuntimeException e) {
            log.debug("event=live_notices_unsubscribe_failed error=\"{}\"", e.getMessage());
        }
        thread.interrupt();
    }
}
