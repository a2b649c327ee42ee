package se.nara.sdk.protocol;

/**
 * Stable error codes. They appear in {@link ApiError#code()} for whole-request failures and in
 * {@link MutationResult#code()} for a single rejected mutation. Clients branch on these codes,
 * never on the human message.
 */
public enum ErrorCode {
  /** The body is not JSON, or not the JSON shape the endpoint expects. HTTP 400. */
  MALFORMED_REQUEST(400),
  /** The request is well formed but a value is invalid; {@code details} names the field. HTTP 400. */
  VALIDATION_FAILED(400),
  /** The protocol version header is missing or names a version the server does not speak. HTTP 400. */
  UNSUPPORTED_PROTOCOL_VERSION(400),
  /** No or an unknown, expired or revoked bearer token. HTTP 401. */
  UNAUTHENTICATED(401),
  /**
   * This device was revoked (reported lost or stolen). The SDK wipes its local data when it
   * sees this code. HTTP 401.
   */
  DEVICE_REVOKED(401),
  /** Wrong username or password. HTTP 401. */
  INVALID_CREDENTIALS(401),
  /**
   * The login names a registered device but not that device's secret (see {@code
   * LoginRequest.deviceSecret()}): someone else's device id, or a device whose local database was
   * replaced. The credentials were right; the device id is refused. HTTP 401.
   */
  DEVICE_SECRET_MISMATCH(401),
  /** Too many failed logins; the account is locked for a while. HTTP 429. */
  ACCOUNT_LOCKED(429),
  /** Authenticated, but not allowed to do this. HTTP 403. */
  FORBIDDEN(403),
  /** No such resource (or not visible to the caller). HTTP 404. */
  NOT_FOUND(404),
  /** The HTTP method is not supported on this path. HTTP 405. */
  METHOD_NOT_ALLOWED(405),
  /**
   * A push batch does not continue the device's mutation sequence: mutations were lost on the
   * way, or the server lost them (restored from an older backup: see {@code
   * NaraClient.recoverFromServerRestore()}). {@code details.expected} is the next number the
   * server expects. HTTP 409.
   */
  MUTATION_GAP(409),
  /**
   * This device has seen changes the server does not have: the pull cursor lies beyond them or
   * names one the server lacks, or a pushed change is based on a version the server lacks. The
   * server lost changes it had already sent (restored from an older backup, or it is another
   * server). Nothing is pulled or applied, so the tablet neither skips what the server writes next
   * nor has its change decided against lost state; {@code NaraClient.recoverFromServerRestore()}
   * recovers. {@code details} names the cursor or the record and versions. HTTP 409.
   */
  CURSOR_AHEAD(409),
  /** The conflict was already resolved by someone else; reload it. HTTP 409. */
  ALREADY_RESOLVED(409),
  /**
   * Nödåtkomst was asked for a patient the caller's team already cares for: the patient's records
   * come with the normal sync, and an emergency access would only add noise to the log that the
   * MAS follows up. HTTP 409.
   */
  ALREADY_IN_CARE(409),
  /**
   * A team leader's decision on a conflict would change a record that changed after what the
   * decision was based on: the conflict's fields changed again since (by anyone), or the record
   * was signed or marked entered-in-error since. Nothing was changed; {@code details} says what
   * the record holds now. HTTP 409.
   */
  ENTITY_CHANGED(409),
  /** The body exceeds the size limit. HTTP 413. */
  PAYLOAD_TOO_LARGE(413),
  /** The body is not {@code application/json}. HTTP 415. */
  UNSUPPORTED_MEDIA_TYPE(415),
  /** A fault on the server; the request may be retried. HTTP 500. */
  INTERNAL_ERROR(500),
  /** The server is starting or shutting down; retry later. HTTP 503. */
  UNAVAILABLE(503),

  // Per-mutation rejection codes (HTTP 200 on the push, in the mutation's result).

  /**
   * The mutation number was used before by this device for another change (same record, another
   * operation or device time): a local database put back from an older copy reuses numbers. The
   * change was not applied and the earlier answer not given; the device numbers its queued changes
   * again above {@code lastMutationId} and sends them as new.
   */
  MUTATION_REUSED(422),

  /** The entity type is unknown, or devices may not write it. */
  ENTITY_NOT_WRITABLE(422),
  /** An update or retraction names an entity the server does not have. */
  ENTITY_NOT_FOUND(422),
  /** A create names an id that already exists with different content. */
  ENTITY_EXISTS(422),
  /** The mutation's base version is newer than the server's: the device state is corrupt. */
  BASE_VERSION_AHEAD(422),
  /** A field is unknown, server-managed, of the wrong type or has an invalid value. */
  INVALID_FIELD(422),
  /** The patient is not in the caller's care scope. */
  NOT_IN_SCOPE(422),
  /** The entity was marked entered-in-error and takes no further changes. */
  ENTITY_RETRACTED(422);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status that goes with this code when it fails a whole request. */
  public int httpStatus() {
    return httpStatus;
  }
}
