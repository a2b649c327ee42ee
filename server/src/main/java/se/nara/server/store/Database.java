package se.nara.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The server's database: a single-connection writer pool and a reader pool over the same
 * SQLite file in WAL mode.
 *
 * <p>Why two pools: every write transaction must take its change sequence in commit order. On
 * SQLite that means {@code BEGIN IMMEDIATE}, which takes the write lock up front, so no two
 * writers ever hold sequence numbers at the same time. Readers use deferred transactions and,
 * thanks to WAL, each read transaction sees one consistent snapshot without blocking writers.
 *
 * <p>All writes run on one thread ({@link GroupCommit}), which commits the writes that queue up
 * together in one transaction; a background {@link Checkpointer} keeps the WAL short.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource writerPool;
  private final HikariDataSource readerPool;
  private final Jdbi writer;
  private final Jdbi reader;
  private final String description;
  private final Checkpointer checkpointer;
  private final GroupCommit groupCommit;

  private Database(
      HikariDataSource writerPool, HikariDataSource readerPool, String description, Checkpointer checkpointer) {
    this.writerPool = writerPool;
    this.readerPool = readerPool;
    this.checkpointer = checkpointer;
    this.writer = Jdbi.create(writerPool);
    this.groupCommit = new GroupCommit(writer);
    this.reader = Jdbi.create(readerPool);
    this.description = description;
  }

  /**
   * Opens (creating if needed) the database at {@code jdbcUrl} and migrates it to the newest
   * schema. Only SQLite URLs are supported in this version.
   */
  public static Database open(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:sqlite:")) {
      throw new IllegalArgumentException(
          "unsupported database URL '"
              + jdbcUrl.replaceAll("//[^@/]*@", "//***@")
              + "': this version runs on embedded SQLite (jdbc:sqlite:PATH); PostgreSQL support"
              + " is planned, see docs/architecture.md");
    }
    String file = jdbcUrl.substring("jdbc:sqlite:".length());
    if (!file.isEmpty() && !file.startsWith(":memory:") && !file.startsWith("file:")) {
      Path parent = Path.of(file).toAbsolutePath().getParent();
      try {
        Files.createDirectories(parent);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot create the data directory " + parent, e);
      }
    }
    HikariDataSource writerPool = pool("nara-writer", sqlite(jdbcUrl, true), 1);
    HikariDataSource readerPool = pool("nara-reader", sqlite(jdbcUrl, false), 4);
    Flyway.configure()
        .dataSource(writerPool)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    Checkpointer checkpointer = Checkpointer.start(sqlite(jdbcUrl, true));
    LOG.info("Database ready: {} (SQLite, WAL)", jdbcUrl);
    return new Database(writerPool, readerPool, jdbcUrl, checkpointer);
  }

  /** The JDBC URL this database was opened with. */
  public String description() {
    return description;
  }

  /**
   * Runs {@code callback} as one all-or-nothing unit of writing, serialised with every other
   * writer, and returns once it is committed to disk. Units that queue up together share one
   * SQLite transaction and fsync ({@link GroupCommit}); each still stands or falls alone.
   */
  public <R, X extends Exception> R inWriteTransaction(HandleCallback<R, X> callback) throws X {
    return groupCommit.run(callback);
  }

  /** Runs {@code callback} in one read transaction: every query sees the same snapshot. */
  public <R, X extends Exception> R inReadTransaction(HandleCallback<R, X> callback) throws X {
    return reader.inTransaction(callback);
  }

  /** Runs {@code callback} on a reader connection without an explicit transaction. */
  public <R, X extends Exception> R withReader(HandleCallback<R, X> callback) throws X {
    return reader.withHandle(callback);
  }

  /** Runs SQLite's integrity check; returns "ok" when the file is sound. */
  public String integrityCheck() {
    return reader.withHandle(
        h -> String.join("; ", h.createQuery("PRAGMA integrity_check").mapTo(String.class).list()));
  }

  /** The journal mode actually in force (expected: "wal"). */
  public String journalMode() {
    return reader.withHandle(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
  }

  /** A handle-level helper for tests and tools that need raw access in one transaction. */
  public <R> R inWrite(java.util.function.Function<Handle, R> work) {
    return groupCommit.run(work::apply);
  }

  @Override
  public void close() {
    groupCommit.close();
    checkpointer.close();
    readerPool.close();
    writerPool.close();
  }

  /**
   * The writer's page cache. A push batch touches pages all over the records, history and log
   * indexes; SQLite's default 2 MiB cache made it re-read many of them for every batch. 8 MiB
   * pushed as fast as 16 in the benchmark (A/B, docs/benchmarks.md) and keeps the server's
   * memory under its budget; what falls out of it is read back from the OS page cache.
   */
  private static final int WRITER_CACHE_KIB = 8 * 1024;

  private static SQLiteDataSource sqlite(String url, boolean writer) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL on the writer: a push is acknowledged only after its commit reached the disk, so a
    // power cut cannot undo changes the tablets have already dropped from their outboxes. One
    // fsync per push batch, not per mutation. Readers never write, NORMAL is enough for them.
    config.setSynchronous(writer ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(10_000);
    if (writer) {
      // Checkpoints normally run on the checkpointer's own connection, off the push path; this
      // much larger threshold only matters if that thread ever falls behind.
      config.setWalAutocheckpoint(Checkpointer.WRITER_FALLBACK_PAGES);
      config.setCacheSize(-WRITER_CACHE_KIB);
      // After a burst, a fully checkpointed log is cut back to this size instead of staying large.
      config.setJournalSizeLimit(64 * 1024 * 1024);
      // Every piece of work runs in a savepoint (GroupCommit), so SQLite keeps the original of each
      // page it changes in a sub-journal until the savepoint is released. In a temporary file that
      // was three times as many write calls as the WAL itself (strace of a push run); in memory it
      // is a few MiB per piece of work, freed at each release.
      config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    }
    config.enforceForeignKeys(true);
    // The driver otherwise prepares and runs "SELECT last_insert_rowid()" after every INSERT, in
    // case the caller asks for generated keys: one extra statement per history, log and access-log
    // row (a JFR profile of a push run). Every key here is chosen by the server, so nothing asks.
    config.setGetGeneratedKeys(false);
    config.setTransactionMode(
        writer ? SQLiteConfig.TransactionMode.IMMEDIATE : SQLiteConfig.TransactionMode.DEFERRED);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(url);
    return dataSource;
  }

  private static HikariDataSource pool(String name, DataSource dataSource, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setDataSource(dataSource);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(size, 1));
    config.setConnectionTimeout(30_000);
    return new HikariDataSource(config);
  }
}
