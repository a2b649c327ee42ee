package se.nara.server.store;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for synced records and their field-level history. */
public final class RecordStore {
  private static final String COLUMNS =
      "id, entity_type, patient_id, version, seq, tombstone, data, created_at, updated_at,"
          + " updated_by, device_id";

  private static final RowMapper<StoredRecord> MAPPER = RecordStore::map;

  private static final String FIND = "SELECT " + COLUMNS + " FROM records WHERE id = ?";

  /** The record with this id, whatever its type. */
  public Optional<StoredRecord> find(Handle h, String id) {
    PreparedStatement find = Prepared.statement(h, FIND);
    try {
      find.setString(1, id);
      try (ResultSet rs = find.executeQuery()) {
        return rs.next() ? Optional.of(map(rs, null)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot read record " + id, e);
    }
  }

  /**
   * The records with these ids, whatever their type, by id: one query for a whole push batch
   * instead of one per mutation. A missing id is not a key; a row that cannot be read (a damaged
   * data column) maps to null, so the caller can read it alone and meet the error for that one
   * record only.
   */
  public Map<String, StoredRecord> findAll(Handle h, Collection<String> ids) {
    Map<String, StoredRecord> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    h.createQuery("SELECT " + COLUMNS + " FROM records WHERE id IN (<ids>)")
        .bindList("ids", List.copyOf(ids))
        .map((rs, ctx) -> {
          String id = rs.getString("id");
          try {
            return Map.entry(id, Optional.of(map(rs, ctx)));
          } catch (RuntimeException unreadable) {
            return Map.entry(id, Optional.<StoredRecord>empty());
          }
        })
        .forEach(e -> found.put(e.getKey(), e.getValue().orElse(null)));
    return found;
  }

  /** The highest sequence number handed out so far; 0 for an empty database. */
  public long maxSeq(Handle h) {
    return h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM records").mapTo(Long.class).one();
  }

  private static final String INSERT =
      "INSERT INTO records (" + COLUMNS + ", device_run_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * Inserts a new record. Its device run starts after this version: the history entry of a
   * record's first version need not name the record's device (a conflict record is created on
   * behalf of a device by the server), so only later versions are vouched for.
   */
  public void insert(Handle h, StoredRecord r) {
    PreparedStatement insert = Prepared.statement(h, INSERT);
    try {
      insert.setString(1, r.id());
      insert.setString(2, r.entityType());
      insert.setString(3, r.patientId());
      insert.setLong(4, r.version());
      insert.setLong(5, r.seq());
      insert.setBoolean(6, r.tombstone());
      insert.setString(7, r.data().toString());
      insert.setLong(8, r.createdAt());
      insert.setLong(9, r.updatedAt());
      insert.setString(10, r.updatedBy());
      insert.setString(11, r.deviceId());
      insert.setLong(12, r.version() + 1);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot insert record " + r.id(), e);
    }
  }

  // The right-hand sides read the row as it was: the run goes on if the same device wrote the
  // version before, and starts at this version otherwise (a server write, device NULL, ends it).
  private static final String UPDATE =
      "UPDATE records SET version = ?, seq = ?, tombstone = ?, data = ?, updated_at = ?,"
          + " updated_by = ?, device_id = ?,"
          + " device_run_from = CASE WHEN device_id = ? AND device_run_from IS NOT NULL THEN device_run_from ELSE ? END"
          + " WHERE id = ?";

  /**
   * Writes a record's new state; the caller has already raised its version (by one) and seq. The
   * history entry of the new version must name the same device as {@code r}.
   */
  public void update(Handle h, StoredRecord r) {
    PreparedStatement update = Prepared.statement(h, UPDATE);
    try {
      update.setLong(1, r.version());
      update.setLong(2, r.seq());
      update.setBoolean(3, r.tombstone());
      update.setString(4, r.data().toString());
      update.setLong(5, r.updatedAt());
      update.setString(6, r.updatedBy());
      update.setString(7, r.deviceId());
      update.setString(8, r.deviceId());
      update.setLong(9, r.version());
      update.setString(10, r.id());
      update.executeUpdate();
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot update record " + r.id(), e);
    }
  }

  private static final String INSERT_HISTORY =
      "INSERT INTO record_history (record_id, version, entity_type, op, changes, changed_at,"
          + " changed_by, device_id, mutation_id, base_version, device_time, reason)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Appends a history entry. */
  public void insertHistory(Handle h, HistoryEntry e) {
    PreparedStatement insert = Prepared.statement(h, INSERT_HISTORY);
    try {
      insert.setString(1, e.recordId());
      insert.setLong(2, e.version());
      insert.setString(3, e.entityType());
      insert.setString(4, e.op());
      insert.setString(5, e.changes().toString());
      insert.setLong(6, e.changedAt());
      insert.setString(7, e.changedBy());
      insert.setString(8, e.deviceId());
      insert.setObject(9, e.mutationId());
      insert.setObject(10, e.baseVersion());
      insert.setObject(11, e.deviceTime());
      insert.setString(12, e.reason());
      insert.executeUpdate();
    } catch (SQLException ex) {
      throw new Prepared.StoreException("cannot append history of " + e.recordId(), ex);
    }
  }

  /**
   * The fields that changes after {@code baseVersion} touched, leaving out the changes made by
   * {@code excludingDevice}: a device has by definition seen its own earlier changes.
   */
  public Set<String> fieldsChangedSince(
      Handle h, String recordId, long baseVersion, String excludingDevice) {
    Set<String> fields = new HashSet<>();
    try {
      // A tablet offline edits the same record again and again on the same base: every version
      // since then is its own, which the record row can tell without reading the history.
      PreparedStatement run = Prepared.statement(h, DEVICE_RUN);
      run.setString(1, recordId);
      try (ResultSet rs = run.executeQuery()) {
        if (rs.next()) {
          long from = rs.getLong(2);
          if (!rs.wasNull() && excludingDevice != null && excludingDevice.equals(rs.getString(1))
              && baseVersion >= from - 1) {
            return fields;
          }
        }
      }
      PreparedStatement query = Prepared.statement(h, CHANGED_SINCE);
      query.setString(1, recordId);
      query.setLong(2, baseVersion);
      query.setString(3, excludingDevice);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          fields.addAll(JsonParser.parseString(rs.getString(1)).getAsJsonObject().keySet());
        }
      }
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot read history of " + recordId, e);
    }
    return fields;
  }

  private static final String DEVICE_RUN = "SELECT device_id, device_run_from FROM records WHERE id = ?";

  private static final String CHANGED_SINCE =
      "SELECT changes FROM record_history WHERE record_id = ? AND version > ?"
          + " AND (device_id IS NULL OR device_id <> ?)";

  /** Who wrote a value: staff, device and device time (any may be null for server writes). */
  public record Author(String staffId, String deviceId, Long deviceTime) {}

  /**
   * Who last changed any of {@code fields} after {@code afterVersion}, other than {@code
   * excludingDevice}: the author of the value a conflict kept; null if there is none.
   */
  public Author lastAuthorOf(
      Handle h, String recordId, Collection<String> fields, long afterVersion, String excludingDevice) {
    List<Map.Entry<Author, String>> rows =
        h.createQuery(
                "SELECT changed_by, device_id, device_time, changes FROM record_history WHERE record_id = :id"
                    + " AND version > :after AND (device_id IS NULL OR device_id <> :device)"
                    + " ORDER BY version DESC")
            .bind("id", recordId)
            .bind("after", afterVersion)
            .bind("device", excludingDevice)
            .map((rs, ctx) -> Map.entry(
                new Author(rs.getString(1), rs.getString(2), Columns.nullableLong(rs, "device_time")), rs.getString(4)))
            .list();
    for (Map.Entry<Author, String> row : rows) {
      JsonObject change = JsonParser.parseString(row.getValue()).getAsJsonObject();
      for (String field : fields) {
        if (change.has(field)) {
          return row.getKey();
        }
      }
    }
    return null;
  }

  /**
   * The values {@code fields} had at {@code version}, rebuilt from history (JSON null for a field
   * that was unset then). Used to show a conflict's base value.
   */
  public JsonObject valuesAt(Handle h, String recordId, long version, Collection<String> fields) {
    List<String> changes =
        h.createQuery(
                "SELECT changes FROM record_history WHERE record_id = :id AND version <= :version"
                    + " ORDER BY version DESC")
            .bind("id", recordId)
            .bind("version", version)
            .mapTo(String.class)
            .list();
    JsonObject values = new JsonObject();
    Set<String> missing = new HashSet<>(fields);
    for (String json : changes) {
      if (missing.isEmpty()) {
        break;
      }
      JsonObject change = JsonParser.parseString(json).getAsJsonObject();
      for (String field : new ArrayList<>(missing)) {
        if (change.has(field)) {
          values.add(field, change.get(field));
          missing.remove(field);
        }
      }
    }
    for (String field : missing) {
      values.add(field, com.google.gson.JsonNull.INSTANCE);
    }
    return values;
  }

  /**
   * One page of the records visible to staff of {@code teamIds} whose latest change comes after
   * {@code afterSeq}, in commit order. Directory records (no patient) are visible to everyone;
   * patient records only through an active care relationship; audit entries never.
   *
   * <p>The scope test is a correlated EXISTS, not {@code patient_id IN (subquery)}: with the IN
   * form SQLite answers the OR with the patient index, reads every visible record of the caller's
   * teams and sorts them on every page (even an empty one). With EXISTS it walks {@code records_seq}
   * from the cursor and stops after {@code limit} rows, so a page costs its own size only.
   */
  public List<PageRow> pageVisible(
      Handle h, long afterSeq, int limit, Collection<String> teamIds) {
    List<String> teams = teamIds.isEmpty() ? List.of("") : List.copyOf(teamIds);
    return h.createQuery(
            "SELECT id, entity_type, patient_id, version, seq, tombstone, updated_at, updated_by, data"
                + " FROM records r WHERE r.seq > :after"
                + " AND r.entity_type <> 'audit_entry'"
                + " AND (r.patient_id IS NULL OR " + ScopeStore.VISIBLE_ROW + ")"
                + " ORDER BY r.seq LIMIT :limit")
        .bind("after", afterSeq)
        .bindList("teams", teams)
        .bind("limit", limit)
        .map(RecordStore::pageRow)
        .list();
  }

  /** Every record of one patient as pull rows, in commit order (audit entries never leave). */
  public List<PageRow> rowsOfPatient(Handle h, String patientId) {
    return h.createQuery(
            "SELECT id, entity_type, patient_id, version, seq, tombstone, updated_at, updated_by, data"
                + " FROM records WHERE patient_id = :patient AND entity_type <> 'audit_entry' ORDER BY seq")
        .bind("patient", patientId)
        .map(RecordStore::pageRow)
        .list();
  }

  /**
   * Gives every record of a patient a new sequence number, in their current order, so that a
   * team that just gained the patient receives the whole record on its next pull (its cursor is
   * past the old numbers). Devices that already had them apply them again harmlessly.
   */
  public void resequencePatient(Handle h, String patientId) {
    List<String> ids =
        h.createQuery("SELECT id FROM records WHERE patient_id = :p OR (entity_type = 'patient' AND id = :p) ORDER BY seq")
            .bind("p", patientId)
            .mapTo(String.class)
            .list();
    long seq = maxSeq(h);
    for (String id : ids) {
      h.createUpdate("UPDATE records SET seq = :seq WHERE id = :id").bind("seq", ++seq).bind("id", id).execute();
    }
  }

  /** How many records are visible to staff of {@code teamIds} (progress of a first sync). */
  public long countVisible(Handle h, Collection<String> teamIds) {
    List<String> teams = teamIds.isEmpty() ? List.of("") : List.copyOf(teamIds);
    return h.createQuery(
            "SELECT COUNT(*) FROM records r WHERE r.entity_type <> 'audit_entry'"
                + " AND (r.patient_id IS NULL OR " + ScopeStore.VISIBLE_ROW + ")")
        .bindList("teams", teams)
        .mapTo(Long.class)
        .one();
  }

  /** The visible records of one type (for the priority bootstrap of a first sync). */
  public List<StoredRecord> visibleOfType(Handle h, String entityType, Collection<String> teamIds) {
    List<String> teams = teamIds.isEmpty() ? List.of("") : List.copyOf(teamIds);
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM records r WHERE r.entity_type = :type AND r.tombstone = :no"
                + " AND " + ScopeStore.VISIBLE_ROW)
        .bind("type", entityType)
        .bind("no", false)
        .bindList("teams", teams)
        .map(MAPPER)
        .list();
  }

  /** All current records of one type (server tools and reviews; not for sync paths). */
  public List<StoredRecord> findByType(Handle h, String entityType) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM records WHERE entity_type = :type ORDER BY seq")
        .bind("type", entityType)
        .map(MAPPER)
        .list();
  }

  /** All current records of one patient. */
  public List<StoredRecord> findByPatient(Handle h, String patientId) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM records WHERE patient_id = :patient ORDER BY seq")
        .bind("patient", patientId)
        .map(MAPPER)
        .list();
  }

  /** Total number of records (health and benchmarks). */
  public long count(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM records").mapTo(Long.class).one();
  }

  /** Maps the columns id, entity_type, patient_id, version, seq, tombstone, updated_at, updated_by, data. */
  private static PageRow pageRow(ResultSet rs, StatementContext ctx) throws SQLException {
    return new PageRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getLong(4),
        rs.getLong(5),
        rs.getBoolean(6),
        rs.getLong(7),
        rs.getString(8),
        rs.getBytes(9)); // a TEXT column's bytes are its UTF-8 encoding
  }

  private static StoredRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
    JsonElement data = JsonParser.parseString(rs.getString("data"));
    return new StoredRecord(
        rs.getString("id"),
        rs.getString("entity_type"),
        rs.getString("patient_id"),
        rs.getLong("version"),
        rs.getLong("seq"),
        rs.getBoolean("tombstone"),
        data.getAsJsonObject(),
        rs.getLong("created_at"),
        rs.getLong("updated_at"),
        rs.getString("updated_by"),
        rs.getString("device_id"));
  }
}
