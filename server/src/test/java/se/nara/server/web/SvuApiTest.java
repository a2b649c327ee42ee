package se.nara.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.server.TestServer;
import se.nara.server.TestServer.Reply;

class SvuApiTest {
  @TempDir Path dir;
  TestServer t;

  @BeforeEach
  void start() {
    t = TestServer.start(dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private Reply send(String token, String type, String time) throws Exception {
    return t.post("/api/v1/svu/messages",
        "{\"episodeId\":\"" + TestServer.EPISODE_A + "\",\"type\":\"" + type + "\",\"eventTime\":\"" + time + "\"}", token);
  }

  @Test
  @DisplayName("SVU messages set the episode's times and status, out of order, and tablets pull the result")
  void messagesDriveTheEpisode() throws Exception {
    String integration = t.login("svu", UUID.randomUUID().toString());
    Reply late = send(integration, "EJ_LANGRE_UTSKRIVNINGSKLAR", "2026-11-21T09:00:00Z");
    assertEquals(200, late.status(), late.body());
    assertEquals("NO_LONGER_READY", late.json().get("status").getAsString());
    Reply older = send(integration, "UTSKRIVNINGSKLAR", "2026-11-21T07:00:00Z");
    assertEquals("NO_LONGER_READY", older.json().get("status").getAsString(), "the later event wins whatever the order");
    Reply discharged = send(integration, "UTSKRIVEN", "2026-11-22T13:00:00Z");
    assertEquals("DISCHARGED", discharged.json().get("status").getAsString());

    String nurse = t.login("a1", UUID.randomUUID().toString());
    JsonObject episode = null;
    for (var e : t.get("/api/v1/sync/pull?limit=5000", nurse).json().getAsJsonArray("records")) {
      if (e.getAsJsonObject().get("id").getAsString().equals(TestServer.EPISODE_A)) {
        episode = e.getAsJsonObject().getAsJsonObject("data");
      }
    }
    assertEquals("DISCHARGED", episode.get("status").getAsString());
    assertEquals("2026-11-22T13:00:00Z", episode.get("utskrivenAt").getAsString());
  }

  @Test
  @DisplayName("INSKRIVEN gives the episode its admission time and the server derives inskrivningsmeddelandeLate, which tablets pull and cannot write")
  void admissionAndTheLateFlag() throws Exception {
    String integration = t.login("svu", UUID.randomUUID().toString());
    Reply sent = send(integration, "INSKRIVNINGSMEDDELANDE", "2026-11-19T10:00:00Z");
    assertEquals(200, sent.status(), sent.body());
    assertTrue(sent.json().get("inskrivningsmeddelandeLate") == null || sent.json().get("inskrivningsmeddelandeLate").isJsonNull(),
        "no admission time yet: undecided " + sent.body());
    Reply admitted = send(integration, "INSKRIVEN", "2026-11-18T09:00:00Z"); // 25 hours before the meddelande
    assertEquals(200, admitted.status(), admitted.body());
    assertEquals("2026-11-18T09:00:00Z", admitted.json().get("inskrivenAt").getAsString());
    assertEquals(true, admitted.json().get("inskrivningsmeddelandeLate").getAsBoolean());
    Reply judged = send(integration, "INSATSBEHOV_BEDOMT", "2026-11-18T12:00:00Z"); // 22 hours before it
    assertEquals(false, judged.json().get("inskrivningsmeddelandeLate").getAsBoolean(), judged.body());

    String nurse = t.login("a1", UUID.randomUUID().toString());
    JsonObject episode = null;
    for (var e : t.get("/api/v1/sync/pull?limit=5000", nurse).json().getAsJsonArray("records")) {
      if (e.getAsJsonObject().get("id").getAsString().equals(TestServer.EPISODE_A)) {
        episode = e.getAsJsonObject().getAsJsonObject("data");
      }
    }
    assertEquals("2026-11-18T09:00:00Z", episode.get("inskrivenAt").getAsString());
    assertEquals(false, episode.get("inskrivningsmeddelandeLate").getAsBoolean());
  }

  @Test
  @DisplayName("only the integration account sends SVU messages, and bad messages get clear errors")
  void validation() throws Exception {
    String nurse = t.login("a1", UUID.randomUUID().toString());
    assertEquals(403, send(nurse, "UTSKRIVEN", "2026-11-22T13:00:00Z").status());
    String integration = t.login("svu", UUID.randomUUID().toString());
    Reply badType = send(integration, "HEMGÅNG", "2026-11-22T13:00:00Z");
    assertEquals(400, badType.status());
    assertEquals("type", badType.json().getAsJsonObject("details").get("field").getAsString());
    assertEquals(400, send(integration, "UTSKRIVEN", "2099-01-01T00:00:00Z").status());
    assertEquals(400, send(integration, "UTSKRIVEN", "igår").status());
    Reply unknown = t.post("/api/v1/svu/messages",
        "{\"episodeId\":\"" + UUID.randomUUID() + "\",\"type\":\"UTSKRIVEN\",\"eventTime\":\"2026-11-22T13:00:00Z\"}", integration);
    assertEquals(404, unknown.status());
  }

  @Test
  @DisplayName("an event time no clock can show is a 400 naming eventTime, also for an estimate (which may lie ahead)")
  void eventTimeBeyondTheCalendar() throws Exception {
    String integration = t.login("svu", UUID.randomUUID().toString());
    String[][] bad = {{"BERAKNAD_UTSKRIVNING", "+1000000000-01-01T00:00:00Z"}, {"UTSKRIVEN", "-1000000000-01-01T00:00:00Z"},
        {"BERAKNAD_UTSKRIVNING", "+20000-01-01T00:00:00Z"}};
    for (String[] b : bad) {
      Reply r = send(integration, b[0], b[1]);
      assertEquals(400, r.status(), b[0] + " " + b[1] + ": " + r.body());
      assertEquals("eventTime", r.json().getAsJsonObject("details").get("field").getAsString());
    }
  }
}
