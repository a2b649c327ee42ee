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

  void run(String userA, String userB, String leader, String password) throws SyncException, IOException {
    Files.createDirectories(dir);
    String run = UUID.randomUUID().toString().substring(0, 8);
    NetworkSwitch netA = new NetworkSwitch();
    NetworkSwitch netB = new NetworkSwitch();
    try (NaraClient a = tablet("a-" + run, netA);
        NaraClient b = tablet("b-" + run, netB)) {
      out.println("== Två surfplattor, samma patient ==");
      out.println("Platta A: " + a.login(userA, password.toCharArray()).staffName());
      out.println("Platta B: " + b.login(userB, password.toCharArray()).staffName());
      a.sync();
      b.sync();
      Patient patient = choosePatient(a);
      DischargeChecklist checklist = a.checklists().forPatient(patient.id()).get(0);
      ChecklistItem item = firstUnchecked(a, checklist.id());
      MedicationLine line = dischargeLine(a, patient.id());
      Plan plan = a.plans().forPatient(patient.id()).get(0);
      PlanAction action = a.plans().actions(plan.id()).get(0);
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

  private static Patient choosePatient(NaraClient tablet) {
    for (Patient p : tablet.patients().all()) {
      boolean ok = !tablet.checklists().forPatient(p.id()).isEmpty() && !tablet.plans().forPatient(p.id()).isEmpty();
      if (ok && tablet.medications().lists(p.id()).stream().anyMatch(l -> l.source() == ListSource.DISCHARGE_LIST)
          && tablet.checklists().items(tablet.checklists().forPatient(p.id()).get(0).id()).stream()
              .anyMatch(i -> i.state() == ItemState.UNCHECKED)) {
        return p;
      }
    }
    throw new IllegalStateException("no demo patient with a checklist, a plan and a discharge list");
  }

  private static ChecklistItem firstUnchecked(NaraClient tablet, String checklistId) {
    return tablet.checklists().items(checklistId).stream().filter(i -> i.state() == ItemState.UNCHECKED).findFirst().orElseThrow();
  }

  private static MedicationLine dischargeLine(NaraClient tablet, String patientId) {
    MedicationList list = tablet.medications().lists(patientId).stream()
        .filter(l -> l.source() == ListSource.DISCHARGE_LIST).findFirst().orElseThrow();
    return tablet.medications().lines(list.id()).get(0);
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
      for (JsonElement e : body.getAsJsonArray("conflicts")) {
        JsonObject v = e.getAsJsonObject();
        JsonObject c = v.getAsJsonObject("conflict");
        out.println("* [" + v.get("kind").getAsString() + "] " + v.get("patientName").getAsString() + " – " + c.get("entityType").getAsString()
            + " " + c.get("fields").toString());
        // What stands is the rule's result, which is the tablet's value when the tablet's side won
        // (a checklist item reported missing); the other side is kept beside it for the review.
        out.println("    gäller nu: " + c.get("resultValue").getAsString());
        out.println("    servern hade: " + c.get("serverValue").getAsString() + "   plattan skickade: " + c.get("deviceValue").getAsString());
        out.println("    regel: " + c.get("rule").getAsString());
      }
      out.println("Lös dem på " + server + "/teamledare (logga in som " + leader + ").");
    }
  }
}
