package cn.hotline12333.calllog;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures what the calllog package logs (DEBUG and up) while open. ListAppender appends under its own lock. */
final class LogLines implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("cn.hotline12333.calllog");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level level = logger.getLevel();

    LogLines() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
    }

    List<String> lines() {
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    List<String> warnings() {
        synchronized (appender) {
            return appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    long count(String fragment) {
        return lines().stream().filter(l -> l.contains(fragment)).count();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(level);
    }
}
