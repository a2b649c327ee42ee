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
}
