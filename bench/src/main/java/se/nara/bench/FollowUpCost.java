package se.nara.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.nara.sdk.model.Profession;
import se.nara.sdk.model.ReviewState;
import se.nara.sdk.model.Staff;
import se.nara.sdk.model.Team;
import se.nara.sdk.model.TeamType;
import se.nara.sdk.model.Huvudman;
import se.nara.sdk.model.Visit;
import se.nara.sdk.model.VisitStatus;
import se.nara.sdk.model.VisitType;
import se.nara.server.NaraServer;
import se.nara.server.ServerConfig;
import se.nara.server.auth.PasswordHasher;
import se.nara.server.store.Account;
import se.nara.server.store.AccountStore;
import se.nara.server.store.RecordStore;
import se.nara.server.store.ScopeStore;
import se.nara.server.sync.ServerRecords;

/**
 * A one-off measurement, not a benchmark run: what finding a team's follow-up visits costs once
 * the team has years of former patients behind it (docs/benchmarks.md, "Follow-up visits").
 *
 * <p>Seeds one team (through the server's own stores) with {@code --former-patients} patients whose
 * care has ended, {@code --visits-per-patient} visits each spread over {@code --years} years, of
 * which {@code --open-share} still need the leader's review, plus {@code --current-patients} in
 * care; then, in the same process, signs in to the team leader page and times the visit list of
 * one day (which looks for follow-ups in that day) and, where the server has it, the list of all
 * open follow-ups ({@code /teamledare/api/follow-ups}).
 *
 * <p>{@code java -cp bench/target/nara-bench.jar se.nara.bench.FollowUpCost}
 */
@Command(name = "follow-up-cost", mixinStandardHelpOptions = true)
public final class FollowUpCost implements Callable<Integer> {
  @Option(names = "--former-patients", defaultValue = "4000", description = "Patients the team no longer cares for (default ${DEFAULT-VALUE}).")
  int former;

  @Option(names = "--current-patients", defaultValue = "200", description = "Patients in the team's care now (default ${DEFAULT-VALUE}).")
  int current;

  @Option(names = "--visits-per-patient", defaultValue = "55", description = "Visits of each patient (default ${DEFAULT-VALUE}).")
  int visitsPerPatient;

  @Option(names = "--years", defaultValue = "5", description = "Years the visits are spread over (default ${DEFAULT-VALUE}).")
  int years;

  @Option(names = "--open-share", defaultValue = "0.01", description = "Share of former patients' visits still needing review (default ${DEFAULT-VALUE}).")
  double openShare;

  @Option(names = "--calls", defaultValue = "20", description = "Timed calls of each list after 5 untimed ones (default ${DEFAULT-VALUE}).")
  int calls;

  @Option(names = "--work-dir", defaultValue = "bench/target/follow-up-cost", description = "Database directory (default ${DEFAULT-VALUE}).")
  Path workDir;

  static final String TEAM = "00000000-0000-4000-8000-00000000f00a";
  static final String LEAD = "00000000-0000-4000-8000-00000000f0a9";
  static final String NURSE = "00000000-0000-4000-8000-00000000f0a1";

  @Override
  public Integer call() throws Exception {
    Path dir = workDir.toAbsolutePath().resolve("run-" + System.currentTimeMillis());
    Files.createDirectories(dir);
    NaraServer server = NaraServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
        .withJdbcUrl(ServerConfig.sqliteIn(dir)).withDemoData(false).withPasswordIterations(1000));
    try {
      long started = System.nanoTime();
      long visits = seed(server);
      System.out.printf("seeded %d former + %d current patients, %d visits in %.1f s%n", former, current, visits,
          (System.nanoTime() - started) / 1e9);
      HttpClient http = HttpClient.newHttpClient();
      String cookie = login(http, server.url());
      LocalDate today = LocalDate.now(ZoneId.of("Europe/Stockholm"));
      time(http, server.url() + "/teamledare/api/visits?from=" + today + "&to=" + today, cookie, "visit list, one day");
      time(http, server.url() + "/teamledare/api/visits?from=" + today.minusDays(30) + "&to=" + today, cookie, "visit list, 31 days");
      time(http, server.url() + "/teamledare/api/follow-ups/count", cookie, "follow-up count (all dates)");
      time(http, server.url() + "/teamledare/api/follow-ups", cookie, "follow-up list (all dates)");
    } finally {
      server.close();
    }
    return 0;
  }

  private long seed(NaraServer server) {
    PasswordHasher hasher = new PasswordHasher(1000);
    String hash = hasher.hash("bench".toCharArray());
    AccountStore accounts = new AccountStore();
    ScopeStore scopes = new ScopeStore();
    ServerRecords records = new ServerRecords(new RecordStore(), Clock.systemUTC());
    server.database().inWrite(h -> {
      records.insertAll(h, List.of(Team.builder().id(TEAM).name("Hemsjukvård Bench").teamType(TeamType.HEMSJUKVARD)
          .huvudman(Huvudman.KOMMUN).build()), null);
      for (String[] a : new String[][] {{LEAD, "lead", "Lena Ledare", "TEAMLEDARE"}, {NURSE, "nurse", "Nils Nurse", "SJUKSKOTERSKA"}}) {
        accounts.upsert(h, new Account(a[0], a[1], hash, a[2], a[3], true, 0, null));
        accounts.addTeamMember(h, a[0], TEAM);
        records.insertAll(h, List.of(Staff.builder().id(a[0]).name(a[2]).username(a[1])
            .profession(Profession.valueOf(a[3])).teamIds(List.of(TEAM)).build()), null);
      }
      return null;
    });
    Random random = new Random(7);
    Instant now = Instant.now();
    long spanSeconds = years * 365L * 86_400L;
    long visits = 0;
    int total = former + current;
    for (int from = 0; from < total; from += 50) {
      int to = Math.min(total, from + 50);
      int first = from;
      visits += server.database().inWrite(h -> {
        long made = 0;
        long t = Instant.now().toEpochMilli();
        for (int p = first; p < to; p++) {
          String patient = new UUID(0xbe0c0000L, p).toString();
          boolean isFormer = p < former;
          List<Object> batch = new ArrayList<>();
          batch.add(se.nara.sdk.model.Patient.builder().id(patient).name("Patient " + p).build());
          for (int v = 0; v < visitsPerPatient; v++) {
            Instant start = isFormer ? now.minusSeconds(86_400L + (long) (random.nextDouble() * spanSeconds)) : now.minusSeconds(random.nextInt(86_400 * 30));
            boolean open = isFormer ? random.nextDouble() < openShare : random.nextDouble() < 0.2;
            batch.add(Visit.builder().id(UUID.randomUUID().toString()).patientId(patient).teamId(TEAM)
                .visitType(VisitType.FOLLOW_UP).status(VisitStatus.COMPLETED).staffIds(List.of(NURSE))
                .plannedStart(start).plannedEnd(start.plusSeconds(1800)).note("Besök " + v)
                .reviewState(open ? ReviewState.NOT_REVIEWED : ReviewState.REVIEWED).reviewedBy(open ? null : LEAD)
                .reviewedVersion(open ? 0 : 1).build());
            made++;
          }
          records.insertAll(h, batch, NURSE);
          scopes.startRelationship(h, patient, TEAM, t);
          if (isFormer) {
            scopes.endRelationship(h, patient, TEAM, t);
          }
        }
        return made;
      });
    }
    return visits;
  }

  private static String login(HttpClient http, String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/teamledare/api/login"))
        .header("Content-Type", "application/json").header("Origin", url)
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"lead\",\"password\":\"bench\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("login: " + r.statusCode() + " " + r.body());
    }
    String setCookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("nara_tl=")).findFirst().orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private void time(HttpClient http, String url, String cookie, String what) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).GET().build();
    HttpResponse<String> first = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (first.statusCode() != 200) {
      System.out.printf("%-32s not available (%d)%n", what, first.statusCode());
      return;
    }
    for (int i = 0; i < 4; i++) {
      http.send(request, HttpResponse.BodyHandlers.ofString());
    }
    double[] ms = new double[calls];
    int bytes = 0;
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      ms[i] = (System.nanoTime() - t0) / 1e6;
      bytes = r.body().length();
    }
    Arrays.sort(ms);
    System.out.printf("%-32s median %.1f ms, min %.1f, max %.1f (%d calls, answer %d chars)%n", what, ms[calls / 2], ms[0],
        ms[calls - 1], calls, bytes);
  }

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new FollowUpCost()).execute(args));
  }
}
