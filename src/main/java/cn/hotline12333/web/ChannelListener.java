package cn.hotline12333.web;

import cn.hotline12333.store.Redis;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.util.Pool;

/**
 * One Redis Pub/Sub channel, listened to on a thread of its own (a subscription blocks its connection). When
 * Redis goes away it says so once, runs {@code afterLoss} and subscribes again every second until closed; when
 * the subscription is back it says that once too. Events are logged as {@code <name>_lost} and {@code <name>_back}.
 */
final class ChannelListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChannelListener.class);

    private final Redis redis;
    private final String channel;
    private final String name;
    private final Runnable afterLoss;
    private final Thread thread;
    private final JedisPubSub subscription;
    private volatile boolean closed;
    // Written by the listening thread only; read by its subscription callbacks, which run on that thread.
    private boolean failing;

    ChannelListener(Redis redis, String channel, String name, Consumer<String> messages, Runnable afterLoss) {
        this.redis = redis;
        this.channel = channel;
        this.name = name;
        this.afterLoss = afterLoss;
        this.subscription = new JedisPubSub() {
            @Override
            public void onMessage(String from, String message) {
                messages.accept(message);
            }

            @Override
            public void onSubscribe(String to, int subscribedChannels) {
                if (failing) {
                    log.info("event={}_back", name);
                }
                failing = false;
            }
        };
        this.thread = new Thread(this::listen, name.replace('_', '-'));
        thread.setDaemon(true);
        thread.start();
    }

    private void listen() {
        while (!closed) {
            try {
                subscribe();
            } catch (RuntimeException e) {
                if (!closed && !failing) {
                    log.warn("event={}_lost error=\"{}\"", name, e.getMessage());
                }
                failing = true;
            }
            if (!closed) {
                afterLoss.run();
                try {
                    Thread.sleep(1000); // a pause before subscribing again, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * On a connection of its own: taken from the pool and destroyed afterwards, never handed back. A subscription
     * that ends abnormally (closed while messages stream in) could otherwise return its connection still subscribed
     * or with a message unread, and whoever borrows it next would read that instead of its own answer.
     */
    private void subscribe() {
        if (redis.jedis() instanceof JedisPooled pooled) {
            Pool<Connection> pool = pooled.getPool();
            Connection c = pool.getResource();
            try {
                subscription.proceed(c, channel);
            } finally {
                pool.returnBrokenResource(c);
            }
        } else {
            redis.jedis().subscribe(subscription, channel);
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
            log.debug("event={}_unsubscribe_failed error=\"{}\"", name, e.getMessage());
        }
        thread.interrupt();
    }
}
