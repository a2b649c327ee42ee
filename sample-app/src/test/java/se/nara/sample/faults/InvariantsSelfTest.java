package se.nara.sample.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.server.NaraServer;

/**
 * The checker itself can fail: on a copy of a clean server database it must see a planted
 * duplicate, a planted loss, a mutation the tablet never made and a late row with a lower
 * sequence (the one a cursor skips), and see nothing once the plant is gone.
 */
class InvariantsSelfTest {
  @TempDir Path dir;
  NaraServer server;
  Tablet tablet;

  @AfterEach
  void stop() {
    if (tablet != null) {
      tablet.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void plantedDuplicatesLossesAndSkippedRowsAreCaught() throws Exception {
    server = Servers.inProcess(dir.resolve("server"));
    tablet = new Tablet("self", Servers.teamUsers().get(0), dir.resolve("self.db"), server.url(), 5, null);
    tablet.login();
    tablet.syncUntilDone();
    for (int i = 0; i < 3; i++) {
      tablet.workload.visit();
    }
    tablet.syncUntilDone();
    Path original = Servers.databaseFile(dir.resolve("server"));
    String device = tablet.client.deviceId();

    Invariants.Counts clean = check(original);
    assertTrue(clean.clean(), clean.toString());
    assertEquals(3, clean.attempted);
    assertEquals(3, clean.applied);

    // a mutation applied twice
    Invariants.Counts duplicate =
        check(plant(original, "dup", c -> execute(c,
            "INSERT INTO record_history (id, record_id, version, entity_type, op, changes, changed_at, changed_by, device_id,"
                + " mutation_id, reason, base_version, device_time) SELECT id + 1000000, record_id, version + 1000, entity_type, op,"
                + " changes, changed_at, changed_by, device_id, mutation_id, reason, base_version, device_time FROM"
                + " record_history WHERE device_id = ? AND mutation_id = " + clinical(0), device)));
    assertEquals(1, duplicate.duplicated, duplicate.toString());
    assertEquals(0, duplicate.lost);
    assertFalse(duplicate.clean());

    // a mutation that never arrived
    Invariants.Counts lost =
        check(plant(original, "lost", c -> {
          execute(c, "DELETE FROM record_history WHERE device_id = ? AND mutation_id = " + clinical(1), device);
          execute(c, "DELETE FROM mutation_log WHERE device_id = ? AND mutation_id = (SELECT mutation_id FROM mutation_log"
              + " WHERE device_id = ? AND entity_type <> 'audit_entry' AND mutation_id NOT IN (SELECT mutation_id FROM"
              + " record_history WHERE device_id = ? AND mutation_id IS NOT NULL) ORDER BY mutation_id LIMIT 1)", device);
        }));
    assertEquals(1, lost.lost, lost.toString());
    assertEquals(0, lost.duplicated);

    // the server applied something the tablet never made (a resend under a new number)
    Invariants.Counts extra =
        check(plant(original, "extra", c -> execute(c,
            "INSERT INTO mutation_log (device_id, mutation_id, status, entity_type, entity_id, version, received_at,"
                + " staff_id) SELECT device_id, (SELECT MAX(mutation_id) + 1 FROM mutation_log WHERE device_id = ?), status,"
                + " entity_type, entity_id, version, received_at, staff_id FROM mutation_log WHERE device_id = ? AND mutation_id = "
                + clinical(2), device)));
    assertEquals(1, extra.duplicated, extra.toString());

    // a late row committed below the tablet's cursor: it never reaches the tablet
    String late = UUID.randomUUID().toString();
    String patient = tablet.client.patients().all().get(0).id();
    String team = tablet.client.session().teamIds().get(0);
    Invariants.Counts skipped =
        check(plant(original, "skipped", c -> ConcurrencyTest.insertVisit(c, late, 0, patient, team, "under the cursor")));
    assertFalse(skipped.clean());
    assertTrue(skipped.violations.stream().anyMatch(v -> v.contains(late) && v.contains("missing on the tablet")), skipped.toString());

    // without the plants, all is well again
    assertTrue(check(original).clean());
  }

  private Invariants.Counts check(Path serverDb) throws SQLException {
    return Invariants.check(serverDb, List.of(tablet.ref()));
  }

  interface Plant {
    void apply(Connection c) throws SQLException;
  }

  /** A consistent copy of the server database with {@code plant} applied to it. */
  private Path plant(Path original, String name, Plant plant) throws SQLException {
    Path copy = dir.resolve("copy-" + name + ".db");
    try (Connection c = Invariants.open(original);
        Statement st = c.createStatement()) {
      st.execute("VACUUM INTO '" + copy + "'");
    }
    try (Connection c = Invariants.open(copy)) {
      plant.apply(c);
    }
    return copy;
  }

  /** Runs a plant; every '?' is the device id. */
  private static void execute(Connection c, String sql, String device) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 1; i <= sql.chars().filter(ch -> ch == '?').count(); i++) {
        ps.setString(i, device);
      }
      assertEquals(1, ps.executeUpdate(), sql);
    }
  }

  /** The n-th (0-based) of the tablet's clinical mutations; access-log uploads are numbered too. */
  private static String clinical(int n) {
    return "(SELECT mutation_id FROM mutation_log WHERE device_id = ? AND entity_type <> 'audit_entry'"
        + " ORDER BY mutation_id LIMIT 1 OFFSET " + n + ")";
  }
}
