package se.nara.server;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.nara.server.demo.DemoSeed;
import se.nara.server.rules.PaymentResponsibility;

/** {@code java -jar nara-server.jar}: starts the server. Flags override environment variables. */
@Command(
    name = "nara-server",
    mixinStandardHelpOptions = true,
    version = "Nära server 0.1.0 (protocol v1)",
    description = "Starts the Nära sync server (embedded SQLite by default).")
public final class Main implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "${env:NARA_PORT:-7070}",
      description = "HTTP port (env NARA_PORT, default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "${env:NARA_HOST:-0.0.0.0}",
      description = "Interface to listen on (env NARA_HOST, default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:NARA_DATA_DIR:-data}",
      description = "Directory of the embedded SQLite database (env NARA_DATA_DIR, default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--jdbc-url",
      defaultValue = "${env:NARA_JDBC_URL}",
      description = "JDBC URL; overrides --data-dir (env NARA_JDBC_URL). Only jdbc:sqlite: in this version.")
  String jdbcUrl;

  @Option(
      names = "--demo-data",
      negatable = true,
      defaultValue = "${env:NARA_DEMO_DATA:-true}",
      fallbackValue = "true",
      description = "Load demo data into an empty database (env NARA_DEMO_DATA, default ${DEFAULT-VALUE}).")
  boolean demoData;

  @Option(
      names = "--audit-retention-days",
      defaultValue = "${env:NARA_AUDIT_RETENTION_DAYS:-1826}",
      description = "Days to keep access-log entries (env NARA_AUDIT_RETENTION_DAYS, default ${DEFAULT-VALUE}, i.e. 5 years).")
  int auditRetentionDays;

  @Option(
      names = "--pull-concurrency",
      defaultValue = "${env:NARA_PULL_CONCURRENCY:-0}",
      description = "Pull pages answered at once; the rest wait their turn (env NARA_PULL_CONCURRENCY, default 0: max(4, 2 x cores)).")
  int pullConcurrency;

  @Option(
      names = "--pull-wait-seconds",
      defaultValue = "${env:NARA_PULL_WAIT_SECONDS:-30}",
      description = "How long a pull waits for its turn before it is told to retry, 503 (env NARA_PULL_WAIT_SECONDS, default ${DEFAULT-VALUE}).")
  int pullWaitSeconds;

  @Option(
      names = "--payment-days",
      defaultValue = "${env:NARA_PAYMENT_DAYS:-3}",
      description = "Days after utskrivningsklar when the kommun's betalningsansvar starts, 0-30 (env NARA_PAYMENT_DAYS, default ${DEFAULT-VALUE}).")
  int paymentDays;

  @Option(
      names = "--payment-day-kind",
      defaultValue = "${env:NARA_PAYMENT_DAY_KIND:-calendar}",
      description = "How those days are counted: calendar (kalenderdagar) or weekdays (vardagar) (env NARA_PAYMENT_DAY_KIND, default ${DEFAULT-VALUE}).")
  String paymentDayKind;

  @Override
  public Integer call() throws InterruptedException {
    if (auditRetentionDays < 1) {
      System.err.println("nara-server: --audit-retention-days must be at least 1");
      return 2;
    }
    if (pullConcurrency < 0 || pullWaitSeconds < 0) {
      System.err.println("nara-server: --pull-concurrency and --pull-wait-seconds cannot be negative");
      return 2;
    }
    PaymentResponsibility payment;
    try {
      payment = paymentRule(paymentDays, paymentDayKind);
    } catch (IllegalArgumentException e) {
      System.err.println("nara-server: " + e.getMessage());
      return 2;
    }
    ServerConfig defaults = ServerConfig.defaults();
    ServerConfig config =
        defaults
            .withPullGate(pullConcurrency == 0 ? defaults.pullConcurrency() : pullConcurrency,
                java.time.Duration.ofSeconds(pullWaitSeconds))
            .withHost(host)
            .withPort(port)
            .withJdbcUrl(jdbcUrl == null || jdbcUrl.isBlank() ? ServerConfig.sqliteIn(dataDir) : jdbcUrl)
            .withDemoData(demoData)
            .withAuditRetention(java.time.Duration.ofDays(auditRetentionDays))
            .withPaymentResponsibility(payment);
    NaraServer server;
    try {
      server = NaraServer.start(config);
    } catch (IllegalArgumentException e) {
      System.err.println("nara-server: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      if (!portInUse(e)) {
        throw e;
      }
      System.err.println("nara-server: port " + port + " on " + host + " is already in use (another Nära server?)."
          + " Stop that process, or start on another port: --port <port> or NARA_PORT=<port>.");
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "nara-shutdown"));
    printBanner(server);
    stopped.await();
    return 0;
  }

  /** The betalningsansvar rule from the two options; a bad value is an IllegalArgumentException saying which. */
  static PaymentResponsibility paymentRule(int days, String kind) {
    PaymentResponsibility.DayKind dayKind;
    switch (String.valueOf(kind).trim().toLowerCase(java.util.Locale.ROOT)) {
      case "calendar":
        dayKind = PaymentResponsibility.DayKind.CALENDAR;
        break;
      case "weekdays":
        dayKind = PaymentResponsibility.DayKind.WEEKDAYS;
        break;
      default:
        throw new IllegalArgumentException("--payment-day-kind must be calendar or weekdays, not " + kind);
    }
    if (days < 0 || days > PaymentResponsibility.MAX_DAYS) {
      throw new IllegalArgumentException("--payment-days must lie between 0 and " + PaymentResponsibility.MAX_DAYS);
    }
    return new PaymentResponsibility(days, dayKind, PaymentResponsibility.DEFAULT.zone());
  }

  /**
   * Whether starting failed because the port is taken: Javalin's bind exception carries Jetty's
   * java.net.BindException as its cause (this class names no HTTP library, ArchitectureTest).
   */
  static boolean portInUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) {
        return true;
      }
    }
    return false;
  }

  private static void printBanner(NaraServer server) {
    StringBuilder out = new StringBuilder();
    out.append('\n')
        .append("  Nära server is running\n")
        .append("  URL:       ").append(server.url()).append('\n')
        .append("  Health:    ").append(server.url()).append("/health\n")
        .append("  Team page: ").append(server.url()).append("/teamledare (teamledare: the team leader page)\n")
        .append("  Database:  ").append(server.database().description()).append('\n');
    DemoSeed.Summary demo = server.demo();
    if (demo != null) {
      out.append("  Demo data: ").append(demo.describe()).append('\n');
    }
    if (server.demoLogins().isEmpty()) {
      out.append("  Accounts:  this database has its own accounts (no demo logins)\n");
    } else {
      out.append("  Demo logins (password for all: ").append(DemoSeed.DEMO_PASSWORD).append("):\n");
      int roleWidth = 0;
      for (DemoSeed.DemoLogin login : server.demoLogins()) {
        roleWidth = Math.max(roleWidth, login.role().length());
      }
      for (DemoSeed.DemoLogin login : server.demoLogins()) {
        out.append(String.format("    %-14s %-" + roleWidth + "s  %s%n", login.username(), login.role(), login.team()));
      }
    }
    out.append("  Stop with Ctrl+C.\n");
    System.out.println(out);
  }

  /** Entry point. */
  public static void main(String[] args) {
    int exit = new CommandLine(new Main()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }
}
