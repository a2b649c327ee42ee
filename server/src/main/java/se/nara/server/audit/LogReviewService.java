package se.nara.server.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.nara.sdk.model.AuditAction;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.server.ApiException;
import se.nara.server.auth.Capabilities;
import se.nara.server.auth.Principal;
import se.nara.server.store.AuditRow;
import se.nara.server.store.AuditStore;
import se.nara.server.store.Database;

/**
 * Loggkontroll: authorised reviewers search the access log by patient, user and period, or
 * draw a random sample, as the systematic checks of HSLF-FS 2016:40 require. Every review is
 * itself logged. Entries older than the retention period (default 5 years) are removed.
 */
public final class LogReviewService {
  private static final Logger LOG = LoggerFactory.getLogger(LogReviewService.class);
  /** The most entries one review returns. */
  public static final int MAX_LIMIT = 1000;

  private final Database db;
  private final AuditStore store;
  private final AuditService audit;
  private final Duration retention;
  private final Clock clock;

  /** Creates the service. */
  public LogReviewService(Database db, AuditStore store, AuditService audit, Duration retention, Clock clock) {
    this.db = db;
    this.store = store;
    this.audit = audit;
    this.retention = retention;
    this.clock = clock;
  }

  /**
   * Searches or samples the log. {@code action} narrows it to one kind of entry, such as
   * {@link AuditAction#EMERGENCY_ACCESS} for the follow-up of every nödåtkomst.
   */
  public List<AuditView> review(
      Principal principal, String patientId, String staffId, AuditAction action, Instant from, Instant to, Integer sample,
      Integer limit) {
    if (!Capabilities.canReviewLogs(principal)) {
      throw new ApiException(ErrorCode.FORBIDDEN, "log review is for the MAS and administrators");
    }
    int size = sample != null ? sample : limit == null ? 100 : limit;
    if (size < 1 || size > MAX_LIMIT) {
      throw ApiException.invalid(sample != null ? "sample" : "limit", "must be between 1 and " + MAX_LIMIT);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.invalid("from", "from must be before to");
    }
    List<AuditRow> rows =
        db.withReader(
            h -> store.search(h, patientId, staffId, action == null ? null : action.name(), from == null ? null : from.toEpochMilli(),
                to == null ? null : to.toEpochMilli(), size, sample != null));
    db.inWriteTransaction(
        h -> {
          audit.batch(principal)
              .add(patientId, null, AuditAction.READ, "audit_log", staffId, null, sample != null ? "LOG_SAMPLE " + size : "LOG_SEARCH")
              .write(h);
          return null;
        });
    List<AuditView> out = new ArrayList<>(rows.size());
    for (AuditRow r : rows) {
      out.add(new AuditView(r.id(), Instant.ofEpochMilli(r.receivedAt()),
          r.occurredAtDevice() == null ? null : Instant.ofEpochMilli(r.occurredAtDevice()), r.staffId(), r.patientId(),
          r.teamId(), r.deviceId(), r.action(), r.resourceType(), r.resourceId(), r.outcome(), r.detail()));
    }
    return out;
  }

  /** Removes entries older than the retention period; returns how many. */
  public int applyRetention() {
    long cutoff = clock.millis() - retention.toMillis();
    int removed = db.inWriteTransaction(h -> store.deleteReceivedBefore(h, cutoff));
    if (removed > 0) {
      LOG.info("audit retention: removed {} entries older than {}", removed, Instant.ofEpochMilli(cutoff));
    }
    return removed;
  }
}
