package se.nara.server.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import se.nara.sdk.model.AuditAction;
import se.nara.server.auth.Principal;
import se.nara.server.store.AuditRow;
import se.nara.server.store.AuditStore;

/**
 * Builds and appends access-log entries. Entries are written in the same transaction as the
 * access they describe, so a committed change is never missing from the log.
 */
public final class AuditService {
  private final AuditStore store;
  private final Clock clock;

  /** Creates the service. */
  public AuditService(AuditStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Logs a successful login in {@code h}'s transaction (the server hands this to the auth service). */
  public void loggedIn(Handle h, Principal principal) {
    batch(principal).add(null, null, AuditAction.LOGIN, null, null, null, "OK").write(h);
  }

  /** Starts a batch of entries for one request by {@code principal}. */
  public Batch batch(Principal principal) {
    return new Batch(principal);
  }

  /** Entries collected while a request runs, appended together. */
  public final class Batch {
    /** The width of the access log's outcome column. */
    public static final int OUTCOME_MAX = 40;

    private final Principal principal;
    private final List<AuditRow> rows = new ArrayList<>();
    private final long now = clock.millis();

    private Batch(Principal principal) {
      this.principal = principal;
    }

    /** Adds an entry about one patient's data. */
    public Batch add(
        String patientId,
        String teamId,
        AuditAction action,
        String resourceType,
        String resourceId,
        Long occurredAtDevice,
        String outcome) {
      return add(patientId, teamId, action, resourceType, resourceId, occurredAtDevice, outcome, null);
    }

    /**
     * Adds an entry about one patient's data with a free-text detail. The outcome is a short code
     * (at most {@value #OUTCOME_MAX} characters, the column's width on every database); ids and
     * explanations go in the detail.
     */
    public Batch add(
        String patientId,
        String teamId,
        AuditAction action,
        String resourceType,
        String resourceId,
        Long occurredAtDevice,
        String outcome,
        String detail) {
      // Only code chooses outcomes; a longer one would be refused by PostgreSQL, not by SQLite.
      assert outcome.length() <= OUTCOME_MAX : "audit outcome longer than its column: " + outcome;
      String staffId = principal == null ? null : principal.staffId();
      String deviceId = principal == null ? null : principal.deviceId();
      rows.add(new AuditRow(TimeOrderedId.next(now), now, occurredAtDevice, staffId, patientId, teamId, deviceId, action.name(),
          resourceType, resourceId, outcome, detail));
      return this;
    }

    /**
     * A point to return to with {@link #rollbackTo}: a push undoes a failed mutation with a
     * savepoint, and the entries it had added must go with it, or the log would show a change
     * that never happened.
     */
    public int mark() {
      return rows.size();
    }

    /** Forgets the entries added after {@code mark}. */
    public void rollbackTo(int mark) {
      rows.subList(mark, rows.size()).clear();
    }

    /** Whether nothing was added. */
    public boolean isEmpty() {
      return rows.isEmpty();
    }

    /** Appends the collected entries in {@code h}'s transaction. */
    public void write(Handle h) {
      store.append(h, rows);
    }
  }
}
