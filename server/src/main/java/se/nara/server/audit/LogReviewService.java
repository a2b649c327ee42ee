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
import se.nara.server.store.AuditStore.Position;
import se.nara.server.store.Database;

/**
 * Loggkontroll: authorised reviewers page through every entry of the access log for a patient, a
 * user or a period (newest first, with a cursor), or draw a random sample, as the systematic
 * checks of HSLF-FS 2016:40 require. Every review, every page of it, is itself logged. Entries
 * older than the retention period (default 5 years) are removed.
 */
public final class LogReviewService {
  private static final Logger LOG = LoggerFactory.getLogger(LogReviewService.class);
  /** The most entries one page or sample holds. */
  public static final int MAX_LIMIT = 1000;
  /** The entries of a page when the reviewer names no limit. */
  public static final int DEFAULT_LIMIT = 100;

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
   * One page of the log, newest first, or a random sample. {@code query.action()} narrows it to one
   * kind of entry, such as {@link AuditAction#EMERGENCY_ACCESS} for the follow-up of every
   * nödåtkomst. Every call, every page, is itself logged.
   */
  public LogPage review(Principal principal, LogQuery query) {
    if (!Capabilities.canReviewLogs(principal)) {
      throw new ApiException(ErrorCode.FORBIDDEN, "log review is for the MAS and administrators");
    }
    boolean sampling = query.sample() != null;
    if (sampling && query.limit() != null) {
      throw ApiException.invalid("limit", "give either limit (a page) or sample (a random sample), not both");
    }
    if (sampling && query.cursor() != null) {
      throw ApiException.invalid("cursor", "a random sample has no pages: leave out cursor, or leave out sample to page");
    }
    int size = sampling ? query.sample() : query.limit() == null ? DEFAULT_LIMIT : query.limit();
    if (size < 1 || size > MAX_LIMIT) {
      throw ApiException.invalid(sampling ? "sample" : "limit", (sampling ? "sample" : "limit") + " must be between 1 and " + MAX_LIMIT);
    }
    Position after = query.cursor() == null ? null : LogCursor.decode(query.cursor());
    Instant from = query.from();
    Instant to = query.to();
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.invalid("from", "from must be before to");
    }
    AuditStore.Filter filter = new AuditStore.Filter(query.patientId(), query.staffId(),
        query.action() == null ? null : query.action().name(), from == null ? null : from.toEpochMilli(),
        to == null ? null : to.toEpochMilli());
    // One entry more than the page shows: whether it exists is hasMore, without a second query
    // that could see a different log.
    List<AuditRow> rows =
        db.withReader(h -> sampling ? store.sample(h, filter, size) : store.newestFirst(h, filter, after, size + 1));
    boolean hasMore = !sampling && rows.size() > size;
    if (hasMore) {
      rows = rows.subList(0, size);
    }
    db.inWriteTransaction(
        h -> {
          audit.batch(principal)
              .add(query.patientId(), null, AuditAction.READ, "audit_log", query.staffId(), null, sampling ? "LOG_SAMPLE " + size : "LOG_SEARCH")
              .write(h);
          return null;
        });
    List<AuditView> out = new ArrayList<>(rows.size());
    for (AuditRow r : rows) {
      out.add(new AuditView(r.id(), Instant.ofEpochMilli(r.receivedAt()),
          r.occurredAtDevice() == null ? null : Instant.ofEpochMilli(r.occurredAtDevice()), r.staffId(), r.patientId(),
          r.teamId(), r.deviceId(), r.action(), r.resourceType(), r.resourceId(), r.outcome(), r.detail()));
    }
    AuditRow last = hasMore ? rows.get(rows.size() - 1) : null;
    return new LogPage(out, last == null ? null : LogCursor.encode(new Position(last.receivedAt(), last.id())), hasMore);
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
