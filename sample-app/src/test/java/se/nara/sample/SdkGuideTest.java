package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.AuthenticationException;
import se.nara.sdk.EmergencyView;
import se.nara.sdk.NaraClient;
import se.nara.sdk.OfflineException;
import se.nara.sdk.PatientOverview;
import se.nara.sdk.ProtocolException;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.RejectedChange;
import se.nara.sdk.Session;
import se.nara.sdk.SyncException;
import se.nara.sdk.SyncProgress;
import se.nara.sdk.SyncResult;
import se.nara.sdk.SyncScheduler;
import se.nara.sdk.SyncStatus;
import se.nara.sdk.model.ActionStatus;
import se.nara.sdk.model.CareEpisode;
import se.nara.sdk.model.CheckStatus;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.ConflictRecord;
import se.nara.sdk.model.DeviationStatus;
import se.nara.sdk.model.DiscrepancyIntent;
import se.nara.sdk.model.DiscrepancyResolution;
import se.nara.sdk.model.DiscrepancyType;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.ListSource;
import se.nara.sdk.model.MedicationCheck;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.MedicationList;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.Plan;
import se.nara.sdk.model.PlanAction;
import se.nara.sdk.model.ReviewState;
import se.nara.sdk.model.SipAssessment;
import se.nara.sdk.model.Visit;
import se.nara.sdk.model.VisitStatus;
import se.nara.sdk.protocol.EntityType;
import se.nara.server.NaraServer;

/**
 * The code samples of {@code docs/sdk-guide.md}, as written there, against the real server with
 * the demo data: if a sample stops compiling or stops doing what the guide says, this fails. Keep
 * the two in step; each block names the guide's section.
 */
class SdkGuideTest {
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

  private NaraClient keep(NaraClient client) {
    open.add(client);
    return client;
  }

  @Test
  @DisplayName("the walkthrough, sections 1 to 8 and 11: sign in, first sync, read, write offline, listen, schedule, status, sign out")
  void walkthrough() throws Exception {
    // 1. Build the client and sign in.
    NaraClient nara = keep(NaraClient.builder()
        .serverUrl(server.url())
        .databasePath(dir.resolve("anna.db").toString())
        .deviceName("Surfplatta 12")
        .build());
    Session me = nara.login("anna.ssk", "demo".toCharArray());
    assertNotNull(me.staffId());

    // 2. First sync, with progress.
    AtomicInteger priority = new AtomicInteger(-1);
    List<int[]> progressBar = new CopyOnWriteArrayList<>();
    SyncResult first = nara.sync(new SyncProgress() {
      @Override public void priorityDataReady(int records) { priority.set(records); }
      @Override public void pulled(int received, int expected) { progressBar.add(new int[] {received, expected}); }
    });
    assertTrue(priority.get() > 0, "today's visits arrive first");
    assertFalse(progressBar.isEmpty());
    assertTrue(first.pulled() > 0);

    // 3. Read.
    List<Visit> today = nara.visits().today();
    List<Patient> patients = nara.patients().all();
    assertFalse(today.isEmpty(), "the demo data plans visits for today");
    assertFalse(patients.isEmpty());
    Patient patient = withPlanAndTwoLists(nara, patients);
    String patientId = patient.id();
    PatientOverview o = nara.patients().overview(patientId);
    List<ChecklistItem> items = o.items(o.checklists().get(0).id());
    assertFalse(items.isEmpty());
    for (Patient p : patients) {
      for (CareEpisode e : nara.patients().episodes(p.id())) {
        assertTrue(Set.of(SipAssessment.NEEDED, SipAssessment.NOT_NEEDED, SipAssessment.NOT_ASSESSED)
            .contains(e.sipAssessment()) || e.sipAssessment() == null);
      }
    }
    for (Visit v : today) {
      assertTrue(v.reviewState() != ReviewState.NEEDS_ACTION || v.reviewNote() != null);
    }

    // 5. Keep screens fresh (registered before the writes, so it hears them).
    List<Set<String>> refreshed = new CopyOnWriteArrayList<>();
    nara.addChangeListener((types, changedPatients) -> refreshed.add(types));

    // 4. Write, offline.
    List<ChecklistItem> unchecked = items.stream().filter(i -> i.state() == ItemState.UNCHECKED).toList();
    String itemId = unchecked.get(0).id();
    String otherId = unchecked.get(1).id();
    nara.checklists().setState(itemId, ItemState.DONE, "Dosett fylld");
    nara.checklists().setState(otherId, ItemState.MISSING, "Rollatorn saknas");  // also records a deviation
    String deviationId = nara.checklists().item(otherId).deviationId();
    assertNotNull(deviationId, "saknas records a deviation");
    assertTrue(refreshed.stream().anyMatch(t -> t.contains(EntityType.CHECKLIST_ITEM.wireName())));

    List<MedicationList> lists = o.medicationLists();
    String dischargeListId = lists.stream().filter(l -> l.source() == ListSource.DISCHARGE_LIST).findFirst().orElseThrow().id();
    String homeListId = lists.stream().filter(l -> !l.id().equals(dischargeListId)).findFirst().orElseThrow().id();
    String episodeId = o.currentEpisode() == null ? null : o.currentEpisode().id();
    List<MedicationLine> lines = o.lines(dischargeListId);
    String lineId = lines.get(0).id();
    String otherLineId = lines.get(1).id();
    MedicationCheck check = nara.medications().startCheck(patientId, episodeId, List.of(dischargeListId, homeListId));
    nara.medications().recordMatch(check.id(), lineId, null);
    nara.medications().recordDiscrepancy(check.id(), otherLineId, DiscrepancyType.WRONG_DOSE, DiscrepancyIntent.UNCLEAR, "…");
    String discrepancyId = nara.medications().discrepancies(check.id()).get(0).id();
    nara.medications().resolveDiscrepancy(discrepancyId, DiscrepancyResolution.ESCALATED, "Till läkaren");
    nara.medications().resolveDiscrepancy(discrepancyId, DiscrepancyResolution.CORRECTED_NEW_ORDER, null); // final now
    assertThrows(IllegalArgumentException.class,
        () -> nara.medications().resolveDiscrepancy(discrepancyId, DiscrepancyResolution.ESCALATED, null), "final");
    assertEquals(CheckStatus.COMPLETE, nara.medications().complete(check.id()).status());
    nara.checklists().setDeviationStatus(deviationId, DeviationStatus.ACTIONED, null);
    nara.checklists().setDeviationStatus(deviationId, DeviationStatus.INVESTIGATING, "Rollatorn kom, fel modell"); // back needs a reason
    Plan plan = nara.plans().forPatient(patientId).stream().filter(p -> p.signedAt() == null).findFirst().orElseThrow();
    String planId = plan.id();
    PlanAction action = nara.plans().actions(planId).get(0);
    nara.plans().updateAction(action.toBuilder().status(ActionStatus.DONE).build());  // only changed fields travel
    nara.plans().sign(planId);
    Visit created = nara.visits().create(Visit.builder().patientId(patientId).status(VisitStatus.COMPLETED).note("…").build());

    // 6. Sync in the background.
    CountDownLatch synced = new CountDownLatch(1);
    SyncScheduler.Listener myListener = new SyncScheduler.Listener() {
      @Override public void onSyncSucceeded(SyncResult result) { synced.countDown(); }
    };
    SyncScheduler scheduler = nara.scheduler().listener(myListener).build();
    scheduler.start();
    scheduler.onConnectivityRestored();
    assertTrue(synced.await(30, TimeUnit.SECONDS), "the scheduler syncs at start");
    scheduler.stop();

    // 7. Show what needs attention: everything the walkthrough wrote stands on the server.
    SyncStatus s = nara.syncStatus();
    assertEquals(List.of(), s.rejected(), "every write of the walkthrough is accepted");
    assertEquals(0, s.pendingCount());
    assertNull(s.lastErrorCode());
    assertNotNull(s.lastSuccessfulSync());
    assertEquals(RecordSyncState.SYNCED, nara.syncStateOf(itemId));
    assertEquals(ItemState.DONE, nara.serverCopy(ChecklistItem.class, itemId).state());
    assertEquals(ActionStatus.DONE, nara.plans().action(action.id()).status());
    assertNotNull(nara.plans().plan(planId).signedAt());
    assertEquals("…", nara.serverCopy(Visit.class, created.id()).note());
    assertTrue(nara.conflicts().forEntity(itemId).isEmpty());

    // Colleagues' names.
    assertEquals("Anna Svensson", nara.directory().staffName(me.staffId()));
    assertNotNull(nara.directory().staff(me.staffId()));
    assertFalse(nara.directory().allStaff().isEmpty());
    assertFalse(nara.directory().staffOf(me.teamIds().get(0)).isEmpty());
    assertNotNull(nara.directory().team(me.teamIds().get(0)));
    assertFalse(nara.directory().teams().isEmpty());

    // 11. Signing out.
    boolean allSent = nara.signOut();
    showSignIn(allSent ? null : "Dina ändringar skickas i ditt namn när plattan får nät.");
    assertTrue(allSent, "online, everything went and the session ended");
    assertNull(nara.session());
    assertEquals(1, signInScreens.size());
    assertEquals("UNAUTHENTICATED",
        org.junit.jupiter.api.Assertions.assertThrows(se.nara.sdk.NotSignedInException.class, () -> nara.patients().all()).code());
  }

  private final List<String> signInScreens = new ArrayList<>();

  private void showSignIn(String note) {
    signInScreens.add(String.valueOf(note));
  }

  @Test
  @DisplayName("section 7: a refused change stays visible beside the server's copy until discarded; a conflict shows its rule")
  void refusedAndKeptForReview() throws Exception {
    NaraClient anna = keep(NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("a.db").toString()).build());
    anna.login("anna.ssk", "demo".toCharArray());
    anna.sync();
    NaraClient nara = keep(NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("f.db").toString()).build());
    nara.login("karin.tl", "demo".toCharArray());
    nara.sync();
    // A team leader reviews checklists but does not confirm items: the server refuses her change.
    ChecklistItem forNurses = nara.patients().all().stream()
        .flatMap(p -> nara.checklists().forPatient(p.id()).stream())
        .flatMap(c -> nara.checklists().items(c.id()).stream())
        .filter(i -> i.state() == ItemState.UNCHECKED)
        .findFirst().orElseThrow();
    String itemId = forNurses.id();
    nara.checklists().setState(itemId, ItemState.DONE, null);
    assertEquals(1, nara.sync().rejected());

    SyncStatus s = nara.syncStatus();
    assertEquals(1, s.rejected().size());
    List<String> shown = new ArrayList<>();
    for (RejectedChange r : nara.syncStatus().rejected()) {
      if (!r.entityType().equals(EntityType.CHECKLIST_ITEM.wireName())) continue;   // likewise for other types
      ChecklistItem onServer = nara.serverCopy(ChecklistItem.class, r.entityId());   // null: the server has none
      ChecklistItem refused = nara.checklists().item(r.entityId());
      shown.add(refused.state() + " " + (onServer == null ? null : onServer.state()) + " " + r.code());
      assertNotNull(r.message());
      assertTrue(r.fields().contains("state"), r.fields().toString());
    }
    assertEquals(List.of("DONE UNCHECKED FORBIDDEN"), shown);
    assertEquals(RecordSyncState.REJECTED, nara.syncStateOf(itemId));
    long mutationId = s.rejected().get(0).mutationId();
    assertTrue(nara.discardRejected(mutationId));    // after the user has seen it
    assertEquals(ItemState.UNCHECKED, nara.checklists().item(itemId).state(), "the view is the server's copy again");
    assertEquals(RecordSyncState.SYNCED, nara.syncStateOf(itemId));

    // Kept for review: Anna and Erik mark the same item differently while offline.
    NaraClient erik = keep(NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("e.db").toString()).build());
    erik.login("erik.ssk", "demo".toCharArray());
    erik.sync();
    anna.checklists().setState(itemId, ItemState.DONE, "Klar");
    erik.checklists().setState(itemId, ItemState.MISSING, "Saknas");
    anna.sync();
    assertEquals(1, erik.sync().conflicts());
    List<ConflictRecord> conflicts = erik.conflicts().forEntity(itemId);
    // One record per rule: the state under the checklist rule, both notes kept under the free-text rule.
    assertEquals(2, conflicts.size(), conflicts.toString());
    ConflictRecord c = conflicts.stream().filter(r -> r.fields().contains("state")).findFirst().orElseThrow();
    assertEquals(RecordSyncState.CONFLICT, erik.syncStateOf(itemId));
    assertNotNull(c.serverValue());
    assertNotNull(c.deviceValue());
    assertNotNull(c.resultValue());
    assertNotNull(c.rule());
    assertNotNull(c.ruleLabel());
    assertEquals("Anna Svensson", erik.directory().staffName(c.serverAuthor()));
    assertEquals(ItemState.MISSING, erik.checklists().item(itemId).state(),
        "saknas against klar keeps saknas: the tablet's side wins here, the server's earlier value is kept aside");
  }

  @Test
  @DisplayName("storage, maxOffline and nödåtkomst: sections 'Storage', 10 and 13")
  void storageMaxOfflineAndEmergencyAccess() throws Exception {
    String path = dir.resolve("own-driver.db").toString();
    // The guide's Android sample, with the JVM's driver in place of SQLDroid.
    NaraClient nara = keep(NaraClient.builder()
        .serverUrl(server.url())
        .storage(() -> DriverManager.getConnection("jdbc:sqlite:" + path))
        .maxOffline(Duration.ofHours(72))   // the default; any positive duration
        .build());
    nara.login("anna.ssk", "demo".toCharArray());
    nara.sync();
    assertFalse(nara.patients().all().isEmpty());

    SyncStatus s = nara.syncStatus();
    assertNotNull(s.dataExpiresAt());
    assertTrue(s.dataExpiresAt().isAfter(Instant.now().plus(Duration.ofHours(71))));
    assertNull(s.dataExpiredAt());

    String[] other = DemoServer.patientOfAnotherTeam(server);
    String seen;
    try {
      EmergencyView view = nara.emergencyAccess(other[1], "Akut försämring, patientens team nås inte");
      Patient p = view.patient();
      assertEquals(other[0], p.id());
      assertNotNull(view.openedAt());
      assertFalse(view.recordsOf(MedicationLine.class).isEmpty());
      seen = "view";
    } catch (ProtocolException e) {
      seen = e.code();
    } catch (AuthenticationException e) {
      seen = e.code();
    } catch (OfflineException e) {
      seen = "offline";
    } catch (SyncException e) {
      seen = "failed";
    }
    assertEquals("view", seen);
    assertNull(nara.patients().get(other[0]), "nothing of the view enters the local database");

    String mine = nara.patients().all().get(0).identifiers().stream()
        .filter(i -> i.type().name().equals("PERSONNUMMER")).findFirst().orElseThrow().value();
    ProtocolException inCare = assertThrows(ProtocolException.class, () -> nara.emergencyAccess(mine, "Akut försämring, patientens team nås inte"));
    assertEquals("ALREADY_IN_CARE", inCare.code());
    ProtocolException noReason = assertThrows(ProtocolException.class, () -> nara.emergencyAccess(other[1], " "));
    assertEquals("VALIDATION_FAILED", noReason.code());
  }

  @Test
  @DisplayName("section 8: login and sync fail with the typed exceptions the guide names")
  void errors() throws Exception {
    NaraClient nara = keep(NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("e.db").toString()).build());
    AuthenticationException wrong = assertThrows(AuthenticationException.class, () -> nara.login("anna.ssk", "fel".toCharArray()));
    assertEquals("INVALID_CREDENTIALS", wrong.code());
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    NaraClient away = keep(NaraClient.builder().serverUrl("http://127.0.0.1:" + port)
        .databasePath(dir.resolve("away.db").toString()).build());
    assertThrows(OfflineException.class, () -> away.login("anna.ssk", "demo".toCharArray()));
    assertThrows(AuthenticationException.class, nara::sync, "not signed in");
  }

  private static Patient withPlanAndTwoLists(NaraClient nara, List<Patient> patients) {
    for (Patient p : patients) {
      PatientOverview o = nara.patients().overview(p.id());
      if (o.plans().stream().anyMatch(plan -> plan.signedAt() == null)
          && o.medicationLists().size() == 2
          && !o.checklists().isEmpty()
          && o.medicationLists().stream().anyMatch(l -> l.source() == ListSource.DISCHARGE_LIST
              && o.lines(l.id()).size() >= 2)) {
        return p;
      }
    }
    throw new AssertionError("no demo patient with an unsigned plan, two medication lists and a checklist");
  }
}
