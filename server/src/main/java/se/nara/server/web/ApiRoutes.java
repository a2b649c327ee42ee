package se.nara.server.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;
import se.nara.sdk.protocol.EmergencyAccessRequest;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.LoginRequest;
import se.nara.sdk.protocol.PullResponse;
import se.nara.sdk.protocol.PushRequest;
import se.nara.sdk.protocol.RecoveryRequest;
import se.nara.server.ApiException;
import se.nara.server.access.EmergencyAccessService;
import se.nara.server.auth.AuthService;
import se.nara.server.auth.Principal;
import se.nara.server.review.ConflictKind;
import se.nara.server.review.ConflictQuery;
import se.nara.server.review.Resolution;
import se.nara.server.review.ReviewService;
import se.nara.server.svu.SvuMessage;
import se.nara.server.svu.SvuService;
import se.nara.server.sync.PullPageJson;
import se.nara.server.sync.RestoreRecovery;
import se.nara.server.sync.SyncService;

/** The protocol v1 endpoints. Each handler parses, delegates and answers. */
final class ApiRoutes {
  private final AuthService auth;
  private final SyncService sync;
  private final RestoreRecovery recovery;
  private final ReviewService review;
  private final SvuService svu;
  private final EmergencyAccessService emergency;
  private final PullGate pulls;
  /** Pages up to this many records give their turn at the gate back before the access-log commit. */
  static final int SMALL_PAGE_RECORDS = 32;

  ApiRoutes(
      AuthService auth,
      SyncService sync,
      RestoreRecovery recovery,
      ReviewService review,
      SvuService svu,
      EmergencyAccessService emergency,
      PullGate pulls) {
    this.emergency = emergency;
    this.pulls = pulls;
    this.recovery = recovery;
    this.auth = auth;
    this.sync = sync;
    this.review = review;
    this.svu = svu;
  }

  void install(JavalinConfig config) {
    config.routes.before("/api/*", ApiPreconditions::check);
    config.routes.post("/api/v1/auth/login", this::login);
    config.routes.post("/api/v1/auth/logout", this::logout);
    config.routes.post("/api/v1/sync/push", this::push);
    config.routes.get("/api/v1/sync/pull", this::pull);
    config.routes.post("/api/v1/sync/recovery",
        ctx -> ctx.json(recovery.offer(Requests.principal(ctx, auth), Requests.body(ctx, RecoveryRequest.class))));
    config.routes.get("/api/v1/review/conflicts", this::listConflicts);
    config.routes.post("/api/v1/review/conflicts/{id}/resolve", this::resolveConflict);
    config.routes.get("/api/v1/review/follow-ups", ctx -> ctx.json(review.overview(Requests.principal(ctx, auth))));
    config.routes.post("/api/v1/review/restored/resolve", ctx -> ctx.json(review.resolveRestored(
        Requests.principal(ctx, auth), Requests.uuidParam(ctx, "team"), Requests.body(ctx, Resolution.class))));
    config.routes.post("/api/v1/svu/messages", ctx -> ctx.json(svu.receive(Requests.principal(ctx, auth), Requests.body(ctx, SvuMessage.class))));
    config.routes.get("/api/v1/sync/verify",
        ctx -> ctx.json(sync.verify(Requests.principal(ctx, auth), ctx.queryParam("cursor"))));
    config.routes.post("/api/v1/access/emergency", ctx -> ctx.json(
        emergency.open(Requests.principal(ctx, auth), Requests.body(ctx, EmergencyAccessRequest.class))));
    config.routes.get("/health", ctx -> ctx.json(Map.of("status", "UP", "protocolVersion", 1)));
  }

  private void login(Context ctx) {
    ctx.json(auth.login(Requests.body(ctx, LoginRequest.class)));
  }

  /**
   * Ends the session of the token that signs the request. A tablet calls it when another user
   * takes it over: the replaced token would otherwise stay valid for the rest of its 12 hours,
   * in a file on a device that someone else now holds. Signing out a token that is no longer
   * live is not an error (the answer says it was not), so a retry after a lost answer is safe.
   */
  private void logout(Context ctx) {
    Requests.noBody(ctx);
    String token = Requests.bearer(ctx);
    if (token == null || token.isEmpty()) {
      throw new ApiException(ErrorCode.UNAUTHENTICATED, "sign out needs the bearer token of the session to end");
    }
    ctx.json(Map.of("signedOut", auth.signOut(token)));
  }

  private void push(Context ctx) {
    Principal principal = Requests.principal(ctx, auth);
    ctx.json(sync.push(principal, Requests.body(ctx, PushRequest.class)));
  }

  private void listConflicts(Context ctx) {
    Principal principal = Requests.principal(ctx, auth);
    ConflictKind kind = null;
    if (ctx.queryParam("kind") != null) {
      try {
        kind = ConflictKind.valueOf(ctx.queryParam("kind"));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("kind", "kind must be one of MEDICATION, CHECKLIST, PLAN, VISIT, OTHER");
      }
    }
    Integer minAge = null;
    if (ctx.queryParam("minAgeHours") != null) {
      try {
        minAge = Integer.parseInt(ctx.queryParam("minAgeHours"));
      } catch (NumberFormatException e) {
        throw ApiException.invalid("minAgeHours", "minAgeHours must be a whole number");
      }
    }
    ConflictQuery query =
        new ConflictQuery(Requests.uuidParam(ctx, "team"), Requests.uuidParam(ctx, "patient"), kind, ctx.queryParam("status"), minAge);
    ctx.json(Map.of("conflicts", review.list(principal, query)));
  }

  private void resolveConflict(Context ctx) {
    Principal principal = Requests.principal(ctx, auth);
    String id = ctx.pathParam("id");
    if (!Requests.isUuid(id)) {
      throw new ApiException(ErrorCode.NOT_FOUND, "no such conflict in your teams");
    }
    ctx.json(review.resolve(principal, id, Requests.body(ctx, Resolution.class)));
  }

  private void pull(Context ctx) {
    Principal principal = Requests.principal(ctx, auth);
    String priority = ctx.queryParam("priority");
    if (priority != null && !priority.equals("today")) {
      throw ApiException.invalid("priority", "priority must be 'today'");
    }
    int pageSize;
    try {
      String limit = ctx.queryParam("limit");
      pageSize = limit == null ? PullResponse.DEFAULT_LIMIT : Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      throw ApiException.invalid("limit", "limit must be a whole number");
    }
    // The access log must be durable before any byte of the page goes out (PDL), so every pull
    // waits for a commit. A large page keeps its turn at the gate while it waits, which is what
    // bounds the memory held in pages; a small one gives the turn back first, so a burst of small
    // pulls (tablets syncing a few changes) does not queue at the gate behind commits.
    Built built =
        pulls.call(() -> {
          SyncService.Pulled pulled =
              priority != null ? sync.pullToday(principal) : sync.pull(principal, ctx.queryParam("cursor"), pageSize);
          java.io.InputStream body = PullPageJson.toStream(pulled.page());
          boolean large = pulled.page().records().size() > SMALL_PAGE_RECORDS;
          if (large) {
            sync.logPulled(principal, pulled);
          }
          return new Built(pulled, body, large);
        });
    if (!built.logged()) {
      sync.logPulled(principal, built.pulled());
    }
    ctx.contentType("application/json");
    ctx.result(built.body());
  }

  /** A pull page's bytes, and whether its read is already in the access log. */
  private record Built(SyncService.Pulled pulled, java.io.InputStream body, boolean logged) {}

}
