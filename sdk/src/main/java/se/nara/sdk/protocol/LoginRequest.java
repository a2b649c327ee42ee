package se.nara.sdk.protocol;

/** {@code POST /api/v1/auth/login}: staff credentials plus the device's id. */
public final class LoginRequest {
  private final String username;
  private final String password;
  private final String deviceId;
  private final String deviceName;
  private final String deviceSecret;

  /** Creates a login request; {@code deviceName} is an optional label for the fleet view. */
  public LoginRequest(String username, String password, String deviceId, String deviceName) {
    this(username, password, deviceId, deviceName, null);
  }

  /**
   * Creates a login request with the device's secret: random bits generated once per local
   * database, registered with the device at its first login and required by every later login
   * for that device id (so nobody else can sign in as this device).
   */
  public LoginRequest(String username, String password, String deviceId, String deviceName, String deviceSecret) {
    this.username = username;
    this.password = password;
    this.deviceId = deviceId;
    this.deviceName = deviceName;
    this.deviceSecret = deviceSecret;
  }

  /** The staff member's username. */
  public String username() {
    return username;
  }

  /** The password, sent only over TLS in production. */
  public String password() {
    return password;
  }

  /** The client-generated device id (a UUID), stable for one installation. */
  public String deviceId() {
    return deviceId;
  }

  /** A human label for the device, or null. */
  public String deviceName() {
    return deviceName;
  }

  /** The device's secret (base64url), or null from a client that does not send one. */
  public String deviceSecret() {
    return deviceSecret;
  }

  @Override
  public String toString() {
    return "LoginRequest{username=" + username + ", deviceId=" + deviceId + "}";
  }
}
