package se.nara.sdk.internal.store;

import com.google.gson.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import se.nara.sdk.model.AuditAction;

/**
 * The device's own access log (PDL): every read of a patient's data on the tablet is queued as
 * an append-only audit entry and uploaded through the outbox with its device time. Repeated
 * reads of the same data by the same user within a short window are one entry, so a screen that
 * redraws does not flood the log.
 */
public final class AccessLog {
  /** Reads of the same patient's data of one kind by one user within this window are logged once. */
  static final long COALESCE_MILLIS = 5 * 60 * 1000L;

  private final LocalStore store;
  private final Clock clock;
  /**
   * When each user last had each kind of read logged. The user is part of the key: on a shared
   * tablet the next nurse's read of the same patient is her own access and must be in the log
   * under her name, however soon after the previous nurse's.
   */
  private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

  /** Creates the log. */
  public AccessLog(LocalStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Records that the user read {@code resourceType} data of a patient.
   *
   * @throws se.nara.sdk.NotSignedInException when nobody is signed in: the caller must not show
   *     what it read
   */
  public void read(String patientId, String resourceType) {
    log(patientId, resourceType, AuditAction.READ, true);
  }

  /** Records an access that is never coalesced (e.g. a local purge). */
  public void event(String patientId, String resourceType, AuditAction action) {
    log(patientId, resourceType, action, false);
  }

  /**
   * Forgets which reads were logged, at every sign-in: whoever signs in starts with every read
   * of theirs logged again.
   */
  public void forget() {
    lastLogged.clear();
  }

  private void log(final String patientId, final String resourceType, final AuditAction action, final boolean coalesce) {
    if (patientId == null) {
      return;
    }
    final long now = clock.millis();
    store.inTransaction(
        () -> {
          String staffId = store.meta("staff_id");
          if (staffId == null) {
            // Nobody is signed in (signed out meanwhile, say): the read cannot be attributed, so
            // it must not happen. Thrown in the transaction that reads the session, so no read is
            // ever returned unlogged however a sign-out falls between the read and its entry.
            throw new se.nara.sdk.NotSignedInException("nobody is signed in on this device: patient data is not shown");
          }
          final String key = staffId + "/" + patientId + "/" + resourceType + "/" + action;
          Long last = lastLogged.get(key);
          if (coalesce && last != null && now - last < COALESCE_MILLIS) {
            return null;
          }
          JsonObject fields = new JsonObject();
          fields.addProperty("patientId", patientId);
          fields.addProperty("userId", staffId);
          fields.addProperty("action", action.name());
          fields.addProperty("resourceType", resourceType);
          fields.addProperty("occurredAtDevice", Instant.ofEpochMilli(now).toString());
          store.enqueueAudit(UUID.randomUUID().toString(), fields, Instant.ofEpochMilli(now));
          // Only a committed entry may stand for the next five minutes' reads: a read inside a
          // write that rolls back takes its entry with it, and the next read must log again.
          store.afterCommit(() -> lastLogged.put(key, now));
          return null;
        });
  }
}
