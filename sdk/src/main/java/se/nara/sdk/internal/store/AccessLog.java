package se.nara.sdk.internal.store;

import com.google.gson.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import se.nara.sdk.model.AuditAction;

/**
 * The device's own access log (PDL): every read of a patient's data on the tablet is queued as
 * an append-only audit entry and uploaded through the outbox with its device time. Repeated
 * reads of the same data within a short window are one entry, so a screen that redraws does
 * not flood the log.
 */
public final class AccessLog {
  /** Reads of the same patient's data of one kind within this window are logged once. */
  static final long COALESCE_MILLIS = 5 * 60 * 1000L;

  private final LocalStore store;
  private final Clock clock;
  private final Map<String, Long> lastLogged = new HashMap<>();

  /** Creates the log. */
  public AccessLog(LocalStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Records that the user read {@code resourceType} data of a patient. */
  public synchronized void read(String patientId, String resourceType) {
    log(patientId, resourceType, AuditAction.READ, true);
  }

  /** Records an access that is never coalesced (e.g. a local purge). */
  public synchronized void event(String patientId, String resourceType, AuditAction action) {
    log(patientId, resourceType, action, false);
  }

  private void log(String patientId, String resourceType, AuditAction action, boolean coalesce) {
    if (patientId == null || store.meta("staff_id") == null) {
      return; // nothing to attribute: no patient, or nobody signed in
    }
    long now = clock.millis();
    String key = patientId + "/" + resourceType + "/" + action;
    Long last = lastLogged.get(key);
    if (coalesce && last != null && now - last < COALESCE_MILLIS) {
      return;
    }
    lastLogged.put(key, now);
    JsonObject fields = new JsonObject();
    fields.addProperty("patientId", patientId);
    fields.addProperty("userId", store.meta("staff_id"));
    fields.addProperty("action", action.name());
    fields.addProperty("resourceType", resourceType);
    fields.addProperty("occurredAtDevice", Instant.ofEpochMilli(now).toString());
    store.enqueueAudit(UUID.randomUUID().toString(), fields, Instant.ofEpochMilli(now));
  }
}
