package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.ChangeListener;
import se.nara.sdk.NaraClient;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.PatientOverview;
import se.nara.sdk.SyncCancelledException;
import se.nara.sdk.SyncException;
import se.nara.sdk.SyncProgress;
import se.nara.sdk.SyncResult;
import se.nara.sdk.SyncScheduler;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.Visit;
import se.nara.server.NaraServer;
import se.nara.server.demo.DemoSeed;

/** The SDK as an app uses it: queries, listeners, progress, cancellation and the scheduler. */
class SdkFeaturesTest {
  @TempDir Path dir;
  NaraServer server;
  final List<NaraClient> open = new ArrayList<>();

  @BeforeEach
  void start() {
    server = DemoServer.start(dir);
  }

  @AfterEach
  void stop() {
    open.forEach(NaraClient::close);
    server.close();
  }

  private NaraClient tablet(String name, OkHttpClient http) throws Exception {
    NaraClient.Builder b = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve(name + ".db").toString());
    if (http != null) {
      b.httpClient(http);
    }
    NaraClient c = b.build();
    open.add(c);
    c.login(name, DemoSeed.DEMO_PASSWORD.toCharArray());
    return c;
  }

  @Test
  @DisplayName("a first sync brings today's visits first, then everything, with progress against the expected total")
  void firstSyncProgress() throws Exception {
    NaraClient anna = tablet("anna.ssk", null);
    AtomicInteger priority = new AtomicInteger(-1);
    AtomicInteger patientsAtPriority = new AtomicInteger(-1);
    List<int[]> pulls = new CopyOnWriteArrayList<>();
    SyncResult result =
        anna.sync(
            new SyncProgress() {
              @Override
              public void priorityDataReady(int records) {
                priority.set(records);
                patientsAtPriority.set(anna.patients().all().size());
              }

              @Override
              public void pulled(int received, int expectedTotal) {
                pulls.add(new int[] {received, expectedTotal});
              }
            });
    assertTrue(priority.get() > 0, "today's data arrived first");
    assertTrue(patientsAtPriority.get() > 0, "the patients visited today are readable before the full download ends");
    int[] last = pulls.get(pulls.size() - 1);
    assertEquals(result.pulled(), last[0]);
    assertEquals(last[1], last[0], "the estimate matches what arrived");
    List<Visit> today = anna.visits().today();
    assertFalse(today.isEmpty(), "the demo plans visits for today");
    String me = anna.session().staffId();
    for (Visit v : today) {
      assertTrue(v.staffIds().contains(me));
      assertEquals(java.time.LocalDate.now(ZoneId.of("Europe/Stockholm")), v.plannedStart().atZone(ZoneId.of("Europe/Stockholm")).toLocalDate());
    }
  }

  @Test
  @DisplayName("a patient overview gathers the SVU case, plan, checklist, medication lists and checks")
  void overview() throws Exception {
    NaraClient anna = tablet("anna.ssk", null);
    anna.sync();
    Patient p = anna.patients().all().get(0);
    PatientOverview o = anna.patients().overview(p.id());
    assertEquals(p.id(), o.patient().id());
    assertNotNull(o.currentEpisode());
    assertFalse(o.plans().isEmpty());
    assertFalse(o.actions(o.plans().get(0).id()).isEmpty());
    assertTrue(o.items(o.checklists().get(0).id()).size() >= 15);
    assertEquals(2, o.medicationLists().size());
    assertTrue(o.lines(o.medicationLists().get(0).id()).size() >= 10);
  }

  @Test
  @DisplayName("change listeners hear local writes and pulled changes from another tablet")
  void listeners() throws Exception {
    NaraClient anna = tablet("anna.ssk", null);
    NaraClient erik = tablet("erik.ssk", null);
    anna.sync();
    erik.sync();
    List<Set<String>> heard = new CopyOnWriteArrayList<>();
    ChangeListener listener = (types, patients) -> heard.add(types);
    anna.addChangeListener(listener);
    Patient p = anna.patients().all().get(0);
    ChecklistItem item = anna.checklists().items(anna.checklists().forPatient(p.id()).get(0).id()).get(0);
    anna.checklists().setState(item.id(), ItemState.NOT_APPLICABLE, null);
    assertTrue(heard.stream().anyMatch(t -> t.contains("checklist_item")), "local write heard: " + heard);
    heard.clear();
    ChecklistItem other = erik.checklists().items(erik.checklists().forPatient(p.id()).get(0).id()).get(1);
    erik.checklists().setState(other.id(), ItemState.DONE, null);
    erik.sync();
    anna.sync();
    assertTrue(heard.stream().anyMatch(t -> t.contains("checklist_item")), "pulled change heard: " + heard);
    anna.removeChangeListener(listener);
    heard.clear();
    anna.checklists().setState(item.id(), ItemState.DONE, null);
    assertTrue(heard.isEmpty());
  }

  @Test
  @DisplayName("confirming an item in the state it already has keeps the colleague's confirmation and queues nothing")
  void sameStateKeepsTheConfirmation() throws Exception {
    NaraClient anna = tablet("anna.ssk", null);
    NaraClient erik = tablet("erik.ssk", null);
    anna.sync();
    erik.sync();
    Patient p = erik.patients().all().get(0);
    ChecklistItem item = erik.checklists().items(erik.checklists().forPatient(p.id()).get(0).id()).stream()
        .filter(i -> i.state() == ItemState.UNCHECKED).findFirst().orElseThrow();
    ChecklistItem confirmed = erik.checklists().setState(item.id(), ItemState.DONE, null);
    erik.sync();
    anna.sync();
    ChecklistItem again = anna.checklists().setState(item.id(), ItemState.DONE, null);
    assertEquals(confirmed.confirmedBy(), again.confirmedBy(), "Erik's confirmation stands");
    assertEquals(confirmed.confirmedAt(), again.confirmedAt());
    assertEquals(RecordSyncState.SYNCED, anna.syncStateOf(item.id()), "nothing to send");
    ChecklistItem noted = anna.checklists().setState(item.id(), ItemState.DONE, "Rollatorn står i hallen");
    assertEquals(confirmed.confirmedBy(), noted.confirmedBy(), "a note on a confirmed item does not re-sign it");
    assertEquals("Rollatorn står i hallen", noted.note());
    assertEquals(RecordSyncState.PENDING, anna.syncStateOf(item.id()));
  }

  @Test
  @DisplayName("signing a plan: a colleague's action change the signer had pulled is covered; one she had not is named for review")
  void signingAPlan() throws Exception {
    NaraClient anna = tablet("anna.ssk", null);
    NaraClient erik = tablet("erik.ssk", null);
    anna.sync();
    erik.sync();
    List<se.nara.sdk.model.Plan> unsigned = new java.util.ArrayList<>();
    for (Patient p : anna.patients().all()) {
      for (se.nara.sdk.model.Plan plan : anna.plans().forPatient(p.id())) {
        if (plan.signedAt() == null && anna.plans().actions(plan.id()).size() >= 1) {
          unsigned.add(plan);
        }
      }
    }
    assertTrue(unsigned.size() >= 2, "the demo data has unsigned plans with actions: " + unsigned.size());
    se.nara.sdk.model.Plan seenPlan = unsigned.get(0);
    se.nara.sdk.model.Plan unseenPlan = unsigned.get(1);
    for (se.nara.sdk.model.Plan plan : List.of(seenPlan, unseenPlan)) {
      se.nara.sdk.model.PlanAction a = erik.plans().actions(plan.id()).get(0);
      erik.plans().updateAction(a.toBuilder().performer("Hemtjänst Söder " + plan.id().substring(0, 4)).build());
    }
    erik.sync();
    // Anna pulls Erik's changes, then signs the first plan: her signature covers what she pulled.
    anna.sync();
    se.nara.sdk.model.Plan signed = anna.plans().sign(seenPlan.id());
    assertEquals(signed.seenPartVersions().size(), anna.plans().goals(seenPlan.id()).size() + anna.plans().actions(seenPlan.id()).size());
    anna.sync();
    String seenPlanId = seenPlan.id();
    long flagged = server.database().withReader(h -> h.createQuery(
            "SELECT COUNT(*) FROM records WHERE entity_type = 'conflict' AND data LIKE :plan AND data LIKE '%signed over%'")
        .bind("plan", "%\"entityId\":\"" + seenPlanId + "\"%").mapTo(Long.class).one());
    assertEquals(0, flagged, "the signer had pulled Erik's change: the signature covers it, nothing to review");

    se.nara.sdk.model.PlanAction again = erik.plans().actions(unseenPlan.id()).get(0);
    erik.plans().updateAction(again.toBuilder().performer("Hemtjänst Norr").build());
    erik.sync();
    anna.plans().sign(unseenPlan.id()); // offline, before hearing of Erik's second change
    anna.sync();
    String unseenPlanId = unseenPlan.id();
    String conflict = server.database().withReader(h -> h.createQuery(
            "SELECT data FROM records WHERE entity_type = 'conflict' AND data LIKE :plan AND data LIKE '%signed over%'")
        .bind("plan", "%\"entityId\":\"" + unseenPlanId + "\"%").mapTo(String.class).one());
    assertTrue(conflict.contains(again.id()), "the action changed after Anna's copy is named: " + conflict);
    assertTrue(anna.plans().plan(unseenPlan.id()).signedAt() != null, "the signature stands");
    assertThrows(IllegalArgumentException.class, () -> anna.plans().sign(unseenPlan.id()), "a signed plan is not signed again");
  }

  @Test
  @DisplayName("the fleet view sees the queue as it stands after the push: empty once everything went out")
  void reportedOutboxDepth() throws Exception {
    NaraClient anna = tablet("anna.ssk", null);
    anna.sync();
    Patient p = anna.patients().all().get(0);
    List<ChecklistItem> items = anna.checklists().items(anna.checklists().forPatient(p.id()).get(0).id());
    for (int i = 0; i < 3; i++) {
      anna.checklists().setState(items.get(i).id(), ItemState.NOT_APPLICABLE, null);
    }
    anna.sync();
    Object[] row = server.database().withReader(h -> h.createQuery(
            "SELECT outbox_depth, oldest_pending_at FROM devices WHERE device_id = :d")
        .bind("d", anna.deviceId())
        .map((rs, ctx) -> new Object[] {rs.getInt(1), rs.getObject(2)})
        .one());
    assertEquals(0, row[0], "nothing waits after the push");
    assertEquals(null, row[1]);
  }

  @Test
  @DisplayName("a sync can be cancelled mid-download; nothing is lost and the next sync completes")
  void cancellation() throws Exception {
    CountDownLatch pulling = new CountDownLatch(1);
    OkHttpClient slow =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  if (chain.request().url().encodedPath().endsWith("/pull")) {
                    pulling.countDown();
                    try {
                      Thread.sleep(300);
                    } catch (InterruptedException e) {
                      throw new java.io.InterruptedIOException();
                    }
                  }
                  return chain.proceed(chain.request());
                })
            .build();
    NaraClient anna = tablet("anna.ssk", slow);
    Thread canceller =
        new Thread(
            () -> {
              try {
                pulling.await(10, TimeUnit.SECONDS);
                Thread.sleep(50);
              } catch (InterruptedException ignored) {
                return;
              }
              anna.cancelSync();
            });
    canceller.start();
    assertThrows(SyncCancelledException.class, anna::sync);
    canceller.join();
    SyncResult again = anna.sync();
    assertTrue(again.pulled() > 100);
    assertFalse(anna.patients().all().isEmpty());
  }

  @Test
  @DisplayName("the scheduler syncs at start, backs off while offline, and recovers as soon as the network is back")
  void scheduler() throws Exception {
    NetworkSwitch network = new NetworkSwitch();
    NaraClient anna = tablet("anna.ssk", new OkHttpClient.Builder().addInterceptor(network).build());
    CountDownLatch firstSync = new CountDownLatch(1);
    CountDownLatch recovered = new CountDownLatch(1);
    List<Long> retryDelays = new CopyOnWriteArrayList<>();
    AtomicLong successes = new AtomicLong();
    SyncScheduler scheduler =
        anna.scheduler()
            .interval(1, TimeUnit.HOURS)
            .baseBackoff(20, TimeUnit.MILLISECONDS)
            .maxBackoff(80, TimeUnit.MILLISECONDS)
            .listener(
                new SyncScheduler.Listener() {
                  @Override
                  public void onSyncSucceeded(SyncResult result) {
                    if (successes.incrementAndGet() == 1) {
                      firstSync.countDown();
                    } else {
                      recovered.countDown();
                    }
                  }

                  @Override
                  public void onSyncFailed(SyncException error, long next) {
                    retryDelays.add(next);
                  }
                })
            .build();
    scheduler.start();
    assertTrue(firstSync.await(30, TimeUnit.SECONDS), "synced at start");
    network.setOnline(false);
    scheduler.requestSync();
    long deadline = System.currentTimeMillis() + 20_000;
    while (retryDelays.size() < 6 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(retryDelays.size() >= 6, "kept retrying while offline: " + retryDelays);
    for (long d : retryDelays) {
      assertTrue(d >= 0 && d <= 80, "every retry within the cap: " + retryDelays);
    }
    network.setOnline(true);
    scheduler.onConnectivityRestored();
    assertTrue(recovered.await(30, TimeUnit.SECONDS), "synced as soon as the network was back");
    scheduler.stop();
    assertFalse(scheduler.isRunning());
  }

  @Test
  @DisplayName("a background sync cancelled by the app does not end the schedule")
  void schedulerGoesOnAfterACancel() throws Exception {
    CountDownLatch pulling = new CountDownLatch(1);
    AtomicInteger pulls = new AtomicInteger();
    OkHttpClient slow =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  if (chain.request().url().encodedPath().endsWith("/pull") && pulls.incrementAndGet() == 1) {
                    pulling.countDown();
                    try {
                      Thread.sleep(500);
                    } catch (InterruptedException e) {
                      throw new java.io.InterruptedIOException();
                    }
                  }
                  return chain.proceed(chain.request());
                })
            .build();
    NaraClient anna = tablet("anna.ssk", slow);
    CountDownLatch succeeded = new CountDownLatch(1);
    SyncScheduler scheduler =
        anna.scheduler()
            .interval(100, TimeUnit.MILLISECONDS)
            .listener(
                new SyncScheduler.Listener() {
                  @Override
                  public void onSyncSucceeded(SyncResult result) {
                    succeeded.countDown();
                  }
                })
            .build();
    scheduler.start();
    assertTrue(pulling.await(30, TimeUnit.SECONDS), "the first background sync is under way");
    anna.cancelSync();
    assertTrue(succeeded.await(30, TimeUnit.SECONDS), "the schedule went on after the cancelled sync");
    scheduler.stop();
  }
}
