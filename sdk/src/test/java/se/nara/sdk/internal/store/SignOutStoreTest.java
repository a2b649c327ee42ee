package se.nara.sdk.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.SqliteConnectionProvider;
import se.nara.sdk.StorageException;

/** The local half of a sign-out: one transaction, whatever stops it. */
class SignOutStoreTest {
  @TempDir Path dir;

  private LocalStore open() {
    return LocalStore.open(SqliteConnectionProvider.file(dir.resolve("t.db").toString()));
  }

  private static void signIn(LocalStore store) {
    store.inTransaction(() -> {
      store.setMeta("staff_id", "erik");
      store.setMeta("staff_name", "Erik");
      store.setMeta("profession", "SJUKSKOTERSKA");
      store.setMeta("team_ids", "t1,t2");
      store.setMeta("token", "tok-erik");
      store.setMeta("token_expires_at", "2026-11-25T18:00:00Z");
      store.setMeta("user_epoch", "e1");
      return null;
    });
  }

  private void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  @Test
  void aSignOutThatFailsHalfWayLeavesTheUserSignedInWithNothingOfTheSignedOutState() throws Exception {
    try (LocalStore store = open()) {
      signIn(store);
      // The disk fails at the sign-out's last write (the new user epoch): everything before it
      // in the same sign-out must go with it.
      sql("CREATE TRIGGER fail_sign_out BEFORE INSERT ON meta WHEN NEW.key = 'user_epoch'"
          + " BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");
      assertThrows(StorageException.class, store::signOut);
      LocalStore.LastUser still = store.lastUser();
      assertTrue(still.signedIn, "still signed in");
      assertEquals("erik", still.staffId);
      assertEquals("tok-erik", still.token);
      assertEquals("e1", still.userEpoch);
      assertEquals("SJUKSKOTERSKA", store.meta("profession"));
      assertNull(store.meta(LocalStore.SIGNED_OUT_STAFF_ID), "no half of the signed-out state");
      assertNull(store.meta(LocalStore.SIGNED_OUT_TOKEN));
      sql("DROP TRIGGER fail_sign_out");

      assertTrue(store.signOut());
      assertFalse(store.signOut(), "nobody is signed in: nothing to sign out");
    }
    try (LocalStore store = open()) { // the app killed and started again
      LocalStore.LastUser last = store.lastUser();
      assertFalse(last.signedIn);
      assertEquals("erik", last.staffId);
      assertEquals("Erik", last.staffName);
      assertEquals("t1,t2", last.teamIds);
      assertEquals("tok-erik", last.token, "kept aside for the hand-over");
      assertFalse("e1".equals(last.userEpoch), "a sync of his sees someone else's epoch");
      for (String key : new String[] {"staff_id", "staff_name", "profession", "team_ids", "token", "token_expires_at"}) {
        assertNull(store.meta(key), key);
      }
      assertFalse(store.forgetSignedOutToken("tok-erik", "e1"), "not after someone else's epoch");
      assertTrue(store.forgetSignedOutToken("tok-erik", last.userEpoch));
      assertNull(store.lastUser().token);
      assertEquals("erik", store.lastUser().staffId, "who was here last stays, for the next sign-in's team check");

      store.switchUser(false, true, () -> {
        store.setMeta("staff_id", "anna");
        return null;
      });
      assertNull(store.meta(LocalStore.SIGNED_OUT_STAFF_ID), "a sign-in clears the signed-out state");
      assertNull(store.meta(LocalStore.SIGNED_OUT_TEAM_IDS));
    }
  }
}
