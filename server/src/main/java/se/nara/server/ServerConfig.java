package se.nara.server;

import java.nio.file.Path;
import java.time.Duration;
import se.nara.server.rules.PaymentResponsibility;

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
 * @param pullConcurrency how many pull pages are answered at once; the rest wait their turn
 * @param pullWait how long a pull waits for its turn before it is told to come back (503)
 * @param paymentResponsibility when the kommun's betalningsansvar starts after utskrivningsklar
 *     (days and calendar days or vardagar; by default 3 calendar days)
 */
public record ServerConfig(
    String host,
    int port,
    String jdbcUrl,
    boolean seedDemoData,
    int passwordIterations,
    Duration tokenLifetime,
    Duration auditRetention,
    int pullConcurrency,
    Duration pullWait,
    PaymentResponsibility paymentResponsibility) {

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
        Duration.ofDays(5 * 365 + 1),
        // With two cores, more than a few pages at once only share the CPU and pile onto the heap.
        Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
        Duration.ofSeconds(30),
        PaymentResponsibility.DEFAULT);
  }

  /** A copy listening on {@code port}. */
  public ServerConfig withPort(int port) {
    return new ServerConfig(host, port, jdbcUrl, seedDemoData, passwordIterations, tokenLifetime, auditRetention, pullConcurrency, pullWait, paymentResponsibility);
  }

  /** A copy using {@code jdbcUrl}. */
  public ServerConfig withJdbcUrl(String jdbcUrl) {
    return new ServerConfig(host, port, jdbcUrl, seedDemoData, passwordIterations, tokenLifetime, auditRetention, pullConcurrency, pullWait, paymentResponsibility);
  }

  /** A copy with demo seeding on or off. */
  public ServerConfig withDemoData(boolean seed) {
    return new ServerConfig(host, port, jdbcUrl, seed, passwordIterations, tokenLifetime, auditRetention, pullConcurrency, pullWait, paymentResponsibility);
  }

  /** A copy with another PBKDF2 cost (tests use a low one to stay fast). */
  public ServerConfig withPasswordIterations(int iterations) {
    return new ServerConfig(host, port, jdbcUrl, seedDemoData, iterations, tokenLifetime, auditRetention, pullConcurrency, pullWait, paymentResponsibility);
  }

  /** A copy keeping access-log entries for {@code retention}. */
  public ServerConfig withAuditRetention(Duration retention) {
    return new ServerConfig(host, port, jdbcUrl, seedDemoData, passwordIterations, tokenLifetime, retention, pullConcurrency, pullWait, paymentResponsibility);
  }

  /** A copy listening on {@code host}. */
  public ServerConfig withHost(String host) {
    return new ServerConfig(host, port, jdbcUrl, seedDemoData, passwordIterations, tokenLifetime, auditRetention, pullConcurrency, pullWait, paymentResponsibility);
  }

  /** A copy with another betalningsansvar rule. */
  public ServerConfig withPaymentResponsibility(PaymentResponsibility rule) {
    if (rule == null) {
      throw new IllegalArgumentException("a payment responsibility rule is required");
    }
    return new ServerConfig(host, port, jdbcUrl, seedDemoData, passwordIterations, tokenLifetime, auditRetention, pullConcurrency, pullWait, rule);
  }

  /** A copy answering {@code concurrency} pull pages at once, each waiting at most {@code wait} for its turn. */
  public ServerConfig withPullGate(int concurrency, Duration wait) {
    if (concurrency < 1 || wait.isNegative()) {
      throw new IllegalArgumentException("the pull gate needs at least one turn and a wait of zero or more");
    }
    return new ServerConfig(host, port, jdbcUrl, seedDemoData, passwordIterations, tokenLifetime, auditRetention, concurrency, wait, paymentResponsibility);
  }
}
