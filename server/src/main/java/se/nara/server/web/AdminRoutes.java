package se.nara.server.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.server.ApiException;
import se.nara.server.TimeBounds;
import se.nara.server.admin.AdminService;
import se.nara.sdk.model.AuditAction;
import se.nara.server.audit.LogQuery;
import se.nara.server.audit.LogReviewService;
import se.nara.server.auth.AuthService;

/** Token refresh, device revocation, care relationships, spärrar and log review. */
final class AdminRoutes {
  private final AuthService auth;
  private final AdminService admin;
  private final LogReviewService logs;

  AdminRoutes(AuthService auth, AdminService admin, LogReviewService logs) {
    this.auth = auth;
    this.admin = admin;
    this.logs = logs;
  }

  /** The body of the care-relationship and spärr endpoints. */
  record PatientTeam(String patientId, String teamId) {}

  void install(JavalinConfig config) {
    config.routes.post("/api/v1/auth/refresh", ctx -> {
      Requests.noBody(ctx);
      ctx.json(auth.refresh(Requests.bearer(ctx)));
    });
    config.routes.post("/api/v1/devices/{id}/revoke", this::revoke);
    config.routes.post("/api/v1/admin/care-relationships/start", ctx -> patientTeam(ctx, "start"));
    config.routes.post("/api/v1/admin/care-relationships/end", ctx -> patientTeam(ctx, "end"));
    config.routes.post("/api/v1/admin/sparr", ctx -> patientTeam(ctx, "sparr"));
    config.routes.get("/api/v1/audit", this::logReview);
  }

  private void revoke(Context ctx) {
    var principal = Requests.principal(ctx, auth);
    String id = ctx.pathParam("id");
    if (!Requests.isUuid(id)) {
      throw new ApiException(ErrorCode.NOT_FOUND, "no such device in your teams");
    }
    Requests.noBody(ctx);
    admin.revokeDevice(principal, id);
    ctx.json(Map.of("deviceId", id, "revoked", true));
  }

  private void patientTeam(Context ctx, String action) {
    var principal = Requests.principal(ctx, auth);
    PatientTeam body = Requests.body(ctx, PatientTeam.class);
    if (!Requests.isUuid(body.patientId())) {
      throw ApiException.invalid("patientId", "patientId must be a UUID in lower case");
    }
    if (!Requests.isUuid(body.teamId())) {
      throw ApiException.invalid("teamId", "teamId must be a UUID in lower case");
    }
    switch (action) {
      case "start" -> admin.startCareRelationship(principal, body.patientId(), body.teamId());
      case "end" -> admin.endCareRelationship(principal, body.patientId(), body.teamId());
      default -> admin.addSparr(principal, body.patientId(), body.teamId());
    }
    ctx.json(Map.of("patientId", body.patientId(), "teamId", body.teamId(), "done", action));
  }

  private void logReview(Context ctx) {
    var principal = Requests.principal(ctx, auth);
    String cursor = ctx.queryParam("cursor");
    ctx.json(
        logs.review(
            principal,
            new LogQuery(
                Requests.uuidParam(ctx, "patient"),
                Requests.uuidParam(ctx, "user"),
                auditAction(ctx),
                instant(ctx, "from"),
                instant(ctx, "to"),
                integer(ctx, "sample"),
                integer(ctx, "limit"),
                cursor == null || cursor.isEmpty() ? null : cursor)));
  }

  private static AuditAction auditAction(Context ctx) {
    String value = ctx.queryParam("action");
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return AuditAction.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("action", "action must be one of " + java.util.Arrays.toString(AuditAction.values()));
    }
  }

  private static Instant instant(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    Instant parsed;
    try {
      parsed = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(name, name + " must be an ISO-8601 instant, e.g. 2026-11-01T00:00:00Z");
    }
    return TimeBounds.require(name, parsed);
  }

  private static Integer integer(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name, name + " must be a whole number");
    }
  }
}
