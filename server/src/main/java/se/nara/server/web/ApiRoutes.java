package se.nara.server.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;
import se.nara.sdk.protocol.LoginRequest;
import se.nara.sdk.protocol.PullResponse;
import se.nara.sdk.protocol.PushRequest;
import se.nara.server.ApiException;
import se.nara.server.auth.AuthService;
import se.nara.server.auth.Principal;
import se.nara.server.sync.SyncService;

/** The protocol v1 endpoints. Each handler parses, delegates and answers. */
final class ApiRoutes {
  private final AuthService auth;
  private final SyncService sync;

  ApiRoutes(AuthService auth, SyncService sync) {
    this.auth = auth;
    this.sync = sync;
  }

  void install(JavalinConfig config) {
    config.routes.before("/api/*", ApiPreconditions::check);
    config.routes.post("/api/v1/auth/login", this::login);
    config.routes.post("/api/v1/sync/push", this::push);
    config.routes.get("/api/v1/sync/pull", this::pull);
    config.routes.get("/health", ctx -> ctx.json(Map.of("status", "UP", "protocolVersion", 1)));
  }

  private void login(Context ctx) {
    ctx.json(auth.login(Requests.body(ctx, LoginRequest.class)));
  }

  private void push(Context ctx) {
    Principal principal = Requests.principal(ctx, auth);
    ctx.json(sync.push(principal, Requests.body(ctx, PushRequest.class)));
  }

  private void pull(Context ctx) {
    Principal principal = Requests.principal(ctx, auth);
    String limit = ctx.queryParam("limit");
    int pageSize;
    try {
      pageSize = limit == null ? PullResponse.DEFAULT_LIMIT : Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      throw ApiException.invalid("limit", "limit must be a whole number");
    }
    ctx.json(sync.pull(principal, ctx.queryParam("cursor"), pageSize));
  }
}
