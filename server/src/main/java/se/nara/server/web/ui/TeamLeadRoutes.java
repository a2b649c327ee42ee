package se.nara.server.web.ui;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.LoginRequest;
import se.nara.sdk.protocol.LoginResponse;
import se.nara.server.ApiException;
import se.nara.server.TimeBounds;
import se.nara.server.auth.AuthService;
import se.nara.server.auth.Capabilities;
import se.nara.server.auth.Principal;
import se.nara.server.review.Resolution;
import se.nara.server.teamlead.TeamLeadService;
import se.nara.server.teamlead.TeamLeadViews.Me;

/**
 * The team leader's web page ({@code /teamledare}) and the JSON endpoints behind it
 * ({@code /teamledare/api/...}, documented in docs/teamleader-api.md).
 *
 * <p>Security, in one place:
 *
 * <ul>
 *   <li>Authentication is the API's own: the login form calls the same login as the tablets and
 *       the token is kept in an HttpOnly, SameSite=Strict cookie scoped to this path, so page
 *       scripts never see it. Only team leaders (and administrators) get a session.
 *   <li>Every state-changing request (POST) must carry the session's CSRF token in the {@code
 *       X-CSRF-Token} header: an HMAC of the session token under a key that lives only in this
 *       process. It must also be JSON and, when the browser says where it comes from, come from
 *       this origin. Anything else is a 403 (415 for another body type), never a 500.
 *   <li>A strict Content-Security-Policy on every response: scripts, styles and connections from
 *       this origin only, no inline script or style, no framing.
 *   <li>The page builds its DOM with text nodes only, so every value from the field shows as text.
 * </ul>
 */
public final class TeamLeadRoutes {
  /** Where the page lives. */
  public static final String BASE = "/teamledare";
  /** Where its JSON endpoints live (outside /api/, so no protocol header is needed). */
  public static final String API = BASE + "/api";
  /** The session cookie. */
  public static final String SESSION_COOKIE = "nara_tl";
  /** The header that carries the CSRF token on every POST. */
  public static final String CSRF_HEADER = "X-CSRF-Token";
  /** The Content-Security-Policy of every page response. */
  public static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
          + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private static final String PRINCIPAL = "nara.teamlead.principal";
  private static final String TOKEN = "nara.teamlead.token";

  private final AuthService auth;
  private final TeamLeadService service;
  private final byte[] csrfKey = new byte[32];
  private final Map<String, byte[]> assets = new LinkedHashMap<>();

  /** Creates the routes; the CSRF key is new for every server process. */
  public TeamLeadRoutes(AuthService auth, TeamLeadService service) {
    this.auth = auth;
    this.service = service;
    new SecureRandom().nextBytes(csrfKey);
    for (String name : new String[] {"index.html", "app.js", "app.css"}) {
      assets.put(name, resource(name));
    }
  }

  /** Registers the page, its assets, its endpoints and the security checks. */
  public void install(JavalinConfig config) {
    config.routes.before(BASE, this::guard);
    config.routes.before(BASE + "/*", this::guard);
    // The banner prints the server's URL, and a person opening it in a browser wants the page,
    // not the sync API's JSON 404.
    config.routes.get("/", ctx -> ctx.redirect(BASE + "/"));
    config.routes.get(BASE, ctx -> asset(ctx, "index.html", "text/html; charset=utf-8"));
    config.routes.get(BASE + "/", ctx -> asset(ctx, "index.html", "text/html; charset=utf-8"));
    config.routes.get(BASE + "/app.js", ctx -> asset(ctx, "app.js", "text/javascript; charset=utf-8"));
    config.routes.get(BASE + "/app.css", ctx -> asset(ctx, "app.css", "text/css; charset=utf-8"));

    config.routes.post(API + "/login", this::login);
    config.routes.post(API + "/logout", this::logout);
    config.routes.get(API + "/session", ctx -> ctx.json(session(ctx, principal(ctx))));
    config.routes.get(
        API + "/visits",
        ctx -> {
          LocalDate from = date(ctx, "from", null);
          LocalDate to = date(ctx, "to", from);
          ctx.json(service.visits(principal(ctx), uuid(ctx, "team"), from, to));
        });
    config.routes.post(API + "/visits/{id}/review", this::review);
    config.routes.get(API + "/conflicts", ctx -> ctx.json(Map.of("conflicts", service.conflicts(principal(ctx), uuid(ctx, "team")))));
    config.routes.post(API + "/conflicts/{id}/resolve", this::resolve);
    config.routes.post(API + "/restored/resolve", ctx -> {
      JsonObject body = body(ctx);
      ctx.json(service.resolveRestored(principal(ctx), uuid(ctx, "team"), new Resolution(string(body, "choice"), null, string(body, "note"))));
    });
    config.routes.get(
        API + "/auto-resolved",
        ctx -> ctx.json(service.autoResolved(principal(ctx), uuid(ctx, "team"),
            wholeNumberParam(ctx, "days", TeamLeadService.DEFAULT_AUTO_RESOLVED_DAYS))));
    config.routes.get(API + "/follow-ups", ctx -> ctx.json(service.followUps(principal(ctx), uuid(ctx, "team"))));
    config.routes.get(API + "/follow-ups/count", ctx -> ctx.json(service.followUpCounts(principal(ctx), uuid(ctx, "team"))));
    config.routes.get(API + "/deviations", ctx -> ctx.json(service.deviations(principal(ctx), uuid(ctx, "team"))));
    config.routes.get(API + "/discharge-board", ctx -> ctx.json(service.board(principal(ctx), uuid(ctx, "team"))));
    config.routes.get(API + "/fleet", ctx -> ctx.json(service.fleet(principal(ctx), uuid(ctx, "team"))));
    config.routes.get(
        API + "/records/{id}/history",
        ctx -> ctx.json(service.history(principal(ctx), pathId(ctx, "Journalposten finns inte i dina team."))));
  }

  // ---------------------------------------------------------------------------------------------
  // The guard: headers on every response, and the checks on every POST
  // ---------------------------------------------------------------------------------------------

  private void guard(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
    if (ctx.method() != HandlerType.POST) {
      return;
    }
    if (!sameOrigin(ctx)) {
      throw new ApiException(ErrorCode.FORBIDDEN, "Begäran kommer från en annan webbplats.");
    }
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Skicka innehållet som application/json.");
    }
    if (ctx.path().equals(API + "/login")) {
      return;
    }
    principal(ctx);
    String sent = ctx.header(CSRF_HEADER);
    byte[] expected = csrfToken(ctx.attribute(TOKEN)).getBytes(StandardCharsets.US_ASCII);
    if (sent == null || !MessageDigest.isEqual(expected, sent.getBytes(StandardCharsets.US_ASCII))) {
      throw new ApiException(
          ErrorCode.FORBIDDEN, "CSRF-token saknas eller är fel. Ladda om sidan och försök igen.", csrfDetails());
    }
  }

  private static JsonObject csrfDetails() {
    JsonObject details = new JsonObject();
    details.addProperty("reason", "CSRF");
    return details;
  }

  /**
   * Whether the request comes from this origin, as far as the browser tells: a cross-site
   * Sec-Fetch-Site, or an Origin whose host differs from the Host, is refused. Requests without
   * either header (not from a browser) pass; they still need the CSRF token.
   */
  private static boolean sameOrigin(Context ctx) {
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return false;
    }
    String origin = ctx.header("Origin");
    if (origin == null) {
      return true;
    }
    try {
      URI uri = URI.create(origin);
      String host = ctx.header("Host");
      String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return host != null && authority != null && host.equalsIgnoreCase(authority);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Session
  // ---------------------------------------------------------------------------------------------

  private void login(Context ctx) {
    JsonObject body = body(ctx);
    String username = string(body, "username");
    String password = string(body, "password");
    // The login's own checks word their messages for developers; the page's are Swedish.
    if (username == null || username.isBlank()) {
      throw ApiException.invalid("username", "Fyll i användarnamn.");
    }
    if (password == null || password.isEmpty()) {
      throw ApiException.invalid("password", "Fyll i lösenord.");
    }
    if (username.length() > 64 || password.length() > 256) {
      // Longer than any account's: answered like any other wrong username or password.
      throw wrongCredentials();
    }
    // The page signs in as a device of its own browser: a random id with a random secret, kept in
    // an HttpOnly cookie, so the fleet view shows one entry per browser and nobody can predict the
    // id (and sign in as it, or have it revoked to lock the page out). A browser without the cookie,
    // or whose device was revoked, gets a new one.
    String[] device = pageDevice(ctx);
    LoginResponse login;
    try {
      login = auth.login(new LoginRequest(username, password, device[0], PAGE_DEVICE_NAME, device[1]));
    } catch (ApiException e) {
      if (e.code() == ErrorCode.ACCOUNT_LOCKED) {
        // The page speaks Swedish; the API's own message is for developers.
        long minutes = e.details() != null && e.details().has("retryAfterMinutes") ? e.details().get("retryAfterMinutes").getAsLong() : 5;
        throw new ApiException(ErrorCode.ACCOUNT_LOCKED, "För många misslyckade inloggningar. Försök igen om " + minutes
            + (minutes == 1 ? " minut" : " minuter") + " eller be en administratör låsa upp kontot.", e.details());
      }
      if (e.code() == ErrorCode.INVALID_CREDENTIALS) {
        throw wrongCredentials();
      }
      if (device[2] == null
          || (e.code() != ErrorCode.DEVICE_REVOKED && e.code() != ErrorCode.DEVICE_SECRET_MISMATCH)) {
        throw e;
      }
      device = newPageDevice();
      login = auth.login(new LoginRequest(username, password, device[0], PAGE_DEVICE_NAME, device[1]));
    }
    Principal principal = auth.authenticate(login.token());
    if (!Capabilities.canReview(principal)) {
      auth.signOut(login.token());
      throw new ApiException(ErrorCode.FORBIDDEN, refusal(principal));
    }
    setDeviceCookie(ctx, device[0] + "." + device[1]);
    long seconds = Math.max(0, Duration.between(Instant.now(), login.expiresAt()).getSeconds());
    setCookie(ctx, login.token(), seconds);
    ctx.attribute(TOKEN, login.token());
    ctx.json(session(ctx, principal));
  }

  /**
   * Why the page refuses someone who signed in correctly, and for the MAS where her own tools are:
   * the log review and the follow-ups, which she reaches through the API (she has no page yet).
   */
  static String refusal(Principal principal) {
    if (!Capabilities.canSeeHiddenFollowUps(principal)) {
      return "Sidan är bara för teamledare.";
    }
    return "Sidan är bara för teamledare. Som MAS når du dina verktyg genom Näras API (de har ingen sida än):"
        + " loggkontrollen (GET /api/v1/audit), uppföljning av konflikter för patienter som inget team längre"
        + " vårdar (GET /api/v1/review/conflicts) och uppföljningar som en spärr döljer för alla team"
        + " (GET /api/v1/review/follow-ups). Se docs/security.md och docs/teamleader-api.md.";
  }

  private static ApiException wrongCredentials() {
    return new ApiException(ErrorCode.INVALID_CREDENTIALS, "Fel användarnamn eller lösenord.");
  }

  private void logout(Context ctx) {
    noBody(ctx);
    String token = ctx.attribute(TOKEN);
    auth.signOut(token);
    setCookie(ctx, "", 0);
    ctx.json(Map.of("signedOut", true));
  }

  private Map<String, Object> session(Context ctx, Principal principal) {
    Me me = service.me(principal);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("staffId", me.staffId());
    out.put("name", me.name());
    out.put("profession", me.profession());
    out.put("teams", me.teams());
    out.put("today", service.today());
    out.put("csrfToken", csrfToken(ctx.attribute(TOKEN)));
    return out;
  }

  /** The fleet view's name of a browser's page device. */
  static final String PAGE_DEVICE_NAME = "Webbläsare (teamledarsidan)";
  /** The cookie that keeps the browser's page device: {@code <device id>.<device secret>}. */
  public static final String DEVICE_COOKIE = "nara_tl_enhet";

  private static final SecureRandom DEVICE_RANDOM = new SecureRandom();

  /** The browser's page device from its cookie ({id, secret, "cookie"}), or a new one ({id, secret, null}). */
  private static String[] pageDevice(Context ctx) {
    String value = ctx.cookie(DEVICE_COOKIE);
    if (value != null && value.matches("[0-9a-f-]{36}\\.[A-Za-z0-9_-]{43}")) {
      int dot = value.indexOf('.');
      return new String[] {value.substring(0, dot), value.substring(dot + 1), "cookie"};
    }
    return newPageDevice();
  }

  private static String[] newPageDevice() {
    byte[] secret = new byte[32];
    DEVICE_RANDOM.nextBytes(secret);
    return new String[] {
      UUID.randomUUID().toString(), Base64.getUrlEncoder().withoutPadding().encodeToString(secret), null
    };
  }

  private static void setDeviceCookie(Context ctx, String value) {
    addCookie(ctx, DEVICE_COOKIE, value, Duration.ofDays(365).getSeconds());
  }

  private static void setCookie(Context ctx, String value, long maxAgeSeconds) {
    addCookie(ctx, SESSION_COOKIE, value, maxAgeSeconds);
  }

  /** An HttpOnly, SameSite=Strict cookie for the page's path; Secure when the request came over HTTPS. */
  private static void addCookie(Context ctx, String name, String value, long maxAgeSeconds) {
    boolean https =
        "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    ctx.res().addHeader(
        "Set-Cookie",
        name + "=" + value + "; Path=" + BASE + "; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
            + (https ? "; Secure" : ""));
  }

  /** The signed-in team leader behind the session cookie; 401 without one, 403 for others. */
  private Principal principal(Context ctx) {
    Principal cached = ctx.attribute(PRINCIPAL);
    if (cached != null) {
      return cached;
    }
    String token = ctx.cookie(SESSION_COOKIE);
    if (token == null || token.isEmpty()) {
      throw new ApiException(ErrorCode.UNAUTHENTICATED, "Logga in först.");
    }
    Principal principal;
    try {
      principal = auth.authenticate(token);
    } catch (ApiException e) {
      // Signed out, expired, or the browser's device revoked: the same codes, in Swedish.
      if (e.code() == ErrorCode.UNAUTHENTICATED || e.code() == ErrorCode.DEVICE_REVOKED) {
        throw new ApiException(e.code(), e.code() == ErrorCode.DEVICE_REVOKED
            ? "Webbläsarens inloggning har spärrats. Logga in igen." : "Sessionen har gått ut. Logga in igen.", e.details());
      }
      throw e;
    }
    TeamLeadService.requireTeamLeader(principal);
    ctx.attribute(PRINCIPAL, principal);
    ctx.attribute(TOKEN, token);
    return principal;
  }

  private String csrfToken(String sessionToken) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(csrfKey, "HmacSHA256"));
      byte[] tag = mac.doFinal(("csrf:" + sessionToken).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Actions
  // ---------------------------------------------------------------------------------------------

  private void review(Context ctx) {
    Principal principal = principal(ctx);
    String id = pathId(ctx, "Besöket finns inte i dina team.");
    JsonObject body = body(ctx);
    TeamLeadService.Decision decision = TeamLeadService.Decision.parse(string(body, "decision"));
    Long seen = wholeNumber(body, "version", "version (den version du granskade) måste vara ett heltal.");
    if (seen == null) {
      throw ApiException.invalid("version", "version (den version du granskade) måste vara ett heltal.");
    }
    ctx.json(service.review(principal, id, decision, seen, string(body, "note")));
  }

  /** A whole number in {@code body}'s {@code field}, or null when it is absent or JSON null. */
  private static Long wholeNumber(JsonObject body, String field, String message) {
    JsonElement value = body.get(field);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    try {
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
        throw new NumberFormatException();
      }
      return value.getAsBigDecimal().longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw ApiException.invalid(field, message);
    }
  }

  private void resolve(Context ctx) {
    Principal principal = principal(ctx);
    String id = pathId(ctx, "Konflikten finns inte i dina team.");
    JsonObject body = body(ctx);
    JsonElement value = body.get("value");
    if (value != null && !value.isJsonNull() && !value.isJsonObject()) {
      throw ApiException.invalid("value", "value måste vara ett objekt med konfliktens fält.");
    }
    Long seen = wholeNumber(body, "seenVersion", "seenVersion (postens version som du såg) måste vara ett heltal.");
    Resolution resolution =
        new Resolution(string(body, "choice"), value == null || value.isJsonNull() ? null : value.getAsJsonObject(),
            string(body, "note"), seen, string(body, "counterpart"));
    ctx.json(service.resolve(principal, id, resolution));
  }

  // ---------------------------------------------------------------------------------------------
  // Parsing
  // ---------------------------------------------------------------------------------------------

  private static JsonObject body(Context ctx) {
    String text = ctx.body();
    if (text == null || text.isBlank()) {
      throw new ApiException(ErrorCode.MALFORMED_REQUEST, "Begäran saknar JSON-innehåll.");
    }
    JsonElement parsed;
    try {
      // Strict JSON, as on /api/: a lenient read took {username:karin.tl;password:demo} for an object.
      com.google.gson.stream.JsonReader reader = new com.google.gson.stream.JsonReader(new java.io.StringReader(text));
      reader.setStrictness(com.google.gson.Strictness.STRICT);
      reader.setNestingLimit(MAX_NESTING);
      parsed = se.nara.sdk.protocol.Json.gson().getAdapter(JsonElement.class).read(reader);
      if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
        throw new JsonParseException("content after the JSON value");
      }
    } catch (JsonParseException | IllegalStateException | java.io.IOException e) {
      throw new ApiException(ErrorCode.MALFORMED_REQUEST, "Innehållet är inte giltig JSON.");
    }
    if (!parsed.isJsonObject()) {
      throw new ApiException(ErrorCode.MALFORMED_REQUEST, "Innehållet måste vara ett JSON-objekt.");
    }
    return parsed.getAsJsonObject();
  }

  /** Deeper JSON than any of the page's requests needs is refused before it can cost stack. */
  private static final int MAX_NESTING = 32;

  /** A body the endpoint does not read: none, or a JSON object (whose members are ignored). */
  private static void noBody(Context ctx) {
    String text = ctx.body();
    if (text != null && !text.isBlank()) {
      body(ctx);
    }
  }

  private static String string(JsonObject body, String field) {
    JsonElement v = body.get(field);
    if (v == null || v.isJsonNull()) {
      return null;
    }
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
      throw ApiException.invalid(field, field + " måste vara en text.");
    }
    return v.getAsString();
  }

  private static String pathId(Context ctx, String notFound) {
    String id = ctx.pathParam("id");
    if (!se.nara.server.Uuids.isUuid(id)) {
      throw new ApiException(ErrorCode.NOT_FOUND, notFound);
    }
    return id;
  }

  private static String uuid(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (!se.nara.server.Uuids.isUuid(value)) {
      throw ApiException.invalid(name, name + " måste vara ett UUID med små bokstäver.");
    }
    return value;
  }

  /** A whole-number query parameter, or {@code fallback} when it is absent; anything else is a 400 naming it. */
  private static int wholeNumberParam(Context ctx, String name, int fallback) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    if (!value.matches("[0-9]{1,9}")) {
      throw ApiException.invalid(name, name + " måste vara ett heltal.");
    }
    return Integer.parseInt(value);
  }

  private LocalDate date(Context ctx, String name, LocalDate fallback) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return fallback == null ? service.today() : fallback;
    }
    LocalDate date;
    try {
      date = LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(name, name + " måste vara ett datum (ÅÅÅÅ-MM-DD).");
    }
    if (!TimeBounds.contains(date)) {
      throw ApiException.invalid(name, name + " måste vara ett datum mellan åren " + TimeBounds.FIRST_YEAR
          + " och " + TimeBounds.LAST_YEAR + ".");
    }
    return date;
  }

  // ---------------------------------------------------------------------------------------------
  // Assets
  // ---------------------------------------------------------------------------------------------

  private void asset(Context ctx, String name, String contentType) {
    ctx.contentType(contentType);
    ctx.result(assets.get(name));
  }

  private static byte[] resource(String name) {
    String path = "/public/teamledare/" + name;
    try (InputStream in = TeamLeadRoutes.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }
}
