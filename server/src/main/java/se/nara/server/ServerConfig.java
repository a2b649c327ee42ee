package se.nara.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the server.
 *
 * @param host the interface to listen on
 * @param port the port; 0 picks a free one (tests)
 * @param jdbcUrl the database; by default an SQLite file in the data directory
 * @param seedDemoData whether to load the demo data set into an empty database
 * @param passwordIterations PBKDF2 rounds for new password hashes
 * @param tokenLifetime how long a bearer token is valid (one shift by default)
 * @param auditRetention how long access-log entries are kept (PDL: at least 5 years)
 */
public record ServerConfig(
    String host,
    int port,
    String jdbcUrl,
    boolean seedDemoData,
    int passwordIterations,
    Duration tokenLifetime,
    Duration auditRetention) {

  /** The default data directory, relative to the working directory. */
  public static final Path DEFAULT_DATA_DIR = Path.of("data");

  /** The SQLite URL of a database file inside {@code dataDir}. */
  public static String sqliteIn(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("nara.db");
  }

  /** Defaults: port 7070 on all interfaces, ./data/nara.db, demo data on, 12-hour tokens. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        "0.0.0.0",
        7070,
        sqliteIn(DEFAULT_DATA_DIR),
        true,
        se.nara.server.auth.PasswordHasher.DEFAULT_ITERATIONS,
        Duration.ofHours(12),
        Duration.ofDays(5 * 365 + 1));
  }

  /** A copy listening on {@code port}. */
  public ServerConfig withPort(int port) {
    return new ServerConfig(host, port, jdbcUrl, seedDemoData, passwordIterations, tokenLifetime, auditRetention);
  }

  /** A copy using {@code jdbcUrl}. */
  public ServerConfig withJdbcUrl(String jdbcUrl) {
    return new ServerConfig(host, port, jdbcUrl, seedDemoData, passwordIterations, tokenLifetime, auditRetention);
  }

  /** A copy with demo seeding on or off. */
  public ServerConfig withDemoData(boolean seed) {
    return new ServerConfig(host, port, jdbcUrl, seed, passwordIterations, tokenLifetime, auditRetention);
  }

  /** A copy with another PBKDF2 cost (tests use a low one to stay fast). */
  public ServerConfig withPasswordIterations(int iterations) {
    return new ServerConfig(host, port, jdbcUrl, seedDemoData, iterations, tokenLifetime, auditRetention);
  }

  /** A copy keeping access-log entries for {@code retention}. */
  public ServerConfig withAuditRetention(Duration retention) {
    return new ServerConfig(host, port, jdbcUrl, seedDemoData, passwordIterations, tokenLifetime, retention);
  }

  /** A copy listening on {@code host}. */
  public ServerConfig withHost(String host) {
    return new ServerConfig(host, port, jdbcUrl, seedDemoData, passwordIterations, tokenLifetime, auditRetention);
  }
}
