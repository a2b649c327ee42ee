package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.NaraClient;
import se.nara.sdk.SyncResult;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.MedicationList;
import se.nara.sdk.model.Patient;
import se.nara.server.NaraServer;
import se.nara.server.demo.DemoSeed;

/**
 * Verification against the server: a tablet whose file lost a record, or holds one at another
 * version than the server sent, finds out at its next sync and pulls everything afresh; a tablet
 * that holds exactly what it was sent does not.
 */
class SyncVerifyTest {
  @TempDir Path dir;
  NaraServer server;

  @BeforeEach
  void start() {
    server = DemoServer.start(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private NaraClient tablet(Duration verifyInterval) {
    return NaraClient.builder()
        .serverUrl(server.url())
        .databasePath(dir.resolve("anna.db").toString())
        .verifyInterval(verifyInterval)
        .build();
  }

  /** The first medication line of Anna's first patient with one. */
  private static MedicationLine someLine(NaraClient nara) {
    for (Patient p : nara.patients().all()) {
      for (MedicationList list : nara.medications().lists(p.id())) {
        List<MedicationLine> lines = nara.medications().lines(list.id());
        if (!lines.isEmpty()) {
          return lines.get(0);
        }
      }
    }
    throw new AssertionError("Anna's patients have no medication lines");
  }

  private void onTheTabletFile(String sql, String id) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("anna.db"));
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      assertEquals(1, ps.executeUpdate(), sql);
    }
  }

  private List<String> ids() throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("anna.db"));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id || ':' || server_version FROM records ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  @Test
  @DisplayName("a lost record and a wrong version are found at the next sync and pulled again")
  void driftIsFoundAndRepaired() throws Exception {
    String lost;
    String wrong;
    List<String> before;
    try (NaraClient anna = tablet(Duration.ZERO)) {
      anna.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
      anna.sync();
      assertEquals(0, anna.sync().pulled(), "a tablet that holds what it was sent pulls nothing more");
      lost = someLine(anna).id();
      wrong = anna.patients().all().get(0).id();
      before = ids();
    }
    // The file is damaged while the app is closed: one line gone, one record at a version the
    // server never sent.
    onTheTabletFile("DELETE FROM records WHERE id = ?", lost);
    onTheTabletFile("UPDATE records SET server_version = server_version + 7 WHERE id = ?", wrong);
    assertFalse(ids().equals(before));

    try (NaraClient anna = tablet(Duration.ZERO)) {
      SyncResult repaired = anna.sync();
      assertEquals(before.size(), repaired.pulled(), "everything pulled afresh");
      assertEquals(before, ids(), "the tablet holds exactly what it held before the damage");
      assertEquals(0, anna.sync().pulled(), "and the next check finds nothing");
    }
  }

  @Test
  @DisplayName("by default the check runs once a day, not at every sync")
  void dailyByDefault() throws Exception {
    String lost;
    try (NaraClient anna = tablet(NaraClient.DEFAULT_VERIFY_INTERVAL)) {
      anna.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
      anna.sync(); // a first sync pulls everything: that counts as checked
      lost = someLine(anna).id();
    }
    onTheTabletFile("DELETE FROM records WHERE id = ?", lost);
    try (NaraClient anna = tablet(NaraClient.DEFAULT_VERIFY_INTERVAL)) {
      assertEquals(0, anna.sync().pulled(), "not due again within the day");
    }
    try (NaraClient anna = tablet(Duration.ZERO)) {
      assertTrue(anna.sync().pulled() > 0, "due: the loss is found");
    }
    assertTrue(ids().stream().anyMatch(id -> id.startsWith(lost + ":")));
  }

  private String verifiedAt() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("anna.db"));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'verified_at'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** A client whose verify calls get {@code status} from an interceptor instead of the server. */
  private NaraClient tabletWhoseVerifyAnswers(int status) {
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
      if (!chain.request().url().encodedPath().endsWith("/sync/verify")) {
        return chain.proceed(chain.request());
      }
      return new okhttp3.Response.Builder().request(chain.request()).protocol(okhttp3.Protocol.HTTP_1_1).code(status)
          .message("scripted").body(okhttp3.ResponseBody.create(
              "{\"code\":\"" + (status == 404 ? "NOT_FOUND" : "INTERNAL_ERROR") + "\",\"message\":\"scripted\"}",
              okhttp3.MediaType.get("application/json"))).build();
    }).build();
    return NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("anna.db").toString())
        .httpClient(http).verifyInterval(Duration.ZERO).build();
  }

  @Test
  @DisplayName("a check that cannot run does not fail the sync; a server without it is not asked again at once")
  void aCheckThatCannotRunDoesNotFailTheSync() throws Exception {
    try (NaraClient anna = tabletWhoseVerifyAnswers(503)) {
      anna.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
      assertTrue(anna.sync().pulled() > 0, "a first sync pulls everything, and counts as checked");
    }
    String firstChecked = verifiedAt();
    assertTrue(firstChecked != null);
    Thread.sleep(5);
    try (NaraClient anna = tabletWhoseVerifyAnswers(503)) {
      anna.sync(); // does not throw
      assertEquals(firstChecked, verifiedAt(), "not checked now: it runs again at a later sync");
      assertEquals(null, anna.syncStatus().lastError());
    }
    try (NaraClient anna = tabletWhoseVerifyAnswers(404)) {
      anna.sync();
      assertTrue(!firstChecked.equals(verifiedAt()), "a server without the check counts as checked until the next interval");
    }
  }
}
