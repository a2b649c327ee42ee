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
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for synced records and their field-level history. */
public final class RecordStore {
  private static final String COLUMNS =
      "id, entity_type, patient_id, version, seq, tombstone, data, created_at, updated_at,"
          + " updated_by, device_id";

  /** The columns of {@link #map}: a record with its history pointers. */
  private static final String READ_COLUMNS = COLUMNS + ", history_head, device_run_from";

  private static final RowMapper<StoredRecord> MAPPER = RecordStore::map;

  private static final String FIND = "SELECT " + READ_COLUMNS + " FROM records WHERE id = ?";

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
    h.createQuery("SELECT " + READ_COLUMNS + " FROM records WHERE id IN (<ids>)")
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

  /**
   * A position in the change sequence with the change that holds it: the history entry of the
   * record whose current sequence number it is. History entries are never deleted, so the entry
   * stays on this server for good; a server restored from an older backup lacks it, or has given
   * its id to another change (with another time). Fields are null where the record has no chain.
   */
  public record ChangeAnchor(long seq, Long historyId, Long changedAt) {}

  private static final String ANCHOR =
      "SELECT r.seq, r.history_head, hh.changed_at FROM records r LEFT JOIN record_history hh ON hh.id = r.history_head";

  /** The newest position of the sequence with its change; seq 0 for an empty database. */
  public ChangeAnchor newestAnchor(Handle h) {
    return h.createQuery(ANCHOR + " ORDER BY r.seq DESC LIMIT 1")
        .map(RecordStore::anchor)
        .findOne()
        .orElse(new ChangeAnchor(0, null, null));
  }

  /** The change at sequence number {@code seq}. */
  public ChangeAnchor anchorAt(Handle h, long seq) {
    return h.createQuery(ANCHOR + " WHERE r.seq = :seq")
        .bind("seq", seq)
        .map(RecordStore::anchor)
        .findOne()
        .orElse(new ChangeAnchor(seq, null, null));
  }

  /** Whether this server holds history entry {@code historyId}, written at {@code changedAt}. */
  public boolean holdsChange(Handle h, long historyId, long changedAt) {
    return h.createQuery("SELECT changed_at FROM record_history WHERE id = :id")
        .bind("id", historyId)
        .mapTo(Long.class)
        .findOne()
        .map(at -> at == changedAt)
        .orElse(false);
  }

  private static ChangeAnchor anchor(ResultSet rs, StatementContext ctx) throws SQLException {
    Long historyId = Columns.nullableLong(rs, "history_head");
    Long changedAt = Columns.nullableLong(rs, "changed_at");
    return historyId == null || changedAt == null
        ? new ChangeAnchor(rs.getLong("seq"), null, null)
        : new ChangeAnchor(rs.getLong("seq"), historyId, changedAt);
  }

  // The history entry goes first: the record row then names it as the newest of its chain, and
  // the entry names the one the row named before (none for a new record).
  private static final String APPEND_HISTORY =
      "INSERT INTO record_history (id, prev_id, record_id, version, entity_type, op, changes, changed_at,"
          + " changed_by, device_id, mutation_id, base_version, device_time, reason)"
          + " VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM record_history),"
          + " (SELECT history_head FROM records WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Visits also keep their row in {@code open_visit_reviews} ({@link OpenVisitReviews}). */
  private static final String VISIT = "visit";

  private static final String NEWEST_HISTORY = "(SELECT MAX(id) FROM record_history)";

  private static final String INSERT =
      "INSERT INTO records (" + COLUMNS + ", device_run_from, history_head)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + NEWEST_HISTORY + ")";

  /**
   * Inserts a new record with the history entry of its first version. Its device run starts
   * after this version: the history entry of a record's first version need not name the record's
   * device (a conflict record is created on behalf of a device by the server), so only later
   * versions are vouched for.
   */
  public void insert(Handle h, StoredRecord r, HistoryEntry first) {
    requireSameVersion(r, first);
    appendHistory(h, first);
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
    if (VISIT.equals(r.entityType())) {
      OpenVisitReviews.write(h, r, true);
    }
  }

  // The right-hand sides read the row as it was: the run goes on if the same device wrote the
  // version before, and starts at this version otherwise (a server write, device NULL, ends it).
  private static final String UPDATE =
      "UPDATE records SET version = ?, seq = ?, tombstone = ?, data = ?, updated_at = ?,"
          + " updated_by = ?, device_id = ?,"
          + " device_run_from = CASE WHEN device_id = ? AND device_run_from IS NOT NULL THEN device_run_from ELSE ? END,"
          + " history_head = " + NEWEST_HISTORY
          + " WHERE id = ?";

  /**
   * Writes a record's new state and appends the history entry of that version; the caller has
   * already raised its version (by one) and seq. The entry must name the same device as {@code
   * r}.
   */
  public void update(Handle h, StoredRecord r, HistoryEntry change) {
    requireSameVersion(r, change);
    appendHistory(h, change);
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
      if (update.executeUpdate() != 1) {
        throw new IllegalStateException("record " + r.id() + " does not exist");
      }
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot update record " + r.id(), e);
    }
    if (VISIT.equals(r.entityType())) {
      OpenVisitReviews.write(h, r, false);
    }
  }

  private static void requireSameVersion(StoredRecord r, HistoryEntry e) {
    if (!r.id().equals(e.recordId()) || r.version() != e.version()) {
      throw new IllegalArgumentException(
          "history entry " + e.recordId() + " v" + e.version() + " is not of " + r.id() + " v" + r.version());
    }
  }

  private void appendHistory(Handle h, HistoryEntry e) {
    PreparedStatement insert = Prepared.statement(h, APPEND_HISTORY);
    try {
      insert.setString(1, e.recordId());
      insert.setString(2, e.recordId());
      insert.setLong(3, e.version());
      insert.setString(4, e.entityType());
      insert.setString(5, e.op());
      insert.setString(6, e.changes().toString());
      insert.setLong(7, e.changedAt());
      insert.setString(8, e.changedBy());
      insert.setString(9, e.deviceId());
      insert.setObject(10, e.mutationId());
      insert.setObject(11, e.baseVersion());
      insert.setObject(12, e.deviceTime());
      insert.setString(13, e.reason());
      insert.executeUpdate();
    } catch (SQLException ex) {
      throw new Prepared.StoreException("cannot append history of " + e.recordId(), ex);
    }
  }

  /** One entry of a record's history and its link to the one before. */
  private record Link(long id, long prevId, boolean first, HistoryEntry entry) {
    long version() {
      return entry.version();
    }

    String deviceId() {
      return entry.deviceId();
    }
  }

  private static final String HEAD = "SELECT history_head, device_id, device_run_from FROM records WHERE id = ?";

  private static final String LINK =
      "SELECT prev_id, record_id, version, entity_type, op, changes, changed_at, changed_by, device_id, mutation_id,"
          + " base_version, device_time, reason FROM record_history WHERE id = ?";

  /**
   * Walks a record's history from the entry {@code headId} back to its first, one point lookup per
   * entry, for as long as {@code visitAndContinue} returns true. Readers want the newest few
   * entries, so a walk is short however long the history. Versions must fall at every step; a
   * link that does not (only a hand-edited database could have one) ends the walk instead of
   * looping.
   */
  private static void walk(Handle h, long headId, Predicate<Link> visitAndContinue) throws SQLException {
    PreparedStatement link = Prepared.statement(h, LINK);
    long id = headId;
    long previousVersion = Long.MAX_VALUE;
    while (true) {
      link.setLong(1, id);
      Link entry;
      try (ResultSet rs = link.executeQuery()) {
        if (!rs.next()) {
          return;
        }
        long prev = rs.getLong(1);
        boolean first = rs.wasNull();
        entry = new Link(id, prev, first, new HistoryEntry(
            rs.getString("record_id"),
            rs.getLong("version"),
            rs.getString("entity_type"),
            rs.getString("op"),
            JsonParser.parseString(rs.getString("changes")).getAsJsonObject(),
            rs.getLong("changed_at"),
            rs.getString("changed_by"),
            rs.getString("device_id"),
            Columns.nullableLong(rs, "mutation_id"),
            Columns.nullableLong(rs, "base_version"),
            Columns.nullableLong(rs, "device_time"),
            rs.getString("reason")));
      }
      if (entry.version() >= previousVersion) {
        return;
      }
      previousVersion = entry.version();
      if (!visitAndContinue.test(entry) || entry.first()) {
        return;
      }
      id = entry.prevId();
    }
  }

  /** What a record row says about its history: its last writing device and its pointers. */
  private record RowChain(String lastDevice, StoredRecord.Chain chain) {}

  /** The history pointers of a record row; null if the record does not exist. */
  private static RowChain rowChain(Handle h, String recordId) throws SQLException {
    PreparedStatement head = Prepared.statement(h, HEAD);
    head.setString(1, recordId);
    try (ResultSet rs = head.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      return new RowChain(rs.getString("device_id"),
          new StoredRecord.Chain(Columns.nullableLong(rs, "history_head"), Columns.nullableLong(rs, "device_run_from")));
    }
  }

  /** The id of the newest history entry of a record; null if it has none (or does not exist). */
  private static Long head(Handle h, String recordId) throws SQLException {
    RowChain row = rowChain(h, recordId);
    return row == null ? null : row.chain().historyHead();
  }

  /**
   * The fields that changes after {@code baseVersion} touched, leaving out the changes made by
   * {@code excludingDevice}: a device has by definition seen its own earlier changes.
   */
  public Set<String> fieldsChangedSince(
      Handle h, String recordId, long baseVersion, String excludingDevice) {
    try {
      RowChain row = rowChain(h, recordId);
      return row == null
          ? new HashSet<>()
          : fieldsChangedSince(h, recordId, row.lastDevice(), row.chain(), baseVersion, excludingDevice);
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot read history of " + recordId, e);
    }
  }

  /**
   * {@link #fieldsChangedSince(Handle, String, long, String)} for a record read from the
   * database, whose row already told where its history stands: no second read of the row.
   */
  public Set<String> fieldsChangedSince(Handle h, StoredRecord current, long baseVersion, String excludingDevice) {
    if (current.chain() == null) {
      return fieldsChangedSince(h, current.id(), baseVersion, excludingDevice);
    }
    try {
      return fieldsChangedSince(h, current.id(), current.deviceId(), current.chain(), baseVersion, excludingDevice);
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot read history of " + current.id(), e);
    }
  }

  private static Set<String> fieldsChangedSince(
      Handle h, String recordId, String lastDevice, StoredRecord.Chain chain, long baseVersion, String excludingDevice)
      throws SQLException {
    Set<String> fields = new HashSet<>();
    if (chain.historyHead() == null) {
      return fields;
    }
    // A tablet offline edits the same record again and again on the same base: every version
    // since then is its own, which the record row can tell without reading the history.
    Long from = chain.deviceRunFrom();
    if (from != null && excludingDevice != null && excludingDevice.equals(lastDevice) && baseVersion >= from - 1) {
      return fields;
    }
    walk(h, chain.historyHead(), entry -> {
      if (entry.version() <= baseVersion) {
        return false;
      }
      if (entry.deviceId() == null || !entry.deviceId().equals(excludingDevice)) {
        fields.addAll(entry.entry().changes().keySet());
      }
      return true;
    });
    return fields;
  }

  /**
   * Where a version of a record stands among all changes: the id of the history entry that wrote
   * it (history ids grow with every change to any record) and the server time it was written.
   */
  public record HistoryPoint(long id, long changedAt) {}

  /** The history point of {@code version} of a record, or null if there is none. */
  public HistoryPoint historyPointAt(Handle h, String recordId, long version) {
    HistoryPoint[] found = {null};
    try {
      Long headId = head(h, recordId);
      if (headId != null) {
        walk(h, headId, link -> {
          if (link.version() == version) {
            found[0] = new HistoryPoint(link.id(), link.entry().changedAt());
          }
          return link.version() > version;
        });
      }
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot read history of " + recordId, e);
    }
    return found[0];
  }

  /**
   * Whether the record (its creation included) was changed after {@code after} (a later history
   * entry written at a later server time, so not in the same push) by another device than {@code
   * excludingDevice}, or by a team leader's resolution. Server writes without a device (demo and
   * test seeding, SVU messages) do not count. Reads only the entries after that point.
   */
  public boolean changedByOthersAfter(Handle h, String recordId, HistoryPoint after, String excludingDevice) {
    boolean[] found = {false};
    try {
      Long headId = head(h, recordId);
      if (headId == null || headId <= after.id()) {
        return false;
      }
      walk(h, headId, link -> {
        if (link.id() <= after.id()) {
          return false;
        }
        boolean otherDevice = link.deviceId() != null && !link.deviceId().equals(excludingDevice);
        boolean resolution = "RESOLVE".equals(link.entry().op());
        if ((otherDevice || resolution) && link.entry().changedAt() > after.changedAt()) {
          found[0] = true;
          return false;
        }
        return true;
      });
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot read history of " + recordId, e);
    }
    return found[0];
  }

  /** Every history entry of a record, newest first (empty if it has none). */
  public List<HistoryEntry> history(Handle h, String recordId) {
    List<HistoryEntry> entries = new ArrayList<>();
    try {
      Long headId = head(h, recordId);
      if (headId != null) {
        walk(h, headId, link -> entries.add(link.entry()));
      }
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot read history of " + recordId, e);
    }
    return entries;
  }

  /** Who wrote a value: staff, device and device time (any may be null for server writes). */
  public record Author(String staffId, String deviceId, Long deviceTime) {}

  /**
   * Who last changed any of {@code fields} after {@code afterVersion}, other than {@code
   * excludingDevice}: the author of the value a conflict kept; null if there is none.
   */
  public Author lastAuthorOf(
      Handle h, String recordId, Collection<String> fields, long afterVersion, String excludingDevice) {
    Author[] found = {null};
    try {
      Long headId = head(h, recordId);
      if (headId == null) {
        return null;
      }
      walk(h, headId, entry -> {
        if (entry.version() <= afterVersion) {
          return false;
        }
        boolean other = entry.deviceId() == null || !entry.deviceId().equals(excludingDevice);
        if (other) {
          JsonObject change = entry.entry().changes();
          if (fields.stream().anyMatch(change::has)) {
            found[0] = new Author(entry.entry().changedBy(), entry.deviceId(), entry.entry().deviceTime());
            return false;
          }
        }
        return true;
      });
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot read history of " + recordId, e);
    }
    return found[0];
  }

  /**
   * The values {@code fields} had at {@code version}, rebuilt from history (JSON null for a field
   * that was unset then). Used to show a conflict's base value.
   */
  public JsonObject valuesAt(Handle h, String recordId, long version, Collection<String> fields) {
    JsonObject values = new JsonObject();
    Set<String> missing = new HashSet<>(fields);
    try {
      Long headId = head(h, recordId);
      if (headId != null) {
        walk(h, headId, entry -> {
          if (entry.version() > version) {
            return true;
          }
          JsonObject change = entry.entry().changes();
          for (String field : new ArrayList<>(missing)) {
            if (change.has(field)) {
              values.add(field, change.get(field));
              missing.remove(field);
            }
          }
          return !missing.isEmpty();
        });
      }
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot read history of " + recordId, e);
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
  public List<VisibleRow> pageVisible(
      Handle h, long afterSeq, int limit, Collection<String> teamIds) {
    List<String> teams = teamIds.isEmpty() ? List.of("") : List.copyOf(teamIds);
    return h.createQuery(
            "SELECT id, entity_type, patient_id, version, seq, tombstone, updated_at, updated_by, data, "
                + ScopeStore.CARE_TEAM_OF_ROW
                + " FROM records r WHERE r.seq > :after"
                + " AND r.entity_type <> 'audit_entry'"
                + " AND (r.patient_id IS NULL OR " + ScopeStore.VISIBLE_ROW + ")"
                + " ORDER BY r.seq LIMIT :limit")
        .bind("after", afterSeq)
        .bindList("teams", teams)
        .bind("limit", limit)
        .map((rs, ctx) -> new VisibleRow(pageRow(rs, ctx), rs.getString(10)))
        .list();
  }

  /**
   * A row of a pull page and the care team through which the caller sees it (null for directory
   * records), for the access log. Read with the row, by the same rule that let the row through, so
   * the log names a team whose relationship really allowed the read (a separate lookup of the
   * page's patients could name a team whose access a spärr blocks).
   */
  public record VisibleRow(PageRow row, String careTeam) {}

  /** What a verification needs of a record: no data. */
  public record Summary(String id, String patientId, long version, long seq, boolean tombstone) {}

  /**
   * Every record the caller may pull now, by the same condition as {@link #pageVisible}, without
   * its data: for comparing with what a device holds.
   */
  public List<Summary> visibleSummaries(Handle h, Collection<String> teamIds) {
    List<String> teams = teamIds.isEmpty() ? List.of("") : List.copyOf(teamIds);
    // Two index walks (the directory, then the visible patients' records by patient) instead of one
    // scan of every record in the region testing each: a municipality's check took 66 ms that way.
    List<Summary> out =
        h.createQuery("SELECT id, patient_id, version, seq, tombstone FROM records WHERE patient_id IS NULL AND entity_type <> 'audit_entry'")
            .map(RecordStore::summary)
            .list();
    out.addAll(
        h.createQuery(
                "SELECT id, patient_id, version, seq, tombstone FROM records r WHERE r.patient_id IN ("
                    + ScopeStore.VISIBLE + ") AND r.entity_type <> 'audit_entry'")
            .bindList("teams", teams)
            .map(RecordStore::summary)
            .list());
    return out;
  }

  private static Summary summary(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Summary(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getBoolean(5));
  }

  /**
   * The patients (not retracted) with an identifier of exactly {@code value}, such as a
   * normalised personnummer. The text match narrows the scan in SQL (the value is digits only, so
   * it holds no pattern characters); each candidate's identifiers are then read properly.
   */
  public List<String> patientsWithIdentifier(Handle h, String value) {
    List<String> ids = new ArrayList<>();
    h.createQuery(
            "SELECT id, data FROM records WHERE entity_type = 'patient' AND tombstone = :no AND data LIKE :pattern"
                + " ORDER BY id")
        .bind("no", false)
        .bind("pattern", "%\"" + value + "\"%")
        .map((rs, ctx) -> new String[] {rs.getString("id"), rs.getString("data")})
        .forEach(row -> {
          JsonElement identifiers = JsonParser.parseString(row[1]).getAsJsonObject().get("identifiers");
          if (identifiers != null && identifiers.isJsonArray()) {
            for (JsonElement identifier : identifiers.getAsJsonArray()) {
              JsonElement v = identifier.isJsonObject() ? identifier.getAsJsonObject().get("value") : null;
              if (v != null && v.isJsonPrimitive() && v.getAsString().equals(value)) {
                ids.add(row[0]);
                return;
              }
            }
          }
        });
    return ids;
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
            "SELECT " + READ_COLUMNS + " FROM records r WHERE r.entity_type = :type AND r.tombstone = :no"
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
            "SELECT " + READ_COLUMNS + " FROM records WHERE entity_type = :type ORDER BY seq")
        .bind("type", entityType)
        .map(MAPPER)
        .list();
  }

  /** All current records of one patient. */
  public List<StoredRecord> findByPatient(Handle h, String patientId) {
    return h.createQuery(
            "SELECT " + READ_COLUMNS + " FROM records WHERE patient_id = :patient ORDER BY seq")
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
        rs.getString("device_id"),
        new StoredRecord.Chain(Columns.nullableLong(rs, "history_head"), Columns.nullableLong(rs, "device_run_from")));
  }
}
