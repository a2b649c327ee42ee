package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.NaraClient;
import se.nara.sdk.OfflineException;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.Session;
import se.nara.sdk.SyncResult;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.DischargeChecklist;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.Patient;
import se.nara.server.NaraServer;
import se.nara.server.demo.DemoSeed;

/**
 * The whole path: two tablets (two SDK instances, two SQLite files) against one real server
 * with the demo data set.
 */
class EndToEndTest {
  @TempDir Path dir;
  NaraServer server;
  final List<NaraClient> open = new ArrayList<>();
  final NetworkSwitch networkA = new NetworkSwitch();
  final AtomicReference<byte[]> lastPushBody = new AtomicReference<>();
  final AtomicReference<String> lastPushAuth = new AtomicReference<>();
  String nurseA;
  String nurseB;

  @BeforeEach
  void start() {
    server = DemoServer.start(dir);
    // two nurses of the same team, as listed in the demo logins
    for (DemoSeed.DemoLogin a : DemoSeed.DEMO_LOGINS) {
      for (DemoSeed.DemoLogin b : DemoSeed.DEMO_LOGINS) {
        if (nurseA == null && a != b && a.team().equals(b.team())
            && a.role().equals("Sjuksköterska") && b.role().equals("Sjuksköterska")) {
          nurseA = a.username();
          nurseB = b.username();
        }
      }
    }
    assertNotNull(nurseA, "the demo data has two nurses in one team");
  }

  @AfterEach
  void stop() {
    for (NaraClient c : open) {
      c.close();
    }
    server.close();
  }

  private NaraClient tabletA() {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .addInterceptor(networkA)
            .addInterceptor(
                chain -> {
                  Request request = chain.request();
                  if (request.url().encodedPath().endsWith("/sync/push")) {
                    Buffer buffer = new Buffer();
                    request.body().writeTo(buffer);
                    lastPushBody.set(buffer.readByteArray());
                    lastPushAuth.set(request.header("Authorization"));
                  }
                  return chain.proceed(request);
                })
            .build();
    return track(NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("a.db").toString()).httpClient(http).build());
  }

  private NaraClient tabletB() {
    return track(NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("b.db").toString()).build());
  }

  private NaraClient track(NaraClient client) {
    open.add(client);
    return client;
  }

  private static ChecklistItem uncheckedItem(NaraClient tablet, int skip) {
    int seen = 0;
    for (Patient p : tablet.patients().all()) {
      for (DischargeChecklist c : tablet.checklists().forPatient(p.id())) {
        for (ChecklistItem item : tablet.checklists().items(c.id())) {
          if (item.state() == ItemState.UNCHECKED && seen++ == skip) {
            return item;
          }
        }
      }
    }
    throw new AssertionError("no unchecked checklist item in the demo data");
  }

  private long count(String sql) {
    return server.database().withReader(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void anOfflineChangeOnOneTabletReachesTheOtherAndAReplayChangesNothing() throws Exception {
    NaraClient a = tabletA();
    NaraClient b = tabletB();
    Session sessionA = a.login(nurseA, DemoSeed.DEMO_PASSWORD.toCharArray());
    b.login(nurseB, DemoSeed.DEMO_PASSWORD.toCharArray());
    SyncResult first = a.sync();
    b.sync();
    assertTrue(first.pulled() > 100, "the team's patients arrive: " + first);
    assertEquals(a.patients().all().size(), b.patients().all().size());
    assertTrue(a.patients().all().size() >= 8);

    ChecklistItem item = uncheckedItem(a, 0);
    networkA.setOnline(false);
    a.checklists().setState(item.id(), ItemState.DONE, "Dosett fylld, läkemedel finns hemma");
    assertEquals(RecordSyncState.PENDING, a.syncStateOf(item.id()));
    assertThrows(OfflineException.class, a::sync);
    assertEquals(1, a.syncStatus().pendingCount(), "nothing is lost while offline");
    assertNotNull(a.syncStatus().lastError());

    networkA.setOnline(true);
    SyncResult pushed = a.sync();
    assertEquals(1, pushed.pushed());
    assertEquals(1, pushed.applied());
    assertEquals(0, a.syncStatus().pendingCount());
    assertEquals(RecordSyncState.SYNCED, a.syncStateOf(item.id()));

    b.sync();
    ChecklistItem seenByB = b.checklists().item(item.id());
    assertEquals(ItemState.DONE, seenByB.state());
    assertEquals(sessionA.staffId(), seenByB.confirmedBy());
    assertEquals("Dosett fylld, läkemedel finns hemma", seenByB.note());
    assertEquals(2, seenByB.version());

    // replaying A's last push changes nothing and returns the same answers
    long history = count("SELECT COUNT(*) FROM record_history");
    long log = count("SELECT COUNT(*) FROM mutation_log");
    long seq = count("SELECT MAX(seq) FROM records");
    String firstAnswer = rawPush(lastPushBody.get(), lastPushAuth.get());
    String secondAnswer = rawPush(lastPushBody.get(), lastPushAuth.get());
    assertEquals(strip(firstAnswer), strip(secondAnswer));
    assertTrue(firstAnswer.contains("\"APPLIED\""), firstAnswer);
    assertEquals(history, count("SELECT COUNT(*) FROM record_history"));
    assertEquals(log, count("SELECT COUNT(*) FROM mutation_log"));
    assertEquals(seq, count("SELECT MAX(seq) FROM records"));
    b.sync();
    assertEquals(2, b.checklists().item(item.id()).version());
  }

  @Test
  void aTabletKilledBetweenTheLocalWriteAndTheSyncLosesNothing() throws Exception {
    NaraClient a = tabletA();
    a.login(nurseA, DemoSeed.DEMO_PASSWORD.toCharArray());
    a.sync();
    ChecklistItem item = uncheckedItem(a, 1);
    a.close();
    open.remove(a);

    Process child =
        new ProcessBuilder(
                javaBinary(), "-cp", System.getProperty("java.class.path"), CrashingTablet.class.getName(),
                server.url(), dir.resolve("a.db").toString(), item.id())
            .redirectErrorStream(true)
            .start();
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the crashing tablet finished");
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(137, child.exitValue(), output);
    assertTrue(output.contains("written"), output);

    NaraClient reopened = tabletA();
    assertEquals(1, reopened.syncStatus().pendingCount(), "the outbox survived the kill");
    assertEquals(ItemState.DONE, reopened.checklists().item(item.id()).state());
    SyncResult result = reopened.sync();
    assertEquals(1, result.applied());

    NaraClient b = tabletB();
    b.login(nurseB, DemoSeed.DEMO_PASSWORD.toCharArray());
    b.sync();
    assertEquals(ItemState.DONE, b.checklists().item(item.id()).state());
    assertEquals("Ifylld precis innan appen dödades", b.checklists().item(item.id()).note());
  }

  private String rawPush(byte[] body, String auth) throws IOException {
    Request request =
        new Request.Builder()
            .url(server.url() + "/api/v1/sync/push")
            .header("Nara-Protocol-Version", "1")
            .header("Authorization", auth)
            .post(RequestBody.create(body, okhttp3.MediaType.get("application/json")))
            .build();
    try (Response response = new OkHttpClient().newCall(request).execute()) {
      assertEquals(200, response.code());
      return response.body().string();
    }
  }

  /** The answers without the server clock, which differs between calls. */
  private static String strip(String answer) {
    return answer.replaceAll("\"serverTime\":\"[^\"]*\"", "");
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
