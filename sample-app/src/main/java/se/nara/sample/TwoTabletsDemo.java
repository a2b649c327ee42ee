package se.nara.sample;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import se.nara.sdk.NaraClient;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.Session;
import se.nara.sdk.SyncException;
import se.nara.sdk.SyncResult;
import se.nara.sdk.model.ActionStatus;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.DischargeChecklist;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.ListSource;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.MedicationList;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.Plan;
import se.nara.sdk.model.PlanAction;

/**
 * The scripted demo: two nurses of one team, two tablets, both offline in the same patient's
 * home, editing the same checklist item, medication line and plan action. Then both sync, and
 * the demo prints what the server made of it and the team leader's review queue.
 */
final class TwoTabletsDemo {
  private final String server;
  private final Path dir;
  private final PrintStream out;

  TwoTabletsDemo(String server, Path dir, PrintStream out) {
    this.server = server;
    this.dir = dir;
    this.out = out;
  }

  /** The demo cannot run as asked; the message is for the person at the terminal (Swedish). */
  static final class DemoException extends Exception {
    private static final long serialVersionUID = 1L;

    DemoException(String message) {
      super(message);
    }
  }

  void run(String userA, String userB, String leader, String password) throws SyncException, IOException, DemoException {
    Files.createDirectories(dir);
    String run = UUID.randomUUID().toString().substring(0, 8);
    NetworkSwitch netA = new NetworkSwitch();
    NetworkSwitch netB = new NetworkSwitch();
    try (NaraClient a = tablet("a-" + run, netA);
        NaraClient b = tablet("b-" + run, netB)) {
      out.println("== Två surfplattor, samma patient ==");
      Session sessionA = a.login(userA, password.toCharArray());
      Session sessionB = b.login(userB, password.toCharArray());
      if (java.util.Collections.disjoint(sessionA.teamIds(), sessionB.teamIds())) {
        throw new DemoException("sjuksköterskorna måste vara i samma team (" + sessionA.staffName() + " och "
            + sessionB.staffName() + " är det inte)");
      }
      staff.put(sessionA.staffId(), sessionA.staffName());
      staff.put(sessionB.staffId(), sessionB.staffName());
      out.println("Platta A: " + sessionA.staffName());
      out.println("Platta B: " + sessionB.staffName());
      a.sync();
      b.sync();
      Choice choice = choose(a);
      Patient patient = choice.patient;
      ChecklistItem item = choice.item;
      MedicationLine line = choice.line;
      PlanAction action = choice.action;
      demoEntities.add(item.id());
      demoEntities.add(line.id());
      demoEntities.add(action.id());
      out.println("Patient: " + patient.name());
      out.println();

      out.println("-- Båda plattorna tappar nätet i patientens hem --");
      netA.setOnline(false);
      netB.setOnline(false);
      a.checklists().setState(item.id(), ItemState.DONE, "Kontrollerat i hemmet av platta A");
      a.medications().updateLine(line.toBuilder().dose("2 tabletter").build());
      a.plans().updateAction(action.toBuilder().status(ActionStatus.DONE).build());
      out.println("A: \"" + item.label() + "\" = Klar; " + line.drugName() + " dos = 2 tabletter; insats = Utförd");
      b.checklists().setState(item.id(), ItemState.MISSING, "Saknas enligt platta B");
      b.medications().updateLine(b.medications().lines(line.listId()).stream()
          .filter(l -> l.id().equals(line.id())).findFirst().orElseThrow().toBuilder().dose("1/2 tablett").build());
      b.plans().updateAction(b.plans().action(action.id()).toBuilder().performer("Hemtjänst Väster").build());
      out.println("B: \"" + item.label() + "\" = Saknas; " + line.drugName() + " dos = 1/2 tablett; utförare = Hemtjänst Väster");
      out.println("A väntar med " + a.syncStatus().pendingCount() + " ändringar, B med " + b.syncStatus().pendingCount() + ".");
      out.println();

      out.println("-- Nätet är tillbaka: A synkar först, sedan B --");
      netA.setOnline(true);
      netB.setOnline(true);
      SyncResult ra = a.sync();
      SyncResult rb = b.sync();
      a.sync();
      out.println("A: " + describe(ra));
      out.println("B: " + describe(rb));
      out.println();

      out.println("== Resultatet på servern (samma på båda plattorna) ==");
      ChecklistItem merged = a.checklists().item(item.id());
      out.println("Checklista: " + merged.label() + " = " + merged.state().label() + "  [" + state(a.syncStateOf(item.id())) + "]");
      out.println("  Anteckning: " + merged.note().replace("\n", "\n              "));
      MedicationLine mergedLine = a.medications().lines(line.listId()).stream().filter(l -> l.id().equals(line.id())).findFirst().orElseThrow();
      out.println("Läkemedel: " + mergedLine.drugName() + " dos = " + mergedLine.dose() + "  [" + state(a.syncStateOf(line.id())) + "]");
      PlanAction mergedAction = a.plans().action(action.id());
      out.println("Insats: status = " + mergedAction.status().label() + ", utförare = " + mergedAction.performer()
          + "  [" + state(a.syncStateOf(action.id())) + "]");
      out.println("Inget värde har gått förlorat: det som inte vann finns i konfliktposter.");
      out.println();
      printQueue(leader, password);
    }
  }

  private NaraClient tablet(String name, NetworkSwitch network) {
    return NaraClient.builder()
        .serverUrl(server)
        .databasePath(dir.resolve(name + ".db").toString())
        .deviceName("Demo " + name)
        .httpClient(new OkHttpClient.Builder().addInterceptor(network).build())
        .build();
  }

  /** Staff ids of the two nurses, for showing names instead of ids. */
  private final java.util.Map<String, String> staff = new java.util.HashMap<>();
  /** The records this run edits: the review queue shows theirs, not an earlier run's. */
  private final java.util.Set<String> demoEntities = new java.util.HashSet<>();

  /** The patient and the records one run edits. */
  private static final class Choice {
    Patient patient;
    ChecklistItem item;
    MedicationLine line;
    PlanAction action;
  }

  /**
   * A patient with an unchecked item, a discharge-list line and a plan action that no earlier run
   * touched (synced, no conflict, not already at the values the demo writes), so a rerun against
   * the same server shows the same story on fresh records.
   */
  private static Choice choose(NaraClient tablet) throws DemoException {
    for (Patient p : tablet.patients().all()) {
      Choice c = new Choice();
      c.patient = p;
      for (DischargeChecklist list : tablet.checklists().forPatient(p.id())) {
        for (ChecklistItem i : tablet.checklists().items(list.id())) {
          if (c.item == null && i.state() == ItemState.UNCHECKED && untouched(tablet, i.id())) {
            c.item = i;
          }
        }
      }
      for (MedicationList list : tablet.medications().lists(p.id())) {
        if (list.source() != ListSource.DISCHARGE_LIST) {
          continue;
        }
        for (MedicationLine l : tablet.medications().lines(list.id())) {
          if (c.line == null && untouched(tablet, l.id()) && !"2 tabletter".equals(l.dose()) && !"1/2 tablett".equals(l.dose())) {
            c.line = l;
          }
        }
      }
      for (Plan plan : tablet.plans().forPatient(p.id())) {
        for (PlanAction a : tablet.plans().actions(plan.id())) {
          if (c.action == null && untouched(tablet, a.id()) && a.status() != ActionStatus.DONE
              && !"Hemtjänst Väster".equals(a.performer())) {
            c.action = a;
          }
        }
      }
      if (c.item != null && c.line != null && c.action != null) {
        return c;
      }
    }
    throw new DemoException("demodatan är redan använd av tidigare körningar – starta servern med färsk demodata"
        + " (ta bort serverns databas) och kör igen");
  }

  private static boolean untouched(NaraClient tablet, String id) {
    return tablet.syncStateOf(id) == RecordSyncState.SYNCED && tablet.conflicts().forEntity(id).isEmpty();
  }

  private static String string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }

  private static String describe(SyncResult r) {
    return "skickade " + r.pushed() + " (" + r.applied() + " sparade, " + r.merged() + " sammanfogade, "
        + r.conflicts() + " i konflikt, " + r.rejected() + " avvisade)";
  }

  private static String state(RecordSyncState state) {
    return state == RecordSyncState.CONFLICT ? "i konflikt – väntar på granskning" : state == RecordSyncState.SYNCED ? "synkad" : String.valueOf(state);
  }

  /** The team leader's review queue, through the review API. */
  private void printQueue(String leader, String password) throws IOException {
    OkHttpClient http = new OkHttpClient();
    MediaType json = MediaType.get("application/json");
    String login = "{\"username\":\"" + leader + "\",\"password\":\"" + password + "\",\"deviceId\":\"" + UUID.randomUUID()
        + "\",\"deviceName\":\"two-tablets-demo\"}";
    String token;
    try (Response r = http.newCall(new Request.Builder().url(server + "/api/v1/auth/login").header("Nara-Protocol-Version", "1")
        .post(RequestBody.create(login, json)).build()).execute()) {
      JsonObject body = JsonParser.parseString(r.body().string()).getAsJsonObject();
      if (!r.isSuccessful()) {
        out.println("(Kunde inte logga in som teamledare: " + body.get("message").getAsString() + ")");
        return;
      }
      token = body.get("token").getAsString();
    }
    try (Response r = http.newCall(new Request.Builder().url(server + "/api/v1/review/conflicts").header("Nara-Protocol-Version", "1")
        .header("Authorization", "Bearer " + token).build()).execute()) {
      JsonObject body = JsonParser.parseString(r.body().string()).getAsJsonObject();
      out.println("== Teamledarens granskningskö (" + leader + ") ==");
      int earlier = 0;
      for (JsonElement e : body.getAsJsonArray("conflicts")) {
        JsonObject v = e.getAsJsonObject();
        JsonObject c = v.getAsJsonObject("conflict");
        if (!demoEntities.contains(c.get("entityId").getAsString())) {
          earlier++;
          continue;
        }
        java.util.List<String> fields = new java.util.ArrayList<>();
        c.getAsJsonArray("fields").forEach(f -> fields.add(f.getAsString()));
        out.println("* [" + Labels.kind(v.get("kind").getAsString()) + "] " + v.get("patientName").getAsString() + " – "
            + Labels.fields(fields));
        // What stands is the rule's result, which is the tablet's value when the tablet's side won
        // (a checklist item reported missing); the other side is kept beside it for the review.
        out.println("    gäller nu: " + Labels.values(string(c, "resultValue"), staff));
        out.println("    servern hade: " + Labels.values(string(c, "serverValue"), staff));
        out.println("    plattan skickade: " + Labels.values(string(c, "deviceValue"), staff));
        String label = string(c, "ruleLabel");
        out.println("    regel: " + (label != null ? label : string(c, "rule")));
      }
      if (earlier > 0) {
        out.println("(" + earlier + (earlier == 1 ? " äldre konflikt" : " äldre konflikter")
            + " i kön, från tidigare körningar eller andra plattor.)");
      }
      out.println("Lös dem på " + server + "/teamledare (logga in som " + leader + ").");
    }
  }
}
