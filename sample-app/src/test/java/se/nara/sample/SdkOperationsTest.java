package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.NaraClient;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.SyncResult;
import se.nara.sdk.model.ActionStatus;
import se.nara.sdk.model.CheckStatus;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.ConflictStatus;
import se.nara.sdk.model.Deviation;
import se.nara.sdk.model.DeviationStatus;
import se.nara.sdk.model.Discrepancy;
import se.nara.sdk.model.DiscrepancyIntent;
import se.nara.sdk.model.DiscrepancyResolution;
import se.nara.sdk.model.DiscrepancyType;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.LineCheckOutcome;
import se.nara.sdk.model.ListSource;
import se.nara.sdk.model.MedicationCheck;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.MedicationLineCheck;
import se.nara.sdk.model.MedicationList;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.Plan;
import se.nara.sdk.model.PlanAction;
import se.nara.sdk.model.ResponsibleParty;
import se.nara.server.NaraServer;
import se.nara.server.demo.DemoSeed;

/** The SDK's typed operations, through two tablets and the real server. */
class SdkOperationsTest {
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

  private NaraClient tablet(String name, String user, OkHttpClient http) throws Exception {
    NaraClient.Builder builder =
        NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve(name + ".db").toString());
    if (http != null) {
      builder.httpClient(http);
    }
    NaraClient client = builder.build();
    open.add(client);
    client.login(user, DemoSeed.DEMO_PASSWORD.toCharArray());
    client.sync();
    return client;
  }

  private static Patient firstPatientWithPlan(NaraClient tablet) {
    for (Patient p : tablet.patients().all()) {
      if (!tablet.plans().forPatient(p.id()).isEmpty() && tablet.medications().lists(p.id()).size() == 2) {
        return p;
      }
    }
    throw new AssertionError("no patient with a plan and two medication lists");
  }

  @Test
  void planActionChangesMergeFieldByFieldAndClashesBecomeVisibleConflicts() throws Exception {
    NaraClient anna = tablet("anna", "anna.ssk", null);
    NaraClient erik = tablet("erik", "erik.ssk", null);
    Patient patient = firstPatientWithPlan(anna);
    Plan plan = anna.plans().forPatient(patient.id()).get(0);
    PlanAction action = anna.plans().actions(plan.id()).get(0);

    // offline on both tablets: Anna changes the status, Erik the performer: disjoint fields
    anna.plans().updateAction(action.toBuilder().status(ActionStatus.DONE).build());
    erik.plans().updateAction(erik.plans().action(action.id()).toBuilder().performer("Hemtjänst Väster").build());
    assertEquals(1, anna.sync().applied());
    assertEquals(1, erik.sync().merged());
    anna.sync();
    PlanAction merged = anna.plans().action(action.id());
    assertEquals(ActionStatus.DONE, merged.status());
    assertEquals("Hemtjänst Väster", merged.performer());

    // both change who is responsible: the second one clashes and nothing is lost
    ResponsibleParty original = merged.responsible();
    ResponsibleParty annas = original == ResponsibleParty.REGION ? ResponsibleParty.KOMMUN : ResponsibleParty.REGION;
    anna.plans().updateAction(merged.toBuilder().responsible(annas).build());
    erik.plans().updateAction(erik.plans().action(action.id()).toBuilder().responsible(ResponsibleParty.OTHER).build());
    anna.sync();
    SyncResult clash = erik.sync();
    assertEquals(1, clash.conflicts());
    assertEquals(RecordSyncState.CONFLICT, erik.syncStateOf(action.id()));
    assertEquals(annas, erik.plans().action(action.id()).responsible(), "the server's value shows");
    assertEquals(1, erik.syncStatus().openConflicts());
    anna.sync();
    assertEquals(RecordSyncState.CONFLICT, anna.syncStateOf(action.id()), "the whole team sees the conflict");
    long conflicts = server.database().withReader(h -> h.createQuery(
        "SELECT COUNT(*) FROM records WHERE entity_type = 'conflict' AND data LIKE :status AND data LIKE :value")
        .bind("status", "%" + ConflictStatus.NEEDS_REVIEW.name() + "%")
        .bind("value", "%responsible\\\":\\\"OTHER%").mapTo(Long.class).one());
    assertEquals(1, conflicts, "Erik's value is kept in the conflict record");
  }

  @Test
  void aMedicationCheckWithADiscrepancyReachesTheColleague() throws Exception {
    NaraClient anna = tablet("anna", "anna.ssk", null);
    Patient patient = firstPatientWithPlan(anna);
    List<MedicationList> lists = anna.medications().lists(patient.id());
    MedicationList discharge = lists.stream().filter(l -> l.source() == ListSource.DISCHARGE_LIST).findFirst().orElseThrow();
    List<MedicationLine> lines = anna.medications().lines(discharge.id());
    MedicationCheck check =
        anna.medications().startCheck(patient.id(), null, List.of(lists.get(0).id(), lists.get(1).id()));
    anna.medications().recordMatch(check.id(), lines.get(0).id(), null);
    anna.medications().recordDiscrepancy(
        check.id(), lines.get(1).id(), DiscrepancyType.WRONG_DOSE, DiscrepancyIntent.UNCLEAR, "Hemmalistan har annan dos");
    MedicationCheck done = anna.medications().complete(check.id());
    assertEquals(CheckStatus.OPEN_DISCREPANCIES, done.status());
    SyncResult result = anna.sync();
    assertEquals(0, result.rejected(), result + " " + anna.syncStatus().rejected());
    assertEquals(5, result.applied(), "check, 2 line checks, discrepancy, completion");

    NaraClient erik = tablet("erik", "erik.ssk", null);
    MedicationCheck seen = erik.medications().checks(patient.id()).stream()
        .filter(c -> c.id().equals(check.id())).findFirst().orElseThrow();
    assertEquals(CheckStatus.OPEN_DISCREPANCIES, seen.status());
    List<MedicationLineCheck> lineChecks = erik.medications().lineChecks(check.id());
    assertEquals(2, lineChecks.size());
    assertTrue(lineChecks.stream().anyMatch(c -> c.outcome() == LineCheckOutcome.MATCH));
    List<Discrepancy> discrepancies = erik.medications().discrepancies(check.id());
    assertEquals(1, discrepancies.size());
    assertEquals(DiscrepancyType.WRONG_DOSE, discrepancies.get(0).type());
    assertEquals(lines.get(1).id(), discrepancies.get(0).lineIds().get(0));
    assertNotNull(discrepancies.get(0).note());
  }

  @Test
  @DisplayName("a final discrepancy resolution, a completed check and a deviation's status hold on the tablet and on the server")
  void resolutionsChecksAndDeviationsOnlyMoveAsTheRulesAllow() throws Exception {
    NaraClient anna = tablet("anna", "anna.ssk", null);
    Patient patient = firstPatientWithPlan(anna);
    List<MedicationList> lists = anna.medications().lists(patient.id());
    List<MedicationLine> lines = anna.medications().lines(lists.get(0).id());
    MedicationCheck check = anna.medications().startCheck(patient.id(), null, List.of(lists.get(0).id(), lists.get(1).id()));
    anna.medications().recordDiscrepancy(check.id(), lines.get(0).id(), DiscrepancyType.WRONG_DOSE, DiscrepancyIntent.UNCLEAR, null);
    String discrepancy = anna.medications().discrepancies(check.id()).get(0).id();
    anna.medications().resolveDiscrepancy(discrepancy, DiscrepancyResolution.ESCALATED, "Till läkare");
    anna.medications().resolveDiscrepancy(discrepancy, DiscrepancyResolution.CORRECTED_NEW_ORDER, "Ny ordination");
    assertThrows(IllegalArgumentException.class,
        () -> anna.medications().resolveDiscrepancy(discrepancy, DiscrepancyResolution.CONFIRMED_INTENTIONAL, null),
        "a final resolution is not overwritten");
    MedicationCheck done = anna.medications().complete(check.id());
    assertEquals(CheckStatus.COMPLETE, done.status());
    SyncResult first = anna.sync();
    assertEquals(0, first.rejected(), anna.syncStatus().rejected().toString());
    MedicationCheck synced = anna.medications().checks(patient.id()).stream()
        .filter(c -> c.id().equals(check.id())).findFirst().orElseThrow();
    assertEquals(synced, anna.medications().complete(check.id()), "completing a completed check changes nothing");
    assertEquals(0, anna.syncStatus().pendingCount(), "and queues nothing");

    ChecklistItem item = anna.checklists().items(anna.checklists().forPatient(patient.id()).get(0).id()).stream()
        .filter(i -> i.state() == ItemState.UNCHECKED).findFirst().orElseThrow();
    anna.checklists().setState(item.id(), ItemState.MISSING, "Hjälpmedel saknas");
    String deviation = anna.checklists().item(item.id()).deviationId();
    anna.checklists().setDeviationStatus(deviation, DeviationStatus.ACTIONED, null);
    assertThrows(IllegalArgumentException.class,
        () -> anna.checklists().setDeviationStatus(deviation, DeviationStatus.INVESTIGATING, " "), "back needs a reason");
    anna.checklists().setDeviationStatus(deviation, DeviationStatus.INVESTIGATING, "Rollatorn kom men fel modell");
    SyncResult second = anna.sync();
    assertEquals(0, second.rejected(), anna.syncStatus().rejected().toString());

    NaraClient erik = tablet("erik", "erik.ssk", null);
    Deviation seen = erik.checklists().deviations(patient.id()).stream()
        .filter(d -> d.id().equals(deviation)).findFirst().orElseThrow();
    assertEquals(DeviationStatus.INVESTIGATING, seen.status(), "the move back with its reason reached the server");
    assertEquals("Rollatorn kom men fel modell", seen.statusReason());
    assertEquals(DiscrepancyResolution.CORRECTED_NEW_ORDER,
        erik.medications().discrepancies(check.id()).get(0).resolution());
  }

  @Test
  @DisplayName("a pulled deviation moved on and then back to its pulled status, with a reason, is back on the tablet and on the server")
  void aPulledDeviationMovedBackToItsPulledStatusHolds() throws Exception {
    NaraClient anna = tablet("anna", "anna.ssk", null);
    NaraClient erik = tablet("erik", "erik.ssk", null);
    Patient patient = firstPatientWithPlan(anna);
    ChecklistItem item = anna.checklists().items(anna.checklists().forPatient(patient.id()).get(0).id()).stream()
        .filter(i -> i.state() == ItemState.UNCHECKED).findFirst().orElseThrow();
    anna.checklists().setState(item.id(), ItemState.MISSING, "Rollatorn saknas");
    String deviationId = anna.checklists().item(item.id()).deviationId();
    anna.sync();
    erik.sync();
    assertEquals(DeviationStatus.REGISTERED, deviation(erik, patient, deviationId).status(), "pulled as registered");

    erik.checklists().setDeviationStatus(deviationId, DeviationStatus.INVESTIGATING, null);
    erik.checklists().setDeviationStatus(deviationId, DeviationStatus.REGISTERED, "Fel avvikelse, tillbaka");
    Deviation local = deviation(erik, patient, deviationId);
    assertEquals(DeviationStatus.REGISTERED, local.status(), "the move back is on the tablet");
    assertEquals("Fel avvikelse, tillbaka", local.statusReason());
    SyncResult pushed = erik.sync();
    assertEquals(0, pushed.rejected(), erik.syncStatus().rejected().toString());

    anna.sync();
    Deviation onServer = deviation(anna, patient, deviationId);
    assertEquals(DeviationStatus.REGISTERED, onServer.status(), "and on the server");
    assertEquals("Fel avvikelse, tillbaka", onServer.statusReason());
  }

  private static Deviation deviation(NaraClient tablet, Patient patient, String id) {
    return tablet.checklists().deviations(patient.id()).stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void onlyOneSyncRunsAtATime() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    OkHttpClient slow =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  int now = inFlight.incrementAndGet();
                  maxInFlight.accumulateAndGet(now, Math::max);
                  try {
                    Thread.sleep(30);
                    return chain.proceed(chain.request());
                  } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                  } finally {
                    inFlight.decrementAndGet();
                  }
                })
            .build();
    NaraClient anna = tablet("anna", "anna.ssk", slow);
    Patient patient = firstPatientWithPlan(anna);
    String actionId = anna.plans().actions(anna.plans().forPatient(patient.id()).get(0).id()).get(0).id();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<SyncResult>> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      final int n = i;
      runs.add(pool.submit(() -> {
        go.await();
        PlanAction a = anna.plans().action(actionId);
        anna.plans().updateAction(a.toBuilder().performer("Runda " + n).build());
        return anna.sync();
      }));
    }
    go.countDown();
    int pushed = 0;
    for (Future<SyncResult> run : runs) {
      pushed += run.get(60, TimeUnit.SECONDS).pushed();
    }
    pool.shutdown();
    assertEquals(1, maxInFlight.get(), "requests never overlap: one sync at a time");
    assertEquals(4, pushed, "every change went out exactly once");
    assertEquals(0, anna.syncStatus().pendingCount());
  }
}
