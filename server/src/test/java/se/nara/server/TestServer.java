package se.nara.server;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import se.nara.sdk.model.CareEpisode;
import se.nara.sdk.model.ChecklistGroup;
import se.nara.sdk.model.ReviewState;
import se.nara.sdk.model.SvuStatus;
import se.nara.sdk.model.Visit;
import se.nara.sdk.model.VisitStatus;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.DischargeChecklist;
import se.nara.sdk.model.Huvudman;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.LineStatus;
import se.nara.sdk.model.ListSource;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.MedicationList;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.PatientIdentifier;
import se.nara.sdk.model.Personnummer;
import se.nara.sdk.model.Profession;
import se.nara.sdk.model.Sex;
import se.nara.sdk.model.Staff;
import se.nara.sdk.model.Team;
import se.nara.sdk.model.TeamType;
import se.nara.sdk.protocol.Json;
import se.nara.sdk.protocol.ProtocolVersion;
import se.nara.server.auth.PasswordHasher;
import se.nara.server.store.Account;
import se.nara.server.store.AccountStore;
import se.nara.server.store.RecordStore;
import se.nara.server.store.ScopeStore;
import se.nara.server.sync.ServerRecords;

/**
 * A real server on a free port with a small, known data set: two teams, three nurses, two
 * patients. Tests talk to it over real HTTP.
 */
public final class TestServer implements AutoCloseable {
  public static final String PASSWORD = "hemligt";
  public static final String TEAM_A = "00000000-0000-4000-8000-00000000000a";
  public static final String TEAM_B = "00000000-0000-4000-8000-00000000000b";
  public static final String NURSE_A1 = "00000000-0000-4000-8000-0000000000a1";
  public static final String NURSE_A2 = "00000000-0000-4000-8000-0000000000a2";
  public static final String NURSE_B1 = "00000000-0000-4000-8000-0000000000b1";
  public static final String PATIENT_A = "00000000-0000-4000-8000-000000000e0a";
  public static final String PATIENT_B = "00000000-0000-4000-8000-000000000e0b";
  public static final String CHECKLIST_A = "00000000-0000-4000-8000-0000000c0a01";
  public static final String ITEM_A = "00000000-0000-4000-8000-0000000c1a01";
  public static final String LIST_A = "00000000-0000-4000-8000-0000000d0a01";
  public static final String LINE_A = "00000000-0000-4000-8000-0000000d1a01";
  public static final String ITEM_B = "00000000-0000-4000-8000-0000000c1b01";
  public static final String LEAD_A = "00000000-0000-4000-8000-0000000000a9";
  public static final String LEAD_B = "00000000-0000-4000-8000-0000000000b9";
  public static final String INTEGRATION = "00000000-0000-4000-8000-0000000000ff";
  public static final String USK_A = "00000000-0000-4000-8000-0000000000a3";
  public static final String MAS = "00000000-0000-4000-8000-0000000000a4";
  public static final String EPISODE_A = "00000000-0000-4000-8000-0000000e9a01";
  public static final String VISIT_SIGNED = "00000000-0000-4000-8000-0000000f0a01";
  public static final String VISIT_REVIEWED = "00000000-0000-4000-8000-0000000f0a02";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  public final NaraServer server;
  public final OkHttpClient http = new OkHttpClient();

  private TestServer(NaraServer server) {
    this.server = server;
  }

  /** Starts a server with the small fixture data set in {@code dir}. */
  public static TestServer start(Path dir) {
    return start(dir, c -> c);
  }

  /** Starts a server with the small fixture data set in {@code dir}, its configuration changed by {@code configure}. */
  public static TestServer start(Path dir, java.util.function.UnaryOperator<ServerConfig> configure) {
    NaraServer server =
        NaraServer.start(
            configure.apply(ServerConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withJdbcUrl(ServerConfig.sqliteIn(dir))
                .withDemoData(false)
                .withPasswordIterations(1000)));
    seed(server);
    return new TestServer(server);
  }

  private static void seed(NaraServer server) {
    PasswordHasher hasher = new PasswordHasher(1000);
    String hash = hasher.hash(PASSWORD.toCharArray());
    AccountStore accounts = new AccountStore();
    ScopeStore scopes = new ScopeStore();
    ServerRecords records = new ServerRecords(new RecordStore(), Clock.systemUTC());
    server
        .database()
        .inWrite(
            h -> {
              records.insertAll(
                  h,
                  List.of(
                      Team.builder().id(TEAM_A).name("Hemtagningsteam Malmö").teamType(TeamType.HEMTAGNINGSTEAM).huvudman(Huvudman.KOMMUN).build(),
                      Team.builder().id(TEAM_B).name("ASIH Lund").teamType(TeamType.ASIH).huvudman(Huvudman.REGION).build()),
                  null);
              account(h, accounts, records, hash, NURSE_A1, "a1", "Anna Andersson", TEAM_A);
              account(h, accounts, records, hash, NURSE_A2, "a2", "Erik Eriksson", TEAM_A);
              account(h, accounts, records, hash, NURSE_B1, "b1", "Britt Berg", TEAM_B);
              account(h, accounts, records, hash, LEAD_A, "lead", "Karin Ledare", TEAM_A, Profession.TEAMLEDARE);
              account(h, accounts, records, hash, LEAD_B, "leadb", "Bo Ledare", TEAM_B, Profession.TEAMLEDARE);
              account(h, accounts, records, hash, INTEGRATION, "svu", "SVU-integration", TEAM_A, Profession.ADMIN);
              account(h, accounts, records, hash, USK_A, "usk", "Ulla Undersköterska", TEAM_A, Profession.UNDERSKOTERSKA);
              account(h, accounts, records, hash, MAS, "mas", "Maria MAS", TEAM_A, Profession.MAS);
              records.insertAll(
                  h,
                  List.of(
                      patient(PATIENT_A, "Astrid Lind", LocalDate.of(1938, 4, 12)).toBuilder()
                          .protectedIdentity(true).address("Skyddad väg 1, Malmö").build(),
                      patient(PATIENT_B, "Bengt Holm", LocalDate.of(1941, 9, 3)),
                      DischargeChecklist.builder().id(CHECKLIST_A).patientId(PATIENT_A).build(),
                      ChecklistItem.builder().id(ITEM_A).patientId(PATIENT_A).checklistId(CHECKLIST_A)
                          .itemKey("medicines.available").group(ChecklistGroup.MEDICINES)
                          .label("Läkemedel finns hemma").state(ItemState.UNCHECKED).sortOrder(1).build(),
                      ChecklistItem.builder().id(ITEM_B).patientId(PATIENT_B).checklistId(CHECKLIST_A)
                          .itemKey("keys").group(ChecklistGroup.ACCESS_SAFETY)
                          .label("Nyckelhantering").state(ItemState.UNCHECKED).sortOrder(1).build(),
                      MedicationList.builder().id(LIST_A).patientId(PATIENT_A).source(ListSource.DISCHARGE_LIST).build(),
                      CareEpisode.builder().id(EPISODE_A).patientId(PATIENT_A).status(SvuStatus.READY_FOR_DISCHARGE)
                          .utskrivningsklarAt(Instant.parse("2026-11-20T10:00:00Z")).build(),
                      Visit.builder().id(VISIT_SIGNED).patientId(PATIENT_A).teamId(TEAM_A).note("Signerad anteckning")
                          .status(VisitStatus.COMPLETED).signedBy(NURSE_A1).signedAt(Instant.parse("2026-11-22T15:00:00Z"))
                          .reviewState(ReviewState.NOT_REVIEWED).build(),
                      Visit.builder().id(VISIT_REVIEWED).patientId(PATIENT_A).teamId(TEAM_A).note("Granskad")
                          .status(VisitStatus.COMPLETED).reviewState(ReviewState.REVIEWED).reviewedBy(LEAD_A)
                          .reviewedVersion(1).build(),
                      MedicationLine.builder().id(LINE_A).patientId(PATIENT_A).listId(LIST_A).drugName("Furosemid")
                          .strength("40 mg").dose("1 tablett").frequency("1 gång dagligen").route("oral")
                          .status(LineStatus.ACTIVE).build()),
                  null);
              long now = Instant.now().toEpochMilli();
              scopes.startRelationship(h, PATIENT_A, TEAM_A, now);
              scopes.startRelationship(h, PATIENT_B, TEAM_B, now);
              return null;
            });
  }

  private static Patient patient(String id, String name, LocalDate born) {
    String pnr = Personnummer.generate(born, 238, false);
    return Patient.builder()
        .id(id)
        .name(name)
        .birthDate(born)
        .sex(Personnummer.parse(pnr).legalSex())
        .identifiers(List.of(PatientIdentifier.personnummer(pnr)))
        .build();
  }

  private static void account(
      org.jdbi.v3.core.Handle h, AccountStore accounts, ServerRecords records, String hash,
      String id, String username, String name, String team) {
    account(h, accounts, records, hash, id, username, name, team, Profession.SJUKSKOTERSKA);
  }

  private static void account(
      org.jdbi.v3.core.Handle h, AccountStore accounts, ServerRecords records, String hash,
      String id, String username, String name, String team, Profession profession) {
    accounts.upsert(h, new Account(id, username, hash, name, profession.name(), true, 0, null));
    accounts.addTeamMember(h, id, team);
    records.insertAll(
        h,
        List.of(Staff.builder().id(id).name(name).username(username).profession(profession).teamIds(List.of(team)).build()),
        null);
  }

  public String url() {
    return server.url();
  }

  /** Logs in over HTTP and returns the bearer token. */
  public String login(String username, String deviceId) throws IOException {
    JsonObject body = new JsonObject();
    body.addProperty("username", username);
    body.addProperty("password", PASSWORD);
    body.addProperty("deviceId", deviceId);
    Reply reply = post("/api/v1/auth/login", body.toString(), null);
    if (reply.status != 200) {
      throw new IllegalStateException("login failed: " + reply);
    }
    return reply.json.get("token").getAsString();
  }

  /** A raw HTTP answer. */
  public record Reply(int status, String body, JsonObject json) {
    public String code() {
      return json == null || !json.has("code") ? null : json.get("code").getAsString();
    }
  }

  public Reply post(String path, String body, String token) throws IOException {
    Request.Builder request =
        new Request.Builder()
            .url(url() + path)
            .header(ProtocolVersion.HEADER, "1")
            .post(RequestBody.create(body, JSON));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  public Reply get(String path, String token) throws IOException {
    Request.Builder request = new Request.Builder().url(url() + path).header(ProtocolVersion.HEADER, "1");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  public Reply send(Request request) throws IOException {
    try (Response response = http.newCall(request).execute()) {
      String text = response.body().string();
      JsonObject json = null;
      try {
        json = JsonParser.parseString(text).getAsJsonObject();
      } catch (RuntimeException notJson) {
        // the caller asserts on the status and raw body
      }
      return new Reply(response.code(), text, json);
    }
  }

  /** The single number a query of the server's database answers, e.g. a {@code COUNT(*)}. */
  public long count(String sql) {
    return server.database().withReader(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  /** Serialises a protocol value with the shared conventions. */
  public static String json(Object value) {
    return Json.gson().toJson(value);
  }

  @Override
  public void close() {
    server.close();
  }
}
