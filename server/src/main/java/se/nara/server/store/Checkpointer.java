package se.nara.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies committed pages from the write-ahead log back into the database file on its own
 * connection and thread, a few times a second.
 *
 * <p>Why: with SQLite's automatic checkpoint, the commit that crosses the threshold does the copy
 * and its fsync itself, inside the single write lock, so every push waits for it. A PASSIVE
 * checkpoint here never blocks the writer or readers; it copies what no open read snapshot still
 * needs, and the log is reused from the start once everything is copied. The writer keeps a far
 * higher automatic threshold as a safety net.
 */
final class Checkpointer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
  /** The writer's own automatic checkpoint threshold (pages), if this thread falls behind. */
  static final int WRITER_FALLBACK_PAGES = 16_000;
  /** How often to checkpoint. */
  static final long INTERVAL_MILLIS = 250;

  private final Connection connection;
  private final ScheduledExecutorService thread;

  private Checkpointer(Connection connection, ScheduledExecutorService thread) {
    this.connection = connection;
    this.thread = thread;
  }

  static Checkpointer start(DataSource dataSource) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the checkpoint connection", e);
    }
    ScheduledExecutorService thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "nara-checkpoint");
              t.setDaemon(true);
              return t;
            });
    Checkpointer checkpointer = new Checkpointer(connection, thread);
    thread.scheduleWithFixedDelay(checkpointer::checkpoint, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    return checkpointer;
  }

  private void checkpoint() {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      if (rs.next() && LOG.isTraceEnabled()) {
        LOG.trace("checkpoint: log {} frames, {} copied", rs.getInt(2), rs.getInt(3));
      }
    } catch (SQLException e) {
      // A busy or failed checkpoint loses nothing: the pages stay in the log until the next one.
      LOG.warn("WAL checkpoint failed; will retry: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.warn("closing the checkpoint connection: {}", e.getMessage());
    }
  }
}
