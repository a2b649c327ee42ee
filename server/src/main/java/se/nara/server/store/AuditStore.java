package se.nara.server.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** SQL for the append-only access log. There is deliberately no update or delete here. */
public final class AuditStore {

  private static final String APPEND =
      "INSERT INTO audit_log (id, received_at, occurred_at_device, staff_id, patient_id, team_id,"
          + " device_id, action, resource_type, resource_id, outcome, detail)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Appends rows in the caller's transaction. */
  public void append(Handle h, List<AuditRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    PreparedStatement append = Prepared.statement(h, APPEND);
    try {
      for (AuditRow row : rows) {
        append.setString(1, row.id());
        append.setLong(2, row.receivedAt());
        append.setObject(3, row.occurredAtDevice());
        append.setString(4, row.staffId());
        append.setString(5, row.patientId());
        append.setString(6, row.teamId());
        append.setString(7, row.deviceId());
        append.setString(8, row.action());
        append.setString(9, row.resourceType());
        append.setString(10, row.resourceId());
        append.setString(11, row.outcome());
        append.setString(12, row.detail());
        append.executeUpdate();
      }
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot append to the access log", e);
    }
  }

  /** The log entries about one patient, newest first. */
  public List<AuditRow> forPatient(Handle h, String patientId) {
    return h.createQuery(
            "SELECT id, received_at, occurred_at_device, staff_id, patient_id, team_id, device_id,"
                + " action, resource_type, resource_id, outcome, detail FROM audit_log"
                + " WHERE patient_id = :p ORDER BY received_at DESC, id DESC")
        .bind("p", patientId)
        .map(AuditStore::map)
        .list();
  }

  /**
   * What a log review asks for; null means any. Times are epoch milliseconds, {@code from}
   * inclusive and {@code to} exclusive, so consecutive periods neither overlap nor leave a gap.
   */
  public record Filter(String patientId, String staffId, String action, Long from, Long to) {}

  /**
   * An entry's place in the review order: its receive time, then its id. The id is part of the
   * key because time alone does not order the log: a team list logs one entry per patient in the
   * same millisecond, and a page that ends among them must say exactly where.
   */
  public record Position(long receivedAt, String id) {}

  private static final String COLUMNS =
      "SELECT id, received_at, occurred_at_device, staff_id, patient_id, team_id, device_id, action,"
          + " resource_type, resource_id, outcome, detail FROM audit_log";

  /**
   * Up to {@code limit} entries matching {@code filter}, newest first, that come after {@code after}
   * in that order (null: from the newest). Paging by position rather than by offset or by time:
   * entries written meanwhile are newer than any position already handed out, so they cannot push
   * an older entry past the reviewer, and entries sharing a millisecond are split exactly.
   */
  public List<AuditRow> newestFirst(Handle h, Filter filter, Position after, int limit) {
    return newestFirstQuery(h, "", filter, after, limit).map(AuditStore::map).list();
  }

  /** The database's plan for {@link #newestFirst}, one line per step, for tests of its indexes. */
  List<String> newestFirstPlan(Handle h, Filter filter, Position after, int limit) {
    return newestFirstQuery(h, "EXPLAIN QUERY PLAN ", filter, after, limit).map((rs, ctx) -> rs.getString("detail")).list();
  }

  private static Query newestFirstQuery(Handle h, String prefix, Filter filter, Position after, int limit) {
    Bounds b = Bounds.of(filter, after);
    Query query = bind(h.createQuery(prefix + newestFirstSql(filter, after)), b.filter()).bind("limit", limit);
    if (b.cursor()) {
      query.bind("afterAt", after.receivedAt()).bind("afterId", after.id());
    }
    return query;
  }

  /** The SQL of {@link #newestFirst}. */
  static String newestFirstSql(Filter filter, Position after) {
    Bounds b = Bounds.of(filter, after);
    // The row value (standard SQL: SQLite 3.15+, PostgreSQL) is the exact cut, also inside a
    // millisecond. The plain "received_at <=" it implies is an explicit index range for the
    // planners. PostgreSQL 15.18 and SQLite 3.40 both derived that range from the row value alone,
    // on the time index and on the patient index (EXPLAIN, 2026-11-25): there it is a
    // safeguard that costs nothing, not a need.
    return COLUMNS + where(b.filter(), b.cursor() ? " AND received_at <= :afterAt AND (received_at, id) < (:afterAt, :afterId)" : "")
        + " ORDER BY received_at DESC, id DESC LIMIT :limit";
  }

  /**
   * Which upper bound a page query carries: the cursor or {@code to}, whichever is tighter (each
   * implies the other). SQLite reads one upper bound as the index range and merely filters by a
   * second, so a cursor next to {@code to} would walk again, on every page, over every entry of the
   * period already shown.
   */
  private record Bounds(Filter filter, boolean cursor) {
    static Bounds of(Filter filter, Position after) {
      if (after == null) {
        return new Bounds(filter, false);
      }
      if (filter.to() != null && after.receivedAt() >= filter.to()) {
        return new Bounds(filter, false);
      }
      return new Bounds(new Filter(filter.patientId(), filter.staffId(), filter.action(), filter.from(), null), true);
    }
  }

  /** A random sample of {@code size} entries matching {@code filter} (log review draws samples, HSLF-FS 2016:40). */
  public List<AuditRow> sample(Handle h, Filter filter, int size) {
    return bind(h.createQuery(COLUMNS + where(filter, "") + " ORDER BY RANDOM() LIMIT :limit"), filter)
        .bind("limit", size)
        .map(AuditStore::map)
        .list();
  }

  private static String where(Filter filter, String more) {
    StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
    if (filter.patientId() != null) {
      sql.append(" AND patient_id = :patient");
    }
    if (filter.staffId() != null) {
      sql.append(" AND staff_id = :staff");
    }
    if (filter.action() != null) {
      sql.append(" AND action = :action");
    }
    if (filter.from() != null) {
      sql.append(" AND received_at >= :from");
    }
    if (filter.to() != null) {
      sql.append(" AND received_at < :to");
    }
    return sql.append(more).toString();
  }

  private static Query bind(Query query, Filter filter) {
    if (filter.patientId() != null) {
      query.bind("patient", filter.patientId());
    }
    if (filter.staffId() != null) {
      query.bind("staff", filter.staffId());
    }
    if (filter.action() != null) {
      query.bind("action", filter.action());
    }
    if (filter.from() != null) {
      query.bind("from", filter.from());
    }
    if (filter.to() != null) {
      query.bind("to", filter.to());
    }
    return query;
  }

  /** Deletes entries older than the retention period; returns how many. */
  public int deleteReceivedBefore(Handle h, long cutoff) {
    return h.createUpdate("DELETE FROM audit_log WHERE received_at < :cutoff").bind("cutoff", cutoff).execute();
  }

  private static AuditRow map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new AuditRow(
        rs.getString("id"),
        rs.getLong("received_at"),
        Columns.nullableLong(rs, "occurred_at_device"),
        rs.getString("staff_id"),
        rs.getString("patient_id"),
        rs.getString("team_id"),
        rs.getString("device_id"),
        rs.getString("action"),
        rs.getString("resource_type"),
        rs.getString("resource_id"),
        rs.getString("outcome"),
        rs.getString("detail"));
  }

  /** Number of log entries. */
  public long count(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM audit_log").mapTo(Long.class).one();
  }
}
