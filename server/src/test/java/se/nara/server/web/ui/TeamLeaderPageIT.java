package se.nara.server.web.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import se.nara.sdk.NaraClient;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.ConflictRecord;
import se.nara.sdk.model.ConflictStatus;
import se.nara.sdk.model.DischargeChecklist;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.LineStatus;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.MedicationList;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.ReviewState;
import se.nara.sdk.model.Visit;
import se.nara.sdk.model.VisitStatus;
import se.nara.sdk.model.VisitType;
import se.nara.server.NaraServer;
import se.nara.server.ServerConfig;
import se.nara.server.demo.DemoSeed;

/**
 * The team leader's page in a real browser (Debian's headless chromium through chromedriver)
 * against the real server with demo data, and real SDK tablets making the changes to review.
 * Screenshots of every view at tablet size land in {@code target/teamledare-*.png}.
 */
class TeamLeaderPageIT {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final String NOTE =
      "Mår bra, åt frukost. <script>window.naraXss = 1</script><img src=x onerror=\"window.naraXss = 2\"> Slut.";

  @TempDir Path dir;
  NaraServer server;
  final List<NaraClient> tablets = new ArrayList<>();
  WebDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void start() throws Exception {
    assertTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
        "this test needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver (.ci/run does it)");
    server =
        NaraServer.start(
            ServerConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withJdbcUrl(ServerConfig.sqliteIn(dir.resolve("server")))
                .withPasswordIterations(1000));
    // Both paths are given, so Selenium never asks Selenium Manager (failsafe also sets SE_OFFLINE).
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--disable-extensions", "--disable-sync", "--lang=sv-SE", "--window-size=1024,768",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    // A list the page draws again (after an action, or a tab opened while it loads) replaces the
    // element a wait just found; the next try finds the new one.
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    tablets.forEach(NaraClient::close);
    if (server != null) {
      server.close();
    }
  }

  NaraClient tablet(String user) throws Exception {
    NaraClient c =
        NaraClient.builder()
            .serverUrl(server.url())
            .databasePath(dir.resolve(user + ".db").toString())
            .deviceName("Surfplatta " + user)
            .build();
    tablets.add(c);
    c.login(user, DemoSeed.DEMO_PASSWORD.toCharArray());
    c.sync();
    return c;
  }

  @Test
  @DisplayName("a team leader logs in, sees and approves a synced visit, sees it go stale, resolves a two-tablet conflict")
  void teamLeaderReviewsInABrowser() throws Exception {
    NaraClient anna = tablet("anna.ssk");
    NaraClient erik = tablet("erik.ssk");

    // Anna records a visit with a note (carrying markup) and syncs it.
    MedicationLine line = activeLine(anna);
    Instant now = Instant.now();
    Visit created =
        anna.visits()
            .create(
                Visit.builder()
                    .patientId(line.patientId())
                    .teamId(anna.session().teamIds().get(0))
                    .staffIds(List.of(anna.session().staffId()))
                    .visitType(VisitType.FOLLOW_UP)
                    .status(VisitStatus.COMPLETED)
                    .plannedStart(now.minusSeconds(40 * 60))
                    .plannedEnd(now.minusSeconds(10 * 60))
                    .actualStart(now.minusSeconds(38 * 60))
                    .actualEnd(now.minusSeconds(12 * 60))
                    .note(NOTE)
                    .build());
    assertEquals(0, anna.sync().rejected());
    String visitId = created.id();
    assertEquals(1, anna.visits().get(visitId).version());

    // Anna and Erik change the same dose differently while offline, then sync.
    anna.medications().updateLine(anna.medications().lines(line.listId()).stream()
        .filter(l -> l.id().equals(line.id())).findFirst().orElseThrow().toBuilder().dose("2 tabletter").build());
    erik.medications().updateLine(erik.medications().lines(line.listId()).stream()
        .filter(l -> l.id().equals(line.id())).findFirst().orElseThrow().toBuilder().dose("1/2 tablett").build());
    anna.sync();
    erik.sync();
    assertEquals(1, erik.syncStatus().openConflicts(), "Erik's tablet shows the dose conflict");

    // The team leader signs in with the keyboard only.
    browser.get(server.url() + "/teamledare");
    WebElement username = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    username.sendKeys("karin.tl", Keys.TAB, "demo", Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app-view")));
    assertTrue(browser.findElement(By.id("user-name")).getText().startsWith("Karin"));

    // Visits: today's visit from Anna's tablet, the note as text. The page opens on today in
    // Sweden; in the first 40 minutes after midnight the visit began yesterday, so ask for that day.
    java.time.ZoneId sweden = se.nara.server.teamlead.DischargeFigures.SKANE.zone();
    java.time.LocalDate visitDay = created.plannedStart().atZone(sweden).toLocalDate();
    if (!visitDay.equals(java.time.LocalDate.now(sweden))) {
      ((JavascriptExecutor) browser).executeScript(
          "document.getElementById('from').value = arguments[0]; document.getElementById('visit-filter').requestSubmit();",
          visitDay.toString());
    }
    By card = By.cssSelector("article[data-visit-id='" + visitId + "']");
    WebElement visit = wait.until(ExpectedConditions.visibilityOfElementLocated(card));
    WebElement note = visit.findElement(By.cssSelector(".note"));
    assertEquals(NOTE, note.getDomProperty("textContent"), "the note shows exactly as written");
    assertTrue(note.findElements(By.xpath(".//*")).isEmpty(), "no element was made from the note");
    assertTrue((Boolean) ((JavascriptExecutor) browser).executeScript("return window.naraXss === undefined;"), "nothing ran");
    assertEquals("NOT_REVIEWED", visit.findElement(By.cssSelector("[data-review-state]")).getDomAttribute("data-review-state"));
    assertTrue(visit.getText().contains(anna.session().staffName()), visit.getText());

    visit.findElement(By.cssSelector("button.approve")).click();
    wait.until(d -> "REVIEWED".equals(reviewState(d, card)));
    // Keyboard users keep their place: focus returns to the heading of the visit just approved.
    wait.until(d -> visitId.equals(((JavascriptExecutor) d).executeScript(
        "const a = document.activeElement; const c = a && a.closest('article');"
            + " return a && a.tagName === 'H3' && c ? c.dataset.visitId : null;")));
    screenshot("besok");
    anna.sync();
    Visit reviewed = anna.visits().get(visitId);
    assertEquals(ReviewState.REVIEWED, reviewed.reviewState(), "the approval reaches the tablet");
    assertEquals(1, reviewed.reviewedVersion(), "bound to the version the team leader saw");

    // Anna adds to the note afterwards: the approval no longer covers it.
    anna.visits().update(reviewed.toBuilder().note(NOTE + " Tillägg: ont i höften.").build());
    anna.sync();
    browser.findElement(By.cssSelector("#visit-filter button[type=submit]")).click();
    wait.until(d -> "REVIEW_STALE".equals(reviewState(d, card)));
    assertTrue(browser.findElement(card).getText().contains("Granskning inaktuell"));

    // The visit's history, opened on demand: three versions, the approval between Anna's two.
    browser.findElement(card).findElement(By.cssSelector("details[data-history-for] summary")).click();
    By versions = By.cssSelector("article[data-visit-id='" + visitId + "'] li[data-version]");
    wait.until(d -> d.findElements(versions).size() == 3);
    List<WebElement> shown = browser.findElements(versions);
    assertEquals("3", shown.get(0).getDomAttribute("data-version"), "newest first");
    assertTrue(shown.get(0).getText().contains("Tillägg: ont i höften."), shown.get(0).getText());
    assertTrue(shown.get(1).getText().contains("Granskning"), shown.get(1).getText());
    assertTrue(shown.get(2).getText().contains("Skapad"), shown.get(2).getText());

    // Conflicts: both doses, who wrote them, resolved by taking Erik's value.
    browser.findElement(By.id("tab-conflicts")).click();
    By conflictCard = By.xpath("//article[@data-conflict-id][.//h3[contains(., '" + line.drugName() + "')]]");
    WebElement conflict = wait.until(ExpectedConditions.visibilityOfElementLocated(conflictCard));
    String text = conflict.getText();
    assertTrue(text.contains("2 tabletter") && text.contains("1/2 tablett"), text);
    assertTrue(text.contains(anna.session().staffName()) && text.contains(erik.session().staffName()), text);
    assertTrue(text.contains("Surfplatta erik.ssk"), text);
    String standing = conflict.findElement(By.cssSelector("tr.current")).getText();
    assertTrue(standing.startsWith("Gäller nu") && standing.contains("2 tabletter"), "Anna's dose stands: " + standing);
    screenshot("konflikter");
    conflict.findElement(By.cssSelector("button.take")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(conflictCard));
    assertTrue(browser.findElement(By.id("status")).getText().startsWith("Konflikten är löst"));
    anna.sync();
    erik.sync();
    for (NaraClient tablet : List.of(anna, erik)) {
      MedicationLine after = tablet.medications().lines(line.listId()).stream().filter(l -> l.id().equals(line.id())).findFirst().orElseThrow();
      assertEquals("1/2 tablett", after.dose());
      assertTrue(tablet.conflicts().forEntity(line.id()).stream().allMatch(c -> c.status() != ConflictStatus.NEEDS_REVIEW));
    }

    // A conflict the tablet's side won: Anna confirms an item, Erik reports it missing. Missing
    // stands and is flagged; the page says so, and can take Anna's confirmation back.
    DischargeChecklist checklist = anna.checklists().forPatient(line.patientId()).get(0);
    ChecklistItem item = anna.checklists().items(checklist.id()).stream()
        .filter(i -> i.state() == ItemState.UNCHECKED).findFirst().orElseThrow();
    anna.checklists().setState(item.id(), ItemState.DONE, "Finns i hemmet");
    erik.checklists().setState(item.id(), ItemState.MISSING, "Saknas i hemmet");
    anna.sync();
    erik.sync();
    assertEquals(ItemState.MISSING, erik.checklists().item(item.id()).state());
    browser.findElement(By.id("tab-visits")).click();
    browser.findElement(By.id("tab-conflicts")).click();
    By itemCard = By.xpath("//article[@data-conflict-id][.//h3[contains(., '" + item.label() + "')]]");
    WebElement itemConflict = wait.until(ExpectedConditions.visibilityOfElementLocated(itemCard));
    String itemStanding = itemConflict.findElement(By.cssSelector("tr.current")).getText();
    assertTrue(itemStanding.contains("Saknas") && !itemStanding.contains("Klar"), "missing stands, in Swedish: " + itemStanding);
    assertTrue(itemConflict.findElements(By.cssSelector("button.take")).isEmpty(), "taking the tablet's value would change nothing");
    itemConflict.findElement(By.cssSelector("button.take-server")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(itemCard));
    assertTrue(browser.findElement(By.id("status")).getText().startsWith("Konflikten är löst"));
    anna.sync();
    erik.sync();
    for (NaraClient tablet : List.of(anna, erik)) {
      assertEquals(ItemState.DONE, tablet.checklists().item(item.id()).state(), "Anna's confirmation is back");
    }

    // After a restore from an older backup: a tablet offers back a version the server lost, and
    // the team leader takes all such values back at once.
    offerLostVersion(item.id(), "note", "Förlorad vid återställningen");
    browser.findElement(By.id("tab-visits")).click();
    browser.findElement(By.id("tab-conflicts")).click();
    WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("section.restored")));
    assertTrue(banner.getText().startsWith("1 post som servern förlorade"), banner.getText());
    screenshot("aterstallning");
    banner.findElement(By.cssSelector("button.take-all")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("section.restored")));
    assertTrue(browser.findElement(By.id("status")).getText().startsWith("1 återställda poster är lösta"),
        browser.findElement(By.id("status")).getText());
    anna.sync();
    assertEquals("Förlorad vid återställningen", anna.checklists().item(item.id()).note(), "the lost value is back on the tablet");

    // Automatically resolved: Anna and Erik both confirm the same item offline. Anna's confirmation
    // stands; Erik's is kept in the conflict record, which the page shows and Karin acknowledges.
    List<ChecklistItem> unchecked = new ArrayList<>();
    for (Patient p : anna.patients().all()) {
      for (DischargeChecklist c : anna.checklists().forPatient(p.id())) {
        anna.checklists().items(c.id()).stream().filter(i -> i.state() == ItemState.UNCHECKED).forEach(unchecked::add);
      }
    }
    assertTrue(unchecked.size() >= 2, "the demo data has open checklist items");
    ChecklistItem both = unchecked.get(0);
    anna.checklists().setState(both.id(), ItemState.DONE, null);
    erik.checklists().setState(both.id(), ItemState.DONE, null);
    anna.sync();
    erik.sync();
    ConflictRecord auto = erik.conflicts().forEntity(both.id()).stream()
        .filter(c -> c.status() == ConflictStatus.AUTO_RESOLVED).findFirst().orElseThrow();
    browser.findElement(By.id("tab-auto")).click();
    By autoCard = By.cssSelector("article[data-auto-id='" + auto.id() + "']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(autoCard));
    String autoText = wait.until(d -> d.findElement(autoCard).getText());
    assertTrue(autoText.contains("Åsidosatt") && autoText.contains(erik.session().staffName()), autoText);
    assertTrue(autoText.contains("Automatiskt löst"), autoText);
    screenshot("automatiskt-losta");
    wait.until(d -> {
      d.findElement(autoCard).findElement(By.cssSelector("button.acknowledge")).click();
      return true;
    });
    wait.until(d -> d.findElement(autoCard).getText().contains("Kvitterad av"));
    erik.sync();
    assertEquals(ConflictStatus.RESOLVED,
        erik.conflicts().forEntity(both.id()).stream().filter(c -> c.id().equals(auto.id())).findFirst().orElseThrow().status(),
        "the acknowledgement reaches the tablet");

    // Deviations: Erik reports another item missing, which records a deviation; Karin sees it open.
    ChecklistItem missing = unchecked.get(1);
    String deviationId = erik.checklists().setState(missing.id(), ItemState.MISSING, "Rollatorn levererades inte").deviationId();
    erik.sync();
    browser.findElement(By.id("tab-deviations")).click();
    By deviationCard = By.cssSelector("article[data-deviation-id='" + deviationId + "']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(deviationCard));
    String deviationText = wait.until(d -> d.findElement(deviationCard).getText());
    assertTrue(deviationText.contains("Registrerad") && deviationText.contains(erik.session().staffName())
        && deviationText.contains("Rollatorn levererades inte"), deviationText);
    assertEquals("REGISTERED", wait.until(d -> d.findElement(deviationCard).findElement(By.cssSelector("[data-status]")))
        .getDomAttribute("data-status"));
    screenshot("avvikelser");

    // Discharge board and fleet.
    browser.findElement(By.id("tab-board")).click();
    WebElement average = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("board-average")));
    assertNotNull(average.getText());
    assertTrue(browser.findElements(By.cssSelector("article[data-episode-id]")).size() > 0);
    // The SVU deadlines and the kommun's betalningsansvar are shown with the other figures.
    assertTrue(browser.findElement(By.id("board-payment-rule")).getText().contains("3 kalenderdagar"),
        browser.findElement(By.id("board-payment-rule")).getText());
    assertTrue(browser.findElements(By.cssSelector("article[data-episode-id] [data-inskrivningsmeddelande='SENT_IN_TIME']")).size() > 0,
        "the demo's inskrivningsmeddelanden have admission times, so their 24 hours are shown");
    WebElement waitingCard = browser.findElements(By.cssSelector("article[data-episode-id]")).stream()
        .filter(c -> c.getText().contains("Utskrivningsklar sedan")).findFirst().orElseThrow();
    String waitingEpisode = waitingCard.getDomAttribute("data-episode-id");
    assertTrue(waitingCard.findElements(By.cssSelector("[data-payment]")).size() == 1, waitingCard.getText());
    assertTrue(waitingCard.getText().contains("Betalningsansvar"), waitingCard.getText());
    // The hospital withdraws the readiness and gives it again: the earlier period is listed with its SIP verdict.
    String integration = loginOverHttp("ahmed.admin");
    svuMessage(integration, waitingEpisode, "EJ_LANGRE_UTSKRIVNINGSKLAR", Instant.now().minusSeconds(120));
    svuMessage(integration, waitingEpisode, "UTSKRIVNINGSKLAR", Instant.now().minusSeconds(60));
    browser.findElement(By.id("tab-visits")).click();
    browser.findElement(By.id("tab-board")).click();
    By earlier = By.cssSelector("article[data-episode-id='" + waitingEpisode + "'] .earlier-readiness li[data-sip]");
    String earlierText = wait.until(ExpectedConditions.visibilityOfElementLocated(earlier)).getText();
    assertTrue(earlierText.contains("ej längre utskrivningsklar") && earlierText.contains("SIP:"), earlierText);
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
        browser.findElement(By.cssSelector("article[data-episode-id='" + waitingEpisode + "']")));
    screenshot("utskrivning-perioder");
    ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
    screenshot("utskrivning");

    browser.findElement(By.id("tab-fleet")).click();
    WebElement annasTablet =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-device-id='" + anna.deviceId() + "']")));
    assertTrue(annasTablet.getText().contains(anna.session().staffName()), annasTablet.getText());
    assertTrue(annasTablet.getText().contains("Aktiv"));
    screenshot("enheter");

    // Follow-ups once the team's care ended, however old: the tab's count and the panel's summary.
    browser.findElement(By.id("tab-followups")).click();
    String followUps = wait.until(d -> {
      String summary = d.findElement(By.id("followup-summary")).getText();
      return summary.contains("besök att granska") ? summary : null;
    });
    assertTrue(followUps.contains("under Konflikter"), followUps);
    assertTrue(browser.findElement(By.id("tab-followups")).getText().startsWith("Uppföljning"));
    screenshot("uppfoljning");

    // Back to visits for the main screenshot, then sign out.
    browser.findElement(By.id("tab-visits")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(card));
    screenshot("oversikt");
    browser.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-view")));
    browser.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
  }

  @Test
  @DisplayName("nobody signed in sees no team bar; a conflict names its fields in Swedish, also in the edit form")
  void signInScreenAndSwedishFieldNames() throws Exception {
    NaraClient anna = tablet("anna.ssk");
    NaraClient erik = tablet("erik.ssk");
    MedicationLine line = activeLine(anna);
    anna.medications().updateLine(anna.medications().lines(line.listId()).stream()
        .filter(l -> l.id().equals(line.id())).findFirst().orElseThrow().toBuilder().dose("2 tabletter").build());
    erik.medications().updateLine(erik.medications().lines(line.listId()).stream()
        .filter(l -> l.id().equals(line.id())).findFirst().orElseThrow().toBuilder().dose("1/2 tablett").build());
    anna.sync();
    erik.sync();

    // Before anyone signs in, and after a login the page refuses (the MAS has no page session), the
    // header shows no team list and no "Logga ut": there is nobody to sign out.
    browser.get(server.url() + "/teamledare");
    WebElement username = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    assertTrue(!browser.findElement(By.id("who")).isDisplayed(), "team bar shown on the sign-in screen");
    username.sendKeys("monica.mas", Keys.TAB, "demo", Keys.ENTER);
    wait.until(d -> d.findElement(By.id("login-error")).getText().contains("bara för teamledare"));
    assertTrue(!browser.findElement(By.id("who")).isDisplayed(), "team bar shown after a refused login");
    assertTrue(!browser.findElement(By.id("logout")).isDisplayed(), "'Logga ut' shown with nobody signed in");

    username = browser.findElement(By.id("username"));
    username.clear();
    username.sendKeys("karin.tl", Keys.TAB, "demo", Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app-view")));
    assertTrue(browser.findElement(By.id("who")).isDisplayed());

    browser.findElement(By.id("tab-conflicts")).click();
    By conflictCard = By.xpath("//article[@data-conflict-id][.//h3[contains(., '" + line.drugName() + "')]]");
    WebElement conflict = wait.until(ExpectedConditions.visibilityOfElementLocated(conflictCard));
    String facts = conflict.findElement(By.cssSelector("dl.facts")).getText();
    assertTrue(facts.contains("dos") && !facts.contains("dose"), "the field in Swedish: " + facts);
    String editLabel = conflict.findElement(By.cssSelector("fieldset.edit label")).getText();
    assertEquals("dos", editLabel, "the edit form's label in Swedish");
  }

  @Test
  @DisplayName("the page's counts are Swedish: '1 avvikelse, 1 öppen', '7 planerade', not '1 avvikelser' or '7 planerad'")
  void countsAgreeInNumber() {
    // The demo's SVU-team Helsingborg (ahmed.admin's) has one deviation and several visits today.
    browser.get(server.url() + "/teamledare");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("ahmed.admin", Keys.TAB, "demo", Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app-view")));
    String visits = wait.until(d -> {
      String t = d.findElement(By.id("visit-summary")).getText();
      return t.isEmpty() ? null : t;
    });
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) (planerad|genomförd|inställd)e?a?\\b").matcher(visits);
    int seen = 0;
    while (m.find()) {
      int n = Integer.parseInt(m.group(1));
      String word = m.group(0).substring(m.group(1).length() + 1);
      assertEquals(n == 1 ? m.group(2) : m.group(2).replaceAll("d$", "da").replace("planerada", "planerade"), word, visits);
      seen++;
    }
    assertTrue(seen > 0, visits);
    browser.findElement(By.id("tab-deviations")).click();
    String deviations = wait.until(d -> {
      String t = d.findElement(By.id("deviation-summary")).getText();
      return t.isEmpty() ? null : t;
    });
    java.util.regex.Matcher d = java.util.regex.Pattern.compile("^(\\d+) (avvikelser?), (\\d+) (öppen|öppna)\\.$").matcher(deviations);
    assertTrue(d.matches(), deviations);
    assertEquals(d.group(1).equals("1") ? "avvikelse" : "avvikelser", d.group(2), deviations);
    assertEquals(d.group(3).equals("1") ? "öppen" : "öppna", d.group(4), deviations);
  }

  /** As a tablet recovering after a restore would: offers a newer version of a record with one field changed. */
  void offerLostVersion(String recordId, String field, String value) throws Exception {
    Object[] row = server.database().withReader(h -> h.createQuery("SELECT version, data, patient_id FROM records WHERE id = :id")
        .bind("id", recordId)
        .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)})
        .one());
    com.google.gson.JsonObject data = com.google.gson.JsonParser.parseString((String) row[1]).getAsJsonObject();
    data.addProperty(field, value);
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
    okhttp3.MediaType json = okhttp3.MediaType.get("application/json");
    String device = java.util.UUID.randomUUID().toString();
    String token;
    try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(server.url() + "/api/v1/auth/login")
        .header("Nara-Protocol-Version", "1")
        .post(okhttp3.RequestBody.create("{\"username\":\"erik.ssk\",\"password\":\"demo\",\"deviceId\":\"" + device + "\"}", json))
        .build()).execute()) {
      token = com.google.gson.JsonParser.parseString(r.body().string()).getAsJsonObject().get("token").getAsString();
    }
    se.nara.sdk.protocol.RecoveryRequest offer = new se.nara.sdk.protocol.RecoveryRequest(device, 0, List.of(
        new se.nara.sdk.protocol.SyncRecord("checklist_item", recordId, (Long) row[0] + 3, 0, (String) row[2], false, null, null, data)));
    try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(server.url() + "/api/v1/sync/recovery")
        .header("Nara-Protocol-Version", "1").header("Authorization", "Bearer " + token)
        .post(okhttp3.RequestBody.create(se.nara.sdk.protocol.Json.gson().toJson(offer), json)).build()).execute()) {
      assertEquals(200, r.code(), r.body().string());
    }
  }

  /** A bearer token for {@code user} (demo password) on a new device, for calls the page does not make. */
  String loginOverHttp(String user) throws Exception {
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
    try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(server.url() + "/api/v1/auth/login")
        .header("Nara-Protocol-Version", "1")
        .post(okhttp3.RequestBody.create("{\"username\":\"" + user + "\",\"password\":\"demo\",\"deviceId\":\""
            + java.util.UUID.randomUUID() + "\"}", okhttp3.MediaType.get("application/json")))
        .build()).execute()) {
      String body = r.body().string();
      assertEquals(200, r.code(), body);
      return com.google.gson.JsonParser.parseString(body).getAsJsonObject().get("token").getAsString();
    }
  }

  /** Posts one SVU message as the hospital's integration would. */
  void svuMessage(String token, String episodeId, String type, Instant at) throws Exception {
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
    try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(server.url() + "/api/v1/svu/messages")
        .header("Nara-Protocol-Version", "1").header("Authorization", "Bearer " + token)
        .post(okhttp3.RequestBody.create("{\"episodeId\":\"" + episodeId + "\",\"type\":\"" + type + "\",\"eventTime\":\""
            + at + "\"}", okhttp3.MediaType.get("application/json")))
        .build()).execute()) {
      assertEquals(200, r.code(), r.body().string());
    }
  }

  static String reviewState(WebDriver d, By card) {
    List<WebElement> cards = d.findElements(card);
    if (cards.isEmpty()) {
      return null;
    }
    try {
      return cards.get(0).findElement(By.cssSelector("[data-review-state]")).getDomAttribute("data-review-state");
    } catch (org.openqa.selenium.StaleElementReferenceException e) {
      return null;
    }
  }

  /** An active medication line of one of Anna's patients. */
  static MedicationLine activeLine(NaraClient anna) {
    for (Patient p : anna.patients().all()) {
      for (MedicationList list : anna.medications().lists(p.id())) {
        for (MedicationLine l : anna.medications().lines(list.id())) {
          if (l.status() == LineStatus.ACTIVE && l.dose() != null && !l.dose().equals("2 tabletter")) {
            return l;
          }
        }
      }
    }
    throw new AssertionError("no active medication line in the demo data");
  }

  void screenshot(String name) throws Exception {
    Path out = Path.of("target", "teamledare-" + name + ".png");
    Files.createDirectories(out.getParent());
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), out, StandardCopyOption.REPLACE_EXISTING);
  }
}
