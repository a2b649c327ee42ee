package se.nara.sdk.internal.store;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.security.SecureRandom;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.RejectedChange;
import se.nara.sdk.SqliteConnectionProvider;
import se.nara.sdk.StorageException;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.MutationResult;
import se.nara.sdk.protocol.PullResponse;
import se.nara.sdk.protocol.SyncRecord;

/**
 * The device database: records, the outbox and sync metadata, over one JDBC connection.
 *
 * <p>Invariants: a local change and its outbox entry commit in one transaction; a pulled page
 * commits in one transaction together with its cursor; {@code data} is always {@code
 * server_data} with the device's pending and rejected changes re-applied on top, so a pull never
 * overwrites work that has not reached the server. All methods are thread-safe (one lock).
 */
public final class LocalStore implements AutoCloseable {
  static final int SCHEMA_VERSION = 7;

  /** Outbox states. */
  public static final String PENDING = "PENDING";
  public static final String REJECTED = "REJECTED";
  /**
   * A change the server answered CONFLICT: not sent again, and kept in the view, marked as in
   * conflict, until the pull brings the conflict records that hold it on the server, or until the
   * device learns the server was restored without that answer (then it is queued again).
   */
  public static final String IN_REVIEW = "IN_REVIEW";

  private final SqliteConnectionProvider provider;
  private Connection conn; // replaced only after a failed rollback, under the lock
  /**
   * Statements of the per-record paths (a push answer runs about nine), prepared once per
   * connection instead of once per use. Used under the lock, and never while one of their own
   * result sets is still open.
   */
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final Object lock = new Object();
  /**
   * Set by {@link #close}, under the lock: from then on nothing touches the database, and above all
   * nothing opens it again (a failed rollback reconnects, which after a close would leave a
   * connection open for the rest of the process).
   */
  private boolean closed;
  /** A pull from scratch after a server restore is under way (see {@link #beginRefetch}). */
  private volatile boolean refetching;

  private LocalStore(SqliteConnectionProvider provider, Connection conn) {
    this.provider = provider;
    this.conn = conn;
  }

  /** Opens the database and migrates it to the current schema. */
  public static LocalStore open(SqliteConnectionProvider provider) {
    try {
      LocalStore store = new LocalStore(provider, connect(provider));
      store.migrate();
      store.refetching = "1".equals(store.meta(REFETCHING)); // a recovery a crash interrupted goes on
      return store;
    } catch (SQLException e) {
      throw new StorageException("cannot open the local database (" + provider + "): " + e.getMessage(), e);
    }
  }

  private static Connection connect(SqliteConnectionProvider provider) throws SQLException {
    Connection conn = provider.open();
    try {
      try (Statement st = conn.createStatement()) {
        // FULL: a committed outbox entry must survive power loss, not only a process kill.
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=FULL");
        st.execute("PRAGMA busy_timeout=10000");
      }
      conn.setAutoCommit(false);
      return conn;
    } catch (SQLException e) {
      try {
        conn.close(); // a reconnect that keeps failing must not pile up open connections
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * After some errors (a full disk, an I/O error) SQLite rolls the whole transaction back by
   * itself; the driver's rollback then fails and it begins no new transaction, so every later
   * unit of work would commit statement by statement and then fail on commit. Closing the
   * connection rolls back whatever may still be open; the next unit of work gets a fresh one.
   */
  private void reconnect(Exception failure) {
    statements.clear(); // closing the connection closes them
    try {
      conn.close();
    } catch (SQLException closing) {
      failure.addSuppressed(closing);
    }
    try {
      conn = connect(provider);
    } catch (SQLException reopening) {
      failure.addSuppressed(reopening); // the closed connection fails the next call, which tries again
    }
  }

  private void migrate() throws SQLException {
    int version;
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      version = rs.next() ? rs.getInt(1) : 0;
    }
    if (version > SCHEMA_VERSION) {
      throw new SQLException(
          "the local database was written by a newer SDK (schema " + version + ")");
    }
    try (Statement st = conn.createStatement()) {
      if (version < 1) {
        st.execute(
            "CREATE TABLE records (id TEXT PRIMARY KEY, entity_type TEXT NOT NULL, patient_id TEXT,"
                + " parent_id TEXT, server_version INTEGER NOT NULL DEFAULT 0, server_data TEXT,"
                + " server_tombstone INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL,"
                + " tombstone INTEGER NOT NULL DEFAULT 0, sync_state TEXT NOT NULL,"
                + " conflict_hint INTEGER NOT NULL DEFAULT 0)");
        st.execute("CREATE INDEX records_type_patient ON records (entity_type, patient_id)");
        st.execute("CREATE INDEX records_type_parent ON records (entity_type, parent_id)");
        st.execute(
            "CREATE TABLE outbox (mutation_id INTEGER PRIMARY KEY, entity_type TEXT NOT NULL,"
                + " entity_id TEXT NOT NULL, op TEXT NOT NULL, base_version INTEGER NOT NULL,"
                + " fields TEXT NOT NULL, reason TEXT, device_time INTEGER NOT NULL,"
                + " state TEXT NOT NULL, error_code TEXT, error_message TEXT)");
        st.execute("CREATE INDEX outbox_entity ON outbox (entity_id)");
        st.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)");
      }
      if (version < 2) {
        // Who wrote the server's copy and when, as the pull said: a recovery after a server restore
        // offers them with the copy, so the team leader sees the value's author, not only the
        // tablet that still held it. Unknown (null) for copies pulled before this version.
        st.execute("ALTER TABLE records ADD COLUMN server_updated_by TEXT");
        st.execute("ALTER TABLE records ADD COLUMN server_updated_at INTEGER");
      }
      if (version < 3) {
        // The server's copy before the last pulled version: an app that read a record, then saved
        // it after a pull brought a colleague's newer version, changed only what differs from the
        // copy it read. Saving against the newer copy would send the colleague's fields back at
        // their old values as the nurse's own change, with a base version that hides the clash.
        // A record this device created has a server copy at version 0 once its push is answered;
        // that copy is kept too, for a save from the model read before the pull brought version 1.
        st.execute("ALTER TABLE records ADD COLUMN prev_version INTEGER");
        st.execute("ALTER TABLE records ADD COLUMN prev_data TEXT");
        st.execute(
            "CREATE TRIGGER records_prev_copy AFTER UPDATE OF server_version ON records"
                + " WHEN OLD.server_data IS NOT NULL AND NEW.server_version <> OLD.server_version"
                + " BEGIN UPDATE records SET prev_version = OLD.server_version, prev_data = OLD.server_data"
                + " WHERE id = NEW.id; END");
      }
      if (version < 4) {
        // The server version alone does not name the copy an app read: the device's own changes
        // move the view on under the same version. A save from a screen opened before the
        // device's own later change ("Sätt ut", then the dose on the same screen) diffed against
        // the view that already held that change, and sent the screen's stale value back as a
        // change of its own. Each local change now moves the record's local_rev on and keeps the
        // view it replaced (read_copies), so a save diffs against exactly the copy it was read
        // from. Read copies are patient data: they go whenever their record goes.
        st.execute("ALTER TABLE records ADD COLUMN local_rev INTEGER NOT NULL DEFAULT 0");
        st.execute(
            "CREATE TABLE read_copies (id TEXT NOT NULL, local_rev INTEGER NOT NULL, server_version INTEGER NOT NULL,"
                + " data TEXT NOT NULL, PRIMARY KEY (id, local_rev))");
        st.execute(
            "CREATE TRIGGER records_read_copies_gone AFTER DELETE ON records"
                + " BEGIN DELETE FROM read_copies WHERE id = OLD.id; END");
      }
      if (version < 5) {
        // The conflict records the server made of a change it answered CONFLICT. The change stays
        // in the view (state IN_REVIEW) until the pull brings them: dropping it at the answer left
        // the tablet showing the old server copy, neither the nurse's value nor the server's, with
        // nothing pending, refused or in conflict, until a pull succeeded.
        st.execute("ALTER TABLE outbox ADD COLUMN conflict_ids TEXT");
      }
      if (version < 6) {
        // Who made each change. A refused change stays on a shared tablet after its author hands
        // it over; only she may drop it (the server keeps no copy of a value it refused), so the
        // tablet must know whose it is. Older entries are taken to be the last user's, the
        // likeliest author (a sign-in sends the previous user's queue first, so every pending
        // entry is hers); an older refused change of an earlier user on a shared tablet is then
        // attributed to her, and she may discard it, as anyone could before this version.
        st.execute("ALTER TABLE outbox ADD COLUMN author_id TEXT");
        st.execute("ALTER TABLE outbox ADD COLUMN author_name TEXT");
        st.execute(
            "UPDATE outbox SET"
                + " author_id = COALESCE((SELECT value FROM meta WHERE key = 'staff_id'),"
                + "   (SELECT value FROM meta WHERE key = '" + SIGNED_OUT_STAFF_ID + "')),"
                + " author_name = COALESCE((SELECT value FROM meta WHERE key = 'staff_name'),"
                + "   (SELECT value FROM meta WHERE key = '" + SIGNED_OUT_STAFF_NAME + "'))");
      }
      if (version < 7) {
        // Patients outside the scope of whoever is signed in, whose records stay only for unsettled
        // work of someone else's (see hideOutOfScope): not readable until a pull shows they are in
        // the signed-in user's scope.
        st.execute("CREATE TABLE out_of_scope (patient_id TEXT PRIMARY KEY)");
      }
      st.execute("PRAGMA user_version = " + SCHEMA_VERSION);
    }
    conn.commit();
  }

  // ---------------------------------------------------------------- transactions

  /** Work done inside one local transaction. */
  public interface Work<T> {
    T run() throws SQLException;
  }

  /** How deep the current thread is in {@link #inTransaction}; guarded by {@code lock}. */
  private int depth;

  /**
   * Runs {@code work} in one transaction: all of it commits, or none of it. Called inside another
   * transaction, it joins it, so a repository can save several records as one change.
   */
  public <T> T inTransaction(Work<T> work) {
    T result;
    List<Runnable> committed;
    synchronized (lock) {
      checkOpen();
      if (depth > 0) {
        depth++;
        try {
          return work.run();
        } catch (SQLException e) {
          throw new StorageException("local database error: " + e.getMessage(), e);
        } finally {
          depth--;
        }
      }
      depth = 1;
      try {
        result = work.run();
        conn.commit();
        committed = takeAfterCommit();
      } catch (SQLException | RuntimeException e) {
        afterCommit.clear();
        try {
          conn.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
          reconnect(e);
        }
        if (e instanceof RuntimeException && !(e instanceof StorageException)) {
          throw (RuntimeException) e;
        }
        if (e instanceof StorageException) {
          throw (StorageException) e;
        }
        throw new StorageException("local database error: " + e.getMessage(), e);
      } finally {
        depth = 0;
      }
    }
    // Outside the lock: a callback may take locks of its own, which must never be held while
    // waiting for this one.
    for (Runnable r : committed) {
      r.run();
    }
    return result;
  }

  /** Throws once the store is closed; called under the lock before the connection is used. */
  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the local database is closed (NaraClient.close())");
    }
  }

  /** What runs once the transaction under way has committed; guarded by {@code lock}. */
  private final List<Runnable> afterCommit = new ArrayList<>();

  /**
   * Runs {@code action} once the transaction the caller is in has committed, on the committing
   * thread, and never if it rolls back. For memory that must follow the database: remembering
   * something as written when the write was rolled back would act on a write that never happened.
   *
   * @throws IllegalStateException outside {@link #inTransaction}
   */
  public void afterCommit(Runnable action) {
    synchronized (lock) {
      if (depth == 0) {
        throw new IllegalStateException("afterCommit outside a transaction");
      }
      afterCommit.add(action);
    }
  }

  /**
   * Runs {@code action} at once outside a transaction, or, inside one, once it has committed
   * ({@link #afterCommit}), outside the lock. For telling the app's listeners of a change: told
   * inside the transaction, they ran before the change was committed (and even when it then
   * rolled back) while holding the database's lock, so a listener that waited for another thread
   * reading the store waited for ever.
   */
  public void afterCommitOrNow(Runnable action) {
    synchronized (lock) {
      if (depth > 0) { // only the lock's holder can be inside a transaction: this thread
        afterCommit.add(action);
        return;
      }
    }
    action.run();
  }

  private List<Runnable> takeAfterCommit() {
    if (afterCommit.isEmpty()) {
      return java.util.Collections.emptyList();
    }
    List<Runnable> out = new ArrayList<>(afterCommit);
    afterCommit.clear();
    return out;
  }

  // ---------------------------------------------------------------- metadata

  /** A metadata value, or null. */
  public String meta(final String key) {
    return inTransaction(() -> readMeta(key));
  }

  /** Sets (or with null, removes) a metadata value. */
  public void setMeta(final String key, final String value) {
    inTransaction(
        () -> {
          writeMeta(key, value);
          return null;
        });
  }

  private String readMeta(String key) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private void writeMeta(String key, String value) throws SQLException {
    try (PreparedStatement del = conn.prepareStatement("DELETE FROM meta WHERE key = ?")) {
      del.setString(1, key);
      del.executeUpdate();
    }
    if (value != null) {
      try (PreparedStatement ins = conn.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?)")) {
        ins.setString(1, key);
        ins.setString(2, value);
        ins.executeUpdate();
      }
    }
  }

  /**
   * The device id of this database, created on first use. A database belongs to one device:
   * mutation numbers are per device, so two devices must never share one. Ids are UUIDs compared
   * as UUIDs, in any letter case; one stored in upper case (an older SDK kept whatever the app
   * gave it) is rewritten in lower case, the only form the server accepts, and noted under {@link
   * #DEVICE_ID_RENAMED_FROM}. The session issued to the old form goes with it: the server tied its
   * token to that form, so the next sign-in is under the new one.
   */
  public String deviceId(final String requested) {
    return inTransaction(
        () -> {
          String stored = readMeta("device_id");
          if (stored == null) {
            stored = requested == null ? UUID.randomUUID().toString() : requested;
            writeMeta("device_id", stored);
          } else if (requested != null && !sameDeviceId(requested, stored)) {
            throw new IllegalStateException(
                "this local database belongs to device " + stored + ", not " + requested);
          }
          String canonical = canonicalUuid(stored);
          if (canonical != null && !canonical.equals(stored)) {
            writeMeta("device_id", canonical);
            writeMeta(DEVICE_ID_RENAMED_FROM, stored);
            writeMeta("token", null);
            writeMeta("token_expires_at", null);
            writeMeta(SIGNED_OUT_TOKEN, null); // issued to the old form too
            stored = canonical;
          }
          return stored;
        });
  }

  /**
   * The upper-case device id this database had before it was rewritten in lower case, until the
   * first sign-in under the new form has told the server where the device's numbering stands.
   */
  public static final String DEVICE_ID_RENAMED_FROM = "device_id_renamed_from";

  private static final java.util.regex.Pattern UUID_ANY_CASE =
      java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** The canonical (lower-case) form of a UUID in any case, or null when {@code id} is no UUID. */
  public static String canonicalUuid(String id) {
    return id != null && UUID_ANY_CASE.matcher(id).matches() ? id.toLowerCase(java.util.Locale.ROOT) : null;
  }

  private static boolean sameDeviceId(String a, String b) {
    String ca = canonicalUuid(a);
    return ca != null ? ca.equals(canonicalUuid(b)) : a.equals(b);
  }

  /**
   * The secret of this database's device: 256 random bits (base64url), created once and kept next
   * to the device id. It is sent with every login; the server registers it at the device's first
   * login and from then on signs in as this device id only someone who has it, so another account
   * cannot take over the device id (which is not secret). It belongs to the database, not to a
   * user: every user of a shared tablet sends the same one; a reinstall (new database) is a new
   * device with a new secret.
   */
  public String deviceSecret() {
    return inTransaction(
        () -> {
          String stored = readMeta(DEVICE_SECRET);
          if (stored == null) {
            byte[] bits = new byte[32];
            new SecureRandom().nextBytes(bits);
            stored = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
            writeMeta(DEVICE_SECRET, stored);
          }
          return stored;
        });
  }

  private static final String DEVICE_SECRET = "device_secret";

  /** Makes sure new mutations are numbered above {@code serverLast} (a fresh database after reinstall). */
  public void ensureMutationCounterAbove(final long serverLast) {
    inTransaction(
        () -> {
          long next = nextMutationId();
          long maxOutbox = scalarLong("SELECT COALESCE(MAX(mutation_id), 0) FROM outbox");
          long wanted = Math.max(serverLast, maxOutbox) + 1;
          if (next < wanted) {
            writeMeta("next_mutation_id", Long.toString(wanted));
          }
          return null;
        });
  }

  private long nextMutationId() throws SQLException {
    String value = readMeta("next_mutation_id");
    return value == null ? 1 : Long.parseLong(value);
  }

  // ---------------------------------------------------------------- local writes

  /**
   * Records a local change: the record's new local state and its outbox entry, in one
   * transaction. Returns the mutation number.
   */
  public long enqueue(
      final EntityType type,
      final String id,
      final String patientId,
      final MutationOp op,
      final JsonObject fields,
      final String reason,
      final Instant deviceTime) {
    return inTransaction(
        () -> {
          LocalRecord existing = find(id);
          if (op != MutationOp.CREATE && existing != null && findReadable(id) == null) {
            existing = null; // not hers to read, so not hers to change
          }
          if (op == MutationOp.CREATE && existing != null) {
            throw new IllegalArgumentException(type.wireName() + " " + id + " already exists");
          }
          if (op != MutationOp.CREATE && existing == null) {
            throw new IllegalArgumentException("no local " + type.wireName() + " with id " + id);
          }
          if (existing != null && !existing.entityType.equals(type.wireName())) {
            throw new IllegalArgumentException(id + " is a " + existing.entityType + ", not a " + type.wireName());
          }
          if (existing != null) {
            keepReadCopy(existing);
          }
          long mutationId =
              queue(type.wireName(), id, op, existing == null ? 0 : existing.serverVersion, fields, reason, deviceTime);
          if (existing == null) {
            try (PreparedStatement ps =
                conn.prepareStatement(
                    "INSERT INTO records (id, entity_type, patient_id, parent_id, data, sync_state)"
                        + " VALUES (?, ?, ?, ?, '{}', ?)")) {
              ps.setString(1, id);
              ps.setString(2, type.wireName());
              ps.setString(3, patientId);
              ps.setString(4, parentOf(type, fields));
              ps.setString(5, RecordSyncState.PENDING.name());
              ps.executeUpdate();
            }
            stamp(id, nextLocalRevision());
          }
          rebuild(id);
          return mutationId;
        });
  }

  /**
   * The local revision of a value that carries none (a model without {@code localRevision}):
   * such a save is judged by its server version alone. It must never be taken for 0, which names
   * the copy before the record's first local change: a model that cannot say what it read would
   * then be diffed against the pulled copy, and a field set back to its pulled value would count
   * as no change and be dropped.
   */
  public static final long NO_REVISION = -1;

  /**
   * Queues the changes a caller made to a record it read at {@code readVersion} and local
   * revision {@code readRevision} ({@link #NO_REVISION} when unknown): the fields of {@code fields} whose value in {@code next}
   * differs from the copy it read. The mutation carries {@code readVersion} as its base, so the
   * server compares it with what others changed since. Returns the mutation number, or -1 when
   * nothing changed.
   *
   * @throws se.nara.sdk.StaleRecordException when the copy read at {@code readVersion} is no
   *     longer known here (more than one newer version was pulled since)
   */
  public long enqueueUpdate(
      final EntityType type,
      final String id,
      final JsonObject next,
      final Set<String> fields,
      final long readVersion,
      final long readRevision,
      final Instant deviceTime) {
    return enqueueUpdate(type, id, next, fields, java.util.Collections.<String>emptySet(), readVersion, readRevision, deviceTime);
  }

  /**
   * As {@link #enqueueUpdate(EntityType, String, JsonObject, Set, long, long, Instant)}, where the
   * fields named in {@code primitives} are held in primitives by the caller's model: one the record
   * does not have decodes to 0 or false, so that value in {@code next} is no change (nor is an
   * empty list for a list the record does not have).
   */
  public long enqueueUpdate(
      final EntityType type,
      final String id,
      final JsonObject next,
      final Set<String> fields,
      final Set<String> primitives,
      final long readVersion,
      final long readRevision,
      final Instant deviceTime) {
    return inTransaction(
        () -> {
          LocalRecord existing = findReadable(id);
          if (existing == null || !existing.entityType.equals(type.wireName())) {
            throw new IllegalArgumentException("no local " + type.wireName() + " with id " + id);
          }
          JsonObject read = copyAsRead(existing, readVersion, readRevision);
          JsonObject diff = new JsonObject();
          for (String field : fields) {
            if (field.equals("id") || field.equals("version") || field.equals(se.nara.sdk.protocol.Json.LOCAL_REVISION)) {
              continue;
            }
            JsonElement now = next.has(field) ? next.get(field) : JsonNull.INSTANCE;
            JsonElement before = read.has(field) ? read.get(field) : JsonNull.INSTANCE;
            if (before.isJsonNull() && (isEmptyList(now) || primitives.contains(field) && isPrimitiveDefault(now))) {
              continue; // what the model shows for a field the record does not have
            }
            if (!now.equals(before)) {
              diff.add(field, now);
            }
          }
          if (diff.size() == 0) {
            return -1L;
          }
          keepReadCopy(existing);
          long mutationId = queue(type.wireName(), id, MutationOp.UPDATE, readVersion, diff, null, deviceTime);
          rebuild(id);
          return mutationId;
        });
  }

  /** Models show a list the record does not have as an empty one. */
  private static boolean isEmptyList(JsonElement value) {
    return value.isJsonArray() && value.getAsJsonArray().size() == 0;
  }

  private static boolean isPrimitiveDefault(JsonElement value) {
    if (!value.isJsonPrimitive()) {
      return false;
    }
    com.google.gson.JsonPrimitive p = value.getAsJsonPrimitive();
    return p.isBoolean() ? !p.getAsBoolean() : p.isNumber() && p.getAsDouble() == 0;
  }

  /**
   * The record as a caller saw it when it read version {@code readVersion} at local revision
   * {@code readRevision}. A copy read before one of this device's own later changes is the view
   * kept when that change was made; otherwise the server version tells the copy (the current
   * one, or the one before the last pull with this device's queued changes on top).
   */
  private JsonObject copyAsRead(LocalRecord existing, long readVersion, long readRevision) throws SQLException {
    long prevVersion = -1;
    String prevData = null;
    PreparedStatement prev = statement("SELECT prev_version, prev_data FROM records WHERE id = ?");
    prev.setString(1, existing.id);
    try (ResultSet rs = prev.executeQuery()) {
      if (rs.next() && rs.getString(2) != null) {
        prevVersion = rs.getLong(1);
        prevData = rs.getString(2);
      }
    }
    boolean known = readVersion == existing.serverVersion || (readVersion == prevVersion && readVersion < existing.serverVersion);
    if (readRevision != NO_REVISION && readRevision != existing.localRevision) {
      PreparedStatement kept = statement("SELECT server_version, data FROM read_copies WHERE id = ? AND local_rev = ?");
      kept.setString(1, existing.id);
      kept.setLong(2, readRevision);
      try (ResultSet rs = kept.executeQuery()) {
        if (rs.next() && rs.getLong(1) == readVersion) {
          if (!known) {
            throw new se.nara.sdk.StaleRecordException(existing.id, readVersion, existing.serverVersion);
          }
          return JsonParser.parseString(rs.getString(2)).getAsJsonObject();
        }
      }
      // Not kept (a value the app built, or many changes ago): the server version is all there is.
    }
    if (readVersion == existing.serverVersion) {
      return existing.data;
    }
    if (known) {
      // The older server copy with this device's queued changes on top, as the view showed it.
      return JsonParser.parseString(viewOver(existing.id, prevData, false, false).json).getAsJsonObject();
    }
    throw new se.nara.sdk.StaleRecordException(existing.id, readVersion, existing.serverVersion);
  }

  /** How many of a record's earlier views are kept for saves from copies read before its last local changes. */
  static final int KEPT_READ_COPIES = 32;

  /**
   * Before a local change replaces a record's view: keeps that view under its stamp, so a save
   * from a copy read before the change diffs against what it read, and moves the stamp on. Only
   * the last {@link #KEPT_READ_COPIES} views of a record are kept; a save from an older one falls
   * back to the server version.
   */
  private void keepReadCopy(LocalRecord existing) throws SQLException {
    PreparedStatement keep =
        statement("INSERT OR REPLACE INTO read_copies (id, local_rev, server_version, data) VALUES (?, ?, ?, ?)");
    keep.setString(1, existing.id);
    keep.setLong(2, existing.localRevision);
    keep.setLong(3, existing.serverVersion);
    keep.setString(4, existing.data.toString());
    keep.executeUpdate();
    PreparedStatement prune =
        statement("DELETE FROM read_copies WHERE id = ? AND local_rev NOT IN"
            + " (SELECT local_rev FROM read_copies WHERE id = ? ORDER BY local_rev DESC LIMIT " + KEPT_READ_COPIES + ")");
    prune.setString(1, existing.id);
    prune.setString(2, existing.id);
    prune.executeUpdate();
    stamp(existing.id, nextLocalRevision());
  }

  private void stamp(String id, long localRevision) throws SQLException {
    PreparedStatement ps = statement("UPDATE records SET local_rev = ? WHERE id = ?");
    ps.setLong(1, localRevision);
    ps.setString(2, id);
    ps.executeUpdate();
  }

  /** A new stamp, unique on this device, so a record removed and pulled again never meets an old one. */
  private long nextLocalRevision() throws SQLException {
    String last = readMeta(LAST_LOCAL_REVISION);
    long next = last == null ? 1 : Long.parseLong(last) + 1;
    writeMeta(LAST_LOCAL_REVISION, Long.toString(next));
    return next;
  }

  private static final String LAST_LOCAL_REVISION = "last_local_rev";

  // ---------------------------------------------------------------- reads

  /** The record with this id, or null. */
  public LocalRecord get(final String id) {
    return inTransaction(() -> find(id));
  }

  /**
   * Whether the signed-in user may read a row of {@code records}, as SQL over that table: unless
   * its patient is {@link #hideOutOfScope out of her scope}, where only records her own queued or
   * refused work changes are hers to see. With nobody signed in, no out-of-scope record is.
   */
  static final String READABLE =
      "(NOT EXISTS (SELECT 1 FROM out_of_scope h WHERE h.patient_id = COALESCE(records.patient_id, records.id))"
          + " OR EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = records.id"
          + " AND o.author_id = (SELECT value FROM meta WHERE key = 'staff_id')))";

  /** The record with this id if the signed-in user may read it (see {@link #READABLE}), or null. */
  public LocalRecord readable(final String id) {
    return inTransaction(() -> findReadable(id));
  }

  private LocalRecord findReadable(String id) throws SQLException {
    List<LocalRecord> rows = query("SELECT * FROM records WHERE id = ? AND " + READABLE, id, null);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /**
   * The server's copy of a record (its last pulled or acknowledged state, without this device's
   * pending or refused changes), or null when the server has never had it here (e.g. a refused
   * create). The copy's {@code tombstone} says whether the server deleted it.
   */
  public LocalRecord serverCopy(final String id) {
    return inTransaction(
        () -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "SELECT entity_type, patient_id, server_version, server_data, server_tombstone, sync_state"
                      + " FROM records WHERE id = ? AND server_version > 0 AND server_data IS NOT NULL AND " + READABLE)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return null;
              }
              return new LocalRecord(
                  id,
                  rs.getString(1),
                  rs.getString(2),
                  rs.getLong(3),
                  JsonParser.parseString(rs.getString(4)).getAsJsonObject(),
                  rs.getInt(5) != 0,
                  RecordSyncState.valueOf(rs.getString(6)),
                  0L); // the server's copy is no local copy of the record
            }
          }
        });
  }

  /**
   * Records of a type the signed-in user may read, optionally for one patient (null = all),
   * tombstones excluded.
   */
  public List<LocalRecord> byPatient(final EntityType type, final String patientId) {
    return inTransaction(
        () ->
            query(
                patientId == null
                    ? "SELECT * FROM records WHERE entity_type = ? AND tombstone = 0 AND " + READABLE
                    : "SELECT * FROM records WHERE entity_type = ? AND tombstone = 0 AND patient_id = ? AND " + READABLE,
                type.wireName(),
                patientId));
  }

  /**
   * Records of a type that belong to {@code parentId} (see {@link EntityType#parentField()}) and
   * that the signed-in user may read.
   */
  public List<LocalRecord> byParent(final EntityType type, final String parentId) {
    return inTransaction(
        () ->
            query(
                "SELECT * FROM records WHERE entity_type = ? AND tombstone = 0 AND parent_id = ? AND " + READABLE,
                type.wireName(),
                parentId));
  }

  private LocalRecord find(String id) throws SQLException {
    List<LocalRecord> rows = query("SELECT * FROM records WHERE id = ?", id, null);
    return rows.isEmpty() ? null : rows.get(0);
  }

  private List<LocalRecord> query(String sql, String a, String b) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      ps.setString(1, a);
      if (b != null) {
        ps.setString(2, b);
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<LocalRecord> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new LocalRecord(
                  rs.getString("id"),
                  rs.getString("entity_type"),
                  rs.getString("patient_id"),
                  rs.getLong("server_version"),
                  JsonParser.parseString(rs.getString("data")).getAsJsonObject(),
                  rs.getInt("tombstone") != 0,
                  RecordSyncState.valueOf(rs.getString("sync_state")),
                  rs.getLong("local_rev")));
        }
        return out;
      }
    }
  }

  // ---------------------------------------------------------------- outbox

  /**
   * The next pending changes to send: the oldest first, and only an unbroken run of mutation
   * numbers, because the server accepts a batch only as one consecutive run.
   */
  public List<OutboxEntry> pendingBatch(final int limit) {
    return inTransaction(
        () -> {
          List<OutboxEntry> all = outbox("SELECT " + OUTBOX_COLUMNS + " FROM outbox WHERE state = 'PENDING' ORDER BY mutation_id LIMIT " + limit);
          List<OutboxEntry> run = new ArrayList<>();
          for (OutboxEntry e : all) {
            if (!run.isEmpty() && e.mutationId != run.get(run.size() - 1).mutationId + 1) {
              break;
            }
            run.add(e);
          }
          return run;
        });
  }

  /** Pending count and the device time of the oldest pending change (null if none). */
  public long[] pendingStats() {
    return inTransaction(
        () -> {
          try (Statement st = conn.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT COUNT(*), MIN(device_time) FROM outbox WHERE state = 'PENDING' AND entity_type <> '"
                          + AUDIT + "'")) {
            rs.next();
            long count = rs.getLong(1);
            long oldest = rs.getLong(2);
            return new long[] {count, rs.wasNull() ? -1 : oldest};
          }
        });
  }

  /**
   * What will still wait after the changes up to {@code afterMutationId} are sent: the count (audit
   * entries included) and the device time of the oldest (-1 if none). Reported with each push,
   * so the team leader's fleet view shows the queue as it stands once the push is answered.
   */
  public long[] remainingAfter(final long afterMutationId) {
    return inTransaction(
        () -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "SELECT COUNT(*), MIN(device_time) FROM outbox WHERE state = 'PENDING' AND mutation_id > ?")) {
            ps.setLong(1, afterMutationId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              long count = rs.getLong(1);
              long oldest = rs.getLong(2);
              return new long[] {count, rs.wasNull() ? -1 : oldest};
            }
          }
        });
  }

  /** Everything waiting in the outbox, audit entries included (reported to the fleet view). */
  public long outboxDepth() {
    return inTransaction(() -> scalarLong("SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'"));
  }

  /** Changes the server refused whose records the signed-in user may read ({@link #READABLE}), oldest first. */
  public List<RejectedChange> rejected() {
    return inTransaction(
        () -> {
          List<RejectedChange> out = new ArrayList<>();
          // A refusal shows the record it is about: listed only where that record is readable.
          for (OutboxEntry e : outbox("SELECT " + OUTBOX_COLUMNS + " FROM outbox WHERE state = 'REJECTED'"
              + " AND NOT EXISTS (SELECT 1 FROM records WHERE records.id = outbox.entity_id AND NOT " + READABLE + ")"
              + " ORDER BY mutation_id")) {
            out.add(new RejectedChange(e.mutationId, e.entityType, e.entityId, e.errorCode, e.errorMessage, e.deviceTime,
                e.fields.keySet(), e.authorId, e.authorName));
          }
          return out;
        });
  }

  /** Open conflict records on the device, and changes held for review until theirs arrive. */
  public int openConflicts() {
    return inTransaction(
        () -> {
          int open = (int) scalarLong("SELECT COUNT(*) FROM outbox WHERE state = '" + IN_REVIEW + "'");
          for (LocalRecord r : query("SELECT * FROM records WHERE entity_type = ? AND tombstone = 0", EntityType.CONFLICT.wireName(), null)) {
            if (isOpenConflict(r.data)) {
              open++;
            }
          }
          return open;
        });
  }

  /**
   * Drops a rejected change at its author's request; the record shows the server's state again.
   *
   * @throws se.nara.sdk.NotSignedInException when nobody is signed in
   * @throws se.nara.sdk.NotTheAuthorException when the signed-in user did not make the change
   */
  public boolean discardRejected(final long mutationId) {
    return discardRejected(mutationId, new Changes());
  }

  /** As {@link #discardRejected(long)}, and says in {@code changed} which record's view it changed. */
  public boolean discardRejected(final long mutationId, final Changes changed) {
    return inTransaction(
        () -> {
          List<OutboxEntry> found =
              outbox("SELECT " + OUTBOX_COLUMNS + " FROM outbox WHERE state = 'REJECTED' AND mutation_id = " + mutationId);
          if (found.isEmpty()) {
            return false;
          }
          // Checked in the transaction that deletes: a sign-in committed meanwhile cannot make
          // someone else's refused value hers to drop. The server kept no copy of it: dropped
          // here, it is gone, so only the one who can redo it, or knows it needs no redoing, may.
          OutboxEntry refused = found.get(0);
          if (refused.authorId != null) {
            String me = readMeta("staff_id");
            if (me == null) {
              throw new se.nara.sdk.NotSignedInException("nobody is signed in on this device: sign in first");
            }
            if (!refused.authorId.equals(me)) {
              throw new se.nara.sdk.NotTheAuthorException(refused.authorId, refused.authorName, mutationId);
            }
          }
          String entityId = found.get(0).entityId;
          LocalRecord record = find(entityId);
          changed.types.add(refused.entityType);
          if (record != null) {
            keepReadCopy(record); // a screen showing the refused value must not send it again
            if (record.patientId != null) {
              changed.patients.add(record.patientId);
            }
          }
          deleteOutbox(mutationId);
          if (record != null && record.serverVersion == 0 && outboxFor(entityId).isEmpty()) {
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM records WHERE id = ?")) {
              ps.setString(1, entityId); // a create the server never accepted: nothing to show
              ps.executeUpdate();
            }
          } else {
            rebuild(entityId);
          }
          forgetEmptyOutOfScope();
          return true;
        });
  }

  /**
   * Applies the server's answers to a push, in one transaction, and returns the mutation numbers
   * whose answers were not applied (empty when all were).
   *
   * <p>The server answers a number it has seen before with its recorded answer (a replay after a
   * lost answer). An answer about another record than the queued change, or a refusal with {@code
   * MUTATION_REUSED} (the server saw the same record but another change), means the number was
   * used before for a different change: this database was restored from an older copy, or
   * written before its first sign-in on a known device. Taking that answer would drop the queued
   * change as done. Such answers are not applied; the changes stay queued, and every queued change
   * from the first of them on is numbered again, in order, above {@code serverLast} (the server's
   * highest number for this device), so they go out as new changes in the next batch.
   */
  public Set<Long> applyPushResults(final List<MutationResult> results, final long serverLast) {
    if (results.isEmpty()) {
      return java.util.Collections.emptySet();
    }
    return inTransaction(
        () -> {
          // The answered entries in one read (a push is one unbroken run of mutation numbers).
          long first = Long.MAX_VALUE;
          long last = Long.MIN_VALUE;
          for (MutationResult r : results) {
            first = Math.min(first, r.mutationId());
            last = Math.max(last, r.mutationId());
          }
          PreparedStatement lookup =
              statement("SELECT " + OUTBOX_COLUMNS + " FROM outbox WHERE mutation_id BETWEEN ? AND ? AND state = 'PENDING'");
          lookup.setLong(1, first);
          lookup.setLong(2, last);
          Map<Long, OutboxEntry> answered = new HashMap<>();
          for (OutboxEntry e : readOutbox(lookup)) {
            answered.put(e.mutationId, e);
          }
          Set<Long> reused = new java.util.TreeSet<>();
          for (MutationResult r : results) {
            OutboxEntry entry = answered.get(r.mutationId());
            boolean otherRecord = r.entityId() != null && entry != null && !r.entityId().equals(entry.entityId);
            boolean toldSo = r.status() == se.nara.sdk.protocol.MutationStatus.REJECTED
                && se.nara.sdk.protocol.ErrorCode.MUTATION_REUSED.name().equals(r.code());
            if (entry != null && (otherRecord || toldSo)) {
              reused.add(r.mutationId());
            }
          }
          // Each touched record is read once, its answers folded into its server state in memory,
          // and its local view rebuilt and written once: a tablet back from a day offline often
          // has many queued changes to the same record, and per-answer reads and rewrites of the
          // same row were most of what a push cost the tablet (a profile of the benchmark's SDK push).
          Map<String, ServerState> touched = new LinkedHashMap<>();
          List<OutboxEntry> accepted = new ArrayList<>();
          for (MutationResult r : results) {
            OutboxEntry entry = answered.get(r.mutationId());
            if (entry == null || reused.contains(r.mutationId())) {
              continue;
            }
            if (AUDIT.equals(entry.entityType)) {
              deleteOutbox(entry.mutationId); // logged on the server, or refused: either way not retried
              continue;
            }
            ServerState state = touched.get(entry.entityId);
            if (state == null) {
              state = ServerState.read(statement(ServerState.SQL), entry.entityId);
              touched.put(entry.entityId, state);
            }
            switch (r.status()) {
              case APPLIED:
              case MERGED:
                // The device's copy of the server state now includes the change; the version stays
                // as it was, so the next change still tells the server what this device saw.
                state.fold(entry);
                deleteOutbox(entry.mutationId);
                accepted.add(entry);
                break;
              case CONFLICT:
                holdForReview(entry, r);
                state.conflictHint = true;
                state.onlyAccepted = false;
                break;
              case REJECTED:
              default:
                PreparedStatement reject =
                    statement("UPDATE outbox SET state = 'REJECTED', error_code = ?, error_message = ? WHERE mutation_id = ?");
                reject.setString(1, r.code());
                reject.setString(2, r.message());
                reject.setLong(3, entry.mutationId);
                reject.executeUpdate();
                state.onlyAccepted = false;
                break;
            }
          }
          // After the holds of this answer are written, whatever order the answers came in.
          for (OutboxEntry a : accepted) {
            supersedeHeldFields(a);
          }
          for (Map.Entry<String, ServerState> t : touched.entrySet()) {
            ServerState state = t.getValue();
            if (!state.exists) {
              continue; // nothing local to show
            }
            String serverJson = state.data.toString();
            if (state.onlyAccepted && writeAcceptedOnly(t.getKey(), state, serverJson)) {
              continue;
            }
            View view = viewOver(t.getKey(), serverJson, state.tombstone, state.conflictHint);
            PreparedStatement write =
                statement(
                    "UPDATE records SET server_data = ?, server_tombstone = ?, conflict_hint = ?, data = ?, tombstone = ?,"
                        + " sync_state = ?, server_updated_by = NULL, server_updated_at = NULL WHERE id = ?");
            write.setString(1, serverJson);
            write.setInt(2, state.tombstone ? 1 : 0);
            write.setInt(3, state.conflictHint ? 1 : 0);
            write.setString(4, view.json);
            write.setInt(5, view.tombstone ? 1 : 0);
            write.setString(6, view.state.name());
            write.setString(7, t.getKey());
            write.executeUpdate();
          }
          if (!reused.isEmpty()) {
            renumberFrom(reused.iterator().next(), serverLast);
          }
          return reused;
        });
  }

  /**
   * A change the server accepted is the later word on the fields it set: the changes to the same
   * record this device made before it and that are held for review no longer carry those fields,
   * so a view rebuilt over the server copy (which has the accepted value) does not draw the older
   * held value over it. The held change stays (its conflict records are still to come) with the
   * fields nobody on this device set since; the overruled values are in its conflict record.
   */
  private void supersedeHeldFields(OutboxEntry later) throws SQLException {
    if (later.fields.size() == 0) {
      return;
    }
    PreparedStatement held =
        statement("SELECT " + OUTBOX_COLUMNS + " FROM outbox WHERE state = '" + IN_REVIEW + "' AND entity_id = ?"
            + " AND mutation_id < ?");
    held.setString(1, later.entityId);
    held.setLong(2, later.mutationId);
    for (OutboxEntry h : readOutbox(held)) {
      JsonObject rest = h.fields.deepCopy();
      boolean changed = false;
      for (String field : later.fields.keySet()) {
        changed |= rest.remove(field) != null;
      }
      if (changed) {
        PreparedStatement write = statement("UPDATE outbox SET fields = ? WHERE mutation_id = ?");
        write.setString(1, rest.toString());
        write.setLong(2, h.mutationId);
        write.executeUpdate();
      }
    }
  }

  /**
   * Keeps a change the server answered CONFLICT in the view until the pull brings the conflict
   * records that hold it there (named in the answer). One already here (a late answer) releases
   * it at once. Without names (a server that does not give them) any conflict record about the
   * record releases it.
   */
  private void holdForReview(OutboxEntry entry, MutationResult answer) throws SQLException {
    List<String> waiting = new ArrayList<>();
    if (answer.conflictIds() != null) {
      for (String id : answer.conflictIds()) {
        if (find(id) == null) {
          waiting.add(id);
        }
      }
      if (!answer.conflictIds().isEmpty() && waiting.isEmpty()) {
        keepViewOfReleased(entry.entityId);
        deleteOutbox(entry.mutationId);
        return;
      }
    }
    PreparedStatement hold =
        statement("UPDATE outbox SET state = '" + IN_REVIEW + "', error_code = ?, error_message = ?, conflict_ids = ?"
            + " WHERE mutation_id = ?");
    hold.setString(1, "CONFLICT");
    hold.setString(2, answer.message());
    hold.setString(3, waiting.isEmpty() ? null : String.join(",", waiting));
    hold.setLong(4, entry.mutationId);
    hold.executeUpdate();
  }

  /**
   * A pulled conflict record ({@code conflictId}, about {@code entityId}): the changes held for
   * review that named it in their answer count it as arrived, whatever record it is about (a
   * change to a signed visit merged into its existing amendment is answered with the amendment's
   * conflicts too); a change held without names is released by any conflict about its record. A
   * change leaves the outbox once every conflict record its answer named is here: each holds part
   * of what the server did with it, and until the last arrives the view is the only place on the
   * device that shows that part. Returns the records whose held changes left, to be rebuilt.
   */
  private Set<String> releaseHeld(String entityId, String conflictId) throws SQLException {
    PreparedStatement held =
        statement("SELECT mutation_id, entity_id, conflict_ids FROM outbox WHERE state = '" + IN_REVIEW + "'"
            + " AND ((entity_id = ? AND conflict_ids IS NULL) OR conflict_ids LIKE ?)");
    held.setString(1, entityId);
    held.setString(2, "%" + conflictId + "%");
    Map<Long, String[]> found = new LinkedHashMap<>();
    try (ResultSet rs = held.executeQuery()) {
      while (rs.next()) {
        found.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
      }
    }
    Set<String> released = new LinkedHashSet<>();
    for (Map.Entry<Long, String[]> h : found.entrySet()) {
      String heldFor = h.getValue()[0];
      String names = h.getValue()[1];
      if (names == null) {
        keepViewOfReleased(heldFor);
        deleteOutbox(h.getKey());
        released.add(heldFor);
        continue;
      }
      List<String> waiting = new ArrayList<>(java.util.Arrays.asList(names.split(",")));
      if (!waiting.remove(conflictId)) {
        continue; // the LIKE matched inside another id
      }
      if (waiting.isEmpty()) {
        keepViewOfReleased(heldFor);
        deleteOutbox(h.getKey());
        released.add(heldFor);
      } else {
        PreparedStatement rest = statement("UPDATE outbox SET conflict_ids = ? WHERE mutation_id = ?");
        rest.setString(1, String.join(",", waiting));
        rest.setLong(2, h.getKey());
        rest.executeUpdate();
      }
    }
    return released;
  }

  /**
   * Before a held change leaves the outbox (its conflict records are here, the server's value
   * stands): keeps the view that showed it and moves the record's local revision on, as {@link
   * #discardRejected} does, so a screen still showing the overruled value diffs a later save
   * against what it showed and does not send that value again, past the review, with the current
   * base.
   */
  private void keepViewOfReleased(String entityId) throws SQLException {
    LocalRecord record = find(entityId);
    if (record != null) {
      keepReadCopy(record);
    }
  }

  /**
   * Moves the queued changes numbered {@code from} and up above {@code serverLast} and above every
   * other outbox entry, keeping their order, so they reach the server as new changes; the counter
   * follows.
   */
  private void renumberFrom(long from, long serverLast) throws SQLException {
    String moving = "state = '" + PENDING + "' AND mutation_id >= " + from;
    long staying = scalarLong("SELECT COALESCE(MAX(mutation_id), 0) FROM outbox WHERE NOT (" + moving + ")");
    long offset = Math.max(serverLast, staying) + 1 - from;
    if (offset <= 0) {
      return; // already above everything the server has seen
    }
    try (Statement st = conn.createStatement()) {
      // In two steps, through negative numbers, so no row meets another's old number on the way.
      st.executeUpdate("UPDATE outbox SET mutation_id = -mutation_id WHERE " + moving);
      st.executeUpdate("UPDATE outbox SET mutation_id = -mutation_id + " + offset + " WHERE mutation_id < 0");
    }
    long top = scalarLong("SELECT COALESCE(MAX(mutation_id), 0) FROM outbox");
    if (nextMutationId() <= top) {
      writeMeta("next_mutation_id", Long.toString(top + 1));
    }
  }

  /**
   * Stores a record's new server state when every answer it got was "accepted" and none of its
   * changes stands refused; false (nothing written) otherwise. Its view then needs no rebuild: a
   * push sends the oldest queued changes first, so the accepted ones were the front of the
   * record's queue, and the view (server state + queue, in order) stays the same when they move
   * from the queue into the server state. Only the sync state can change. This skips re-reading
   * and re-applying the rest of the queue, which for a tablet with a day's changes queued was
   * most of what applying a push answer cost.
   */
  private boolean writeAcceptedOnly(String id, ServerState state, String serverJson) throws SQLException {
    boolean pending = false;
    PreparedStatement queued = statement("SELECT state FROM outbox WHERE entity_id = ?");
    queued.setString(1, id);
    try (ResultSet rs = queued.executeQuery()) {
      while (rs.next()) {
        if (!PENDING.equals(rs.getString(1))) {
          return false; // a refused change sits in the view out of order: rebuild it
        }
        pending = true;
      }
    }
    RecordSyncState syncState =
        pending
            ? RecordSyncState.PENDING
            : state.conflictHint || hasOpenConflict(id) ? RecordSyncState.CONFLICT : RecordSyncState.SYNCED;
    PreparedStatement write =
        statement("UPDATE records SET server_data = ?, server_tombstone = ?, sync_state = ?, server_updated_by = NULL,"
            + " server_updated_at = NULL WHERE id = ?");
    write.setString(1, serverJson);
    write.setInt(2, state.tombstone ? 1 : 0);
    write.setString(3, syncState.name());
    write.setString(4, id);
    write.executeUpdate();
    return true;
  }

  /** A record's stored server state while a push answer is folded into it. */
  private static final class ServerState {
    static final String SQL = "SELECT server_data, server_tombstone, conflict_hint FROM records WHERE id = ?";
    boolean exists;
    /** Whether every answer so far accepted the change (no conflict, no refusal). */
    boolean onlyAccepted = true;
    JsonObject data = new JsonObject();
    boolean tombstone;
    boolean conflictHint;

    static ServerState read(PreparedStatement ps, String id) throws SQLException {
      ServerState state = new ServerState();
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          state.exists = true;
          String json = rs.getString(1);
          if (json != null) {
            state.data = JsonParser.parseString(json).getAsJsonObject();
          }
          state.tombstone = rs.getInt(2) != 0;
          state.conflictHint = rs.getInt(3) != 0;
        }
      }
      return state;
    }

    void fold(OutboxEntry accepted) {
      if (accepted.op == MutationOp.ENTERED_IN_ERROR) {
        tombstone = true;
      } else {
        applyChange(data, accepted);
      }
    }
  }

  /** What a pulled page changed: entity types and patients, for change listeners. */
  public static final class Changes {
    public final java.util.Set<String> types = new java.util.HashSet<>();
    public final java.util.Set<String> patients = new java.util.HashSet<>();
    /** Changes held for review that are queued to be sent again (see {@link #requeueHeld}). */
    public int requeued;
  }

  /**
   * Puts the changes held for review numbered above {@code above} back in the queue, to be sent
   * again, inside the caller's transaction; says what changed in {@code changes}. For a server
   * restored from a backup that lacks them: it has no answer to them and no conflict record that
   * holds them, so waiting for that record would keep the nurse's value on this tablet for ever,
   * shown as in conflict, and nowhere else.
   */
  private void requeueHeldAbove(long above, Changes changes) throws SQLException {
    PreparedStatement held =
        statement("SELECT mutation_id, entity_id FROM outbox WHERE state = '" + IN_REVIEW + "' AND mutation_id > ?");
    held.setLong(1, above);
    Set<String> records = new LinkedHashSet<>();
    int count = 0;
    try (ResultSet rs = held.executeQuery()) {
      while (rs.next()) {
        records.add(rs.getString(2));
        count++;
      }
    }
    if (count == 0) {
      return;
    }
    PreparedStatement requeue =
        statement("UPDATE outbox SET state = '" + PENDING + "', error_code = NULL, error_message = NULL, conflict_ids = NULL"
            + " WHERE state = '" + IN_REVIEW + "' AND mutation_id > ?");
    requeue.setLong(1, above);
    requeue.executeUpdate();
    for (String id : records) {
      setConflictHint(id, false); // the answer that set it is gone with the server's disk
      rebuild(id);
      LocalRecord r = find(id);
      if (r != null) {
        changes.types.add(r.entityType);
        changes.patients.add(r.patientId == null ? r.id : r.patientId);
      }
    }
    changes.requeued += count;
  }

  /**
   * Puts every change held for review back in the queue: the server was restored from an older
   * backup, and this device cannot tell whether the restored server still holds the change's
   * conflict records. Sent again, a change the restored server had answered gets its recorded
   * answer (and is held again until its conflict records arrive); one it lost is merged anew.
   */
  public Changes requeueHeld() {
    final Changes changes = new Changes();
    inTransaction(
        () -> {
          requeueHeldAbove(0, changes);
          return null;
        });
    return changes;
  }

  /** Applies one pulled page and stores its cursor, in one transaction. */
  public Changes applyPullPage(final PullResponse page) {
    return applyPage(page, true, null);
  }

  /**
   * Applies one pulled page and stores its cursor, in one transaction, if the signed-in user is
   * still the one of {@code userEpoch} ({@link #userEpoch()}).
   *
   * @throws UserChanged when someone else has signed in since: nothing of the page is written
   */
  public Changes applyPullPage(final PullResponse page, final String userEpoch) {
    return applyPage(page, true, userEpoch);
  }

  /** Applies records that arrived outside the cursor stream (today's priority data). */
  public Changes applyPriorityRecords(final PullResponse page) {
    return applyPage(page, false, null);
  }

  /** Like {@link #applyPriorityRecords(PullResponse)}, if the signed-in user is still the one of {@code userEpoch}. */
  public Changes applyPriorityRecords(final PullResponse page, final String userEpoch) {
    return applyPage(page, false, userEpoch);
  }

  /**
   * The sign-in a sync works for: changes whenever another user signs in ({@link #switchUser}).
   * A sync reads it with the token, in one transaction, and writes what it pulled only while it
   * is unchanged.
   */
  public String userEpoch() {
    return meta(USER_EPOCH);
  }

  /**
   * Inside a transaction: throws {@link UserChanged} unless the signed-in user is still the one of
   * {@code userEpoch}, so whatever the caller writes in the same transaction is for that user.
   */
  public void checkUserEpoch(final String userEpoch) {
    inTransaction(
        () -> {
          if (!java.util.Objects.equals(readMeta(USER_EPOCH), userEpoch)) {
            throw new UserChanged();
          }
          return null;
        });
  }

  /** Someone else signed in while a sync worked for the previous user. */
  public static final class UserChanged extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserChanged() {
      super("another user signed in during the sync");
    }
  }

  private static final String USER_EPOCH = "user_epoch";

  /**
   * Signs another session in, in one transaction: {@code sessionWrites} (token, name, teams),
   * with, for another user, a new {@link #userEpoch()} (a sync still running for the previous user
   * then writes nothing more), and, when {@code forgetServerCopies}, without the previous teams'
   * data and cursor, as {@link #forgetServerCopies()}. One transaction, so no sync ever sees the
   * new user's token with the old teams' data or cursor, or the old user's epoch with the new
   * user's token.
   */
  public Removed switchUser(final boolean forgetServerCopies, final boolean newUser, final Work<?> sessionWrites) {
    Work<Object> writes =
        () -> {
          sessionWrites.run();
          // Whoever signed out before is no longer the last user here: the sign-in has handed
          // over her work (or was refused before this) and ends her kept session.
          for (String key : SIGNED_OUT_KEYS) {
            writeMeta(key, null);
          }
          if (newUser) {
            writeMeta(USER_EPOCH, UUID.randomUUID().toString());
          }
          return null;
        };
    if (forgetServerCopies) {
      final Removed[] hidden = new Removed[] {new Removed()};
      Removed removed =
          dropServerCopies(
              null,
              () -> {
                writes.run(); // the new user's id first: whose work keeps a record readable is hers
                hideOutOfScope(hidden[0].changes);
                return null;
              });
      removed.changes.types.addAll(hidden[0].changes.types);
      removed.changes.patients.addAll(hidden[0].changes.patients);
      return removed;
    }
    inTransaction(writes);
    return new Removed();
  }

  /** The id of the user who signed out ({@link #signOut()}), while nobody else has signed in since. */
  public static final String SIGNED_OUT_STAFF_ID = "signed_out_staff_id";
  /** Her name, for the refusal of a colleague's sign-in while her work waits. */
  public static final String SIGNED_OUT_STAFF_NAME = "signed_out_staff_name";
  /** Her teams, so that the next sign-in of someone of other teams forgets their data. */
  public static final String SIGNED_OUT_TEAM_IDS = "signed_out_team_ids";
  /**
   * Her token, kept aside until her queue has gone out under her name and her session has ended
   * on the server; then removed. Never used for anything but that hand-over and its logout.
   */
  public static final String SIGNED_OUT_TOKEN = "signed_out_token";

  private static final String[] SIGNED_OUT_KEYS = {SIGNED_OUT_STAFF_ID, SIGNED_OUT_STAFF_NAME, SIGNED_OUT_TEAM_IDS, SIGNED_OUT_TOKEN};

  /** The meta keys of a signed-in session. */
  private static final String[] SESSION_KEYS = {"staff_id", "staff_name", "profession", "team_ids", "token", "token_expires_at"};

  /**
   * Who was last on this device, read in one transaction: the signed-in user, or, while nobody is
   * signed in, the user who signed out last (with her kept token, if any).
   */
  public static final class LastUser {
    /** Whether {@link #staffId} is signed in now (false: signed out, or nobody ever was). */
    public final boolean signedIn;
    /** The staff id, or null when nobody has been signed in since the database was made or wiped. */
    public final String staffId;
    /** The name, or null. */
    public final String staffName;
    /** The team ids, comma-separated, or null. */
    public final String teamIds;
    /** The signed-in token, or the token kept aside at sign-out; null if none. */
    public final String token;
    /** The {@link #userEpoch()} read with the token. */
    public final String userEpoch;

    LastUser(boolean signedIn, String staffId, String staffName, String teamIds, String token, String userEpoch) {
      this.signedIn = signedIn;
      this.staffId = staffId;
      this.staffName = staffName;
      this.teamIds = teamIds;
      this.token = token;
      this.userEpoch = userEpoch;
    }
  }

  /** Who was last on this device (see {@link LastUser}), read in one transaction. */
  public LastUser lastUser() {
    return inTransaction(
        () -> {
          String staffId = readMeta("staff_id");
          String epoch = readMeta(USER_EPOCH);
          if (staffId != null) {
            return new LastUser(true, staffId, readMeta("staff_name"), readMeta("team_ids"), readMeta("token"), epoch);
          }
          return new LastUser(false, readMeta(SIGNED_OUT_STAFF_ID), readMeta(SIGNED_OUT_STAFF_NAME),
              readMeta(SIGNED_OUT_TEAM_IDS), readMeta(SIGNED_OUT_TOKEN), epoch);
        });
  }

  /**
   * Signs the signed-in user out, in one transaction: her session (name, profession, teams, token)
   * leaves the session's keys, so nothing reads or writes as her any more, and what a later
   * hand-over needs is kept under the {@code signed_out_} keys: her id, name and teams, and her
   * token. A new {@link #userEpoch()} stops a sync still running for her from writing anything
   * more. The data pulled for her teams and the outbox stay. A process killed at any point leaves
   * her either signed in or signed out.
   *
   * @return false when nobody was signed in (nothing changed)
   */
  public boolean signOut() {
    return signOut(new Changes());
  }

  /**
   * As {@link #signOut()}, and says in {@code shown} what the signed-out user could read: every
   * synced entity type and every patient with data on the device, read in the same transaction.
   * Her screens show exactly that, and from the commit on none of it may be read.
   */
  public boolean signOut(final Changes shown) {
    return inTransaction(
        () -> {
          String staffId = readMeta("staff_id");
          if (staffId == null) {
            return false;
          }
          everythingShown(shown);
          writeMeta(SIGNED_OUT_STAFF_ID, staffId);
          writeMeta(SIGNED_OUT_STAFF_NAME, readMeta("staff_name"));
          writeMeta(SIGNED_OUT_TEAM_IDS, readMeta("team_ids"));
          writeMeta(SIGNED_OUT_TOKEN, readMeta("token"));
          for (String key : SESSION_KEYS) {
            writeMeta(key, null);
          }
          writeMeta(USER_EPOCH, UUID.randomUUID().toString());
          return true;
        });
  }

  /** Adds every synced entity type and every patient with data on the device to {@code shown}. */
  private void everythingShown(Changes shown) throws SQLException {
    for (EntityType type : EntityType.values()) {
      if (type != EntityType.AUDIT_ENTRY) {
        shown.types.add(type.wireName());
      }
    }
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT DISTINCT CASE WHEN entity_type = '" + EntityType.PATIENT.wireName() + "' THEN id ELSE patient_id END"
                + " FROM records")) {
      while (rs.next()) {
        if (rs.getString(1) != null) {
          shown.patients.add(rs.getString(1));
        }
      }
    }
  }

  /**
   * Removes the signed-out user's kept token once her queue has gone and her session has ended,
   * if nobody has signed in since {@code userEpoch} and it is still the one kept.
   */
  public boolean forgetSignedOutToken(final String token, final String userEpoch) {
    return inTransaction(
        () -> {
          if (readMeta("staff_id") != null
              || !java.util.Objects.equals(readMeta(USER_EPOCH), userEpoch)
              || !java.util.Objects.equals(readMeta(SIGNED_OUT_TOKEN), token)) {
            return false;
          }
          writeMeta(SIGNED_OUT_TOKEN, null);
          return true;
        });
  }

  private Changes applyPage(final PullResponse page, final boolean advanceCursor, final String userEpoch) {
    final Changes changes = new Changes();
    for (SyncRecord r : page.records()) {
      changes.types.add(r.type());
      if (r.patientId() != null) {
        changes.patients.add(r.patientId());
      }
    }
    if (!page.purgePatientIds().isEmpty()) {
      changes.types.add(EntityType.PATIENT.wireName());
      changes.patients.addAll(page.purgePatientIds());
    }
    inTransaction(
        () -> {
          if (userEpoch != null) {
            checkUserEpoch(userEpoch);
          }
          backInScope(page);
          Set<String> touchedTargets = new LinkedHashSet<>();
          // Most pulled records have no local changes and no open conflict: their local view is
          // simply the server's copy, written in one statement. Only the others are rebuilt over
          // their outbox.
          Set<String> withLocalState = idsWithLocalState();
          PreparedStatement update =
              statement(
                  "UPDATE records SET entity_type = ?, patient_id = ?, parent_id = ?, server_version = ?,"
                      + " server_data = ?, server_tombstone = ?, server_updated_by = ?, server_updated_at = ?, data = ?,"
                      + " tombstone = ?, sync_state = CASE WHEN conflict_hint = 0 THEN 'SYNCED' ELSE 'CONFLICT' END"
                      + " WHERE id = ?");
          PreparedStatement insertNew = statement("INSERT OR IGNORE" + INSERT_SERVER_COPY);
          // Which statement to try first follows what the last record needed: a first sync inserts
          // every record, a later pull mostly updates, so the first try is nearly always the one.
          boolean insertFirst = false;
          if (refetching) {
            PreparedStatement received = statement("DELETE FROM refetch WHERE id = ?");
            for (SyncRecord r : page.records()) {
              received.setString(1, r.id());
              received.executeUpdate();
            }
          }
          for (SyncRecord r : page.records()) {
            EntityType type = EntityType.fromWireName(r.type());
            JsonObject data = r.data() == null ? new JsonObject() : r.data();
            String json = data.toString();
            if (withLocalState.contains(r.id())) {
              storeServerCopy(r, type, data, json);
              rebuild(r.id());
            } else {
              boolean stored = false;
              PreparedStatement[] tries =
                  insertFirst ? new PreparedStatement[] {insertNew, update} : new PreparedStatement[] {update, insertNew};
              for (PreparedStatement ps : tries) {
                bindServerCopyAsView(ps, r, type, data, json);
                if (ps.executeUpdate() > 0) {
                  insertFirst = ps == insertNew;
                  stored = true;
                  break;
                }
              }
              if (!stored) {
                // OR IGNORE also skips a row that breaks a constraint: insert it plainly so the
                // failure surfaces instead of the record going missing.
                PreparedStatement insert = statement("INSERT" + INSERT_SERVER_COPY);
                bindServerCopyAsView(insert, r, type, data, json);
                insert.executeUpdate();
              }
            }
            if (type == EntityType.CONFLICT && data.has("entityId")) {
              String target = data.get("entityId").getAsString();
              for (String released : releaseHeld(target, r.id())) {
                setConflictHint(released, false);
                touchedTargets.add(released);
              }
              setConflictHint(target, false);
              touchedTargets.add(target);
            }
          }
          for (String target : touchedTargets) {
            rebuild(target);
          }
          if (!advanceCursor) {
            return null;
          }
          // The server's highest number for this device is below a change it answered CONFLICT:
          // it was restored from a backup that lacks that answer, and its conflict records.
          requeueHeldAbove(page.lastMutationId(), changes);
          for (String patientId : page.purgePatientIds()) {
            purgePatient(patientId);
          }
          writeMeta("cursor", page.nextCursor());
          writeMeta("server_last_mutation_id", Long.toString(page.lastMutationId()));
          return null;
        });
    return changes;
  }

  /**
   * A pulled record shows its patient is in the signed-in user's scope (the server sends nothing
   * else), so what stayed of that patient for someone else's work is hers to read again.
   */
  private void backInScope(PullResponse page) throws SQLException {
    if (page.records().isEmpty() || scalarLong("SELECT COUNT(*) FROM out_of_scope") == 0) {
      return;
    }
    PreparedStatement back = statement("DELETE FROM out_of_scope WHERE patient_id = ?");
    Set<String> done = new java.util.HashSet<>();
    for (SyncRecord r : page.records()) {
      String patient = EntityType.PATIENT.wireName().equals(r.type()) ? r.id() : r.patientId();
      if (patient != null && done.add(patient)) {
        back.setString(1, patient);
        back.executeUpdate();
      }
    }
  }

  /**
   * At a sign-in into another scope, after the previous scope's server copies went: what is left
   * is only records someone's queued or refused work changes, of patients the new user may not
   * have a care relationship with. They stay (that work is never dropped), readable only by the
   * work's author until a pull shows the patient in the reader's scope. Says in {@code changes}
   * which patients were hidden, for the change listeners.
   */
  private void hideOutOfScope(Changes changes) throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.executeUpdate(
          "INSERT OR IGNORE INTO out_of_scope (patient_id) SELECT DISTINCT COALESCE(patient_id, id) FROM records"
              + " WHERE entity_type NOT IN ('" + EntityType.TEAM.wireName() + "', '" + EntityType.STAFF.wireName() + "')");
      try (ResultSet rs = st.executeQuery(
          "SELECT DISTINCT entity_type, COALESCE(patient_id, id) FROM records WHERE NOT " + READABLE)) {
        while (rs.next()) {
          changes.types.add(rs.getString(1));
          changes.patients.add(rs.getString(2));
        }
      }
    }
    forgetEmptyOutOfScope();
  }

  /** An out-of-scope patient with nothing left here needs no entry (and is patient data itself). */
  private void forgetEmptyOutOfScope() throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.executeUpdate("DELETE FROM out_of_scope WHERE patient_id NOT IN (SELECT COALESCE(patient_id, id) FROM records)");
    }
  }

  /** Audit entries the device has logged but not yet uploaded are not clinical changes. */
  static final String AUDIT = EntityType.AUDIT_ENTRY.wireName();

  /**
   * Queues a record of a local access for upload (append-only; no local record is kept, so the
   * log never shows up as patient data on the device).
   */
  public void enqueueAudit(final String id, final JsonObject fields, final Instant deviceTime) {
    inTransaction(
        () -> {
          queue(AUDIT, id, MutationOp.CREATE, 0, fields, null, deviceTime);
          return null;
        });
  }

  /**
   * Takes the next mutation number and writes the outbox entry, inside the caller's transaction:
   * the only place a mutation is numbered, so numbers never repeat or skip.
   */
  private long queue(
      String entityType, String id, MutationOp op, long baseVersion, JsonObject fields, String reason, Instant deviceTime)
      throws SQLException {
    long mutationId = nextMutationId();
    writeMeta("next_mutation_id", Long.toString(mutationId + 1));
    try (PreparedStatement ps =
        conn.prepareStatement(
            "INSERT INTO outbox (mutation_id, entity_type, entity_id, op, base_version, fields,"
                + " reason, device_time, state, author_id, author_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, mutationId);
      ps.setString(2, entityType);
      ps.setString(3, id);
      ps.setString(4, op.name());
      ps.setLong(5, baseVersion);
      ps.setString(6, fields.toString());
      ps.setString(7, reason);
      ps.setLong(8, deviceTime.toEpochMilli());
      ps.setString(9, PENDING);
      // Read in the transaction that writes the change: the one signed in when it is committed.
      ps.setString(10, readMeta("staff_id"));
      ps.setString(11, readMeta("staff_name"));
      ps.executeUpdate();
    }
    return mutationId;
  }

  /**
   * Removes a patient from the device: the care relationship ended or a spärr now blocks it.
   * Changes already sent stay on the server. What stays here is only the device's own work that
   * has not been settled: a queued change goes out at the next sync, where the server keeps it
   * for the care team's review (it is never applied or dropped); a refused one stays until the
   * user has seen it. The records they change stay with them, and go at a later sync's purge
   * (the server repeats it for 180 days) once nothing is queued for them.
   */
  private void purgePatient(String patientId) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "DELETE FROM records WHERE (patient_id = ? OR id = ?) AND id NOT IN (SELECT entity_id FROM outbox"
                + " WHERE state <> '" + IN_REVIEW + "')")) {
      ps.setString(1, patientId);
      ps.setString(2, patientId);
      ps.executeUpdate();
    }
    // A change held for review is settled: the server keeps it in a conflict record, which this
    // device will not pull for a patient it no longer has.
    dropReviewedWithoutRecord();
  }

  /**
   * Removes what the device holds only as a copy of the server's data, because it has gone too
   * long without a sync to know whether it may still hold it (a care relationship may have ended,
   * a spärr may have been set). The device's own work stays: every outbox entry and the records
   * they change, which still go out at the next sync. The cursor is dropped, so that sync pulls
   * everything afresh. Deleted pages are overwritten.
   *
   * @param at when (device clock), kept as {@code offline_expired_at} until the next sync
   * @return what was removed
   */
  public Removed expireServerCopies(final long at) {
    return dropServerCopies(Long.toString(at), null);
  }

  /**
   * Removes what the device holds only as a copy of the server's data, as {@link
   * #expireServerCopies} does, because the user who signs in now belongs to other teams than the
   * one before: what those teams' patients hold is not theirs to see here (PDL), and the next sync
   * pulls their own teams' data from the start.
   */
  public Removed forgetServerCopies() {
    return dropServerCopies(null, null);
  }

  private Removed dropServerCopies(final String expiredAt, final Work<?> alsoInTheTransaction) {
    // Another team's user signs in (no expiry time): that team's conflict records will not come
    // to this device, so a change held for review goes with its record. After an expiry the next
    // sync pulls the conflict records, so it stays visible until then.
    final boolean keepInReview = expiredAt != null;
    synchronized (lock) {
      checkOpen();
      Removed expired;
      try {
        try (Statement st = conn.createStatement()) {
          st.execute("PRAGMA secure_delete = ON");
        }
        expired =
            inTransaction(
                () -> {
                  Removed out = removeRecordsNoWorkTouches("", keepInReview);
                  writeMeta("cursor", null);
                  if (expiredAt != null) {
                    writeMeta("offline_expired_at", expiredAt);
                  }
                  if (alsoInTheTransaction != null) {
                    alsoInTheTransaction.run();
                  }
                  return out;
                });
      } catch (SQLException e) {
        throw new StorageException("removing expired data failed: " + e.getMessage(), e);
      } finally {
        try (Statement st = conn.createStatement()) {
          st.execute("PRAGMA secure_delete = OFF");
        } catch (SQLException e) {
          // the setting only costs write speed; the next connection starts without it
        }
      }
      checkpointTruncate();
      return expired;
    }
  }

  /**
   * Deletes the records (narrowed by {@code andWhere}) that none of this device's queued or
   * refused work touches, inside the caller's transaction, and says what went.
   */
  private Removed removeRecordsNoWorkTouches(String andWhere) throws SQLException {
    return removeRecordsNoWorkTouches(andWhere, true);
  }

  /**
   * As above; with {@code keepInReview} false, a change held for review does not keep its record
   * (it goes with it): the server holds it in a conflict record this device will not pull.
   */
  private Removed removeRecordsNoWorkTouches(String andWhere, boolean keepInReview) throws SQLException {
    Removed out = new Removed();
    Set<String> heldFor = new LinkedHashSet<>();
    if (!keepInReview) {
      // A held change goes even when other work (a refused change) keeps its record here: its
      // conflict record will not come to this device, so it would stay held for ever.
      try (Statement st = conn.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT DISTINCT entity_id FROM outbox WHERE state = '" + IN_REVIEW + "'"
            + " AND entity_id IN (SELECT id FROM records WHERE 1 = 1" + andWhere + ")")) {
          while (rs.next()) {
            heldFor.add(rs.getString(1));
          }
        }
      }
    }
    String which =
        " FROM records WHERE id NOT IN (SELECT entity_id FROM outbox"
            + (keepInReview ? "" : " WHERE state <> '" + IN_REVIEW + "'") + ")" + andWhere;
    try (Statement st = conn.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT DISTINCT entity_type, COALESCE(patient_id, id)" + which)) {
        while (rs.next()) {
          out.changes.types.add(rs.getString(1));
          out.changes.patients.add(rs.getString(2));
        }
      }
      out.removed = st.executeUpdate("DELETE" + which);
    }
    dropReviewedWithoutRecord();
    for (String id : heldFor) {
      PreparedStatement drop = statement("DELETE FROM outbox WHERE state = '" + IN_REVIEW + "' AND entity_id = ?");
      drop.setString(1, id);
      if (drop.executeUpdate() > 0) {
        setConflictHint(id, false);
        rebuild(id); // kept by its other work: shown without the held change
      }
    }
    return out;
  }

  private void dropReviewedWithoutRecord() throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.executeUpdate(
          "DELETE FROM outbox WHERE state = '" + IN_REVIEW + "' AND entity_id NOT IN (SELECT id FROM records)");
    }
  }

  /** What {@link #expireServerCopies} or {@link #finishRefetch} removed. */
  public static final class Removed {
    /** The entity types and patients removed, for change listeners. */
    public final Changes changes = new Changes();
    /** How many records were removed. */
    public int removed;
  }

  /**
   * Copies the write-ahead log into the database file and empties it, so the old page images in
   * it (which secure_delete does not reach) are gone from disk too.
   */
  private void checkpointTruncate() {
    try {
      runAlone("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException e) {
      // A reader holding the log open defers this to SQLite's next automatic checkpoint.
      java.util.logging.Logger.getLogger("se.nara.sdk.store").fine("checkpoint after removing data deferred: " + e.getMessage());
    }
  }

  static final String REFETCHING = "refetching";

  /**
   * The device's copies of server records, conflict records included (not its access-log
   * entries), in id order after {@code afterId}: what a recovery offers back to a restored server.
   */
  public List<SyncRecord> serverCopies(final String afterId, final int limit) {
    return inTransaction(
        () -> {
          List<SyncRecord> out = new ArrayList<>();
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "SELECT entity_type, id, patient_id, server_version, server_tombstone, server_data, server_updated_by,"
                      + " server_updated_at FROM records"
                      + " WHERE server_version > 0 AND server_data IS NOT NULL AND entity_type <> ? AND id > ?"
                      + " ORDER BY id LIMIT ?")) {
            ps.setString(1, AUDIT);
            ps.setString(2, afterId == null ? "" : afterId);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long updatedAt = rs.getLong(8);
                Instant at = rs.wasNull() ? null : Instant.ofEpochMilli(updatedAt);
                out.add(new SyncRecord(rs.getString(1), rs.getString(2), rs.getLong(4), 0, rs.getString(3),
                    rs.getInt(5) != 0, at, rs.getString(7), JsonParser.parseString(rs.getString(6)).getAsJsonObject()));
              }
            }
          }
          return out;
        });
  }

  /**
   * The highest mutation number the server has answered: every one below the oldest still
   * queued (answered changes leave the outbox), or all of them when nothing is queued.
   */
  public long lastAnsweredMutationId() {
    return inTransaction(
        () -> {
          try (Statement st = conn.createStatement();
              ResultSet rs = st.executeQuery("SELECT MIN(mutation_id) FROM outbox WHERE state = '" + PENDING + "'")) {
            long oldestQueued = rs.next() ? rs.getLong(1) : 0;
            return oldestQueued > 0 ? oldestQueued - 1 : nextMutationId() - 1;
          }
        });
  }

  /**
   * Starts pulling everything afresh after the server was restored from an older backup: the
   * cursor goes, and every record the server had sent is noted, to be ticked off as the pull
   * brings it again. See {@link #finishRefetch}.
   */
  public void beginRefetch() {
    inTransaction(
        () -> {
          try (Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS refetch (id TEXT PRIMARY KEY)");
            st.execute("INSERT OR IGNORE INTO refetch SELECT id FROM records WHERE server_version > 0");
          }
          writeMeta("cursor", null);
          writeMeta(REFETCHING, "1");
          return null;
        });
    refetching = true;
  }

  /**
   * The device's copies of server records, per patient ({@code ""} for the directory): how many and
   * their {@link se.nara.sdk.protocol.RecordDigest} sum, leaving out {@code except}. Local changes
   * do not count; only what the server sent (the server copy) does.
   */
  public Map<String, long[]> serverCopyDigests(final Set<String> except) {
    return inTransaction(
        () -> {
          Map<String, long[]> sums = new HashMap<>();
          try (Statement st = conn.createStatement();
              ResultSet rs =
                  st.executeQuery("SELECT id, patient_id, server_version, server_tombstone FROM records WHERE server_version > 0")) {
            while (rs.next()) {
              String id = rs.getString(1);
              if (except.contains(id)) {
                continue;
              }
              String patient = rs.getString(2);
              long[] sum = sums.get(patient == null ? "" : patient);
              if (sum == null) {
                sum = new long[2];
                sums.put(patient == null ? "" : patient, sum);
              }
              sum[0]++;
              sum[1] += se.nara.sdk.protocol.RecordDigest.of(id, rs.getLong(3), rs.getInt(4) != 0);
            }
          }
          return sums;
        });
  }

  /** Whether a pull from scratch after a server restore has yet to complete. */
  public boolean refetching() {
    return refetching;
  }

  /**
   * Ends a pull from scratch that has completed. Records the restored server no longer has (it did
   * not send them again) leave the device, unless this device's own queued or refused work touches
   * them: their values are kept on the server for review ({@code sync/recovery}). A queued change
   * made on a version the server lost is rebased on the version it has now, so it is merged there
   * instead of refused as ahead of the server. Returns what left.
   */
  public Removed finishRefetch() {
    Removed removed =
        inTransaction(
            () -> {
              Removed gone = removeRecordsNoWorkTouches(" AND id IN (SELECT id FROM refetch)");
              try (Statement st = conn.createStatement()) {
                st.executeUpdate(
                    "UPDATE outbox SET base_version = (SELECT r.server_version FROM records r WHERE r.id = outbox.entity_id)"
                        + " WHERE state = '" + PENDING + "' AND base_version >"
                        + " (SELECT r.server_version FROM records r WHERE r.id = outbox.entity_id)");
                st.execute("DROP TABLE refetch");
              }
              writeMeta(REFETCHING, null);
              return gone;
            });
    refetching = false;
    return removed;
  }

  /**
   * Wipes the device after it was revoked: every record, every queued change, the session.
   * Deleted pages are overwritten and the file compacted, so nothing remains readable on disk.
   */
  public void wipe() {
    wipe(new Changes());
  }

  /**
   * As {@link #wipe()}, and says in {@code shown} what the device held (every synced entity type
   * and every patient with data on it): screens still showing any of it must clear.
   */
  public void wipe(Changes shown) {
    synchronized (lock) {
      checkOpen();
      try {
        everythingShown(shown);
        try (Statement st = conn.createStatement()) {
          st.execute("PRAGMA secure_delete = ON");
          st.execute("DELETE FROM records");
          st.execute("DELETE FROM outbox");
          st.execute("DELETE FROM out_of_scope");
          st.execute("DELETE FROM meta WHERE key NOT IN ('device_id', '" + DEVICE_SECRET + "')");
          st.execute("DROP TABLE IF EXISTS refetch");
        }
        writeMeta("wiped_at", Long.toString(System.currentTimeMillis()));
        runAlone("VACUUM");
        refetching = false;
      } catch (SQLException e) {
        throw new StorageException("wiping the local database failed: " + e.getMessage(), e);
      }
      checkpointTruncate();
    }
  }

  /** Commits, then runs one statement outside any transaction (VACUUM and checkpoints need that). */
  private void runAlone(String sql) throws SQLException {
    conn.commit();
    conn.setAutoCommit(true);
    try (Statement st = conn.createStatement()) {
      st.execute(sql);
    } finally {
      conn.setAutoCommit(false);
    }
  }

  // ---------------------------------------------------------------- internals

  /**
   * Recomputes what the app sees for one record: the server's copy with this device's pending
   * and rejected changes on top, and the resulting sync state.
   */
  /**
   * Ids whose local view is more than the server's copy: records with outbox entries, and the
   * targets of open conflicts (which show as in conflict). Both sets are small.
   */
  private Set<String> idsWithLocalState() throws SQLException {
    Set<String> ids = new java.util.HashSet<>();
    try (PreparedStatement ps = conn.prepareStatement("SELECT DISTINCT entity_id FROM outbox");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    for (LocalRecord conflict :
        query("SELECT * FROM records WHERE entity_type = ? AND tombstone = 0", EntityType.CONFLICT.wireName(), null)) {
      if (isOpenConflict(conflict.data) && conflict.data.has("entityId")) {
        ids.add(conflict.data.get("entityId").getAsString());
      }
    }
    return ids;
  }

  /** Stores the server's copy of a record; the caller rebuilds the local view over it. */
  private void storeServerCopy(SyncRecord r, EntityType type, JsonObject data, String json) throws SQLException {
    String[] statements = {
      "UPDATE records SET entity_type = ?, patient_id = ?, parent_id = ?, server_version = ?,"
          + " server_data = ?, server_tombstone = ?, server_updated_by = ?, server_updated_at = ? WHERE id = ?",
      "INSERT INTO records (entity_type, patient_id, parent_id, server_version, server_data,"
          + " server_tombstone, server_updated_by, server_updated_at, id, data, sync_state)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', 'SYNCED')"
    };
    for (String sql : statements) {
      try (PreparedStatement ps = conn.prepareStatement(sql)) {
        bindServerCopy(ps, r, type, data, json);
        ps.setString(9, r.id());
        if (ps.executeUpdate() > 0) {
          return;
        }
      }
    }
  }

  /** The columns and values of a pulled record stored as the server's copy and as its view. */
  private static final String INSERT_SERVER_COPY =
      " INTO records (entity_type, patient_id, parent_id, server_version, server_data,"
          + " server_tombstone, server_updated_by, server_updated_at, data, tombstone, id, sync_state)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'SYNCED')";

  /** Binds a pulled record as both the server's copy and the view (parameters 1-11 of the page statements). */
  private static void bindServerCopyAsView(PreparedStatement ps, SyncRecord r, EntityType type, JsonObject data, String json)
      throws SQLException {
    bindServerCopy(ps, r, type, data, json);
    ps.setString(9, json);
    ps.setInt(10, r.tombstone() ? 1 : 0);
    ps.setString(11, r.id());
  }

  /** Binds parameters 1-8 of the record statements above: the envelope and the server's copy with its author. */
  private static void bindServerCopy(PreparedStatement ps, SyncRecord r, EntityType type, JsonObject data, String json)
      throws SQLException {
    ps.setString(1, r.type());
    ps.setString(2, r.patientId());
    ps.setString(3, type == null ? null : parentOf(type, data));
    ps.setLong(4, r.version());
    ps.setString(5, json);
    ps.setInt(6, r.tombstone() ? 1 : 0);
    ps.setString(7, r.updatedBy());
    if (r.updatedAt() == null) {
      ps.setNull(8, java.sql.Types.INTEGER);
    } else {
      ps.setLong(8, r.updatedAt().toEpochMilli());
    }
  }

  /** The statement for {@code sql} on the current connection, prepared on first use. */
  private PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = conn.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  private void rebuild(String id) throws SQLException {
    String serverData;
    boolean serverTombstone;
    boolean conflictHint;
    PreparedStatement read = statement(ServerState.SQL);
    read.setString(1, id);
    try (ResultSet rs = read.executeQuery()) {
      if (!rs.next()) {
        return;
      }
      serverData = rs.getString(1);
      serverTombstone = rs.getInt(2) != 0;
      conflictHint = rs.getInt(3) != 0;
    }
    View view = viewOver(id, serverData, serverTombstone, conflictHint);
    PreparedStatement write = statement("UPDATE records SET data = ?, tombstone = ?, sync_state = ? WHERE id = ?");
    write.setString(1, view.json);
    write.setInt(2, view.tombstone ? 1 : 0);
    write.setString(3, view.state.name());
    write.setString(4, id);
    write.executeUpdate();
  }

  /** What the app sees of one record: its fields as JSON, whether it is retracted, its sync state. */
  private static final class View {
    final String json;
    final boolean tombstone;
    final RecordSyncState state;

    View(String json, boolean tombstone, RecordSyncState state) {
      this.json = json;
      this.tombstone = tombstone;
      this.state = state;
    }
  }

  /** The local view of a record over the given server state: its queued and refused changes on top. */
  private View viewOver(String id, String serverData, boolean serverTombstone, boolean conflictHint) throws SQLException {
    List<OutboxEntry> queued = outboxFor(id);
    String json = serverData == null ? "{}" : serverData;
    boolean tombstone = serverTombstone;
    boolean pending = false;
    boolean rejected = false;
    boolean inReview = false;
    if (!queued.isEmpty()) {
      JsonObject data = JsonParser.parseString(json).getAsJsonObject();
      for (OutboxEntry e : queued) {
        if (e.op == MutationOp.ENTERED_IN_ERROR) {
          tombstone = true;
        } else {
          applyChange(data, e);
        }
        pending |= PENDING.equals(e.state);
        rejected |= REJECTED.equals(e.state);
        inReview |= IN_REVIEW.equals(e.state);
      }
      json = data.toString();
    }
    RecordSyncState state;
    if (rejected) {
      state = RecordSyncState.REJECTED;
    } else if (pending) {
      state = RecordSyncState.PENDING;
    } else if (inReview || conflictHint || hasOpenConflict(id)) {
      state = RecordSyncState.CONFLICT;
    } else {
      state = RecordSyncState.SYNCED;
    }
    return new View(json, tombstone, state);
  }

  /** One queued change on top of a record's fields: null clears a field, a create sets the id. */
  private static void applyChange(JsonObject data, OutboxEntry change) {
    for (Map.Entry<String, JsonElement> f : change.fields.entrySet()) {
      if (f.getValue().isJsonNull()) {
        data.remove(f.getKey());
      } else {
        data.add(f.getKey(), f.getValue());
      }
    }
    if (change.op == MutationOp.CREATE) {
      data.addProperty("id", change.entityId);
    }
  }

  private boolean hasOpenConflict(String entityId) throws SQLException {
    for (LocalRecord r :
        query(
            "SELECT * FROM records WHERE entity_type = ? AND parent_id = ? AND tombstone = 0",
            EntityType.CONFLICT.wireName(),
            entityId)) {
      if (isOpenConflict(r.data)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isOpenConflict(JsonObject conflict) {
    JsonElement status = conflict.get("status");
    return status != null && "NEEDS_REVIEW".equals(status.getAsString());
  }

  private void setConflictHint(String id, boolean on) throws SQLException {
    PreparedStatement ps = statement("UPDATE records SET conflict_hint = ? WHERE id = ?");
    ps.setInt(1, on ? 1 : 0);
    ps.setString(2, id);
    ps.executeUpdate();
  }

  private void deleteOutbox(long mutationId) throws SQLException {
    PreparedStatement ps = statement("DELETE FROM outbox WHERE mutation_id = ?");
    ps.setLong(1, mutationId);
    ps.executeUpdate();
  }

  private List<OutboxEntry> outboxFor(String entityId) throws SQLException {
    PreparedStatement ps = statement("SELECT " + OUTBOX_COLUMNS + " FROM outbox WHERE entity_id = ? ORDER BY mutation_id");
    ps.setString(1, entityId);
    return readOutbox(ps);
  }

  private List<OutboxEntry> outbox(String sql) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      return readOutbox(ps);
    }
  }

  /** The outbox columns {@link #readOutbox} reads, in its order. */
  private static final String OUTBOX_COLUMNS =
      "mutation_id, entity_type, entity_id, op, base_version, fields, reason, device_time, state, error_code, error_message,"
          + " author_id, author_name";

  private static List<OutboxEntry> readOutbox(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<OutboxEntry> out = new ArrayList<>();
      while (rs.next()) {
        out.add(
            new OutboxEntry(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                MutationOp.valueOf(rs.getString(4)),
                rs.getLong(5),
                JsonParser.parseString(rs.getString(6)).getAsJsonObject(),
                rs.getString(7),
                Instant.ofEpochMilli(rs.getLong(8)),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13)));
      }
      return out;
    }
  }


  private long scalarLong(String sql) throws SQLException {
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String parentOf(EntityType type, JsonObject data) {
    String field = type.parentField();
    if (field == null) {
      return null;
    }
    JsonElement value = data.get(field);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }

  /** Number of rows in a table (tests and diagnostics). */
  public long count(final String table) {
    if (!table.matches("records|outbox|meta")) {
      throw new IllegalArgumentException(table);
    }
    return inTransaction(() -> scalarLong("SELECT COUNT(*) FROM " + table));
  }

  /**
   * Closes the connection, once the transaction under way (on another thread) has ended. Every
   * later use throws {@link IllegalStateException}; the database is never opened again.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      statements.clear();
      try {
        conn.close();
      } catch (SQLException e) {
        throw new StorageException("closing the local database failed", e);
      }
    }
  }
}
