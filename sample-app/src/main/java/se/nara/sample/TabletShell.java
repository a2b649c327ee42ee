package se.nara.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import se.nara.sdk.EmergencyView;
import se.nara.sdk.NaraClient;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.RejectedChange;
import se.nara.sdk.Session;
import se.nara.sdk.SyncException;
import se.nara.sdk.SyncProgress;
import se.nara.sdk.SyncResult;
import se.nara.sdk.SyncStatus;
import se.nara.sdk.model.CareEpisode;
import se.nara.sdk.protocol.EmergencyAccessRequest;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.Json;
import se.nara.sdk.model.ConflictRecord;
import se.nara.sdk.model.DiscrepancyIntent;
import se.nara.sdk.model.DiscrepancyType;
import se.nara.sdk.model.ListSource;
import se.nara.sdk.model.MedicationCheck;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.Deviation;
import se.nara.sdk.model.DeviationStatus;
import se.nara.sdk.model.DischargeChecklist;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.MedicationList;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.PatientIdentifier;
import se.nara.sdk.model.Personnummer;
import se.nara.sdk.model.Plan;
import se.nara.sdk.model.PlanAction;
import se.nara.sdk.model.ReviewState;
import se.nara.sdk.model.Staff;
import se.nara.sdk.model.Team;
import se.nara.sdk.model.Visit;
import se.nara.sdk.model.VisitStatus;
import se.nara.sdk.model.VisitType;

/**
 * A nurse's tablet in a terminal: every command is one thing an app screen would do with the
 * SDK. Labels are Swedish, as staff would see them.
 */
final class TabletShell {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.of("Europe/Stockholm"));
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Europe/Stockholm"));

  private final NaraClient nara;
  private final NetworkSwitch network;
  private final PrintStream out;
  private final Clock clock;
  private List<Patient> patientList = new ArrayList<>();
  private Patient current;
  private List<ChecklistItem> items = new ArrayList<>();

  TabletShell(NaraClient nara, NetworkSwitch network, PrintStream out, Clock clock) {
    this.nara = nara;
    this.network = network;
    this.out = out;
    this.clock = clock;
  }

  /** Reads commands until {@code quit} or end of input. */
  void run(BufferedReader in) throws IOException {
    out.println("Nära surfplatta – skriv 'hjälp' för kommandon.");
    prompt();
    String line;
    while ((line = in.readLine()) != null) {
      if (!execute(line.trim())) {
        return;
      }
      prompt();
    }
  }

  private void prompt() {
    out.print((network.isOnline() ? "online" : "OFFLINE") + (current == null ? "" : " | " + current.name()) + "> ");
    out.flush();
  }

  /** Runs one command; returns false to quit. */
  boolean execute(String line) {
    if (line.isEmpty()) {
      return true;
    }
    List<String> words = new ArrayList<>(Arrays.asList(line.split("\\s+")));
    String command = words.remove(0).toLowerCase(Locale.ROOT);
    try {
      switch (command) {
        case "login":
        case "logga-in":
          login(words);
          break;
        case "logout":
        case "loggaut":
        case "logga-ut":
          logout();
          break;
        case "patients":
        case "patienter":
          patients();
          break;
        case "open":
        case "öppna":
          open(words);
          break;
        case "checklist":
        case "checklista":
          checklist();
          break;
        case "tick":
        case "bocka":
          tick(words);
          break;
        case "meds":
        case "läkemedel":
          meds();
          break;
        case "visit":
        case "besök":
          visit(words);
          break;
        case "today":
        case "idag":
          today();
          break;
        case "check":
        case "avstämning":
          medicationCheck(words);
          break;
        case "deviations":
        case "avvikelser":
        case "avvikelse":
          deviations(words);
          break;
        case "conflicts":
        case "konflikter":
          conflicts();
          break;
        case "offline":
          network.setOnline(false);
          out.println("Nätverket är avstängt. Allt du gör sparas på plattan och synkas senare.");
          break;
        case "online":
          network.setOnline(true);
          out.println("Nätverket är på. Skriv 'sync' för att synka.");
          break;
        case "sync":
        case "synka":
          sync();
          break;
        case "recover":
        case "återställ":
          recover(words);
          break;
        case "status":
          status();
          break;
        case "släpp":
        case "discard":
          discard(words);
          break;
        case "signera":
        case "sign":
          signPlan();
          break;
        case "nödåtkomst":
        case "emergency":
          emergency(words);
          break;
        case "help":
        case "hjälp":
          help();
          break;
        case "quit":
        case "exit":
        case "avsluta":
          return false;
        default:
          out.println("Okänt kommando '" + command + "'. Skriv 'hjälp'.");
      }
    } catch (se.nara.sdk.StaleRecordException e) {
      out.println("Fel: uppgiften har ändrats på servern sedan du läste den. Visa den igen och gör ändringen på nytt.");
    } catch (se.nara.sdk.StorageException e) {
      out.println("Fel: plattans lagring gick inte att använda – inget sparades. Försök igen (tekniskt: " + e.getMessage() + ")");
    } catch (se.nara.sdk.NotSignedInException e) {
      out.println("Fel: ingen är inloggad på plattan – logga in först");
    } catch (IllegalArgumentException | IllegalStateException e) {
      out.println("Fel: " + e.getMessage());
    }
    return true;
  }

  private void login(List<String> words) {
    if (words.size() < 2) {
      out.println("Användning: login <användarnamn> <lösenord>");
      return;
    }
    try {
      Session session = nara.login(words.get(0), words.get(1).toCharArray());
      lastName = session.staffName();
      out.println("Inloggad som " + session.staffName() + " (" + professionLabel(session.profession()) + ").");
    } catch (SyncException e) {
      if (NaraClient.UNSYNCED_CHANGES_OF_ANOTHER_USER.equals(e.code())) {
        Session previous = nara.session();
        String who = previous != null ? previous.staffName() : lastName != null ? lastName : "Den som var inloggad";
        out.println("Inloggningen nekades: " + who + " har osynkade ändringar på plattan som inte kunde skickas i "
            + who + "s namn. " + who + " behöver logga in och synka först.");
      } else {
        out.println("Inloggningen misslyckades: " + swedish(e));
      }
    }
  }

  /** The name of whoever signed in last in this shell, for messages after she signed out. */
  private String lastName;

  /**
   * Signs out at the end of a shift: works offline too. What the nurse did goes to the server in
   * her name now, or, without network, at the next sync or the next sign-in on the tablet.
   */
  private void logout() {
    Session session = nara.session();
    if (session == null) {
      out.println("Ingen är inloggad på plattan.");
      return;
    }
    boolean allSent = nara.signOut();
    current = null;
    patientList = new ArrayList<>();
    items = new ArrayList<>();
    deviationList = new ArrayList<>();
    check = null;
    checkPatient = null;
    String name = session.staffName();
    if (allSent) {
      out.println("Utloggad: " + name + "s ändringar och läsningar är skickade i " + name
          + "s namn, och sessionen är avslutad på servern.");
    } else if (nara.syncStatus().pendingCount() == 0) {
      // Her work went; only ending the session on the server did not (it ends by itself).
      out.println("Utloggad. " + name + "s ändringar är skickade, men sessionen kunde inte avslutas på servern nu;"
          + " den upphör av sig själv inom 12 timmar.");
    } else {
      out.println("Utloggad. " + name + "s osynkade ändringar ligger kvar på plattan och skickas i "
          + name + "s namn när plattan får nät (vid synk eller nästa inloggning).");
    }
  }

  private void patients() {
    patientList = nara.patients().all();
    if (patientList.isEmpty()) {
      out.println(nara.syncStatus().dataExpiredAt() != null
          ? "Inga patienter på plattan: de togs bort efter för lång tid utan synk. Synka för att hämta dem igen."
          : "Inga patienter på plattan. Logga in och synka först.");
      return;
    }
    out.println("Teamets patienter:");
    for (int i = 0; i < patientList.size(); i++) {
      Patient p = patientList.get(i);
      List<CareEpisode> episodes = nara.patients().episodes(p.id());
      String svu = episodes.isEmpty() || episodes.get(0).status() == null ? "-" : episodes.get(0).status().label();
      out.printf("  %2d  %-26s %-15s %s%n", i + 1, p.name(), masked(p), svu);
    }
  }

  private static String masked(Patient p) {
    PatientIdentifier id = p.primaryIdentifier();
    if (id == null || id.value() == null || id.value().length() < 8) {
      return "";
    }
    return id.value().substring(0, 8) + "-****";
  }

  private void open(List<String> words) {
    if (patientList.isEmpty()) {
      throw new IllegalStateException("lista patienterna först med \"patienter\" eller \"idag\"");
    }
    int n = number(words, patientList.size(), "patient (kör 'patienter' först)");
    current = patientList.get(n - 1);
    items = new ArrayList<>();
    deviationList = new ArrayList<>();
    if (check != null && !check.patientId().equals(current.id())) {
      out.println("(Läkemedelsavstämningen för " + checkPatient.name() + " är inte avslutad; den fortsätter när du öppnar "
          + checkPatient.name() + " igen.)");
    }
    out.println(current.name() + " " + masked(current));
    for (CareEpisode e : nara.patients().episodes(current.id())) {
      out.println("  SVU: " + (e.status() == null ? "-" : e.status().label()) + (e.hospital() == null ? "" : ", " + e.hospital())
          + (e.utskrivningsklarAt() == null ? "" : ", utskrivningsklar " + TIME.format(e.utskrivningsklarAt())));
    }
    for (Plan plan : nara.plans().forPatient(current.id())) {
      List<PlanAction> actions = nara.plans().actions(plan.id());
      out.println("  Plan: " + (plan.planType() == null ? "plan" : plan.planType().label()) + ", "
          + nara.plans().goals(plan.id()).size() + " mål, " + actions.size() + " insatser"
          + (plan.signedAt() == null ? ", ej signerad" : ", signerad " + TIME.format(plan.signedAt())));
    }
    for (DischargeChecklist c : nara.checklists().forPatient(current.id())) {
      List<ChecklistItem> all = nara.checklists().items(c.id());
      // "Ej aktuell" is someone's judgement, counted apart from "klar" (as the team leader page does).
      long done = all.stream().filter(i -> standingState(i) == ItemState.DONE).count();
      long notApplicable = all.stream().filter(i -> standingState(i) == ItemState.NOT_APPLICABLE).count();
      out.println("  Utskrivningschecklista: " + done + " av " + all.size() + " klara, " + notApplicable + " ej aktuella, "
          + (all.size() - done - notApplicable) + " öppna");
    }
    for (MedicationList list : nara.medications().lists(current.id())) {
      out.println("  " + (list.source() == null ? "Lista" : list.source().label()) + ": " + nara.medications().lines(list.id()).size() + " rader");
    }
  }

  private void checklist() {
    requirePatient();
    items = new ArrayList<>();
    for (DischargeChecklist c : nara.checklists().forPatient(current.id())) {
      items.addAll(nara.checklists().items(c.id()));
    }
    if (items.isEmpty()) {
      out.println("Ingen checklista för patienten.");
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      ChecklistItem item = items.get(i);
      RecordSyncState sync = nara.syncStateOf(item.id());
      String suffix;
      if (sync == RecordSyncState.REJECTED) {
        // The refused value is not what stands: show the server's and the refused one beside it.
        RejectedChange r = rejectionOf(item.id());
        suffix = "  (avvisad: " + (item.state() == null ? "-" : item.state().label())
            + (r == null ? "" : " – " + reasonOf(r.code())) + ")";
      } else {
        suffix = sync == RecordSyncState.SYNCED ? "" : "  (" + syncLabel(sync) + ")";
      }
      ItemState standing = standingState(item);
      out.printf("  %2d  [%-16s] %s%s%n", i + 1, standing == null ? "?" : standing.label(), item.label(), suffix);
    }
  }

  private void tick(List<String> words) {
    requirePatient();
    if (items.isEmpty()) {
      checklist();
    }
    int n = number(words, items.size(), "punkt i checklistan");
    ItemState state = ItemState.DONE;
    String note = null;
    if (words.size() > 1) {
      state = state(words.get(1));
      note = text(words, 2);
    }
    ChecklistItem before = items.get(n - 1);
    if (state == ItemState.REOPENED && (note == null || note.isBlank())) {
      throw new IllegalArgumentException("ange ett skäl för att återöppna: bocka " + n + " återöppna <skäl>");
    }
    if (state == ItemState.UNCHECKED && (before.state() == ItemState.DONE || before.state() == ItemState.NOT_APPLICABLE
        || before.state() == ItemState.MISSING)) {
      throw new IllegalArgumentException("en bekräftad punkt blir inte 'ej kontrollerad' igen; återöppna den med skäl:"
          + " bocka " + n + " återöppna <skäl>");
    }
    if (state == before.state() && state != ItemState.REOPENED && (note == null || note.isBlank())
        && (state != ItemState.MISSING || before.deviationId() != null)) {
      out.println("  " + before.label() + " är redan " + before.state().label().toLowerCase(java.util.Locale.ROOT)
          + (before.confirmedBy() == null ? "" : ", bekräftad av " + who(before.confirmedBy(), staffNames())) + "; inget ändrat");
      return;
    }
    ChecklistItem updated = nara.checklists().setState(before.id(), state, note);
    items.set(n - 1, updated);
    out.println("  " + updated.label() + ": " + updated.state().label() + " (" + syncLabel(nara.syncStateOf(updated.id())) + ")"
        + (state == ItemState.MISSING ? " – avvikelse registrerad" : ""));
  }

  /**
   * The state that stands for an item: its own, unless the server refused this tablet's change
   * (the SDK keeps the refused value in the item's view until the nurse discards it), then the
   * server's (null if the server has no copy).
   */
  private ItemState standingState(ChecklistItem item) {
    if (nara.syncStateOf(item.id()) != RecordSyncState.REJECTED) {
      return item.state();
    }
    ChecklistItem onServer = nara.serverCopy(ChecklistItem.class, item.id());
    return onServer == null ? null : onServer.state();
  }

  /** The latest refused change of a record, or null. */
  private RejectedChange rejectionOf(String entityId) {
    RejectedChange found = null;
    for (RejectedChange r : nara.syncStatus().rejected()) {
      if (entityId.equals(r.entityId())) {
        found = r;
      }
    }
    return found;
  }

  /** Why the server refused a change, in the staff's words, for the common codes. */
  static String reasonOf(String code) {
    switch (code == null ? "" : code) {
      case "FORBIDDEN":
        return "din yrkesroll får inte ändra detta";
      case "INVALID_FIELD":
      case "VALIDATION_FAILED":
        return "ett värde är ogiltigt eller för långt";
      case "ENTITY_NOT_FOUND":
        return "posten finns inte längre på servern";
      case "NOT_IN_SCOPE":
        return "patienten är inte längre ditt teams";
      case "ENTITY_RETRACTED":
        return "posten är markerad som felaktigt registrerad och kan inte ändras";
      case "ENTITY_EXISTS":
        return "posten finns redan på servern med annat innehåll";
      case "ENTITY_NOT_WRITABLE":
        return "den här sortens uppgifter kan inte ändras från plattan";
      case "BASE_VERSION_AHEAD":
        return "plattans kopia stämmer inte med serverns – kontakta support";
      default:
        return "servern tog inte emot ändringen";
    }
  }

  /**
   * The longest free text the tablet takes. The server refuses text fields over 20 000 characters
   * (the whole change, then, is rejected after the sync); the tablet says so at once, and keeps
   * well below it since a note is also copied into the deviation an item reported missing makes.
   */
  static final int MAX_TEXT = 4000;

  private static String text(List<String> words, int from) {
    if (words.size() <= from) {
      return null;
    }
    String text = String.join(" ", words.subList(from, words.size()));
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("texten är för lång (" + text.length() + " tecken, högst " + MAX_TEXT
          + "). Korta den och försök igen – inget sparades.");
    }
    return text;
  }

  private static ItemState state(String word) {
    switch (word.toLowerCase(Locale.ROOT)) {
      case "klar":
      case "done":
        return ItemState.DONE;
      case "saknas":
      case "missing":
        return ItemState.MISSING;
      case "ej-aktuell":
      case "na":
        return ItemState.NOT_APPLICABLE;
      case "ej-kontrollerad":
      case "unchecked":
        return ItemState.UNCHECKED;
      case "återöppna":
      case "reopen":
        return ItemState.REOPENED;
      default:
        throw new IllegalArgumentException("okänt läge '" + word + "' (klar, saknas, ej-aktuell, ej-kontrollerad, återöppna)");
    }
  }

  private void meds() {
    requirePatient();
    for (MedicationList list : nara.medications().lists(current.id())) {
      out.println("  " + (list.source() == null ? "Lista" : list.source().label()) + ":");
      for (MedicationLine line : nara.medications().lines(list.id())) {
        out.printf("    %-22s %-10s %-16s %-20s %s%n", line.drugName(), nz(line.strength()), nz(line.dose()), nz(line.frequency()),
            line.status() == null ? "" : line.status().label());
      }
    }
  }

  private void visit(List<String> words) {
    requirePatient();
    Session session = nara.session();
    if (session == null) {
      throw new IllegalStateException("logga in först");
    }
    Instant now = clock.instant();
    Visit visit =
        nara.visits()
            .create(
                Visit.builder()
                    .patientId(current.id())
                    .teamId(session.teamIds().isEmpty() ? null : session.teamIds().get(0))
                    .staffIds(java.util.Collections.singletonList(session.staffId()))
                    .visitType(VisitType.FOLLOW_UP)
                    .plannedStart(now.minus(Duration.ofMinutes(30)))
                    .actualStart(now.minus(Duration.ofMinutes(30)))
                    .actualEnd(now)
                    .status(VisitStatus.COMPLETED)
                    .note(text(words, 0))
                    .build());
    out.println("  Besök registrerat " + TIME.format(now) + " (" + syncLabel(nara.syncStateOf(visit.id())) + ")");
  }

  private void today() {
    List<Visit> visits = nara.visits().today();
    if (visits.isEmpty()) {
      out.println("Inga besök planerade för dig idag (synka först om plattan är ny).");
      return;
    }
    out.println("Dina besök idag:");
    patientList = new ArrayList<>();
    for (Visit v : visits) {
      Patient p = nara.patients().get(v.patientId());
      patientList.add(p);
      out.printf("  %2d  %s–%s  %-24s %-22s %s%n", patientList.size(), CLOCK.format(v.plannedStart()),
          v.plannedEnd() == null ? "" : CLOCK.format(v.plannedEnd()), p == null ? "(okänd patient)" : p.name(),
          v.visitType() == null ? "" : v.visitType().label(), v.status() == null ? "" : v.status().label());
      if (v.reviewState() == ReviewState.NEEDS_ACTION) {
        // The team leader sent the visit back: the nurse sees why before going in.
        out.println("      " + v.reviewState().label() + (v.reviewNote() == null ? "" : ": " + v.reviewNote()));
      }
    }
    out.println("  (öppna <nr> för att öppna patienten)");
  }

  private MedicationCheck check;
  private Patient checkPatient;
  private List<MedicationLine> checkLines = new ArrayList<>();

  private void medicationCheck(List<String> words) {
    requirePatient();
    String what = words.isEmpty() ? "" : words.get(0).toLowerCase(Locale.ROOT);
    if (what.equals("start")) {
      List<MedicationList> lists = nara.medications().lists(current.id());
      MedicationList discharge = null;
      List<String> ids = new ArrayList<>();
      for (MedicationList l : lists) {
        ids.add(l.id());
        if (l.source() == ListSource.DISCHARGE_LIST) {
          discharge = l;
        }
      }
      if (discharge == null) {
        throw new IllegalStateException("patienten har ingen utskrivningslista att stämma av");
      }
      check = nara.medications().startCheck(current.id(), null, ids);
      checkPatient = current;
      checkLines = nara.medications().lines(discharge.id());
      out.println("Läkemedelsavstämning påbörjad: utskrivningslistan mot hemmalistan.");
      for (int i = 0; i < checkLines.size(); i++) {
        MedicationLine l = checkLines.get(i);
        out.printf("  %2d  %-22s %-12s %-16s %s%n", i + 1, l.drugName(), nz(l.strength()), nz(l.dose()), nz(l.frequency()));
      }
      out.println("  avstämning <nr> ok | avstämning <nr> avvikelse <typ> <avsikt> [anteckning] | avstämning klar");
      return;
    }
    if (check == null) {
      throw new IllegalStateException("starta med 'avstämning start'");
    }
    if (!check.patientId().equals(current.id())) {
      // The check and its numbered lines belong to the patient it was started for: never record
      // this patient's answers on another patient's check.
      throw new IllegalStateException("den påbörjade läkemedelsavstämningen gäller " + checkPatient.name() + ", inte "
          + current.name() + ". Öppna " + checkPatient.name() + " igen för att fortsätta den, eller skriv"
          + " 'avstämning start' för att stämma av " + current.name() + ".");
    }
    if (what.equals("klar")) {
      java.util.Set<String> checked = new java.util.HashSet<>();
      for (se.nara.sdk.model.MedicationLineCheck c : nara.medications().lineChecks(check.id())) {
        checked.add(c.lineId());
      }
      long unchecked = checkLines.stream().filter(l -> !checked.contains(l.id())).count();
      MedicationCheck done = nara.medications().complete(check.id());
      long open = nara.medications().discrepancies(check.id()).stream()
          .filter(d -> d.resolution() == null || d.resolution() == se.nara.sdk.model.DiscrepancyResolution.OPEN).count();
      if (done.status() == se.nara.sdk.model.CheckStatus.COMPLETE) {
        out.println("Avstämningen är klar.");
      } else {
        out.println("Avstämningen är avslutad med " + open + (open == 1 ? " öppen avvikelse" : " öppna avvikelser")
            + " som väntar på förskrivaren.");
      }
      if (unchecked > 0) {
        out.println("Obs: " + unchecked + " av " + checkLines.size() + " rader är inte avstämda.");
      }
      check = null;
      return;
    }
    int n = number(words, checkLines.size(), "läkemedelsrad");
    MedicationLine line = checkLines.get(n - 1);
    String outcome = words.size() > 1 ? words.get(1).toLowerCase(Locale.ROOT) : "ok";
    if (outcome.equals("ok")) {
      nara.medications().recordMatch(check.id(), line.id(), text(words, 2));
      out.println("  " + line.drugName() + ": överensstämmer");
    } else if (outcome.equals("avvikelse")) {
      if (words.size() < 4) {
        throw new IllegalArgumentException("ange typ och avsikt, t.ex. 'avstämning 3 avvikelse dos oklar'");
      }
      DiscrepancyType type = discrepancyType(words.get(2));
      DiscrepancyIntent intent = intent(words.get(3));
      String note = text(words, 4);
      nara.medications().recordDiscrepancy(check.id(), line.id(), type, intent, note);
      out.println("  " + line.drugName() + ": avvikelse – " + type.label() + ", " + intent.label());
    } else {
      throw new IllegalArgumentException("skriv 'ok' eller 'avvikelse'");
    }
  }

  private static DiscrepancyType discrepancyType(String word) {
    switch (word.toLowerCase(Locale.ROOT)) {
      case "utelämnad": return DiscrepancyType.OMISSION;
      case "tillagd": return DiscrepancyType.COMMISSION;
      case "dos": return DiscrepancyType.WRONG_DOSE;
      case "frekvens": return DiscrepancyType.WRONG_FREQUENCY;
      case "väg": return DiscrepancyType.WRONG_ROUTE;
      case "läkemedel": return DiscrepancyType.WRONG_DRUG;
      case "dubbel": return DiscrepancyType.DUPLICATION;
      case "form": return DiscrepancyType.WRONG_FORM;
      case "utsatt": return DiscrepancyType.STOPPED_BUT_CONTINUED;
      case "annat": return DiscrepancyType.OTHER;
      default:
        throw new IllegalArgumentException("okänd typ '" + word + "' (utelämnad, tillagd, dos, frekvens, väg, läkemedel, dubbel, form, utsatt, annat)");
    }
  }

  private static DiscrepancyIntent intent(String word) {
    switch (word.toLowerCase(Locale.ROOT)) {
      case "dokumenterad": return DiscrepancyIntent.DOCUMENTED_INTENTIONAL;
      case "odokumenterad": return DiscrepancyIntent.UNDOCUMENTED_INTENTIONAL;
      case "oavsiktlig": return DiscrepancyIntent.UNINTENTIONAL;
      case "oklar": return DiscrepancyIntent.UNCLEAR;
      default:
        throw new IllegalArgumentException("okänd avsikt '" + word + "' (dokumenterad, odokumenterad, oavsiktlig, oklar)");
    }
  }

  private void conflicts() {
    List<ConflictRecord> list = current == null ? nara.conflicts().open() : nara.conflicts().forPatient(current.id());
    if (list.isEmpty()) {
      out.println("Inga konflikter" + (current == null ? " att granska." : " för patienten."));
      return;
    }
    java.util.Map<String, String> staff = staffNames();
    for (ConflictRecord c : list) {
      out.println("  " + describe(c.entityType(), c.entityId()) + ": " + Labels.fields(c.fields()) + " – "
          + (c.status() == null ? "" : c.status().label()));
      side("Servern:  ", Labels.values(c.serverValue(), staff), who(c.serverAuthor(), staff)
          + (c.serverDeviceTime() == null ? "" : ", " + TIME.format(c.serverDeviceTime())));
      side("Plattan:  ", Labels.values(c.deviceValue(), staff), who(c.deviceAuthor(), staff)
          + (c.deviceTime() == null ? "" : ", " + TIME.format(c.deviceTime())));
      if (c.resultValue() != null) {
        out.println("    Gäller nu: " + Labels.values(c.resultValue(), staff));
      }
      out.println("    Regel: " + (c.ruleLabel() != null ? c.ruleLabel() : c.rule()));
    }
  }

  /**
   * One side of a conflict with who wrote it: after the values on one line, or, when a value has
   * lines of its own (a merged note), in the heading so it does not trail the text.
   */
  private void side(String title, String values, String author) {
    if (values.indexOf('\n') < 0) {
      out.println("    " + title + values + "  (" + author + ")");
    } else {
      out.println("    " + title.substring(0, title.indexOf(':')) + " (" + author + "): " + values);
    }
  }

  /**
   * Staff ids to names, from the team and staff directory the tablet pulls; the signed-in user is
   * marked "(du)".
   */
  private java.util.Map<String, String> staffNames() {
    java.util.Map<String, String> staff = new java.util.HashMap<>();
    for (Staff s : nara.directory().allStaff()) {
      staff.put(s.id(), s.name());
    }
    Session session = nara.session();
    if (session != null) {
      staff.put(session.staffId(), session.staffName() + " (du)");
    }
    return staff;
  }

  /** A staff id as a name; "annan personal" for someone not in the tablet's directory (not synced yet). */
  private static String who(String staffId, java.util.Map<String, String> staff) {
    return staffId == null ? "okänd" : staff.getOrDefault(staffId, "annan personal");
  }

  private void sync() {
    out.println("Synkar…");
    // Nobody signed in: the SDK's sync only hands the last user's queued work over in her name
    // (sdk-guide section 11) and then says UNAUTHENTICATED. That is not a failure when her work went.
    boolean signedOut = nara.session() == null;
    int waitingBefore = signedOut ? nara.syncStatus().pendingCount() : 0;
    try {
      SyncResult result =
          nara.sync(
              new SyncProgress() {
                @Override
                public void priorityDataReady(int records) {
                  out.println("  Dagens besök och patienter är klara (" + records + " poster) – resten hämtas.");
                }

                @Override
                public void pulled(int received, int expectedTotal) {
                  if (expectedTotal > 0) {
                    int width = 30;
                    int filled = (int) Math.min(width, (long) received * width / expectedTotal);
                    StringBuilder bar = new StringBuilder("  [");
                    for (int i = 0; i < width; i++) {
                      bar.append(i < filled ? '#' : ' ');
                    }
                    out.println(bar.append("] ").append(received).append(" / ").append(expectedTotal));
                  }
                }
              });
      out.println("Klart: skickade " + result.pushed() + (result.pushed() == 1 ? " ändring (" : " ändringar (") + result.applied() + " sparade, "
          + result.merged() + " sammanfogade, " + result.conflicts() + " i konflikt, " + result.rejected()
          + " avvisade), hämtade " + result.pulled() + " poster på " + result.durationMillis() + " ms.");
      if (result.rejected() > 0) {
        out.println("  " + result.rejected() + (result.rejected() == 1 ? " ändring avvisades" : " ändringar avvisades")
            + " av servern – skriv 'status' för att se varför.");
      }
    } catch (SyncException e) {
      int sent = waitingBefore - nara.syncStatus().pendingCount();
      if (signedOut && sent > 0 && "UNAUTHENTICATED".equals(e.code()) && e.httpStatus() == 0) {
        // lastName: who signed in last in this run, so who signed out; unknown after a restart.
        String whose = lastName != null ? lastName + "s" : "den utloggades";
        out.println((lastName != null ? whose : "Den utloggades") + " osynkade "
            + (sent == 1 ? "ändring (1) är skickad" : "ändringar (" + sent + ") är skickade") + " i " + whose
            + " namn, och sessionen är avslutad på servern.");
        out.println("Ingen är inloggad på plattan – logga in för att synka.");
        return;
      }
      out.println("Synken misslyckades: " + swedish(e) + (e.isRetryable() ? ". Inget är förlorat, försök igen senare." : "."));
      if (serverWasRestored(e.code())) {
        printRestoreHint();
      }
    }
  }

  private void printRestoreHint() {
    out.println("Servern har återställts från en säkerhetskopia. Allt finns kvar på plattan. Skriv 'återställ' för"
        + " att skicka det servern saknar till teamledaren för granskning och hämta om allt.");
  }

  private static boolean serverWasRestored(String code) {
    return "CURSOR_AHEAD".equals(code) || "MUTATION_GAP".equals(code);
  }

  private void recover(List<String> words) {
    boolean confirmed = !words.isEmpty() && words.get(0).equalsIgnoreCase("ja");
    // The SDK keeps the last failed sync's code, so this holds after a restart of the app too.
    String lastSyncCode = nara.syncStatus().lastErrorCode();
    if (!serverWasRestored(lastSyncCode) && !confirmed) {
      // Recovery re-offers every record to the server and puts what it lacks in the team
      // leader's review queue: only for after a restore, which the sync reports itself.
      out.println("'återställ' används bara efter att servern har återställts från en säkerhetskopia. Då säger synken"
          + " det själv (\"Servern har återställts från en säkerhetskopia\").");
      out.println("Senaste synken visade inget sådant" + (lastSyncCode == null ? "" : " (felkod " + lastSyncCode + ")")
          + ", så inget har gjorts. Skriv 'sync' först; om IT eller teamledaren har bett dig återställa, skriv"
          + " 'återställ ja'.");
      return;
    }
    try {
      int lost = nara.recoverFromServerRestore();
      out.println(lost == 0 ? "Klart: servern saknade inget från plattan; plattan har hämtat om allt och synkat." : "Klart: " + lost + " poster som servern saknade väntar nu på teamledarens granskning;"
          + " plattan har hämtat om allt och synkat.");
    } catch (SyncException e) {
      out.println("Återställningen avbröts: " + swedish(e) + ". Försök igen, den fortsätter där den slutade.");
    }
  }

  private void status() {
    SyncStatus s = nara.syncStatus();
    Session session = nara.session();
    if (session != null) {
      List<String> teams = new ArrayList<>();
      for (String teamId : session.teamIds()) {
        Team t = nara.directory().team(teamId);
        if (t != null) {
          teams.add(t.name());
        }
      }
      out.println("  Inloggad:       " + session.staffName() + (teams.isEmpty() ? "" : ", " + String.join(", ", teams)));
    }
    out.println("  Väntar på synk: " + s.pendingCount()
        + (s.oldestPendingAt() == null ? "" : " (äldsta " + TIME.format(s.oldestPendingAt()) + ")"));
    out.println("  Senaste synk:   " + (s.lastSuccessfulSync() == null ? "aldrig" : TIME.format(s.lastSuccessfulSync())));
    out.println("  Konflikter:     " + s.openConflicts());
    if (s.dataExpiresAt() != null && s.dataExpiresAt().isBefore(clock.instant().plus(java.time.Duration.ofHours(12)))) {
      out.println("  Synka före " + TIME.format(s.dataExpiresAt()) + ", annars tas patientdata bort från plattan.");
    }
    if (s.dataExpiredAt() != null) {
      out.println("  Patientdata borttagen " + TIME.format(s.dataExpiredAt())
          + ": för länge sedan senaste synk. Dina osynkade ändringar finns kvar; synka för att hämta patienterna igen.");
    }
    if (s.lastError() != null) {
      String said = swedishForCode(s.lastErrorCode());
      out.println("  Senaste fel:    " + (said == null ? s.lastError() : said + " (tekniskt: " + s.lastError() + ")")
          + (s.lastErrorCode() == null ? "" : " [" + s.lastErrorCode() + "]"));
      if (serverWasRestored(s.lastErrorCode())) {
        printRestoreHint();
      }
    }
    rejectedList = new ArrayList<>(s.rejected());
    java.util.Map<String, String> staff = rejectedList.isEmpty() ? null : staffNames();
    for (int i = 0; i < rejectedList.size(); i++) {
      RejectedChange r = rejectedList.get(i);
      out.println("  Avvisad " + (i + 1) + ": " + describe(r.entityType(), r.entityId()) + " – " + reasonOf(r.code())
          + " (servern: " + r.message() + ")");
      if (!r.isBy(nara.session())) {
        out.println("    Ändringen är " + (r.authorName() == null ? "en kollegas" : r.authorName() + "s")
            + ": bara hon eller han kan släppa den.");
      }
      String onServer = serverValues(r, staff);
      if (onServer != null) {
        out.println("    Servern har: " + onServer);
      }
    }
    if (!rejectedList.isEmpty()) {
      out.println("  Skriv 'släpp <nr>' när du har sett en avvisad ändring: den tas bort från plattan och serverns värde"
          + " gäller.");
    }
  }

  private List<RejectedChange> rejectedList = new ArrayList<>();

  /**
   * What the server has for the fields a refused change set, in staff words ("läge = Ej
   * kontrollerad"), or null when the server has no copy (a refused new record).
   */
  private String serverValues(RejectedChange r, java.util.Map<String, String> staff) {
    EntityType type = EntityType.fromWireName(r.entityType());
    Object copy = type == null ? null : nara.serverCopy(type.modelClass(), r.entityId());
    if (copy == null || r.fields().isEmpty()) {
      return null;
    }
    com.google.gson.JsonObject all = Json.toData(copy);
    com.google.gson.JsonObject shown = new com.google.gson.JsonObject();
    for (String field : r.fields()) {
      shown.add(field, all.has(field) ? all.get(field) : com.google.gson.JsonNull.INSTANCE);
    }
    return Labels.values(shown.toString(), staff);
  }

  /** Drops a refused change the nurse has seen: the record shows the server's value again. */
  private void discard(List<String> words) {
    if (rejectedList.isEmpty()) {
      throw new IllegalStateException("inga avvisade ändringar att släppa – skriv 'status' för att se dem");
    }
    int n = number(words, rejectedList.size(), "avvisad ändring (se 'status')");
    RejectedChange r = rejectedList.get(n - 1);
    boolean discarded;
    try {
      discarded = nara.discardRejected(r.mutationId());
    } catch (se.nara.sdk.NotTheAuthorException e) {
      String who = e.authorName() == null ? "en kollega" : e.authorName();
      out.println("  Ändringen är " + who + "s och kan bara släppas av " + who
          + " (servern har inget annat exemplar av värdet). Säg till " + who + " eller teamledaren; behövs värdet nu,"
          + " för in det igen i ditt eget namn.");
      return;
    }
    if (discarded) {
      items = new ArrayList<>();
      out.println("  Släppt: " + describe(r.entityType(), r.entityId()) + ". Serverns värde gäller.");
    } else {
      out.println("  Den ändringen finns inte längre bland de avvisade.");
    }
    rejectedList = new ArrayList<>(nara.syncStatus().rejected());
  }

  /** A record as staff name it: what it is, its label, and whose it is. */
  private String describe(String entityType, String entityId) {
    String what = typeLabel(entityType);
    String patientId = null;
    if ("checklist_item".equals(entityType)) {
      ChecklistItem item = nara.checklists().item(entityId);
      if (item != null) {
        what += " \"" + item.label() + "\"";
        patientId = item.patientId();
      }
    } else if ("visit".equals(entityType)) {
      Visit v = nara.visits().get(entityId);
      if (v != null) {
        what += v.plannedStart() == null ? "" : " " + TIME.format(v.plannedStart());
        patientId = v.patientId();
      }
    } else if ("medication_line".equals(entityType)) {
      se.nara.sdk.model.MedicationLine line = nara.medications().line(entityId);
      if (line != null) {
        what += line.drugName() == null ? "" : " " + line.drugName() + (line.strength() == null ? "" : " " + line.strength());
        patientId = line.patientId();
      }
    } else if ("plan_goal".equals(entityType)) {
      se.nara.sdk.model.PlanGoal g = nara.plans().goal(entityId);
      if (g != null) {
        what += g.description() == null ? "" : " \"" + g.description() + "\"";
        patientId = g.patientId();
      }
    } else if ("plan_action".equals(entityType)) {
      PlanAction a = nara.plans().action(entityId);
      if (a != null) {
        what += a.description() == null ? "" : " \"" + a.description() + "\"";
        patientId = a.patientId();
      }
    }
    Patient p = patientId == null ? null : nara.patients().get(patientId);
    return (p == null ? "" : p.name() + ", ") + what;
  }

  private static String typeLabel(String entityType) {
    switch (entityType == null ? "" : entityType) {
      case "checklist_item": return "checklistpunkt";
      case "discharge_checklist": return "utskrivningschecklista";
      case "medication_line": return "läkemedelsrad";
      case "medication_list": return "läkemedelslista";
      case "medication_check": return "läkemedelsavstämning";
      case "medication_line_check": return "avstämd läkemedelsrad";
      case "discrepancy": return "avvikelse i läkemedelsavstämning";
      case "visit": return "besök";
      case "deviation": return "avvikelse";
      case "plan": return "plan";
      case "plan_goal": return "mål i planen";
      case "plan_action": return "insats";
      case "care_episode": return "vårdtillfälle";
      default: return String.valueOf(entityType);
    }
  }

  /**
   * Nödåtkomst: the patient's medication lists read from the server, shown once and kept nowhere;
   * the reason goes to the access log for the MAS's follow-up.
   */
  private void emergency(List<String> words) {
    if (words.size() < 2) {
      out.println("Användning: nödåtkomst <personnummer> <orsak, minst 10 tecken>");
      return;
    }
    String number = words.remove(0);
    String reason = String.join(" ", words);
    // Checked here first so the nurse gets a Swedish answer at once; the server checks again.
    if (!Personnummer.isValid(number)) {
      out.println("Nödåtkomst nekad: " + number + " är inget giltigt personnummer eller samordningsnummer.");
      return;
    }
    if (reason.strip().length() < EmergencyAccessRequest.MIN_REASON) {
      out.println("Nödåtkomst nekad: skriv varför du behöver åtkomst nu (minst " + EmergencyAccessRequest.MIN_REASON
          + " tecken). Orsaken loggas och följs upp av MAS.");
      return;
    }
    try {
      EmergencyView view = nara.emergencyAccess(number, reason);
      Patient p = view.patient();
      out.println("NÖDÅTKOMST " + TIME.format(view.openedAt()) + " – loggad med din orsak och följs upp av MAS."
          + " Inget sparas på plattan.");
      out.println((p == null ? "Patient" : p.name() + " " + masked(p)));
      for (MedicationList list : view.recordsOf(MedicationList.class)) {
        out.println("  " + (list.source() == null ? "Lista" : list.source().label()) + ":");
        for (MedicationLine line : view.recordsOf(MedicationLine.class)) {
          if (list.id().equals(line.listId())) {
            out.println("    " + line.drugName() + " " + (line.strength() == null ? "" : line.strength()) + ", "
                + (line.dose() == null ? "" : line.dose()) + " " + (line.frequency() == null ? "" : line.frequency()));
          }
        }
      }
    } catch (SyncException e) {
      String why;
      switch (e.code() == null ? "" : e.code()) {
        case "ALREADY_IN_CARE":
          why = "patienten är ditt teams – synka och öppna den som vanligt";
          break;
        case "NOT_FOUND":
          why = "ingen patient med det numret finns i Nära";
          break;
        default:
          why = swedish(e);
      }
      out.println("Nödåtkomst nekad: " + why);
    }
  }

  /**
   * A failed sync, sign-in or server call in the staff's words: by the server's code where it has
   * one, else by the kind of failure. The server's English text follows only where it helps support.
   */
  static String swedish(SyncException e) {
    String code = e.code() == null ? "" : e.code();
    if (code.equals("UNAUTHENTICATED") && e.httpStatus() == 0) {
      return "du är inte inloggad på plattan – logga in först";
    }
    if (code.equals("VALIDATION_FAILED") || code.equals("MALFORMED_REQUEST")) {
      return "servern godtog inte uppgifterna – " + e.getMessage();
    }
    String said = swedishForCode(code);
    if (said != null) {
      return said;
    }
    if (e instanceof se.nara.sdk.OfflineException) {
      return "servern går inte att nå (inget nätverk, eller servern är nere)";
    }
    if (e instanceof se.nara.sdk.SyncCancelledException) {
      return "synken avbröts";
    }
    if (e instanceof se.nara.sdk.AuthenticationException) {
      return "servern godtog inte inloggningen – logga in igen";
    }
    if (e instanceof se.nara.sdk.ServerException) {
      return "fel på servern (tekniskt: " + e.getMessage() + ")";
    }
    return "oväntat svar från servern – kontakta support (tekniskt: " + e.getMessage() + ")";
  }

  /** A stable error code in the staff's words, or null when it has none of its own. */
  static String swedishForCode(String code) {
    switch (code == null ? "" : code) {
      case "INVALID_CREDENTIALS":
        return "fel användarnamn eller lösenord";
      case "ACCOUNT_LOCKED":
        return "kontot är tillfälligt låst efter för många misslyckade inloggningar – vänta en stund och försök igen";
      case "UNAUTHENTICATED":
        return "inloggningen har gått ut – logga in igen";
      case "DEVICE_SECRET_MISMATCH":
        return "plattans databas hör inte till den här enheten hos servern – kontakta IT";
      case "DEVICE_REVOKED":
        return "plattan är spärrad (anmäld borttappad) och patientdata har tagits bort från den – kontakta IT";
      case "FORBIDDEN":
        return "du har inte behörighet till detta";
      case "NOT_FOUND":
        return "det finns inte på servern";
      case "VALIDATION_FAILED":
      case "MALFORMED_REQUEST":
        return "servern godtog inte uppgifterna";
      case "UNSUPPORTED_PROTOCOL_VERSION":
        return "appen och servern har olika versioner – uppdatera appen";
      case "CURSOR_AHEAD":
      case "MUTATION_GAP":
        return "servern har återställts från en säkerhetskopia";
      case "UNAVAILABLE":
        return "servern startar eller stängs av just nu";
      case NaraClient.UNSYNCED_CHANGES_OF_ANOTHER_USER:
        return "den som var inloggad har osynkade ändringar på plattan och behöver logga in och synka först";
      default:
        return null;
    }
  }

  private void help() {
    out.println("Kommandon:");
    out.println("  login <användare> <lösenord>   logga in (kräver nätverk)");
    out.println("  loggaut                        logga ut vid passets slut (fungerar utan nätverk)");
    out.println("  återställ                      bara efter att servern återställts från säkerhetskopia (synken säger till)");
    out.println("  patienter                      teamets patienter");
    out.println("  öppna <nr>                     öppna en patient");
    out.println("  checklista                     utskrivningschecklistan");
    out.println("  bocka <nr> [klar|saknas|ej-aktuell|ej-kontrollerad] [anteckning]");
    out.println("  bocka <nr> återöppna <skäl>    öppna en bekräftad punkt igen (skäl krävs)");
    out.println("  idag                           dina besök idag");
    out.println("  läkemedel                      läkemedelslistorna");
    out.println("  avstämning start               läkemedelsavstämning rad för rad (sedan: avstämning <nr> ok|avvikelse …, avstämning klar)");
    out.println("  avvikelser                     patientens avvikelser (avvikelserapporter)");
    out.println("  avvikelse <nr> <registrerad|utreds|åtgärdad|avslutad> [skäl]  ny status; bakåt kräver skäl");
    out.println("  konflikter                     konflikter för patienten (eller alla öppna)");
    out.println("  besök <anteckning>             registrera ett genomfört besök");
    out.println("  offline / online               stäng av eller slå på nätverket");
    out.println("  sync                           synka med servern");
    out.println("  status                         synkstatus, konflikter och avvisade ändringar");
    out.println("  släpp <nr>                     ta bort en egen avvisad ändring (numren i 'status'); serverns värde gäller");
    out.println("  signera                        signera patientens osignerade plan (SIP)");
    out.println("  nödåtkomst <personnr> <orsak>  läs en patient utanför teamet i ett akut läge (kräver nätverk, loggas)");
    out.println("  hjälp                          den här listan");
    out.println("  avsluta");
    out.println("(SDK:ns logg skrivs till <db>.log; starta med --verbose för att se den här.)");
  }

  private List<Deviation> deviationList = new ArrayList<>();

  /**
   * Lists the open patient's deviations, or with a number and a status moves one: forward freely,
   * back only with a reason (the SDK refuses it without one, as the server would).
   */
  private void deviations(List<String> words) {
    requirePatient();
    if (words.isEmpty()) {
      deviationList = new ArrayList<>(nara.checklists().deviations(current.id()));
      if (deviationList.isEmpty()) {
        out.println("Inga avvikelser för " + current.name() + ".");
        return;
      }
      out.println("Avvikelser för " + current.name() + ":");
      for (int i = 0; i < deviationList.size(); i++) {
        Deviation d = deviationList.get(i);
        out.printf("  %2d  [%-16s] %s%s%n", i + 1, d.status() == null ? "?" : d.status().label(), d.description(),
            d.statusReason() == null ? "" : "  (skäl: " + d.statusReason() + ")");
      }
      return;
    }
    if (deviationList.isEmpty()) {
      deviationList = new ArrayList<>(nara.checklists().deviations(current.id()));
    }
    int n = number(words, deviationList.size(), "avvikelse (kör 'avvikelser' först)");
    if (words.size() < 2) {
      throw new IllegalArgumentException("ange ny status: registrerad, utreds, åtgärdad eller avslutad");
    }
    DeviationStatus status = deviationStatus(words.get(1));
    Deviation listed = deviationList.get(n - 1);
    // The deviation as it stands now (the list may be older than the last sync or change).
    Deviation before = nara.checklists().deviations(current.id()).stream()
        .filter(d -> d.id().equals(listed.id())).findFirst().orElse(listed);
    String reason = text(words, 2);
    DeviationStatus now = before.status() == null ? DeviationStatus.REGISTERED : before.status();
    if (now == status) {
      // Setting the status it already has changes nothing: no change is queued for the server.
      deviationList.set(n - 1, before);
      out.println("  Avvikelsen är redan " + status.label() + " – ingen ändring köades."
          + (reason == null || reason.isBlank() ? "" : " Skälet sparas bara när statusen ändras."));
      return;
    }
    if (before.status() != null && status.ordinal() < before.status().ordinal() && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("en avvikelse flyttas bara tillbaka med ett skäl: avvikelse " + n + " "
          + words.get(1) + " <skäl>");
    }
    Deviation updated = nara.checklists().setDeviationStatus(before.id(), status, reason);
    deviationList.set(n - 1, updated);
    out.println("  " + updated.description() + ": " + updated.status().label()
        + " (" + syncLabel(nara.syncStateOf(updated.id())) + ")");
  }

  private static DeviationStatus deviationStatus(String word) {
    switch (word.toLowerCase(Locale.ROOT)) {
      case "registrerad":
        return DeviationStatus.REGISTERED;
      case "utreds":
      case "utredning":
        return DeviationStatus.INVESTIGATING;
      case "åtgärdad":
        return DeviationStatus.ACTIONED;
      case "avslutad":
        return DeviationStatus.CLOSED;
      default:
        throw new IllegalArgumentException("okänd status '" + word + "': registrerad, utreds, åtgärdad eller avslutad");
    }
  }

  /** Signs the open patient's unsigned plan (the SDK records which goals and actions were shown). */
  private void signPlan() {
    requirePatient();
    Plan unsigned = null;
    for (Plan plan : nara.plans().forPatient(current.id())) {
      if (plan.signedAt() == null && plan.amendsId() == null) {
        unsigned = plan;
        break;
      }
    }
    if (unsigned == null) {
      out.println("  Patienten har ingen osignerad plan.");
      return;
    }
    Plan signed = nara.plans().sign(unsigned.id());
    out.println("  " + (signed.planType() == null ? "Planen" : signed.planType().label()) + " signerad av dig "
        + TIME.format(signed.signedAt()) + " (" + syncLabel(nara.syncStateOf(signed.id())) + "), med "
        + nara.plans().goals(signed.id()).size() + " mål och " + nara.plans().actions(signed.id()).size() + " insatser som du ser dem nu."
        + " Ändrar någon annan dem innan synk, får teamledaren granska det.");
  }

  private void requirePatient() {
    if (current == null) {
      throw new IllegalStateException("öppna en patient först ('patienter', sedan 'öppna <nr>')");
    }
  }

  private static int number(List<String> words, int max, String what) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("ange nummer på " + what);
    }
    int n;
    try {
      n = Integer.parseInt(words.get(0));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + words.get(0) + "' är inte ett nummer");
    }
    if (max == 0) {
      throw new IllegalArgumentException("det finns ingen " + what + " att välja");
    }
    if (n < 1 || n > max) {
      throw new IllegalArgumentException("ange ett nummer mellan 1 och " + max + " för " + what);
    }
    return n;
  }

  private static String syncLabel(RecordSyncState state) {
    if (state == null) {
      return "-";
    }
    switch (state) {
      case PENDING:
        return "väntar på synk";
      case REJECTED:
        return "avvisad";
      case CONFLICT:
        return "i konflikt";
      default:
        return "synkad";
    }
  }

  private static String professionLabel(String profession) {
    try {
      return se.nara.sdk.model.Profession.valueOf(profession).label();
    } catch (IllegalArgumentException | NullPointerException e) {
      return String.valueOf(profession);
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
