package dev.sessioncheck.runtime.http;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Collects what a System.Logger writes (through java.util.logging, the default backend) and keeps
 * it off the console while a test runs.
 */
final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final boolean parentHandlers;
  private final Level level;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private LogCapture(String name) {
    logger = Logger.getLogger(name);
    parentHandlers = logger.getUseParentHandlers();
    level = logger.getLevel();
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.ALL);
    handler.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  static LogCapture of(String loggerName) {
    return new LogCapture(loggerName);
  }

  /** "LEVEL message" lines at INFO and above, in order. */
  List<String> lines() {
    return records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
        .map(r -> r.getLevel() + " " + r.getMessage())
        .collect(Collectors.toList());
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setUseParentHandlers(parentHandlers);
    logger.setLevel(level);
  }
}
