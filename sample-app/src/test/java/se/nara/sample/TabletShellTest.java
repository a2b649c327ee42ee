package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.NaraClient;
import se.nara.server.NaraServer;

/** Drives the tablet simulator's commands against a real server with demo data. */
class TabletShellTest {
  @TempDir Path dir;
  NaraServer server;

  @BeforeEach
  void start() {
    server = DemoServer.start(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String run(String db, String script) throws Exception {
    return run(db, script, Clock.systemUTC());
  }

  private String run(String db, String script, Clock deviceClock) throws Exception {
    NetworkSwitch network = new NetworkSwitch();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (NaraClient nara =
        NaraClient.builder()
            .serverUrl(server.url())
            .databasePath(dir.resolve(db).toString())
            .httpClient(new OkHttpClient.Builder().addInterceptor(network).build())
            .clock(deviceClock)
            .build()) {
      new TabletShell(nara, network, out, Clock.systemUTC()).run(new BufferedReader(new StringReader(script)));
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aNurseWorksOfflineThenSyncsAndAColleagueSeesIt() throws Exception {
    String anna =
        run("anna.db", String.join("\n",
            "login anna.ssk demo", "sync", "patienter", "öppna 1", "offline", "bocka 2 klar", "besök Allt lugnt", "sync",
            "status", "online", "sync", "status", "avsluta"));
    assertTrue(anna.contains("Inloggad som"), anna);
    assertTrue(anna.contains("(Sjuksköterska)"), anna);
    assertTrue(anna.contains("Teamets patienter:"), anna);
    assertTrue(anna.contains("Klar (väntar på synk)"), anna);
    assertTrue(anna.contains("Synken misslyckades: servern går inte att nå"), anna);
    assertTrue(anna.contains("Väntar på synk: 2"), "two changes wait while offline:\n" + anna);
    assertTrue(anna.contains("skickade 2 ändringar (2 sparade"), anna);
    assertTrue(anna.contains("Väntar på synk: 0"), anna);

    String erik = run("erik.db", String.join("\n", "login erik.ssk demo", "sync", "patienter", "öppna 1", "checklista", "avsluta"));
    assertTrue(erik.matches("(?s).*\\n\\s+2\\s+\\[Klar\\s*\\].*"), "Erik sees item 2 done:\n" + erik);
  }

  @Test
  void aDeviationMovesForwardFreelyAndBackOnlyWithAReason() throws Exception {
    String out = run("dev.db", String.join("\n",
        "login anna.ssk demo", "sync", "patienter", "öppna 1", "checklista", "bocka 7 saknas Rollatorn levererades inte", "avvikelser",
        "avvikelse 1 åtgärdad", "avvikelse 1 registrerad", "avvikelse 1 utreds Rollatorn kom men fel modell", "sync",
        "avvikelser", "avsluta"));
    assertTrue(out.contains("Avvikelser för"), out);
    assertTrue(out.contains("Åtgärdad"), out);
    assertTrue(out.contains("Fel: en avvikelse flyttas bara tillbaka med ett skäl"), "back without a reason is refused:\n" + out);
    assertTrue(out.contains("(skäl: Rollatorn kom men fel modell)"), out);
    String status = server.database().withReader(h -> h.createQuery(
            "SELECT data FROM records WHERE entity_type = 'deviation' AND data LIKE '%fel modell%'")
        .mapTo(String.class).one());
    assertTrue(status.contains("\"status\":\"INVESTIGATING\""), "the move back with its reason reached the server: " + status);
  }

  @Test
  void aDeviationAlreadyInTheAskedStatusQueuesNothing() throws Exception {
    String out = run("same.db", String.join("\n",
        "login anna.ssk demo", "sync", "patienter", "öppna 1", "bocka 7 saknas Rollatorn levererades inte", "sync", "avvikelser",
        "avvikelse 1 utreds", "sync", "avvikelse 1 utreds Fel modell", "avvikelse 1 utredning", "status", "avsluta"));
    assertTrue(out.contains("Avvikelsen är redan Under utredning – ingen ändring köades."), out);
    String after = out.substring(out.indexOf("Avvikelsen är redan"));
    assertTrue(after.contains("Väntar på synk: 0"), "nothing was queued:\n" + after);
    int changes = server.database().withReader(h -> h.createQuery(
            "SELECT version FROM records WHERE entity_type = 'deviation' AND data LIKE '%Rollatorn levererades inte%'")
        .mapTo(Integer.class).one());
    assertEquals(2, changes, "created, then moved to Under utredning once");
  }

  @Test
  void conflictsShowAMergedNoteOnItsOwnLinesAndTheStateFirst() throws Exception {
    run("a.db", String.join("\n", "login anna.ssk demo", "sync", "avsluta"));
    run("e.db", String.join("\n", "login erik.ssk demo", "sync", "patienter", "öppna 1", "bocka 2 saknas Rollatorn saknas", "sync",
        "avsluta"));
    String out = run("a.db", String.join("\n", "patienter", "öppna 1", "bocka 2 klar Rollatorn finns i hallen", "sync", "konflikter",
        "avsluta"));
    String conflicts = out.substring(out.lastIndexOf("Klart: skickade"));
    assertFalse(conflicts.contains(" / "), "no newlines shown as slashes:\n" + conflicts);
    assertTrue(conflicts.matches("(?s).*checklistpunkt \"[^\"]+\": läge, [^\n]*bekräftad av, bekräftad.*"),
        "the state first, then who confirmed it and when:\n" + conflicts);
    assertTrue(conflicts.matches("(?s).*\\n {8}Rollatorn (saknas|finns i hallen)\\n.*"), "note lines indented on their own lines:\n" + conflicts);
  }

  @Test
  void nodatkomstShowsAnotherTeamsMedicationListsOnceAndKeepsNothing() throws Exception {
    String[] other = DemoServer.patientOfAnotherTeam(server);
    String out = run("anna.db", String.join("\n", "login anna.ssk demo", "sync",
        "nödåtkomst " + other[1] + " kort", "nödåtkomst 19380412-0000 Täcker nattpass, teamet nås inte",
        "nödåtkomst " + other[1] + " Täcker nattpass, teamet nås inte",
        "offline", "nödåtkomst " + other[1] + " Täcker nattpass, teamet nås inte", "avsluta"));
    assertTrue(out.contains("Nödåtkomst nekad: skriv varför du behöver åtkomst nu"), "a reason is required:\n" + out);
    assertTrue(out.contains("är inget giltigt personnummer"), "a wrong check digit is caught on the tablet:\n" + out);
    assertTrue(out.contains("NÖDÅTKOMST"), out);
    assertTrue(out.contains("Inget sparas på plattan"), out);
    String drug = server.database().withReader(h -> h.createQuery(
            "SELECT data FROM records WHERE patient_id = :p AND entity_type = 'medication_line' AND tombstone = :no LIMIT 1")
        .bind("p", other[0]).bind("no", false).mapTo(String.class).one());
    String drugName = com.google.gson.JsonParser.parseString(drug).getAsJsonObject().get("drugName").getAsString();
    assertTrue(out.contains(drugName), "the medication lines are shown:\n" + out);
    assertTrue(out.contains("Nödåtkomst nekad: servern går inte att nå"), "offline it cannot:\n" + out);
  }

  @Test
  void aTabletOfflineForDaysShowsWhyItsPatientsAreGone() throws Exception {
    run("drawer.db", String.join("\n", "login anna.ssk demo", "sync", "avsluta"),
        Clock.offset(Clock.systemUTC(), java.time.Duration.ofDays(-4)));
    String out = run("drawer.db", String.join("\n", "offline", "status", "patienter", "online", "sync", "status", "patienter", "avsluta"));
    int expired = out.indexOf("Patientdata borttagen");
    assertTrue(expired > 0, "status says why the patients are gone:\n" + out);
    assertTrue(out.contains("Dina osynkade ändringar finns kvar"), out);
    assertTrue(out.contains("de togs bort efter för lång tid utan synk"), out);
    assertTrue(out.lastIndexOf("Patientdata borttagen") == expired, "the next sync brings them back:\n" + out);
    assertTrue(out.substring(out.lastIndexOf("Senaste synk")).contains("Teamets patienter:"), out);
    assertFalse(out.contains("Synka före"), "just synced: no warning\n" + out);

    run("soon.db", String.join("\n", "login anna.ssk demo", "sync", "avsluta"),
        Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(-62)));
    String soon = run("soon.db", String.join("\n", "offline", "status", "avsluta"));
    assertTrue(soon.contains("Synka före"), "ten hours before the data goes, status warns:\n" + soon);
    assertFalse(soon.contains("Patientdata borttagen"), soon);
  }

  @Test
  void aSharedTabletRefusesTheNextNurseWhileTheFirstOnesWorkCannotBeSentInHisName() throws Exception {
    run("shared.db", String.join("\n", "login erik.ssk demo", "sync", "patienter", "öppna 1", "offline", "bocka 2 klar", "avsluta"));
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shared.db"));
        java.sql.Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE meta SET value = 'expired' WHERE key = 'token'"); // his shift's token ran out
    }
    String out = run("shared.db", String.join("\n", "login anna.ssk demo", "login erik.ssk demo", "login anna.ssk demo", "avsluta"));
    assertTrue(out.contains("Inloggningen nekades: Erik Johansson har osynkade ändringar"), out);
    assertTrue(out.contains("Inloggad som Erik Johansson"), out);
    assertTrue(out.contains("Inloggad som Anna Svensson"), "once Erik's sign-in sent his change, Anna takes over:\n" + out);
  }

  @Test
  void loggautOfflineEndsTheShiftAndHerChangeGoesInHerNameAtTheNextSignIn() throws Exception {
    String out = run("shift.db", String.join("\n", "login erik.ssk demo", "sync", "patienter", "öppna 1", "offline",
        "bocka 2 klar", "loggaut", "patienter", "checklista", "bocka 3 klar", "online", "login anna.ssk demo", "patienter",
        "loggaut", "loggaut", "avsluta"));
    int signedOut = out.indexOf("Utloggad. Erik Johanssons osynkade ändringar ligger kvar på plattan");
    assertTrue(signedOut > 0, "offline, the sign-out says his change waits:\n" + out);
    String whileSignedOut = out.substring(signedOut, out.indexOf("Inloggad som Anna Svensson"));
    assertTrue(whileSignedOut.contains("Fel: ingen är inloggad på plattan – logga in först"), "nothing is shown:\n" + out);
    assertFalse(whileSignedOut.contains("Teamets patienter:"), whileSignedOut);
    assertTrue(out.substring(out.indexOf("Inloggad som Anna Svensson")).contains("Teamets patienter:"), out);
    assertTrue(out.contains("Utloggad: Anna Svenssons ändringar och läsningar är skickade"), "online, all went:\n" + out);
    assertTrue(out.contains("Ingen är inloggad på plattan."), out);
    long eriks = server.database().withReader(h -> h.createQuery(
            "SELECT COUNT(*) FROM record_history rh JOIN staff_accounts sa ON sa.staff_id = rh.changed_by"
                + " WHERE sa.username = 'erik.ssk' AND rh.entity_type = 'checklist_item'")
        .mapTo(Long.class).one());
    assertEquals(1, eriks, "his one change reached the server under his name, the refused one not at all");
  }

  @Test
  void aSyncAfterAnOfflineSignOutSaysHerWorkWentNotThatItFailed() throws Exception {
    String out = run("handover.db", String.join("\n", "login erik.ssk demo", "sync", "patienter", "öppna 1", "offline",
        "bocka 2 klar", "loggaut", "online", "sync", "status", "sync", "avsluta"));
    String afterOnline = out.substring(out.indexOf("Nätverket är på"));
    String handOver = afterOnline.substring(0, afterOnline.indexOf("Väntar på synk:"));
    assertFalse(handOver.contains("misslyckades"), "her change went, the sync did not fail:\n" + handOver);
    assertTrue(handOver.contains("Erik Johanssons osynkade ändring (1) är skickad i Erik Johanssons namn"), handOver);
    assertTrue(handOver.contains("Ingen är inloggad på plattan – logga in för att synka."), handOver);
    assertTrue(afterOnline.contains("Väntar på synk: 0"), afterOnline);
    String second = afterOnline.substring(afterOnline.indexOf("Väntar på synk: 0"));
    assertTrue(second.contains("Synken misslyckades: du är inte inloggad på plattan – logga in först"), "nothing left to hand over:\n" + second);
    assertFalse(second.contains("skickad i"), second);
  }

  @Test
  void thePatientSummaryCountsEjAktuellApartFromKlar() throws Exception {
    String out = run("count.db", String.join("\n", "login anna.ssk demo", "sync", "patienter", "öppna 1", "checklista",
        "bocka 1 klar", "bocka 2 ej-aktuell Bor på korttidsboende", "bocka 3 ej-kontrollerad", "öppna 1", "checklista", "avsluta"));
    String last = out.substring(out.lastIndexOf("Utskrivningschecklista: "));
    // The checklist's lines after it (the first one follows the prompt).
    java.util.List<String> items = last.lines().filter(l -> l.matches(".*\\s\\d+\\s+\\[.*\\].*")).toList();
    long done = items.stream().filter(l -> l.contains("[Klar ")).count();
    long notApplicable = items.stream().filter(l -> l.contains("[Ej aktuell ")).count();
    long total = items.size();
    String list = String.join("\n", items);
    assertEquals(23, total, last);
    assertTrue(notApplicable > 0, list);
    assertTrue(last.startsWith("Utskrivningschecklista: " + done + " av " + total + " klara, " + notApplicable + " ej aktuella, "
        + (total - done - notApplicable) + " öppna"), "'Ej aktuell' is a judgement, not 'klar':\n" + last);
  }

  @Test
  void todaysVisitsAMedicationCheckLineByLineAndConflicts() throws Exception {
    String out =
        run("check.db", String.join("\n",
            "login anna.ssk demo", "sync", "idag", "öppna 1", "avstämning start", "avstämning 1 ok",
            "avstämning 2 avvikelse dos oklar Hemmalistan har annan dos", "avstämning 3 avvikelse flyga oklar",
            "avstämning klar", "sync", "konflikter", "avsluta"));
    assertTrue(out.contains("Dina besök idag:"), out);
    assertTrue(out.contains("Dagens besök och patienter är klara"), "first sync brings today first:\n" + out);
    assertTrue(out.matches("(?s).*\\[#+\\] \\d+ / \\d+.*"), "a progress bar:\n" + out);
    assertTrue(out.contains("Läkemedelsavstämning påbörjad"), out);
    assertTrue(out.contains(": överensstämmer"), out);
    assertTrue(out.contains(": avvikelse – Fel dos, Oklar – väntar på förskrivare"), out);
    assertTrue(out.contains("Fel: okänd typ 'flyga'"), out);
    assertTrue(out.contains("Avstämningen är avslutad med 1 öppen avvikelse som väntar på förskrivaren."), out);
    assertTrue(out.matches("(?s).*Obs: \\d+ av \\d+ rader är inte avstämda\\..*"), "unchecked lines are pointed out:\n" + out);
    assertTrue(out.contains("skickade 5 ändringar (5 sparade"), out);
    assertTrue(out.contains("Inga konflikter för patienten."), out);
  }

  @Test
  void aVisitTheTeamLeaderSendsBackShowsTheCommentOnTheTablet() throws Exception {
    run("flag.db", String.join("\n", "login anna.ssk demo", "sync", "avsluta"));
    se.nara.sdk.model.Visit first;
    try (NaraClient nara = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("flag.db").toString()).build()) {
      first = nara.visits().today().get(0);
    }
    // Karin, the team leader, flags it on the web page's API with a comment.
    OkHttpClient http = new OkHttpClient();
    okhttp3.MediaType json = okhttp3.MediaType.get("application/json");
    String cookie;
    String csrf;
    try (okhttp3.Response login = http.newCall(new okhttp3.Request.Builder()
        .url(server.url() + "/teamledare/api/login")
        .post(okhttp3.RequestBody.create("{\"username\":\"karin.tl\",\"password\":\"demo\"}", json)).build()).execute()) {
      assertTrue(login.isSuccessful(), login.toString());
      String setCookie = login.header("Set-Cookie");
      cookie = setCookie.substring(0, setCookie.indexOf(';'));
      csrf = com.google.gson.JsonParser.parseString(login.body().string()).getAsJsonObject().get("csrfToken").getAsString();
    }
    String body = "{\"decision\":\"NEEDS_ACTION\",\"version\":" + first.version() + ",\"note\":\"Ring anhöriga om nyckeln\"}";
    try (okhttp3.Response review = http.newCall(new okhttp3.Request.Builder()
        .url(server.url() + "/teamledare/api/visits/" + first.id() + "/review")
        .header("Cookie", cookie).header(se.nara.server.web.ui.TeamLeadRoutes.CSRF_HEADER, csrf)
        .post(okhttp3.RequestBody.create(body, json)).build()).execute()) {
      assertTrue(review.isSuccessful(), review.code() + " " + review.body().string());
    }

    String out = run("flag.db", String.join("\n", "login anna.ssk demo", "idag", "sync", "idag", "avsluta"));
    int synced = out.indexOf("Synkar…");
    assertTrue(synced > 0, out);
    assertTrue(out.indexOf("Kräver åtgärd: Ring anhöriga om nyckeln") > synced,
        "after the sync the flagged visit shows the team leader's comment:\n" + out);
    assertTrue(!out.substring(0, synced).contains("Ring anhöriga"), "not before the sync:\n" + out);
  }

  @Test
  void mistakesGetAnExplanationNotACrash() throws Exception {
    String out = run("x.db", String.join("\n", "öppna 99", "bocka 1", "flyga", "login anna.ssk fel", "sync", "avsluta"));
    assertTrue(out.contains("Fel: lista patienterna först"), out);
    assertTrue(out.contains("öppna en patient först"), out);
    assertTrue(out.contains("Okänt kommando 'flyga'"), out);
    assertTrue(out.contains("Inloggningen misslyckades: fel användarnamn eller lösenord"), out);
    assertTrue(out.contains("Synken misslyckades: du är inte inloggad på plattan – logga in först"), out);
    assertFalse(out.contains("wrong username") || out.contains("not signed in"), "no English reaches the nurse:\n" + out);
  }

  @Test
  void aMedicationCheckStaysWithThePatientItWasStartedFor() throws Exception {
    String out = run("carry.db", String.join("\n",
        "login anna.ssk demo", "sync", "patienter", "öppna 3", "avstämning start", "öppna 5",
        "avstämning 2 avvikelse utelämnad oavsiktlig", "avstämning klar", "öppna 3", "avstämning 1 ok", "avsluta"));
    assertTrue(out.contains("Läkemedelsavstämning påbörjad"), out);
    assertTrue(out.contains("Läkemedelsavstämningen för "), "opening another patient says the check waits:\n" + out);
    assertTrue(out.contains("Fel: den påbörjade läkemedelsavstämningen gäller "), "refused on another patient:\n" + out);
    assertFalse(out.contains(": avvikelse – "), "nothing recorded on the wrong patient's check:\n" + out);
    assertFalse(out.contains("Avstämningen är"), "the other patient's check is not completed:\n" + out);
    assertTrue(out.contains(": överensstämmer"), "back on the right patient it goes on:\n" + out);
  }

  @Test
  void aRefusedChangeShowsTheServersValueAndDoesNotCountAsDone() throws Exception {
    String out = run("tl.db", String.join("\n",
        "login karin.tl demo", "sync", "patienter", "öppna 1", "checklista", "bocka 3 klar", "sync", "checklista", "öppna 1",
        "avsluta"));
    assertTrue(out.contains("1 avvisade"), "the team leader may not tick items:\n" + out);
    String after = out.substring(out.lastIndexOf("Klart: skickade"));
    assertTrue(after.matches("(?s).*\\n\\s+3\\s+\\[Ej kontrollerad\\s*\\] .*\\(avvisad: Klar – din yrkesroll får inte ändra detta\\).*"),
        "the server's value stands, the refused one beside it:\n" + after);
    java.util.regex.Matcher count = java.util.regex.Pattern.compile("Utskrivningschecklista: \\d+ av \\d+ klara").matcher(out);
    assertTrue(count.find(), out);
    String firstCount = count.group();
    assertTrue(after.contains(firstCount), "the refused tick does not count as done (" + firstCount + "):\n" + after);

    // The app restarts: the server's value still stands beside the refused one, from the SDK.
    String restarted = run("tl.db", String.join("\n", "patienter", "öppna 1", "checklista", "status", "avsluta"));
    assertTrue(restarted.matches("(?s).*\\n\\s+3\\s+\\[Ej kontrollerad\\s*\\] .*\\(avvisad: Klar – din yrkesroll får inte ändra detta\\).*"),
        "the server's value after a restart, not [?]:\n" + restarted);
    assertFalse(restarted.contains("[?"), restarted);
    assertTrue(restarted.matches("(?s).*Servern har: [^\\n]*läge = Ej kontrollerad.*"), "status shows what the server has:\n" + restarted);
    assertTrue(restarted.contains(firstCount), restarted);
  }

  @Test
  void statusNamesTheRefusedChangeInSwedishAndLetsTheNurseDiscardIt() throws Exception {
    String tooLong = "x".repeat(20_000);
    String out = run("tl2.db", String.join("\n",
        "login karin.tl demo", "sync", "patienter", "öppna 1", "bocka 3 klar", "bocka 4 klar " + tooLong, "sync", "status",
        "släpp 1", "status", "checklista", "avsluta"));
    assertTrue(out.contains("Fel: texten är för lång (20000 tecken, högst 4000)"), "refused at entry:\n" + out);
    assertTrue(out.contains("skickade 1 ändring (0 sparade"), "the long note never went out:\n" + out);
    assertTrue(out.contains("1 ändring avvisades av servern – skriv 'status' för att se varför."),
        "the sync itself points at what was refused:\n" + out);
    assertTrue(out.matches("(?s).*Avvisad 1: [^\\n,]+, checklistpunkt \"[^\"]+\" – din yrkesroll får inte ändra detta \\(servern: .*"),
        "patient, item and a Swedish reason:\n" + out);
    assertFalse(out.contains("[FORBIDDEN]"), out);
    assertTrue(out.contains("Skriv 'släpp <nr>'"), out);
    assertTrue(out.contains("Släppt: "), out);
    String after = out.substring(out.indexOf("Släppt: "));
    assertFalse(after.contains("Avvisad 1"), "gone once discarded:\n" + after);
    assertFalse(after.contains("(avvisad"), after);
  }

  @Test
  void aColleagueSeesWhoseTheRefusedChangeIsButOnlyItsAuthorDropsIt() throws Exception {
    String out = run("shared-refusal.db", String.join("\n",
        "login karin.tl demo", "sync", "patienter", "öppna 1", "bocka 3 klar", "sync",
        "login anna.ssk demo", "status", "släpp 1", "status",
        "login karin.tl demo", "status", "släpp 1", "status", "avsluta"));
    String annas = out.substring(out.indexOf("Inloggad som Anna"), out.lastIndexOf("Inloggad som Karin"));
    assertTrue(annas.matches("(?s).*Avvisad 1: .*\\n\\s+Ändringen är Karin [^\\n]+s: bara hon eller han kan släppa den\\..*"),
        "Anna sees Karin's refused tick and whose it is:\n" + annas);
    assertTrue(annas.contains("kan bara släppas av Karin"), annas);
    assertFalse(annas.contains("Släppt: "), annas);
    String karins = out.substring(out.lastIndexOf("Inloggad som Karin"));
    assertFalse(karins.contains("bara hon eller han"), "her own:\n" + karins);
    assertTrue(karins.contains("Släppt: "), karins);
  }

  @Test
  void recoveryIsOnlyForAfterARestoreAndSdkLogLinesStayOutOfTheTerminal() throws Exception {
    String out = run("healthy.db", String.join("\n", "login anna.ssk demo", "sync", "återställ", "avsluta"));
    assertTrue(out.contains("'återställ' används bara efter att servern har återställts"), out);
    assertTrue(out.contains("skriv 'återställ ja'"), out);
    assertFalse(out.contains("poster som servern saknade"), "nothing claimed to be restored:\n" + out);

    java.nio.file.Path log = dir.resolve("tablet.db.log");
    TabletApp.quietLogging(log, false);
    try {
      java.util.logging.Logger.getLogger("se.nara.sdk.sync").warning("server restored from an older backup: test line");
      for (java.util.logging.Logger logger : TabletApp.LIBRARY_LOGGERS) {
        assertFalse(logger.getUseParentHandlers(), "not to the console: " + logger.getName());
        for (java.util.logging.Handler h : logger.getHandlers()) {
          h.flush();
        }
      }
      assertTrue(java.nio.file.Files.readString(log).contains("server restored from an older backup: test line"));
    } finally {
      for (java.util.logging.Logger logger : TabletApp.LIBRARY_LOGGERS) {
        for (java.util.logging.Handler h : logger.getHandlers()) {
          logger.removeHandler(h);
          h.close();
        }
        logger.setUseParentHandlers(true);
      }
    }
  }

  @Test
  void reopeningNeedsAReasonAndTheHelpSaysSo() throws Exception {
    String out = run("reopen.db", String.join("\n",
        "login anna.ssk demo", "sync", "patienter", "öppna 1", "bocka 1 klar", "bocka 1 återöppna", "bocka 1 ej-kontrollerad",
        "bocka 1 återöppna Fel patient", "hjälp", "avsluta"));
    assertTrue(out.contains("Fel: ange ett skäl för att återöppna: bocka 1 återöppna <skäl>"), out);
    assertTrue(out.contains("Fel: en bekräftad punkt blir inte 'ej kontrollerad' igen"), out);
    assertTrue(out.contains(": Återöppnad (väntar på synk)"), out);
    assertFalse(out.contains("reopening an item needs a reason") || out.contains("a confirmed item"), out);
    assertTrue(out.contains("bocka <nr> återöppna <skäl>"), "the help says a reason is needed:\n" + out);
    assertTrue(out.contains("logga in (kräver nätverk)"), out);
    assertFalse(out.contains("första gången kräver nätverk"), out);
  }

  @Test
  void aMedicationConflictNamesTheDrugThePatientAndTheRuleInSwedish() throws Exception {
    run("erik-med.db", String.join("\n", "login erik.ssk demo", "sync", "avsluta"));
    String line;
    String drug;
    try (NaraClient anna = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("anna-med.db").toString()).build();
        NaraClient erik = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("erik-med.db").toString()).build()) {
      anna.login("anna.ssk", "demo".toCharArray());
      anna.sync();
      String patient = anna.patients().all().get(0).id();
      se.nara.sdk.model.MedicationLine first = anna.medications().lines(anna.medications().lists(patient).get(0).id()).get(0);
      line = first.id();
      drug = first.drugName();
      anna.medications().updateLine(first.toBuilder().dose("3 tabletter").build());
      se.nara.sdk.model.MedicationLine erikCopy = erik.medications().line(line);
      erik.medications().updateLine(erikCopy.toBuilder().dose("1/2 tablett").build());
      anna.sync();
      erik.sync();
    }
    String out = run("erik-med.db", String.join("\n", "konflikter", "avsluta"));
    assertTrue(out.contains("läkemedelsrad " + drug), "the drug is named:\n" + out);
    assertTrue(out.contains("Regel: Läkemedel: aldrig senaste-vinner"), "the rule is in Swedish:\n" + out);
    assertFalse(out.contains("no last-writer-wins"), out);
  }

  @Test
  void signingThePatientsPlan() throws Exception {
    String out = run("sign.db", String.join("\n",
        "login anna.ssk demo", "sync", "patienter", "öppna 1", "signera", "signera", "sync", "öppna 1", "avsluta"));
    assertTrue(out.contains(" signerad av dig "), out);
    assertTrue(out.contains("Patienten har ingen osignerad plan."), "signed once, not twice:\n" + out);
    assertTrue(out.matches("(?s).*Plan: [^\n]*, signerad \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}.*"), "the plan reads as signed:\n" + out);
    long signedOnServer = server.database().withReader(h -> h.createQuery(
            "SELECT COUNT(*) FROM records WHERE entity_type = 'plan' AND data LIKE '%\"seenPartVersions\"%' AND data LIKE '%signedAt%'")
        .mapTo(Long.class).one());
    assertTrue(signedOnServer >= 1, "the signature and what the signer saw reached the server");
  }

  @Test
  void confirmingAConfirmedItemAgainChangesNothing() throws Exception {
    String out = run("twice.db", String.join("\n",
        "login anna.ssk demo", "sync", "patienter", "öppna 1", "bocka 3 klar", "sync", "bocka 3 klar", "status", "avsluta"));
    assertTrue(out.contains(" är redan klar, bekräftad av Anna"), out);
    assertTrue(out.contains("inget ändrat"), out);
    assertFalse(out.contains("Väntar på synk: 1"), "nothing was queued the second time:\n" + out);
  }

  @Test
  void openingBeforeListingSaysHowToList() throws Exception {
    String out = run("first.db", String.join("\n", "login anna.ssk demo", "öppna 1", "avsluta"));
    assertTrue(out.contains("Fel: lista patienterna först med \"patienter\" eller \"idag\""), out);
    assertFalse(out.contains("mellan 1 och 0"), out);
  }

  @Test
  void conflictsShowFieldLabelsNamesAndLocalTime() throws Exception {
    run("a.db", String.join("\n", "login anna.ssk demo", "sync", "avsluta"));
    run("e.db", String.join("\n", "login erik.ssk demo", "sync", "patienter", "öppna 1", "bocka 2 saknas Rollatorn saknas", "sync",
        "avsluta"));
    String out = run("a.db", String.join("\n", "patienter", "öppna 1", "bocka 2 klar", "sync", "konflikter", "avsluta"));
    String conflicts = out.substring(out.lastIndexOf("Klart: skickade"));
    assertTrue(conflicts.contains("checklistpunkt \""), conflicts);
    assertTrue(conflicts.contains("läge = Saknas") && conflicts.contains("läge = Klar"), conflicts);
    assertTrue(conflicts.contains("Anna Svensson (du)"), conflicts);
    assertTrue(conflicts.contains("Erik Johansson"), "the colleague's name from the staff directory:\n" + conflicts);
    assertFalse(conflicts.contains("annan personal"), conflicts);
    String status = run("a.db", String.join("\n", "status", "avsluta"));
    assertTrue(status.matches("(?s).*Inloggad:\\s+Anna Svensson, \\S.*"), "name and team from the directory:\n" + status);
    assertFalse(conflicts.contains("{\""), "no raw JSON:\n" + conflicts);
    assertFalse(conflicts.matches("(?s).*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-.*"), "no ids:\n" + conflicts);
    assertFalse(conflicts.matches("(?s).*\\d{4}-\\d\\d-\\d\\dT.*"), "no UTC timestamps:\n" + conflicts);
  }
}
