package se.nara.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.LoginRequest;
import se.nara.sdk.protocol.LoginResponse;
import se.nara.server.ApiException;
import se.nara.server.store.Account;
import se.nara.server.store.AccountStore;
import se.nara.server.store.Database;
import se.nara.server.store.Device;
import se.nara.server.store.DeviceStore;
import se.nara.server.store.TokenSession;

/**
 * Login and token checks. Tokens are 256 random bits; the server keeps only their SHA-256, so a
 * copy of the database does not hand out sessions.
 */
public final class AuthService {
  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
  /** Failed logins in a row before the account locks. */
  static final int MAX_FAILED_LOGINS = 5;
  static final Duration LOCKOUT = Duration.ofMinutes(5);

  private final Database db;
  private final AccountStore accounts;
  private final DeviceStore devices;
  private final LoginLog loginLog;
  private final PasswordHasher hasher;
  private final Duration tokenLifetime;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final String dummyHash;
  private final SessionCache sessions = new SessionCache();

  /** Creates the service. */
  public AuthService(
      Database db,
      AccountStore accounts,
      DeviceStore devices,
      LoginLog loginLog,
      PasswordHasher hasher,
      Duration tokenLifetime,
      Clock clock) {
    this.db = db;
    this.accounts = accounts;
    this.devices = devices;
    this.loginLog = loginLog;
    this.hasher = hasher;
    this.tokenLifetime = tokenLifetime;
    this.clock = clock;
    // Unknown usernames are checked against this, so both paths cost the same time.
    this.dummyHash = hasher.hash("not-a-real-password".toCharArray());
  }

  /** Checks credentials, registers the device if new, and issues a token. */
  public LoginResponse login(LoginRequest request) {
    require(request.username(), "username", 64);
    require(request.password(), "password", 256);
    require(request.deviceId(), "deviceId", 36);
    if (!se.nara.server.Uuids.isUuid(request.deviceId())) {
      throw ApiException.invalid("deviceId", "deviceId must be " + se.nara.server.Uuids.FORM);
    }
    if (request.deviceName() != null && request.deviceName().length() > 200) {
      throw ApiException.invalid("deviceName", "deviceName is longer than 200 characters");
    }
    if (request.deviceSecret() != null && !request.deviceSecret().matches("[A-Za-z0-9_-]{32,128}")) {
      throw ApiException.invalid(
          "deviceSecret", "deviceSecret must be 32 to 128 base64url characters (256 random bits)");
    }
    long now = clock.millis();
    Optional<Account> found = db.withReader(h -> accounts.findByUsername(h, request.username()));
    char[] password = request.password().toCharArray();
    if (found.isEmpty() || !found.get().active()) {
      hasher.verify(password, dummyHash);
      LOG.info("login failed: unknown or inactive user");
      throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "wrong username or password");
    }
    Account account = found.get();
    // The attempt is counted before the slow password check, in one write: parallel attempts
    // cannot all read the same "not locked yet" row (at most MAX_FAILED_LOGINS are ever checked).
    boolean allowed =
        db.inWriteTransaction(h -> accounts.reserveLoginAttempt(h, account.staffId(), MAX_FAILED_LOGINS, now));
    if (!allowed) {
      Long lockedUntil = db.withReader(h -> accounts.lockedUntil(h, account.staffId()));
      long until = lockedUntil == null ? now + LOCKOUT.toMillis() : lockedUntil;
      long minutes = Math.max(1, (until - now + 59_999) / 60_000);
      com.google.gson.JsonObject details = new com.google.gson.JsonObject();
      details.addProperty("retryAfterMinutes", minutes);
      throw new ApiException(
          ErrorCode.ACCOUNT_LOCKED,
          "too many failed logins; try again in " + minutes + " minute(s) or ask an administrator", details);
    }
    if (!hasher.verify(password, account.passwordHash())) {
      long lockUntil = clock.millis() + LOCKOUT.toMillis();
      db.inWriteTransaction(
          h -> {
            accounts.lockIfExhausted(h, account.staffId(), MAX_FAILED_LOGINS, lockUntil);
            return null;
          });
      LOG.info("login failed for staff {}", account.staffId());
      throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "wrong username or password");
    }
    String token = newToken();
    long expiresAt = now + tokenLifetime.toMillis();
    Issued issued;
    try {
      issued = login(request, account, token, now, expiresAt);
    } catch (ApiException refused) {
      // The password was right: the attempt counted before the check is not a failed login.
      db.inWriteTransaction(
          h -> {
            accounts.recordSuccessfulLogin(h, account.staffId());
            return null;
          });
      throw refused;
    }
    LOG.info("login staff={} device={}", account.staffId(), request.deviceId());
    return new LoginResponse(
        token,
        Instant.ofEpochMilli(expiresAt),
        account.staffId(),
        account.name(),
        account.profession(),
        issued.teams(),
        issued.lastMutationId());
  }

  private record Issued(long lastMutationId, List<String> teams) {}

  /** The device checks and the token, in one write, after the password was checked. */
  private Issued login(LoginRequest request, Account account, String token, long now, long expiresAt) {
    return db.inWriteTransaction(
            h -> {
              Optional<Device> device = devices.find(h, request.deviceId());
              String presented = request.deviceSecret() == null ? null : sha256(request.deviceSecret());
              if (device.isPresent()) {
                // Device ids are not secret (conflict records name them): only the holder of the
                // device's secret signs in as it, so nobody takes over its numbering or its place
                // in the fleet. A device registered without a secret adopts the first one shown.
                String stored = devices.secretHash(h, request.deviceId());
                if (stored != null
                    && (presented == null
                        || !MessageDigest.isEqual(
                            stored.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII)))) {
                  LOG.warn("login refused: staff {} named device {} without its secret", account.staffId(), request.deviceId());
                  throw new ApiException(
                      ErrorCode.DEVICE_SECRET_MISMATCH,
                      "this device id is registered to another device; sign in from that device or with a new device id");
                }
                if (stored == null && presented != null) {
                  devices.adoptSecret(h, request.deviceId(), presented);
                }
              }
              if (device.isPresent() && device.get().revokedAt() != null) {
                throw revoked();
              }
              if (device.isEmpty()) {
                devices.register(h, request.deviceId(), account.staffId(), request.deviceName(), presented, now);
              } else {
                devices.recordLogin(h, request.deviceId(), account.staffId(), request.deviceName(), now);
              }
              accounts.recordSuccessfulLogin(h, account.staffId());
              accounts.insertToken(h, sha256(token), account.staffId(), request.deviceId(), now, expiresAt);
              Principal principal =
                  new Principal(account.staffId(), account.name(), account.profession(), request.deviceId(), List.of());
              loginLog.loggedIn(h, principal);
              return new Issued(
                  device.map(Device::lastMutationId).orElse(0L), accounts.teamsOf(h, account.staffId()));
            });
  }

  /**
   * The principal behind a bearer token; throws UNAUTHENTICATED when it is not valid. A token
   * checked in the last few seconds is answered from memory (see {@link SessionCache}).
   */
  public Principal authenticate(String bearerToken) {
    if (bearerToken == null || bearerToken.isEmpty() || bearerToken.length() > 200) {
      throw new ApiException(ErrorCode.UNAUTHENTICATED, "sign in first: no valid bearer token");
    }
    long now = clock.millis();
    String hash = sha256(bearerToken);
    Principal cached = sessions.get(hash, now);
    if (cached != null) {
      return cached;
    }
    long generation = sessions.generation();
    record Checked(Principal principal, long expiresAt) {}
    Checked checked = db.withReader(
        h -> {
          TokenSession session =
              accounts
                  .findSession(h, hash, now)
                  .orElseThrow(
                      () ->
                          new ApiException(
                              ErrorCode.UNAUTHENTICATED, "the token is unknown or has expired; sign in again"));
          if (!session.deviceKnown()) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "unknown device");
          }
          if (session.deviceRevoked()) {
            throw revoked();
          }
          if (!session.accountActive()) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "the account is inactive");
          }
          return new Checked(
              new Principal(
                  session.staffId(),
                  session.name(),
                  session.profession(),
                  session.deviceId(),
                  accounts.teamsOf(h, session.staffId())),
              session.expiresAt());
        });
    sessions.put(hash, checked.principal(), now, checked.expiresAt(), generation);
    return checked.principal();
  }

  /** Ends a session: the token stops working at once. Returns whether it was live. */
  public boolean signOut(String bearerToken) {
    if (bearerToken == null || bearerToken.isEmpty()) {
      return false;
    }
    String hash = sha256(bearerToken);
    long now = clock.millis();
    try {
      return db.inWriteTransaction(h -> accounts.revokeToken(h, hash, now));
    } finally {
      sessions.forgetToken(hash);
    }
  }

  /** Forgets the checked sessions of a device that was just revoked, so it is refused at once. */
  public void deviceRevoked(String deviceId) {
    sessions.forgetDevice(deviceId);
  }

  /**
   * Exchanges a valid token for a new one with a fresh lifetime; the old token stops working.
   * Lets a tablet stay signed in through a long shift without storing the password.
   */
  public LoginResponse refresh(String bearerToken) {
    Principal principal = authenticate(bearerToken);
    String oldHash = sha256(bearerToken);
    long now = clock.millis();
    String token = newToken();
    long expiresAt = now + tokenLifetime.toMillis();
    long lastMutation =
        db.inWriteTransaction(
            h -> {
              // Retiring the old token is the check that counts: refreshes of one token that race
              // (a copied token replayed beside its device) all pass the check above, and each
              // would get a live successor. Only the one that retires it does.
              if (!accounts.revokeToken(h, oldHash, now)) {
                throw new ApiException(ErrorCode.UNAUTHENTICATED, "the token is unknown or has expired; sign in again");
              }
              accounts.insertToken(h, sha256(token), principal.staffId(), principal.deviceId(), now, expiresAt);
              return devices.lastMutationId(h, principal.deviceId());
            });
    sessions.forgetToken(oldHash);
    return new LoginResponse(
        token, Instant.ofEpochMilli(expiresAt), principal.staffId(), principal.name(), principal.profession(),
        principal.teamIds(), lastMutation);
  }

  private static ApiException revoked() {
    com.google.gson.JsonObject details = new com.google.gson.JsonObject();
    details.addProperty("wipe", true);
    return new ApiException(
        ErrorCode.DEVICE_REVOKED, "this device has been revoked; its local data must be wiped", details);
  }

  private String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String sha256(String token) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void require(String value, String field, int maxLength) {
    if (value == null || value.isEmpty()) {
      throw ApiException.invalid(field, field + " is required");
    }
    if (value.length() > maxLength) {
      throw ApiException.invalid(field, field + " is longer than " + maxLength + " characters");
    }
  }
}
