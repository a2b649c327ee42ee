package se.nara.sample.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import se.nara.sdk.NaraClient;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.Session;
import se.nara.sdk.model.LineStatus;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.MedicationList;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.ReviewState;
import se.nara.sdk.model.Visit;
import se.nara.sdk.model.VisitStatus;
import se.nara.sdk.model.VisitType;

/**
 * What a nurse does on a tablet, through the public SDK only: records visits, corrects her own
 * visit notes, changes the dose of medication lines shared by the whole team (so tablets meet in
 * conflicts), and now and then tries to set a field only the server may set (so some changes are
 * rejected). Every change writes a value that exists nowhere else, and goes into the {@link
 * Ledger} once the SDK has committed it. Each change is exactly one mutation.
 */
final class Workload {
  private final NaraClient client;
  private final Ledger ledger;
  private final Random random;
  private final String tag;
  private final List<String> myVisits = new ArrayList<>();
  private List<Patient> patients;
  private List<String[]> sharedLines; // {line id, list id}
  private int counter;
  /** Extra characters appended to visit notes (to make local writes big). */
  int notePadding;

  Workload(NaraClient client, Ledger ledger, long seed, String tag) {
    this.client = client;
    this.ledger = ledger;
    this.random = new Random(seed);
    this.tag = tag;
    this.counter = ledger.size();
  }

  /** Makes {@code n} local changes. Needs a synced tablet (patients on the device). */
  void changes(int n) {
    for (int i = 0; i < n; i++) {
      change();
    }
  }

  /** Makes one local change. */
  void change() {
    loadScope();
    if (notePadding > 0) {
      createVisit(false);
      return;
    }
    int dice = random.nextInt(100);
    if (dice < 40 || (myVisits.isEmpty() && dice < 65)) {
      createVisit(false);
    } else if (dice < 65) {
      updateVisit();
    } else if (dice < 92 && !sharedLines.isEmpty()) {
      changeDose(sharedLines.get(random.nextInt(sharedLines.size())));
    } else {
      createVisit(true);
    }
  }

  private void loadScope() {
    if (patients != null) {
      return;
    }
    List<Patient> all = new ArrayList<>(client.patients().all());
    if (all.isEmpty()) {
      throw new IllegalStateException("the tablet has no patients: sync before making changes");
    }
    all.sort(Comparator.comparing(Patient::id));
    patients = all;
    // the first active lines of the first patients, the same on every tablet of the team
    List<String[]> lines = new ArrayList<>();
    for (Patient p : all) {
      for (MedicationList list : client.medications().lists(p.id())) {
        for (MedicationLine line : client.medications().lines(list.id())) {
          if (line.status() == LineStatus.ACTIVE && lines.size() < 4) {
            lines.add(new String[] {line.id(), list.id()});
          }
        }
      }
    }
    sharedLines = lines;
  }

  private String marker() {
    return tag + "#" + (++counter) + "-" + Integer.toHexString(random.nextInt());
  }

  private void createVisit(boolean withReviewField) {
    Session session = client.session();
    Patient patient = patients.get(random.nextInt(Math.min(3, patients.size())));
    Instant now = Instant.now();
    String note = "Besök " + marker() + (notePadding > 0 ? " " + "x".repeat(notePadding) : "");
    Visit.Builder visit =
        Visit.builder()
            .patientId(patient.id())
            .teamId(session.teamIds().isEmpty() ? null : session.teamIds().get(0))
            .staffIds(List.of(session.staffId()))
            .visitType(VisitType.FOLLOW_UP)
            .plannedStart(now.minus(Duration.ofMinutes(30)))
            .status(VisitStatus.COMPLETED)
            .note(note);
    if (withReviewField) {
      visit.reviewState(ReviewState.REVIEWED); // a server-only field: the server rejects this change
    }
    Visit created = client.visits().create(visit.build());
    ledger.add(new Ledger.Entry(client.deviceId(), created.id(), "note", note));
    if (!withReviewField) {
      myVisits.add(created.id());
    }
  }

  private void updateVisit() {
    String id = myVisits.get(random.nextInt(myVisits.size()));
    Visit visit = client.visits().get(id);
    if (visit == null || client.syncStateOf(id) == RecordSyncState.REJECTED) {
      createVisit(false);
      return;
    }
    String note = "Rättad anteckning " + marker();
    client.visits().update(visit.toBuilder().note(note).build());
    ledger.add(new Ledger.Entry(client.deviceId(), id, "note", note));
  }

  /** The medication lines the team's tablets share: {line id, list id}, the same on every tablet. */
  List<String[]> sharedLines() {
    loadScope();
    return sharedLines;
  }

  /** Records one new visit. */
  void visit() {
    loadScope();
    createVisit(false);
  }

  /** Changes the dose of one shared line. */
  void changeDose(String[] shared) {
    loadScope();
    MedicationLine line = null;
    for (MedicationLine l : client.medications().lines(shared[1])) {
      if (l.id().equals(shared[0])) {
        line = l;
      }
    }
    if (line == null) {
      createVisit(false);
      return;
    }
    String dose = (1 + random.nextInt(3)) + " tabletter " + marker();
    client.medications().updateLine(line.toBuilder().dose(dose).build());
    ledger.add(new Ledger.Entry(client.deviceId(), line.id(), "dose", dose));
  }
}
