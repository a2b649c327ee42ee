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
    check(demo("anna.ssk", "erik.ssk"));
  }

  @Test
  @DisplayName("two-tablets run twice on one server: the second run picks fresh records and tells the same story")
  void rerun() throws Exception {
    demo("anna.ssk", "erik.ssk");
    String second = demo("anna.ssk", "erik.ssk");
    check(second);
    assertTrue(second.contains("äldre konflikter i kön"), second);
  }

  @Test
  @DisplayName("two-tablets with nurses of different teams: a Swedish message and a non-zero exit, no stack trace")
  void differentTeams() throws Exception {
    TwoTabletsDemo.DemoException e = org.junit.jupiter.api.Assertions.assertThrows(TwoTabletsDemo.DemoException.class,
        () -> demo("anna.ssk", "maja.ssk"));
    assertTrue(e.getMessage().startsWith("sjuksköterskorna måste vara i samma team"), e.getMessage());
    PrintStream err = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      code = new picocli.CommandLine(new TabletApp()).execute("two-tablets", "--server", server.url(), "--dir",
          dir.resolve("cli").toString(), "--nurse-b", "maja.ssk");
    } finally {
      System.setErr(err);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(code != 0, "exit code " + code);
    assertTrue(text.contains("two-tablets: sjuksköterskorna måste vara i samma team"), text);
    assertTrue(!text.contains("Exception"), text);
  }

  @Test
  @DisplayName("nara-tablet --server URL two-tablets: the demo runs against the server named before the subcommand")
  void serverNamedBeforeTheSubcommand() throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      code = new picocli.CommandLine(new TabletApp()).execute("--server", server.url(), "two-tablets", "--dir",
          dir.resolve("cli").toString());
    } finally {
      System.setOut(out);
    }
    org.junit.jupiter.api.Assertions.assertEquals(0, code, "exit code");
    check(bytes.toString(StandardCharsets.UTF_8));
  }

  private String demo(String a, String b) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new TwoTabletsDemo(server.url(), dir.resolve("tablets"), new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .run(a, b, "karin.tl", "demo");
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static void check(String out) {
    assertTrue(out.contains("A väntar med 3 ändringar, B med 4."), out);
    assertTrue(out.contains("= Saknas  [i konflikt – väntar på granskning]"), "missing wins and is flagged:\n" + out);
    assertTrue(out.contains("Kontrollerat i hemmet av platta A") && out.contains("Saknas enligt platta B"), "both notes kept:\n" + out);
    assertTrue(out.contains("dos = 2 tabletter  [i konflikt"), "the first dose stands, flagged:\n" + out);
    assertTrue(out.contains("status = Utförd, utförare = Hemtjänst Väster  [synkad]"), "disjoint plan edits merge:\n" + out);
    assertTrue(out.contains("== Teamledarens granskningskö (karin.tl) =="), out);
    String queue = out.substring(out.indexOf("== Teamledarens granskningskö"));
    assertTrue(queue.contains("* [Läkemedel]") && queue.contains("* [Checklista]"), "medication first, then the checklist:\n" + out);
    assertTrue(queue.indexOf("* [Läkemedel]") < queue.indexOf("* [Checklista]"), out);
    // Each entry shows what stands now: the first dose, and for the checklist the tablet's "missing".
    String medication = queue.substring(queue.indexOf("* [Läkemedel]"), queue.indexOf("* [Checklista]"));
    assertTrue(medication.contains("gäller nu: dos = 2 tabletter"), medication);
    assertTrue(medication.contains("plattan skickade: dos = 1/2 tablett"), medication);
    String checklist = queue.substring(queue.indexOf("* [Checklista]"));
    assertTrue(checklist.contains("gäller nu: läge = Saknas"), checklist);
    assertTrue(checklist.contains("servern hade: läge = Klar"), checklist);
    assertTrue(!queue.contains("{\"") && !queue.matches("(?s).*[0-9a-f]{8}-[0-9a-f]{4}-.*"), "no raw JSON or ids:\n" + queue);
  }
}
