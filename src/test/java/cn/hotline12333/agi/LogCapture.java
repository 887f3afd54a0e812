package cn.hotline12333.agi;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** A logger's lines during a test (the agi package's unless named), INFO and up, as formatted messages. */
final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level before;

    LogCapture() {
        this("cn.hotline12333.agi");
    }

    LogCapture(String name) {
        logger = (Logger) LoggerFactory.getLogger(name);
        before = logger.getLevel();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false); // a flood test's thousands of lines stay out of the console
    }

    List<String> lines() {
        synchronized (appender) { // AppenderBase appends under the appender's own lock
            return appender.list.stream().map(LogCapture::render).toList();
        }
    }

    List<String> events(String event) {
        return lines().stream().filter(line -> line.startsWith("event=" + event + " ")).toList();
    }

    private static String render(ILoggingEvent event) {
        String line = event.getFormattedMessage();
        return event.getThrowableProxy() == null ? line : line + " !" + event.getThrowableProxy().getClassName();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(before);
        logger.setAdditive(true);
    }
}
