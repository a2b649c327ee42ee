package se.nara.sample.faults;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks every fault scenario ends with, read straight from the database files (so they work
 * the same whether the server runs in this JVM or in a killed-and-restarted child process):
 *
 * <ol>
 *   <li><b>Exactly once.</b> Every mutation a tablet created (numbers 1..n of its local counter)
 *       has one answer in the server's {@code mutation_log}: applied (APPLIED or MERGED),
 *       conflicted or rejected. An applied mutation has exactly one change in {@code
 *       record_history}; a rejected one has none. Every value the tablet's workload wrote (its
 *       {@link Ledger}) is on the server exactly once: in the history, in a conflict record's
 *       device value, or on a rejected mutation. Anything missing counts as <i>lost</i>; anything
 *       twice (or a mutation the tablet never made) as <i>duplicated</i>.
 *   <li><b>Convergence.</b> After a final sync, each tablet's copy of every record equals the
 *       server's copy for the tablet's scope (version, tombstone, data), and it holds no record
 *       the server does not have, except its own visibly rejected creations.
 *   <li><b>Integrity.</b> {@code PRAGMA integrity_check} is "ok" on the server database and on
 *       every tablet database.
 * </ol>
 */
final class Invariants {

  /** A tablet to check: its database file and what its workload wrote. */
  record TabletRef(String name, Path database, List<Ledger.Entry> ledger, int unledgeredAllowance) {
    static TabletRef of(String name, Path database, Ledger ledger) {
      return new TabletRef(name, database, ledger.entries(), 0);
    }
  }

  /** The outcome of a check. */
  static final class Counts {
    int tablets;
    int attempted;
    int applied;
    int conflicted;
    int rejected;
    int duplicated;
    int lost;
    int accessLogEntries;
    int ledgerValues;
    int recordsCompared;
    final List<String> violations = new ArrayList<>();
    String serverIntegrity;

    boolean clean() {
      return violations.isEmpty();
    }

    @Override
    public String toString() {
      return "tablets=" + tablets + " attempted=" + attempted + " applied=" + applied + " conflicted=" + conflicted
          + " rejected=" + rejected + " duplicated=" + duplicated + " lost=" + lost + " accessLog=" + accessLogEntries + " values=" + ledgerValues
          + " recordsCompared=" + recordsCompared + " integrity=" + serverIntegrity
          + (violations.isEmpty() ? "" : "\n  violations:\n  - " + String.join("\n  - ", violations.subList(0, Math.min(30, violations.size()))));
    }
  }

  private Invariants() {}

  /** Runs every check. Call after a final sync of every tablet. */
  static Counts check(Path serverDatabase, List<TabletRef> tablets) throws SQLException {
    Counts counts = new Counts();
    try (Connection server = open(serverDatabase)) {
      counts.serverIntegrity = integrity(server);
      if (!"ok".equals(counts.serverIntegrity)) {
        counts.violations.add("server integrity_check: " + counts.serverIntegrity);
      }
      for (TabletRef tablet : tablets) {
        counts.tablets++;
        try (Connection local = open(tablet.database())) {
          String localIntegrity = integrity(local);
          if (!"ok".equals(localIntegrity)) {
            counts.violations.add(tablet.name() + ": local integrity_check: " + localIntegrity);
          }
          exactlyOnce(server, local, tablet, counts);
          converged(server, local, tablet, counts);
        }
      }
    }
    return counts;
  }

  /** The sequence position of a pull cursor: its first part (the rest names the change there). */
  static long cursorPosition(String cursor) {
    return Long.parseLong(cursor.split("\\.")[0]);
  }

  /** A JDBC connection to an SQLite file (read by the checks only). */
  static Connection open(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout=30000");
    }
    return c;
  }

  static String integrity(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return String.join("; ", out);
  }

  /** A protected identity's address never leaves the server, so a tablet's copy has none. */
  private static String asDeviceSeesIt(String data) {
    com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(data).getAsJsonObject();
    if (o.has("protectedIdentity") && o.get("protectedIdentity").getAsBoolean() && o.has("address")) {
      o.remove("address");
      return o.toString();
    }
    return data;
  }

  // ------------------------------------------------------------------------------ exactly once

  private static void exactlyOnce(Connection server, Connection local, TabletRef tablet, Counts counts)
      throws SQLException {
    String device = meta(local, "device_id");
    String next = meta(local, "next_mutation_id");
    long made = next == null ? 0 : Long.parseLong(next) - 1;
    // reads after the final sync queue new access-log entries: they are not unsent changes
    long pending = scalar(local, "SELECT COUNT(*) FROM outbox WHERE state = 'PENDING' AND entity_type <> 'audit_entry'");
    if (pending > 0) {
      counts.violations.add(tablet.name() + ": " + pending + " changes still waiting in the outbox after the final sync");
    }
    counts.attempted += made;
    // two independent detectors per tablet: by mutation number and by written value; a
    // tablet's duplicated and lost counts are the larger of the two, so one fault counts once
    int lostByNumber = 0;
    int duplicatedByNumber = 0;
    int lostByValue = 0;
    int duplicatedByValue = 0;

    Map<Long, String> status = new HashMap<>();
    Map<Long, String> entityOf = new HashMap<>();
    java.util.Set<Long> accessLog = new java.util.HashSet<>();
    try (PreparedStatement ps = local.prepareStatement("SELECT mutation_id FROM outbox WHERE entity_type = 'audit_entry'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        accessLog.add(rs.getLong(1)); // queued on the tablet after the final sync
      }
    }
    try (PreparedStatement ps =
        server.prepareStatement("SELECT mutation_id, status, entity_id, entity_type FROM mutation_log WHERE device_id = ?")) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          status.put(rs.getLong(1), rs.getString(2));
          entityOf.put(rs.getLong(1), rs.getString(3));
          if ("audit_entry".equals(rs.getString(4))) {
            accessLog.add(rs.getLong(1)); // the tablet's own access log: lands in audit_log, not in history
          }
        }
      }
    }
    Map<Long, Integer> historyRows = new HashMap<>();
    try (PreparedStatement ps =
        server.prepareStatement(
            "SELECT mutation_id, COUNT(*) FROM record_history WHERE device_id = ? AND mutation_id IS NOT NULL"
                + " GROUP BY mutation_id")) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          historyRows.put(rs.getLong(1), rs.getInt(2));
        }
      }
    }
    for (long m = 1; m <= made; m++) {
      String s = status.get(m);
      int changes = historyRows.getOrDefault(m, 0);
      if (accessLog.contains(m)) {
        counts.accessLogEntries++;
        counts.attempted--;
        if (s != null && !"APPLIED".equals(s)) {
          counts.violations.add(tablet.name() + ": access-log entry " + m + " answered " + s);
        }
        continue;
      }
      if (s == null) {
        lostByNumber++;
        counts.violations.add(tablet.name() + ": mutation " + m + " never reached the server (lost)");
        continue;
      }
      switch (s) {
        case "APPLIED":
        case "MERGED":
          counts.applied++;
          if (changes == 0) {
            lostByNumber++;
            counts.violations.add(tablet.name() + ": mutation " + m + " answered " + s + " but changed nothing (lost)");
          }
          break;
        case "CONFLICT":
          counts.conflicted++;
          break;
        case "REJECTED":
          counts.rejected++;
          if (changes > 0) {
            duplicatedByNumber++;
            counts.violations.add(tablet.name() + ": mutation " + m + " was rejected yet changed a record");
          }
          break;
        default:
          counts.violations.add(tablet.name() + ": mutation " + m + " has unknown status " + s);
      }
      if (changes > 1) {
        duplicatedByNumber += changes - 1;
        counts.violations.add(tablet.name() + ": mutation " + m + " was applied " + changes + " times (duplicated)");
      }
    }
    for (long m : status.keySet()) {
      if (m > made || m < 1) {
        duplicatedByNumber++;
        counts.violations.add(tablet.name() + ": the server recorded mutation " + m + ", which the tablet never made");
      }
    }
    for (Map.Entry<Long, Integer> h : historyRows.entrySet()) {
      if (!status.containsKey(h.getKey())) {
        duplicatedByNumber += h.getValue();
        counts.violations.add(tablet.name() + ": history holds changes of mutation " + h.getKey() + ", which has no answer");
      }
    }
    Long counter = null;
    try (PreparedStatement ps = server.prepareStatement("SELECT last_mutation_id FROM devices WHERE device_id = ?")) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          counter = rs.getLong(1);
        }
      }
    }
    long highest = status.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    if (made > 0 && (counter == null || counter != highest)) {
      counts.violations.add(tablet.name() + ": the device counter is " + counter + " but the log ends at " + highest);
    }

    // the values the workload wrote (access-log entries are numbered too, but are not the workload's)
    List<Ledger.Entry> ledger = tablet.ledger();
    counts.ledgerValues += ledger.size();
    made -= accessLog.size();
    if (ledger.size() > made || made > ledger.size() + tablet.unledgeredAllowance()) {
      counts.violations.add(tablet.name() + ": the workload made " + ledger.size() + " changes but the tablet numbered "
          + made + " mutations");
    }
    Set<String> rejectedEntities = new HashSet<>();
    for (Map.Entry<Long, String> e : status.entrySet()) {
      if ("REJECTED".equals(e.getValue())) {
        rejectedEntities.add(entityOf.get(e.getKey()));
      }
    }
    for (Ledger.Entry entry : ledger) {
      if (!entry.deviceId().equals(device)) {
        counts.violations.add(tablet.name() + ": ledger entry of another device " + entry);
        continue;
      }
      int inHistory = historyMatches(server, entry);
      int inConflicts = conflictMatches(server, entry);
      boolean rejected = rejectedEntities.contains(entry.entityId());
      if (inHistory + inConflicts > 1) {
        duplicatedByValue += inHistory + inConflicts - 1;
        counts.violations.add(tablet.name() + ": " + entry.field() + "='" + entry.value() + "' on " + entry.entityId()
            + " is on the server " + (inHistory + inConflicts) + " times (duplicated)");
      } else if (inHistory + inConflicts == 0 && !rejected) {
        lostByValue++;
        counts.violations.add(tablet.name() + ": " + entry.field() + "='" + entry.value() + "' on " + entry.entityId()
            + " is nowhere on the server and was not rejected (lost)");
      }
    }
    counts.lost += Math.max(lostByNumber, lostByValue);
    counts.duplicated += Math.max(duplicatedByNumber, duplicatedByValue);
  }

  private static int historyMatches(Connection server, Ledger.Entry entry) throws SQLException {
    int n = 0;
    try (PreparedStatement ps =
        server.prepareStatement("SELECT changes FROM record_history WHERE record_id = ? AND changes LIKE ?")) {
      ps.setString(1, entry.entityId());
      ps.setString(2, "%" + likeEscape(entry.value()) + "%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          JsonElement value = JsonParser.parseString(rs.getString(1)).getAsJsonObject().get(entry.field());
          if (value != null && value.isJsonPrimitive() && entry.value().equals(value.getAsString())) {
            n++;
          }
        }
      }
    }
    return n;
  }

  private static int conflictMatches(Connection server, Ledger.Entry entry) throws SQLException {
    int n = 0;
    try (PreparedStatement ps =
        server.prepareStatement("SELECT data FROM records WHERE entity_type = 'conflict' AND data LIKE ?")) {
      ps.setString(1, "%" + entry.entityId() + "%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          JsonObject conflict = JsonParser.parseString(rs.getString(1)).getAsJsonObject();
          if (!conflict.has("entityId") || !entry.entityId().equals(conflict.get("entityId").getAsString())
              || !conflict.has("deviceValue")) {
            continue;
          }
          JsonElement device = JsonParser.parseString(conflict.get("deviceValue").getAsString());
          JsonElement value = device.isJsonObject() ? device.getAsJsonObject().get(entry.field()) : null;
          if (value != null && value.isJsonPrimitive() && entry.value().equals(value.getAsString())) {
            n++;
          }
        }
      }
    }
    return n;
  }

  private static String likeEscape(String value) {
    // LIKE only narrows the candidates; the exact comparison happens in Java
    return value.replace("%", "_");
  }

  // ------------------------------------------------------------------------------ convergence

  private static void converged(Connection server, Connection local, TabletRef tablet, Counts counts)
      throws SQLException {
    String staff = meta(local, "staff_id");
    List<String> teams = new ArrayList<>();
    try (PreparedStatement ps = server.prepareStatement("SELECT team_id FROM team_members WHERE staff_id = ?")) {
      ps.setString(1, staff);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          teams.add(rs.getString(1));
        }
      }
    }
    Map<String, Object[]> visible = new LinkedHashMap<>();
    String in = teams.isEmpty() ? "''" : String.join(",", teams.stream().map(t -> "'" + t.replace("'", "") + "'").toList());
    try (Statement st = server.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT id, version, tombstone, data FROM records r WHERE r.entity_type <> 'audit_entry'"
                    + " AND (r.patient_id IS NULL OR r.patient_id IN (SELECT cr.patient_id FROM care_relationships cr"
                    + " WHERE cr.team_id IN (" + in + ") AND cr.ended_at IS NULL))")) {
      while (rs.next()) {
        visible.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getBoolean(3), asDeviceSeesIt(rs.getString(4))});
      }
    }
    Map<String, Object[]> mine = new HashMap<>();
    try (Statement st = local.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT id, server_version, server_tombstone, server_data, data, tombstone, sync_state FROM records")) {
      while (rs.next()) {
        mine.put(
            rs.getString(1),
            new Object[] {rs.getLong(2), rs.getInt(3) != 0, rs.getString(4), rs.getString(5), rs.getInt(6) != 0, rs.getString(7)});
      }
    }
    int mismatches = 0;
    for (Map.Entry<String, Object[]> e : visible.entrySet()) {
      counts.recordsCompared++;
      Object[] s = e.getValue();
      Object[] l = mine.get(e.getKey());
      String problem = null;
      if (l == null) {
        problem = "missing on the tablet";
      } else if ((long) l[0] != (long) s[0]) {
        problem = "version " + l[0] + " on the tablet, " + s[0] + " on the server";
      } else if ((boolean) l[1] != (boolean) s[1]) {
        problem = "tombstone differs";
      } else if (l[2] == null || !json(l[2]).equals(json(s[2]))) {
        problem = "data differs: tablet " + l[2] + " server " + s[2];
      } else if (!"REJECTED".equals(l[5])) {
        if ("PENDING".equals(l[5])) {
          problem = "still pending";
        } else if (!json(l[3]).equals(json(s[2])) || (boolean) l[4] != (boolean) s[1]) {
          problem = "the app's view differs from the server copy: " + l[3];
        }
      }
      if (problem != null) {
        mismatches++;
        if (mismatches <= 10) {
          counts.violations.add(tablet.name() + ": record " + e.getKey() + " " + problem);
        }
      }
    }
    for (Map.Entry<String, Object[]> e : mine.entrySet()) {
      if (!visible.containsKey(e.getKey())) {
        Object[] l = e.getValue();
        if (!("REJECTED".equals(l[5]) && (long) l[0] == 0)) {
          mismatches++;
          counts.violations.add(tablet.name() + ": record " + e.getKey() + " (" + l[5] + ") is on the tablet only");
        }
      }
    }
    if (mismatches > 10) {
      counts.violations.add(tablet.name() + ": " + mismatches + " records differ from the server in all");
    }
  }

  private static JsonElement json(Object text) {
    return JsonParser.parseString((String) text);
  }

  private static String meta(Connection local, String key) throws SQLException {
    try (PreparedStatement ps = local.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
