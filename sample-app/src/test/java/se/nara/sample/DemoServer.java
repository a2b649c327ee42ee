package se.nara.sample;

import java.nio.file.Path;
import se.nara.server.NaraServer;
import se.nara.server.ServerConfig;

/** Test fixture: a real server with the demo data set on a free loopback port. */
final class DemoServer {
  private DemoServer() {}

  /** Starts it in {@code dir}; cheap password hashing keeps the many logins of a test fast. */
  static NaraServer start(Path dir) {
    return start(dir, ServerConfig.defaults());
  }

  /** The same, from {@code base} (for a test that changes a setting). */
  static NaraServer start(Path dir, ServerConfig base) {
    return NaraServer.start(
        base
            .withHost("127.0.0.1")
            .withPort(0)
            .withJdbcUrl(ServerConfig.sqliteIn(dir.resolve("server")))
            .withPasswordIterations(1000));
  }

  /**
   * Signs {@code user} (demo password) in on a fresh device and calls the API: the team leader's
   * and administrator's side of a scenario. Fails the test unless the answer is 200; returns its body.
   */
  static String call(NaraServer server, String user, String method, String path, String body) throws java.io.IOException {
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
    okhttp3.MediaType json = okhttp3.MediaType.get("application/json");
    String login = "{\"username\":\"" + user + "\",\"password\":\"demo\",\"deviceId\":\"" + java.util.UUID.randomUUID() + "\"}";
    String token;
    try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(server.url() + "/api/v1/auth/login")
        .header("Nara-Protocol-Version", "1").post(okhttp3.RequestBody.create(login, json)).build()).execute()) {
      token = com.google.gson.JsonParser.parseString(r.body().string()).getAsJsonObject().get("token").getAsString();
    }
    okhttp3.Request.Builder request = new okhttp3.Request.Builder().url(server.url() + path)
        .header("Nara-Protocol-Version", "1").header("Authorization", "Bearer " + token);
    request = method.equals("POST") ? request.post(okhttp3.RequestBody.create(body, json)) : request.get();
    try (okhttp3.Response r = http.newCall(request.build()).execute()) {
      String text = r.body().string();
      org.junit.jupiter.api.Assertions.assertEquals(200, r.code(), method + " " + path + ": " + text);
      return text;
    }
  }

  /** The nightly backup of {@code server}'s database, taken online with SQLite's own VACUUM INTO. */
  static java.nio.file.Path backup(NaraServer server, java.nio.file.Path to) {
    server.database().withReader(h -> h.execute("VACUUM INTO '" + to.toString().replace("'", "''") + "'"));
    return to;
  }

  /**
   * The server's disk is lost and {@code backup} restored: stops {@code running}, puts the backup
   * in place of its database (and its write-ahead log) in {@code dir}, and starts it again.
   */
  static NaraServer restore(NaraServer running, java.nio.file.Path dir, java.nio.file.Path backup) throws java.io.IOException {
    running.close();
    java.nio.file.Path db = dir.resolve("server").resolve("nara.db");
    java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(db + "-wal"));
    java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(db + "-shm"));
    java.nio.file.Files.copy(backup, db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return start(dir);
  }

  /**
   * A demo patient of Maja's team whom Anna's team does not care for, with medication lines and no
   * spärr: [id, personnummer]. For nödåtkomst scenarios.
   */
  static String[] patientOfAnotherTeam(NaraServer server) {
    String data = server.database().withReader(h -> h.createQuery(
            "SELECT r.data FROM records r"
                + " JOIN care_relationships cr ON cr.patient_id = r.id AND cr.ended_at IS NULL"
                + " JOIN team_members tm ON tm.team_id = cr.team_id"
                + " JOIN staff_accounts sa ON sa.staff_id = tm.staff_id AND sa.username = 'maja.ssk'"
                + " WHERE r.entity_type = 'patient' AND r.id NOT IN (SELECT cr2.patient_id FROM care_relationships cr2"
                + "   JOIN team_members tm2 ON tm2.team_id = cr2.team_id"
                + "   JOIN staff_accounts sa2 ON sa2.staff_id = tm2.staff_id AND sa2.username = 'anna.ssk')"
                + " AND NOT EXISTS (SELECT 1 FROM sparrar s WHERE s.patient_id = r.id)"
                + " AND EXISTS (SELECT 1 FROM records l WHERE l.patient_id = r.id AND l.entity_type = 'medication_line')"
                + " ORDER BY r.id LIMIT 1")
        .mapTo(String.class).one());
    com.google.gson.JsonObject patient = com.google.gson.JsonParser.parseString(data).getAsJsonObject();
    for (com.google.gson.JsonElement identifier : patient.getAsJsonArray("identifiers")) {
      if (identifier.getAsJsonObject().get("type").getAsString().equals("PERSONNUMMER")) {
        return new String[] {patient.get("id").getAsString(), identifier.getAsJsonObject().get("value").getAsString()};
      }
    }
    throw new AssertionError("the demo patient has no personnummer: " + data);
  }
}
