package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.server.NaraServer;

class TwoTabletsDemoTest {
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

  @Test
  @DisplayName("two-tablets: both offline edits meet, the merge keeps missing, both notes and the first dose, and the queue shows them")
  void demo() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new TwoTabletsDemo(server.url(), dir.resolve("tablets"), new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .run("anna.ssk", "erik.ssk", "karin.tl", "demo");
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("A väntar med 3 ändringar, B med 4."), out);
    assertTrue(out.contains("= Saknas  [i konflikt – väntar på granskning]"), "missing wins and is flagged:\n" + out);
    assertTrue(out.contains("Kontrollerat i hemmet av platta A") && out.contains("Saknas enligt platta B"), "both notes kept:\n" + out);
    assertTrue(out.contains("dos = 2 tabletter  [i konflikt"), "the first dose stands, flagged:\n" + out);
    assertTrue(out.contains("status = Utförd, utförare = Hemtjänst Väster  [synkad]"), "disjoint plan edits merge:\n" + out);
    assertTrue(out.contains("== Teamledarens granskningskö (karin.tl) =="), out);
    assertTrue(out.contains("* [MEDICATION]") && out.contains("* [CHECKLIST]"), "medication first, then the checklist:\n" + out);
    assertTrue(out.indexOf("* [MEDICATION]") < out.indexOf("* [CHECKLIST]"), out);
    // Each entry shows what stands now: the first dose, and for the checklist the tablet's "missing".
    String medication = out.substring(out.indexOf("* [MEDICATION]"), out.indexOf("* [CHECKLIST]"));
    assertTrue(medication.contains("gäller nu: {\"dose\":\"2 tabletter\"}"), medication);
    assertTrue(medication.contains("plattan skickade: {\"dose\":\"1/2 tablett\"}"), medication);
    String checklist = out.substring(out.indexOf("* [CHECKLIST]"));
    assertTrue(checklist.contains("gäller nu: {\"state\":\"MISSING\""), checklist);
    assertTrue(checklist.contains("servern hade: {\"state\":\"DONE\""), checklist);
  }
}
