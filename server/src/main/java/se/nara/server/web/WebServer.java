package se.nara.server.web;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.json.JavalinGson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.nara.sdk.protocol.Json;
import se.nara.server.access.EmergencyAccessService;
import se.nara.server.admin.AdminService;
import se.nara.server.audit.LogReviewService;
import se.nara.server.auth.AuthService;
import se.nara.server.review.ReviewService;
import se.nara.server.svu.SvuService;
import se.nara.server.sync.RestoreRecovery;
import se.nara.server.sync.SyncService;
import se.nara.server.web.ui.TeamLeadRoutes;

/** Builds the Javalin application: JSON mapping, limits, routes and error mapping. */
public final class WebServer {
  private static final Logger LOG = LoggerFactory.getLogger("se.nara.server.http");
  /** The largest request body accepted (a full push batch is far below this). */
  public static final long MAX_REQUEST_BYTES = 8L * 1024 * 1024;
  /**
   * Response compression level, 1 (fastest, the default) to 9; {@code -Dnara.gzip-level=6} trades
   * about a quarter of pull throughput for about 14 % fewer bytes (measured, docs/benchmarks.md).
   */
  static int gzipLevel() {
    int level = Integer.getInteger("nara.gzip-level", 1);
    if (level < 1 || level > 9) {
      throw new IllegalArgumentException("nara.gzip-level must be between 1 and 9, not " + level);
    }
    return level;
  }
  private static final String STARTED = "nara.started-nanos";

  private WebServer() {}

  /** Creates (but does not start) the web application. */
  public static Javalin create(
      AuthService auth,
      SyncService sync,
      RestoreRecovery recovery,
      ReviewService review,
      SvuService svu,
      EmergencyAccessService emergency,
      AdminService admin,
      LogReviewService logs,
      TeamLeadRoutes teamLead,
      int pullConcurrency,
      java.time.Duration pullWait) {
    ApiRoutes api = new ApiRoutes(auth, sync, recovery, review, svu, emergency, new PullGate(pullConcurrency, pullWait.toMillis()));
    AdminRoutes adminRoutes = new AdminRoutes(auth, admin, logs);
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.jsonMapper(new JavalinGson(Json.gson(), false));
          config.http.maxRequestSize = MAX_REQUEST_BYTES;
          config.http.defaultContentType = "application/json";
          // A known path with the wrong method is the client's mistake about the method, not the path.
          config.http.prefer405over404 = true;
          // Level 1: pull pages are repetitive JSON that level 1 already shrinks several times over;
          // the default level 6 made compression the largest single cost of a pull on two cores.
          config.http.compressionStrategy = new CompressionStrategy(null, new Gzip(gzipLevel()));
          config.jetty.modifyServer(server -> server.setErrorHandler(new JettyJsonErrors()));
          // Jetty reuses header fields it has already seen on a connection, and by default matches
          // them ignoring case: a bearer token sent after one differing only in case arrived as the
          // earlier one and was refused. Tokens are case-sensitive, so the cache must be too.
          config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
          config.requestLogger.http(
              (ctx, ms) -> LOG.debug("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.status().getCode(), ms));
          // Server-Timing: how long the server itself spent on a request, so latency can be told
          // apart from the network and the client (the benchmark reads it; browsers show it).
          // The per-request work of every request, in one before-handler.
          config.routes.before(
              ctx -> {
                ctx.attribute(STARTED, System.nanoTime());
                // API answers carry patient data (pulls, pushes, audit, verify, nödåtkomst): no browser,
                // proxy or HTTP cache may keep a copy. Set before the handler, so error answers have it too.
                if (ctx.path().startsWith("/api/")) {
                  ctx.header("Cache-Control", "no-store");
                }
                ApiPreconditions.checkReadable(ctx);
              });
          config.routes.after(
              ctx -> {
                Long started = ctx.attribute(STARTED);
                if (started != null) {
                  ctx.header("Server-Timing", String.format(java.util.Locale.ROOT, "app;dur=%.3f", (System.nanoTime() - started) / 1e6));
                }
              });
          ErrorMapper.install(config);
          api.install(config);
          adminRoutes.install(config);
          teamLead.install(config);
        });
  }
}
