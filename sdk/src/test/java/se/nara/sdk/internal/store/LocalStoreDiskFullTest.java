package se.nara.sdk.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.SqliteConnectionProvider;
import se.nara.sdk.StorageException;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.MutationOp;

/**
 * A full disk for real (SQLite's page limit): SQLite rolls the failed transaction back by
 * itself. The store must report the failure and then work normally again, with every later
 * change still atomic, instead of staying outside any transaction.
 */
class LocalStoreDiskFullTest {
  @TempDir Path dir;

  @Test
  void afterADiskFullErrorLaterChangesAreAtomicAgain() throws SQLException {
    String file = dir.resolve("tablet.db").toString();
    AtomicReference<Connection> raw = new AtomicReference<>();
    SqliteConnectionProvider provider =
        () -> {
          Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
          raw.set(c);
          return c;
        };
    try (LocalStore store = LocalStore.open(provider)) {
      store.enqueue(EntityType.VISIT, "v1", "p1", MutationOp.CREATE, note("före"), null, Instant.now());
      try (Statement st = raw.get().createStatement()) {
        ResultSet rs = st.executeQuery("PRAGMA page_count");
        rs.next();
        st.execute("PRAGMA max_page_count = " + (rs.getLong(1) + 1));
      }
      StorageException full =
          assertThrows(
              StorageException.class,
              () -> store.enqueue(EntityType.VISIT, "v2", "p1", MutationOp.CREATE, note("x".repeat(200_000)), null, Instant.now()));
      assertTrue(full.getMessage().contains("database or disk is full"), full.getMessage());

      // the store works again, and a change that fails now still leaves nothing behind
      assertEquals(1, store.pendingStats()[0]);
      assertThrows(
          IllegalArgumentException.class,
          () -> store.enqueue(EntityType.VISIT, "v1", "p1", MutationOp.CREATE, note("finns redan"), null, Instant.now()));
      long next = store.enqueue(EntityType.VISIT, "v3", "p1", MutationOp.CREATE, note("efter"), null, Instant.now());
      assertEquals(2, next, "the failed change used no mutation number");
      assertNull(store.get("v2"));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*), MAX(mutation_id) FROM outbox")) {
      rs.next();
      assertEquals(2, rs.getLong(1));
      assertEquals(2, rs.getLong(2));
    }
  }

  private static JsonObject note(String text) {
    JsonObject o = new JsonObject();
    o.addProperty("patientId", "p1");
    o.addProperty("note", text);
    return o;
  }
}
