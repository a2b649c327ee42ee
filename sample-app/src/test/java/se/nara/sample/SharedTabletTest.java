package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.NaraClient;
import se.nara.sdk.NotTheAuthorException;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.RejectedChange;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.ReviewState;
import se.nara.sdk.model.Visit;
import se.nara.sdk.model.VisitStatus;
import se.nara.sdk.model.VisitType;
import se.nara.server.NaraServer;
import se.nara.server.demo.DemoSeed;

/**
 * A tablet shared between staff across shifts, against the real server: whose refused changes
 * are whose, and what the next user may read right after signing in.
 */
class SharedTabletTest {
  @TempDir Path dir;
  NaraServer server;
  NaraClient tablet;

  @BeforeEach
  void start() {
    server = DemoServer.start(dir);
    tablet = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("shared.db").toString()).build();
  }

  @AfterEach
  void stop() {
    tablet.close();
    server.close();
  }

  private String signIn(String user) throws Exception {
    return tablet.login(user, DemoSeed.DEMO_PASSWORD.toCharArray()).staffId();
  }

  /** A visit the server refuses (review fields are a team leader's), saved and synced on the tablet. */
  private Visit refusedVisit(Patient patient, String note) throws Exception {
    Visit visit = tablet.visits().create(Visit.builder().patientId(patient.id()).teamId(tablet.session().teamIds().get(0))
        .staffIds(List.of(tablet.session().staffId())).visitType(VisitType.FOLLOW_UP).plannedStart(Instant.now())
        .status(VisitStatus.COMPLETED).note(note).reviewState(ReviewState.REVIEWED).build());
    assertEquals(1, tablet.sync().rejected(), "the server refuses it");
    return visit;
  }

  @Test
  @DisplayName("a refused change belongs to its author: the next nurse of the same team sees it and whose it is, but"
      + " cannot discard it; it stays until its author has seen it and discards it herself")
  void aRefusedChangeIsDiscardedOnlyByItsAuthor() throws Exception {
    String anna = signIn("anna.ssk");
    tablet.sync();
    Patient patient = tablet.patients().all().get(0);
    Visit refused = refusedVisit(patient, "Annas avvisade besök");
    RejectedChange annas = tablet.syncStatus().rejected().get(0);
    assertEquals(anna, annas.authorId());
    assertEquals("Anna Svensson", annas.authorName());

    signIn("erik.ssk"); // the same team: her patients are his
    List<RejectedChange> seen = tablet.syncStatus().rejected();
    assertEquals(1, seen.size(), "Erik sees that Anna's change did not reach the server");
    assertEquals("Anna Svensson", seen.get(0).authorName());
    assertFalse(seen.get(0).isBy(tablet.session()));
    assertEquals("Annas avvisade besök", tablet.visits().get(refused.id()).note());
    assertEquals(RecordSyncState.REJECTED, tablet.syncStateOf(refused.id()));
    NotTheAuthorException notHis =
        assertThrows(NotTheAuthorException.class, () -> tablet.discardRejected(annas.mutationId()));
    assertEquals(anna, notHis.authorId());
    tablet.sync();
    assertEquals(1, tablet.syncStatus().rejected().size(), "nothing was dropped, at his sync either");
    assertEquals("Annas avvisade besök", tablet.visits().get(refused.id()).note());

    signIn("anna.ssk");
    assertTrue(tablet.syncStatus().rejected().get(0).isBy(tablet.session()));
    assertTrue(tablet.discardRejected(annas.mutationId()), "Anna has seen it and drops it herself");
    assertTrue(tablet.syncStatus().rejected().isEmpty());
    assertEquals(null, tablet.visits().get(refused.id()), "a refused new visit leaves with its refusal");
    assertNotNull(tablet.patients().get(patient.id()));
  }
  /** The id of the (one) team {@code user} belongs to in the demo data. */
  private String teamOf(String user) {
    return server.database().withReader(h -> h.createQuery(
        "SELECT tm.team_id FROM team_members tm JOIN staff_accounts sa ON sa.staff_id = tm.staff_id WHERE sa.username = :u")
        .bind("u", user).mapTo(String.class).one());
  }

  private java.util.Set<String> patientsOfTeam(String teamId) {
    return new java.util.HashSet<>(server.database().withReader(h -> h.createQuery(
        "SELECT patient_id FROM care_relationships WHERE team_id = :t AND ended_at IS NULL")
        .bind("t", teamId).mapTo(String.class).list()));
  }

  private long deviceReads(String staffId, String patientId) {
    return server.database().withReader(h -> h.createQuery(
        "SELECT COUNT(*) FROM audit_log WHERE outcome = 'DEVICE' AND patient_id = :p AND staff_id = :s")
        .bind("p", patientId).bind("s", staffId).mapTo(Long.class).one());
  }

  @Test
  @DisplayName("a nurse who moved to another team signs in again on her tablet: none of her old team's patients can"
      + " be read from the sign-in on, her own unsent change stays hers and still goes out, and her new team's"
      + " patients arrive at her sync")
  void aNurseWhoChangedTeamsSeesNoneOfHerOldTeamsPatientsAfterSigningIn() throws Exception {
    String malmo = teamOf("anna.ssk");
    String lund = teamOf("maja.ssk");
    String anna = signIn("anna.ssk");
    tablet.sync();
    java.util.Set<String> malmosPatients = new java.util.HashSet<>();
    tablet.patients().all().forEach(p -> malmosPatients.add(p.id()));
    Patient patient = tablet.patients().all().stream().filter(p -> !tablet.checklists().forPatient(p.id()).isEmpty())
        .findFirst().get();
    se.nara.sdk.model.ChecklistItem item =
        tablet.checklists().items(tablet.checklists().forPatient(patient.id()).get(0).id()).get(0);
    // A change of hers that has not gone out yet, as she leaves for ASIH Lund.
    tablet.checklists().setState(item.id(), se.nara.sdk.model.ItemState.DONE, "Sista i Malmö");
    server.database().inWrite(h -> h.createUpdate("UPDATE team_members SET team_id = :lund WHERE staff_id = :s")
        .bind("lund", lund).bind("s", anna).execute());

    signIn("anna.ssk"); // the next morning, on the same tablet, now a member of ASIH Lund
    assertEquals(List.of(lund), tablet.session().teamIds());
    assertTrue(tablet.patients().all().isEmpty(), "no Malmö patient is readable right after the sign-in");
    assertEquals(null, tablet.patients().get(patient.id()));
    assertTrue(tablet.checklists().forPatient(patient.id()).isEmpty(), "the checklist went with the old team's data");
    assertEquals(se.nara.sdk.model.ItemState.DONE, tablet.checklists().item(item.id()).state(),
        "her own unsent change is still hers to see");
    assertEquals(1, tablet.syncStatus().pendingCount(), "and still queued");

    tablet.sync();
    long sent = server.database().withReader(h -> h.createQuery(
        "SELECT COUNT(*) FROM mutation_log WHERE entity_id = :e AND staff_id = :s").bind("e", item.id()).bind("s", anna)
        .mapTo(Long.class).one());
    assertEquals(1, sent, "her change went out under her name (the server keeps it for review: not her team's patient)");
    List<Patient> shown = tablet.patients().all();
    assertFalse(shown.isEmpty(), "her new team's patients arrive");
    java.util.Set<String> lunds = patientsOfTeam(lund);
    for (Patient p : shown) {
      assertTrue(lunds.contains(p.id()), "only Lund's patients, not " + p.id());
    }
    assertFalse(malmosPatients.isEmpty());
    assertTrue(java.util.Collections.disjoint(malmosPatients, lunds), "the demo teams share no patient");
    assertFalse(malmo.equals(lund));
  }

  @Test
  @DisplayName("a nurse of another team who signs in after a colleague whose change was refused cannot read that"
      + " record of a patient outside her care, nor is any read of it logged as hers; the refusal stays for its"
      + " author, who sees it again at once when she signs back in")
  void anotherTeamCannotReadTheRecordsKeptForThePreviousNursesRefusedChange() throws Exception {
    String anna = signIn("anna.ssk");
    tablet.sync();
    Patient patient = tablet.patients().all().get(0);
    Visit refused = refusedVisit(patient, "Annas avvisade besök");

    String maja = signIn("maja.ssk"); // ASIH Lund
    assertTrue(tablet.patients().all().isEmpty());
    assertEquals(null, tablet.visits().get(refused.id()), "the kept visit is not Maja's to read");
    assertTrue(tablet.visits().forPatient(patient.id()).isEmpty());
    assertTrue(tablet.visits().today().isEmpty() || tablet.visits().today().stream().noneMatch(v -> v.id().equals(refused.id())));
    assertEquals(null, tablet.serverCopy(Visit.class, refused.id()));
    assertEquals(null, tablet.syncStateOf(refused.id()));
    assertTrue(tablet.syncStatus().rejected().isEmpty(), "nor is its refusal listed for her");
    assertThrows(IllegalArgumentException.class, () -> tablet.visits().update(refused.toBuilder().note("Majas").build()),
        "nor hers to change");
    tablet.sync();
    assertEquals(null, tablet.visits().get(refused.id()), "her own team's sync does not bring the patient into her scope");
    assertEquals(0, deviceReads(maja, patient.id()), "no read of Anna's patient is logged as Maja's");

    signIn("anna.ssk"); // Malmö again: her refusal is hers, before any sync
    assertEquals("Annas avvisade besök", tablet.visits().get(refused.id()).note());
    assertEquals(1, tablet.syncStatus().rejected().size());
    assertEquals(anna, tablet.syncStatus().rejected().get(0).authorId());
    assertTrue(tablet.discardRejected(tablet.syncStatus().rejected().get(0).mutationId()));
    tablet.sync();
    assertNotNull(tablet.patients().get(patient.id()), "her team's patient is back after her sync");
  }
}
