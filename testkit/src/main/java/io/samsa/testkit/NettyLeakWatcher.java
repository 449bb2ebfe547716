package io.samsa.testkit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects the leak reports Netty's ResourceLeakDetector logs (run tests with
 * {@code -Dio.netty.leakDetection.level=paranoid} so every buffer is tracked). A report appears
 * only after the leaked buffer was garbage-collected and another buffer was allocated, so call
 * {@link #leaksAfterGc(Runnable)} with something that allocates.
 */
public final class NettyLeakWatcher implements AutoCloseable {
    private static final String DETECTOR_LOGGER = "io.netty.util.ResourceLeakDetector";

    private final Logger logger = (Logger) LoggerFactory.getLogger(DETECTOR_LOGGER);
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getFormattedMessage().contains("LEAK")) {
                reports.add(event.getFormattedMessage());
            }
        }
    };

    public NettyLeakWatcher() {
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
    }

    /** Forces collection, runs {@code allocate} so the detector looks, and returns every report so far. */
    public List<String> leaksAfterGc(Runnable allocate) {
        for (int i = 0; i < 3; i++) {
            System.gc();
            allocate.run();
        }
        return List.copyOf(reports);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
