package se.nara.server;

import io.javalin.Javalin;
import java.util.concurrent.Executors;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import se.nara.server.access.EmergencyAccessService;
import se.nara.server.admin.AdminService;
import se.nara.server.audit.LogReviewService;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.nara.server.audit.AuditService;
import se.nara.server.auth.AuthService;
import se.nara.server.auth.PasswordHasher;
import se.nara.server.demo.DemoSeed;
import se.nara.server.review.ReviewService;
import se.nara.server.svu.SvuService;
import se.nara.server.store.AccountStore;
import se.nara.server.store.AuditStore;
import se.nara.server.store.Database;
import se.nara.server.store.DeviceStore;
import se.nara.server.store.MutationLogStore;
import se.nara.server.store.RecordStore;
import se.nara.server.store.ScopeStore;
import se.nara.server.sync.ServerRecords;
import se.nara.server.sync.RestoreRecovery;
import se.nara.server.sync.SyncService;
import se.nara.server.teamlead.DischargeFigures;
import se.nara.server.teamlead.TeamLeadService;
import se.nara.server.store.TeamLeadStore;
import se.nara.server.web.WebServer;
import se.nara.server.web.ui.TeamLeadRoutes;

/**
 * The running server: the composition root that wires stores, services and the web edge. Tests
 * start it on port 0 and talk to it over real HTTP.
 */
public final class NaraServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NaraServer.class);

  private final ServerConfig config;
  private final Database db;
  private final Javalin app;
  private final DemoSeed.Summary demo;
  private final List<DemoSeed.DemoLogin> demoLogins;

  private final ScheduledExecutorService maintenance;

  private NaraServer(
      ServerConfig config, Database db, Javalin app, DemoSeed.Summary demo, List<DemoSeed.DemoLogin> demoLogins,
      ScheduledExecutorService maintenance) {
    this.config = config;
    this.db = db;
    this.app = app;
    this.demo = demo;
    this.demoLogins = demoLogins;
    this.maintenance = maintenance;
  }

  /** Opens the database, seeds demo data if asked and the database is empty, and starts HTTP. */
  public static NaraServer start(ServerConfig config) {
    Clock clock = Clock.systemUTC();
    Database db = Database.open(config.jdbcUrl());
    try {
      RecordStore records = new RecordStore();
      AccountStore accounts = new AccountStore();
      DeviceStore devices = new DeviceStore();
      ScopeStore scopes = new ScopeStore();
      AuditService audit = new AuditService(new AuditStore(), clock);
      PasswordHasher hasher = new PasswordHasher(config.passwordIterations());
      ServerRecords serverRecords = new ServerRecords(records, clock);

      DemoSeed seed = new DemoSeed(db, accounts, scopes, serverRecords, hasher, clock);
      DemoSeed.Summary demo = config.seedDemoData() ? seed.seedIfEmpty() : null;
      List<DemoSeed.DemoLogin> demoLogins = seed.loginsPresent();
      AuthService auth =
          new AuthService(db, accounts, devices, audit::loggedIn, hasher, config.tokenLifetime(), clock);
      SyncService sync =
          new SyncService(db, records, new MutationLogStore(), devices, scopes, audit, clock);
      ReviewService review = new ReviewService(db, records, scopes, serverRecords, audit, clock);
      RestoreRecovery recovery = new RestoreRecovery(db, records, devices, scopes, serverRecords, audit, clock);
      SvuService svu = new SvuService(db, records, serverRecords, audit, clock);
      EmergencyAccessService emergency = new EmergencyAccessService(db, records, scopes, audit, clock);
      AdminService admin = new AdminService(db, devices, accounts, scopes, records, audit, auth, clock);
      LogReviewService logs = new LogReviewService(db, new AuditStore(), audit, config.auditRetention(), clock);
      logs.applyRetention();
      ScheduledExecutorService maintenance =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "nara-maintenance");
                t.setDaemon(true);
                return t;
              });
      maintenance.scheduleAtFixedRate(
          () -> {
            try {
              logs.applyRetention();
            } catch (RuntimeException e) {
              LOG.error("audit retention failed; will retry tomorrow", e);
            }
          },
          1, 1, TimeUnit.DAYS);
      TeamLeadService teamLead =
          new TeamLeadService(
              db, new TeamLeadStore(), records, scopes, serverRecords, review, audit, DischargeFigures.SKANE.withPayment(config.paymentResponsibility()), clock);
      Javalin app =
          WebServer.create(auth, sync, recovery, review, svu, emergency, admin, logs, new TeamLeadRoutes(auth, teamLead),
                  config.pullConcurrency(), config.pullWait())
              .start(config.host(), config.port());
      LOG.info("Nära server listening on port {}", app.port());
      return new NaraServer(config, db, app, demo, demoLogins, maintenance);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** The port the server listens on (useful when started on port 0). */
  public int port() {
    return app.port();
  }

  /** The base URL for clients on this machine. */
  public String url() {
    return "http://localhost:" + port();
  }

  /** The database (tests inspect it; production code goes through the services). */
  public Database database() {
    return db;
  }

  /** What the demo seed created, or null if it did not run (or the database was not empty). */
  public DemoSeed.Summary demo() {
    return demo;
  }

  /** The demo logins that work on this database (none unless it holds the demo data). */
  public List<DemoSeed.DemoLogin> demoLogins() {
    return demoLogins;
  }

  /** Every HTTP route the server answers, as "METHOD path" (tests check each is covered). */
  public java.util.List<String> routes() {
    java.util.List<String> out = new java.util.ArrayList<>();
    java.util.Set<String> methods = java.util.Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    for (var parsed : app.unsafe.internalRouter.allHttpHandlers()) {
      String method = parsed.endpoint.method.name();
      if (methods.contains(method)) {
        out.add(method + " " + parsed.endpoint.path);
      }
    }
    return out;
  }

  /** The configuration the server was started with. */
  public ServerConfig config() {
    return config;
  }

  @Override
  public void close() {
    maintenance.shutdownNow();
    app.stop();
    db.close();
    LOG.info("Nära server stopped");
  }
}
