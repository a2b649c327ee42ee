package se.nara.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import se.nara.sdk.NaraClient;
import se.nara.sdk.SyncResult;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.Json;
import se.nara.sdk.protocol.LoginResponse;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationResult;
import se.nara.sdk.protocol.MutationStatus;
import se.nara.sdk.protocol.PushResponse;
import se.nara.server.store.Database;

/**
 * Runs the measurements of issue 7. Each run starts from a fresh copy of the seeded database
 * and a fresh server process, in two sessions: a raw-protocol session (server cost) and an SDK
 * session (what a real tablet sees). The machine's SQLite limits are measured in the same run.
 */
final class BenchRunner {
  /** Everything the runner can be told. */
  record Options(
      Size size,
      int runs,
      int tablets,
      int mutations,
      int pushBatch,
      int pullPage,
      int latencyCalls,
      List<Integer> concurrency,
      int rounds,
      int warmup,
      int rtWarmup,
      int pushWarmup,
      List<Integer> scale,
      int scaleDelta,
      boolean sdk,
      long seed,
      Path workDir,
      List<String> serverJvmOptions,
      int limitRows) {}

  private final Options o;
  private final Progress progress;
  final Map<String, List<Double>> metrics = new LinkedHashMap<>();
  final Map<String, String> facts = new LinkedHashMap<>();
  private final DataGen gen;
  private final java.util.concurrent.atomic.AtomicLong pushAnswered = new java.util.concurrent.atomic.AtomicLong();

  BenchRunner(Options options, Progress progress) {
    this.o = options;
    this.progress = progress;
    this.gen = new DataGen(options.seed());
  }

  private double last(String key) {
    List<Double> v = metrics.get(key);
    return v == null || v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
  }

  void record(String key, double value) {
    metrics.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
  }

  void runAll() throws Exception {
    for (int r = 1; r <= o.runs(); r++) {
      progress.log("=== run " + r + " of " + o.runs() + " (size " + o.size().name().toLowerCase() + ") ===");
      limits(r);
      rawSession(r);
      if (o.sdk()) {
        sdkSession(r);
      }
    }
    if (!o.scale().isEmpty()) {
      scalePhase();
    }
  }

  // ------------------------------------------------------------------ machine limits

  /**
   * Raw batched JDBC inserts of the same kind of records into the server's own schema (WAL,
   * synchronous=NORMAL, 1000 rows per transaction), then an ordered scan of them.
   */
  void limits(int run) throws Exception {
    Path file = o.workDir().resolve("run-" + run).resolve("limits.db");
    Seeder.deleteDb(file);
    Files.createDirectories(file.getParent());
    Database.open("jdbc:sqlite:" + file).close(); // the server's schema, via its migrations
    List<Object[]> rows = new ArrayList<>(o.limitRows());
    long seq = 0;
    long bytes = 0;
    outer:
    for (int t = 0; ; t++) {
      for (int i = 0; i < o.size().patientsPerTeam; i++) {
        for (Object model : gen.patient(t, i, o.size().staffPerTeam).models()) {
          EntityType type = EntityType.forModel(model.getClass());
          com.google.gson.JsonObject data = Json.toData(model);
          data.remove("version");
          String id = data.get("id").getAsString();
          String patient = data.has("patientId") ? data.get("patientId").getAsString() : id;
          String json = data.toString();
          bytes += json.length();
          long now = DataGen.BASE.toEpochMilli();
          rows.add(new Object[] {id, type.wireName(), patient, 1L, ++seq, false, json, now, now, null, null});
          if (rows.size() >= o.limitRows()) {
            break outer;
          }
        }
      }
    }
    facts.put("limit.avgDocBytes", Long.toString(bytes / rows.size()));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=NORMAL");
      }
      c.setAutoCommit(false);
      long started = System.nanoTime();
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO records (id, entity_type, patient_id, version, seq, tombstone, data, created_at,"
                  + " updated_at, updated_by, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        int inTx = 0;
        for (Object[] row : rows) {
          for (int k = 0; k < row.length; k++) {
            ps.setObject(k + 1, row[k]);
          }
          ps.addBatch();
          if (++inTx == 1000) {
            ps.executeBatch();
            c.commit();
            inTx = 0;
          }
        }
        ps.executeBatch();
        c.commit();
      }
      double insertSeconds = (System.nanoTime() - started) / 1e9;
      record("limit.insert", rows.size() / insertSeconds);
      c.setAutoCommit(true);
      double scanRate = 0;
      for (int pass = 0; pass < 2; pass++) { // the first pass warms the page cache, as a server's would be
        long s = System.nanoTime();
        long n = 0;
        try (Statement st = c.createStatement();
            ResultSet rs =
                st.executeQuery(
                    "SELECT id, entity_type, patient_id, version, seq, tombstone, data, created_at, updated_at,"
                        + " updated_by, device_id FROM records ORDER BY seq")) {
          while (rs.next()) {
            rs.getString(1);
            rs.getString(2);
            rs.getString(3);
            rs.getLong(4);
            rs.getLong(5);
            rs.getBoolean(6);
            rs.getString(7);
            rs.getLong(8);
            rs.getLong(9);
            rs.getString(10);
            rs.getString(11);
            n++;
          }
        }
        scanRate = n / ((System.nanoTime() - s) / 1e9);
      }
      record("limit.scan", scanRate);
      progress.log(String.format("limits: raw insert %.0f docs/s, ordered scan %.0f docs/s (%d rows of ~%s bytes)",
          rows.size() / insertSeconds, scanRate, rows.size(), facts.get("limit.avgDocBytes")));
    }
    Seeder.deleteDb(file);
  }

  // ------------------------------------------------------------------ helpers

  private Seeder.Seeded seeded(int run, String name) throws IOException {
    Size s = o.size();
    return Seeder.seededCopy(o.workDir().resolve("seed-cache"), o.workDir().resolve("run-" + run).resolve(name),
        o.seed(), s.teams, s.staffPerTeam, s.patientsPerTeam, progress);
  }

  private String username(int tablet) {
    return "bench.t" + (tablet % o.size().teams) + ".s" + nurse(tablet);
  }

  private String staffId(int tablet) {
    return DataGen.id("staff", tablet % o.size().teams, nurse(tablet));
  }

  /**
   * The staff index a tablet signs in as: a nurse, because the workload writes medication data,
   * which only nurses and physicians may (DataGen makes s=0 the team leader, every fifth an
   * undersköterska).
   */
  private int nurse(int tablet) {
    List<Integer> nurses = new ArrayList<>();
    for (int s = 0; s < o.size().staffPerTeam; s++) {
      if (s != 0 && s % 5 != 4) {
        nurses.add(s);
      }
    }
    return nurses.get((tablet / o.size().teams) % nurses.size());
  }

  /** The patients tablet {@code k} of {@code tablets} works on: a share of its team's patients. */
  private List<DataGen.PatientData> patientsOf(int k, int tablets) {
    int teams = o.size().teams;
    int team = k % teams;
    int inTeam = (tablets - team + teams - 1) / teams;
    int slot = k / teams;
    List<DataGen.PatientData> out = new ArrayList<>();
    int perTeam = o.size().patientsPerTeam;
    for (int i = 0; i < perTeam; i++) {
      if (inTeam <= perTeam ? i % inTeam == slot : i == slot % perTeam) {
        out.add(gen.patient(team, i, o.size().staffPerTeam));
      }
    }
    if (out.isEmpty()) {
      out.add(gen.patient(team, slot % o.size().patientsPerTeam, o.size().staffPerTeam));
    }
    return out;
  }

  private static String device(String kind, int run, int k) {
    return DataGen.id("device", kind, run, k, System.nanoTime());
  }

  /** Runs {@code n} tasks at once behind a start gate; returns their results and the wall time in seconds. */
  private <T> Timed<T> concurrently(int n, TaskFactory<T> factory) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        Callable<T> task = factory.create(k);
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return task.call();
        }));
      }
      ready.await();
      long started = System.nanoTime();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(30, TimeUnit.MINUTES));
      }
      return new Timed<>(results, (System.nanoTime() - started) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  interface TaskFactory<T> {
    Callable<T> create(int k) throws Exception;
  }

  record Timed<T>(List<T> results, double seconds) {}

  /** The highest change sequence in a server database, read over a separate read-only connection. */
  private static long maxSeq(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db.toAbsolutePath() + "?mode=ro");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM records")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private int visibleRecords(int team) {
    // directory (teams + staff) plus the team's patients' records; computed from the generator
    int directory = o.size().teams * (1 + o.size().staffPerTeam);
    long patients = 0;
    for (int i = 0; i < o.size().patientsPerTeam; i++) {
      patients += gen.patient(team, i, o.size().staffPerTeam).models().size();
    }
    return (int) (directory + patients);
  }

  // ------------------------------------------------------------------ raw-protocol session

  void rawSession(int run) throws Exception {
    Seeder.Seeded seeded = seeded(run, "raw.db");
    facts.put("records", Long.toString(seeded.records()));
    progress.log("raw session: starting the server on " + seeded.records() + " records");
    RawClient.WireCounter wire = new RawClient.WireCounter();
    OkHttpClient http = RawClient.http(wire);
    try (ServerProcess server = ServerProcess.start(seeded.file(), o.workDir().resolve("run-" + run).resolve("server-raw.log"), o.serverJvmOptions())) {
      RawClient raw = new RawClient(http, server.url());
      // Pull throughput: every tablet pulls everything visible to it. The same run first goes
      // untimed (--warmup): a server answers for weeks, and the figure to compare is what it does
      // once its JIT compiler has done its work. The first run's rate is kept as the cold figure.
      int tablets = o.tablets();
      Timed<long[]> pulled = null;
      List<LoginResponse> logins = new ArrayList<>();
      for (int round = 0; round <= o.warmup(); round++) {
        logins = new ArrayList<>();
        for (int k = 0; k < tablets; k++) {
          logins.add(raw.login(username(k), device(round == o.warmup() ? "pull" : "pull-warm" + round, run, k)));
        }
        List<LoginResponse> pulling = logins;
        pulled = concurrently(tablets, k -> () -> raw.pullAll(pulling.get(k).token(), new String[] {null}, o.pullPage()));
        if (round == 0) {
          long n = pulled.results().stream().mapToLong(a -> a[0]).sum();
          record("pull.raw.cold", n / pulled.seconds());
          if (o.warmup() > 0) {
            progress.log(String.format("raw pull, first (cold) run: %.0f records/s; %d more untimed before the timed run",
                n / pulled.seconds(), o.warmup() - 1));
          }
        }
      }
      long records = pulled.results().stream().mapToLong(a -> a[0]).sum();
      long expected = 0;
      for (int k = 0; k < tablets; k++) {
        expected += visibleRecords(k % o.size().teams);
      }
      if (records != expected) {
        throw new IllegalStateException("raw pull delivered " + records + " records, expected " + expected);
      }
      record("pull.raw", records / pulled.seconds());
      record("pull.raw.ratio", last("pull.raw") / last("limit.scan"));
      progress.log(String.format("raw pull: %d tablets, %d records in %.2f s = %.0f records/s",
          tablets, records, pulled.seconds(), records / pulled.seconds()));

      // No-change pull latency: a caught-up tablet asks again and again.
      String[] cursor = {null};
      raw.pullAll(logins.get(0).token(), cursor, o.pullPage());
      List<Double> samples = new ArrayList<>();
      List<Double> atServer = new ArrayList<>();
      for (int i = 0; i < o.latencyCalls() + 20; i++) {
        long s = System.nanoTime();
        RawClient.Page page = raw.pull(logins.get(0).token(), cursor[0], o.pullPage());
        double ms = (System.nanoTime() - s) / 1e6;
        if (page.records() != 0) {
          throw new IllegalStateException("a no-change pull returned " + page.records() + " records");
        }
        if (i >= 20) {
          samples.add(ms);
          atServer.add(page.serverMs());
        }
      }
      record("nochange.server.p50", Stats.percentile(atServer, 50));
      record("nochange.server.p99", Stats.percentile(atServer, 99));
      record("nochange.p50", Stats.percentile(samples, 50));
      record("nochange.p99", Stats.percentile(samples, 99));
      progress.log(String.format("no-change pull: at the server p50 %.2f ms, p99 %.2f ms; at the client p50 %.2f ms, p99 %.2f ms over %d calls",
          Stats.percentile(atServer, 50), Stats.percentile(atServer, 99),
          Stats.percentile(samples, 50), Stats.percentile(samples, 99), samples.size()));

      // The daily drift check of the same caught-up tablet: per-patient digests of all it holds.
      List<Double> verifyMs = new ArrayList<>();
      long verifyBytes = 0;
      for (int i = 0; i < 25; i++) {
        RawClient.Verified v = raw.verify(logins.get(0).token(), cursor[0]);
        verifyBytes = v.bytes();
        if (i >= 5) {
          verifyMs.add(v.serverMs());
        }
      }
      record("verify.server.p50", Stats.percentile(verifyMs, 50));
      record("verify.bytes", verifyBytes);
      progress.log(String.format("drift check: at the server p50 %.1f ms, %d bytes uncompressed", Stats.percentile(verifyMs, 50), verifyBytes));

      // Push throughput: every tablet pushes its shift's changes in batches. With --warmup, the
      // same tablets (same devices) first push a fifth as many changes of the same mix, untimed,
      // so the server measured is one whose JIT has compiled the whole push path, as a server that
      // has run for a day has. Same devices, so the timed run's updates meet only their own
      // device's earlier changes, exactly as later changes in the timed run itself do.
      List<String> pushDevices = new ArrayList<>();
      for (int k = 0; k < tablets; k++) {
        pushDevices.add(device("push", run, k));
      }
      if (o.pushWarmup() > 0) {
        Timed<long[]> warmPush = rawPush(raw, run, pushDevices, "push-warm", o.pushWarmup());
        long warmed = warmPush.results().stream().mapToLong(a -> a[0] + a[1]).sum();
        long warmBad = warmPush.results().stream().mapToLong(a -> a[1]).sum();
        progress.log(String.format("raw push warm-up (untimed, same devices and mix): %d mutations, %.0f mutations/s (%d not applied)",
            warmed, warmed / warmPush.seconds(), warmBad));
      }
      progress.log("raw push: " + tablets + " tablets x " + o.mutations() + " mutations in batches of " + o.pushBatch());
      Timed<long[]> pushed = rawPush(raw, run, pushDevices, "push", o.mutations());
      long ok = pushed.results().stream().mapToLong(a -> a[0]).sum();
      long bad = pushed.results().stream().mapToLong(a -> a[1]).sum();
      long total = (long) tablets * o.mutations();
      record("push.raw", total / pushed.seconds());
      record("push.raw.ratio", last("push.raw") / last("limit.insert"));
      record("push.raw.notApplied", bad);
      if (ok + bad != total) {
        throw new IllegalStateException("raw push answered " + (ok + bad) + " of " + total + " mutations");
      }
      progress.log(String.format("raw push: %d mutations in %.2f s = %.0f mutations/s (%d applied, %d not)",
          total, pushed.seconds(), total / pushed.seconds(), ok, bad));
      record("rss.raw20", server.peakRssKib() / 1024.0);

      // Sync round trips: many tablets each push a small change and pull until caught up.
      for (int c : o.concurrency()) {
        roundTrips(run, raw, seeded.file(), c);
      }
      record("rss.rawEnd", server.peakRssKib() / 1024.0);
      progress.log(String.format("raw session: server peak RSS %.0f MiB after the 20-tablet runs, %.0f MiB at the end",
          metrics.get("rss.raw20").get(metrics.get("rss.raw20").size() - 1), server.peakRssKib() / 1024.0));
    }
  }

  /**
   * Every tablet pushes {@code mutations} changes of its shift from its device in {@code devices},
   * in batches, all at once; {@code changeKey} names the changes (new visit ids), so a second
   * push from the same devices makes new ones.
   */
  private Timed<long[]> rawPush(RawClient raw, int run, List<String> devices, String changeKey, int mutations) throws Exception {
    int tablets = devices.size();
    List<LoginResponse> pushers = new ArrayList<>();
    List<List<byte[]>> work = new ArrayList<>();
    for (int k = 0; k < tablets; k++) {
      String dev = devices.get(k);
      LoginResponse login = raw.login(username(k), dev);
      pushers.add(login);
      List<Workload.Change> changes =
          Workload.shift("raw-" + changeKey + "-" + run, k, patientsOf(k, tablets), staffId(k), mutations, o.seed());
      List<Mutation> all = Workload.mutations(dev, login.lastMutationId() + 1, changes, Instant.now());
      List<byte[]> bodies = new ArrayList<>();
      for (int from = 0; from < all.size(); from += o.pushBatch()) {
        bodies.add(RawClient.pushBody(dev, all.subList(from, Math.min(all.size(), from + o.pushBatch()))));
      }
      work.add(bodies);
    }
    return concurrently(tablets, k -> () -> {
      long ok = 0;
      long rejected = 0;
      for (byte[] body : work.get(k)) {
        PushResponse r = raw.push(pushers.get(k).token(), body);
        for (MutationResult m : r.results()) {
          if (m.status() == MutationStatus.APPLIED || m.status() == MutationStatus.MERGED) {
            ok++;
          } else {
            rejected++;
          }
        }
      }
      return new long[] {ok, rejected};
    });
  }

  private void roundTrips(int run, RawClient raw, Path db, int tablets) throws Exception {
    List<LoginResponse> logins = new ArrayList<>();
    List<String> devices = new ArrayList<>();
    for (int k = 0; k < tablets; k++) {
      String dev = device("rt" + tablets, run, k);
      devices.add(dev);
      logins.add(raw.login(username(k), dev));
    }
    long start = maxSeq(db); // tablets start caught up (as if they had synced before)
    String[] cursors = new String[tablets];
    long[] nextMutation = new long[tablets];
    for (int k = 0; k < tablets; k++) {
      cursors[k] = Long.toString(start);
      nextMutation[k] = logins.get(k).lastMutationId() + 1;
    }
    List<Double> samples = java.util.Collections.synchronizedList(new ArrayList<>());
    int warmupRounds = Math.max(1, o.rtWarmup()); // untimed
    progress.log(String.format("round trips, %d tablets: %d untimed rounds, then %d timed", tablets, warmupRounds, o.rounds()));
    for (int round = 0; round < warmupRounds + o.rounds(); round++) {
      final int rnd = round;
      if (round == warmupRounds) {
        progress.log(String.format("round trips, %d tablets: timing %d rounds", tablets, o.rounds()));
      }
      concurrently(tablets, k -> {
        DataGen.PatientData p = gen.patient(k % o.size().teams, (k / o.size().teams) % o.size().patientsPerTeam, o.size().staffPerTeam);
        List<Workload.Change> changes =
            Workload.shift("rt-" + run + "-" + tablets + "-" + rnd, k, List.of(p), staffId(k), 2, o.seed());
        List<Mutation> ms = Workload.mutations(devices.get(k), nextMutation[k], changes, Instant.now());
        return () -> {
          long s = System.nanoTime();
          PushResponse r = raw.push(logins.get(k).token(), devices.get(k), ms);
          for (MutationResult m : r.results()) {
            if (m.status() == MutationStatus.REJECTED) {
              throw new IllegalStateException("round-trip mutation rejected: " + m.code() + " " + m.message());
            }
          }
          String[] cur = {cursors[k]};
          raw.pullAll(logins.get(k).token(), cur, o.pullPage());
          cursors[k] = cur[0];
          nextMutation[k] += ms.size();
          if (rnd >= warmupRounds) {
            samples.add((System.nanoTime() - s) / 1e6);
          }
          return null;
        };
      });
    }
    record("rt" + tablets + ".p50", Stats.percentile(samples, 50));
    record("rt" + tablets + ".p99", Stats.percentile(samples, 99));
    progress.log(String.format("round trip, %d tablets: p50 %.1f ms, p99 %.1f ms over %d syncs",
        tablets, Stats.percentile(samples, 50), Stats.percentile(samples, 99), samples.size()));
  }

  // ------------------------------------------------------------------ SDK session

  void sdkSession(int run) throws Exception {
    Seeder.Seeded seeded = seeded(run, "sdk.db");
    Path tabletDir = o.workDir().resolve("run-" + run).resolve("tablets");
    if (Files.exists(tabletDir)) {
      try (var files = Files.list(tabletDir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
      }
    }
    Files.createDirectories(tabletDir);
    progress.log("SDK session: starting the server on " + seeded.records() + " records");
    RawClient.WireCounter wire = new RawClient.WireCounter();
    OkHttpClient http =
        RawClient.http(wire).newBuilder()
            .addInterceptor(chain -> {
              okhttp3.Response response = chain.proceed(chain.request());
              if (chain.request().url().encodedPath().endsWith("/sync/push")) {
                pushAnswered.accumulateAndGet(System.nanoTime(), Math::max);
              }
              return response;
            })
            .build();
    try (ServerProcess server = ServerProcess.start(seeded.file(), o.workDir().resolve("run-" + run).resolve("server-sdk.log"), o.serverJvmOptions())) {
      RawClient raw = new RawClient(http, server.url());
      LoginResponse warm = raw.login(username(0), device("warm", run, 0));
      raw.pullAll(warm.token(), new String[] {null}, o.pullPage());

      // Initial sync of one fresh tablet, through the SDK, gzip on (OkHttp asks for it).
      RawClient.WireCounter single = new RawClient.WireCounter();
      try (NaraClient nara = sdkClient(RawClient.http(single), server.url(), tabletDir.resolve("initial.db"), device("initial", run, 0))) {
        long s = System.nanoTime();
        nara.login(username(1), DataGen.PASSWORD.toCharArray());
        double loginMs = (System.nanoTime() - s) / 1e6;
        single.reset();
        s = System.nanoTime();
        SyncResult result = nara.sync();
        double seconds = (System.nanoTime() - s) / 1e9;
        record("initial.seconds", seconds);
        record("initial.bytes", single.total());
        record("initial.records", result.pulled());
        record("initial.loginMs", loginMs);
        progress.log(String.format("initial sync (SDK): %d records in %.2f s, %.0f KiB on the wire (in %d, out %d bytes); login %.0f ms",
            result.pulled(), seconds, single.total() / 1024.0, single.bytesIn.get(), single.bytesOut.get(), loginMs));
      }

      // Pull throughput through the SDK: every tablet's first sync at once.
      int tablets = o.tablets();
      List<NaraClient> clients = new ArrayList<>();
      try {
        for (int k = 0; k < tablets; k++) {
          NaraClient nara = sdkClient(http, server.url(), tabletDir.resolve("tablet-" + k + ".db"), device("sdk", run, k));
          clients.add(nara);
          nara.login(username(k), DataGen.PASSWORD.toCharArray());
        }
        Timed<SyncResult> pulled = concurrently(tablets, k -> () -> clients.get(k).sync());
        long records = pulled.results().stream().mapToLong(SyncResult::pulled).sum();
        record("pull.sdk", records / pulled.seconds());
        record("pull.sdk.ratio", last("pull.sdk") / last("limit.scan"));
        progress.log(String.format("SDK pull: %d tablets, %d records in %.2f s = %.0f records/s",
            tablets, records, pulled.seconds(), records / pulled.seconds()));

        // Untimed: the same tablets first make and sync half as many changes of the same mix, so the
        // server's JIT has compiled the push path before the timed push (this session runs on a
        // server process of its own; without it the server's C2 compiler took a fifth of both
        // cores during the timed push, perf -a). Same devices, so no change meets a stale base.
        int sdkWarmup = o.pushWarmup() / 2;
        if (sdkWarmup > 0) {
          Timed<SyncResult> warmed =
              concurrently(tablets, k -> () -> {
                Workload.applyWithSdk(clients.get(k),
                    Workload.shift("sdk-warm-" + run, k, patientsOf(k, tablets), staffId(k), sdkWarmup, o.seed()));
                return clients.get(k).sync();
              });
          long warmBad = warmed.results().stream().mapToLong(r -> r.rejected() + r.conflicts()).sum();
          progress.log(String.format("SDK push warm-up (untimed, same tablets and mix): %d changes made and synced in %.2f s (%d rejected or in conflict)",
              (long) tablets * sdkWarmup, warmed.seconds(), warmBad));
        }

        // The shift's changes, made offline through the SDK's public API (one local transaction each).
        Timed<Integer> local =
            concurrently(tablets, k -> () -> {
              Workload.applyWithSdk(clients.get(k),
                  Workload.shift("sdk-" + run, k, patientsOf(k, tablets), staffId(k), o.mutations(), o.seed()));
              return 0;
            });
        long made = (long) tablets * o.mutations();
        record("sdk.localWrites", made / local.seconds());
        // A change that leaves a record as it was (a plan action the warm-up already moved to the
        // same status) is no change: the SDK queues nothing for it. The outboxes say what to push.
        long total = clients.stream().mapToLong(c -> c.syncStatus().pendingCount()).sum();
        progress.log(String.format("SDK local writes: %d changes in %.2f s = %.0f changes/s (synchronous=FULL), %d queued for the push",
            made, local.seconds(), made / local.seconds(), total));

        // sync() pushes the whole outbox, then pulls what the other tablets pushed meanwhile. The
        // push part ends with the last push answer any tablet receives (seen by an interceptor).
        pushAnswered.set(0);
        long syncStart = System.nanoTime();
        Timed<SyncResult> pushed = concurrently(tablets, k -> () -> clients.get(k).sync());
        double pushSeconds = (pushAnswered.get() - syncStart) / 1e9;
        long sent = pushed.results().stream().mapToLong(SyncResult::pushed).sum();
        long notApplied = pushed.results().stream().mapToLong(r -> r.rejected() + r.conflicts()).sum();
        if (sent != total) {
          throw new IllegalStateException("the SDK pushed " + sent + " of " + total + " changes");
        }
        long pulledAfter = pushed.results().stream().mapToLong(SyncResult::pulled).sum();
        record("push.sdk", total / pushSeconds);
        record("push.sdk.ratio", last("push.sdk") / last("limit.insert"));
        record("push.sdk.notApplied", notApplied);
        record("sync.sdk.seconds", pushed.seconds());
        record("sync.sdk.pulled", pulledAfter);
        progress.log(String.format("SDK push: %d mutations answered in %.2f s = %.0f mutations/s (%d rejected or in conflict);"
                + " the whole sync incl. pulling %d records of the other tablets took %.2f s",
            total, pushSeconds, total / pushSeconds, notApplied, pulledAfter, pushed.seconds()));
        record("rss.sdk20", server.peakRssKib() / 1024.0);
      } finally {
        for (NaraClient c : clients) {
          c.close();
        }
      }
    }
  }

  private static NaraClient sdkClient(OkHttpClient http, String url, Path db, String deviceId) {
    return NaraClient.builder()
        .serverUrl(url)
        .databasePath(db.toString())
        .deviceId(deviceId)
        .deviceName("bench tablet")
        .httpClient(http)
        .build();
  }

  // ------------------------------------------------------------------ pull cost vs database size

  void scalePhase() throws Exception {
    Size s = o.size() == Size.MUNICIPALITY ? Size.TEAM : o.size();
    for (int factor : o.scale()) {
      Seeder.Seeded seeded =
          Seeder.seededCopy(o.workDir().resolve("seed-cache"), o.workDir().resolve("scale").resolve("scale-" + factor + ".db"),
              o.seed(), factor, s.staffPerTeam, s.patientsPerTeam, progress);
      facts.put("scale." + factor + ".records", Long.toString(seeded.records()));
      facts.put("scale." + factor + ".dbMiB", String.format("%.0f", Files.size(seeded.file()) / 1048576.0));
      progress.log("scale " + factor + "x: " + seeded.records() + " records, starting the server");
      OkHttpClient http = RawClient.http(new RawClient.WireCounter());
      try (ServerProcess server = ServerProcess.start(seeded.file(), o.workDir().resolve("scale").resolve("server-" + factor + ".log"), o.serverJvmOptions())) {
        RawClient raw = new RawClient(http, server.url());
        LoginResponse reader = raw.login("bench.t0.s1", device("scale-reader", factor, 0));
        String writerDevice = device("scale-writer", factor, 0);
        LoginResponse writer = raw.login("bench.t0.s2", writerDevice);
        String[] cursor = {Long.toString(seeded.maxSeq())};
        long next = writer.lastMutationId() + 1;
        List<DataGen.PatientData> patients = new ArrayList<>();
        for (int i = 0; i < s.patientsPerTeam; i++) {
          patients.add(gen.patient(0, i, s.staffPerTeam));
        }
        // warm-up: a delta and a few no-change pulls that are not recorded
        for (int r = 0; r <= o.runs(); r++) {
          List<Workload.Change> changes =
              Workload.shift("scale-" + factor + "-" + r, 0, patients, DataGen.id("staff", 0, 2), o.scaleDelta(), o.seed());
          List<Mutation> ms = Workload.mutations(writerDevice, next, changes, Instant.now());
          next += ms.size();
          for (int from = 0; from < ms.size(); from += o.pushBatch()) {
            raw.push(writer.token(), writerDevice, ms.subList(from, Math.min(ms.size(), from + o.pushBatch())));
          }
          long st = System.nanoTime();
          long[] got = raw.pullAll(reader.token(), cursor, o.pullPage());
          double ms1 = (System.nanoTime() - st) / 1e6;
          List<Double> samples = new ArrayList<>();
          List<Double> atServer = new ArrayList<>();
          for (int i = 0; i < o.latencyCalls(); i++) {
            long t0 = System.nanoTime();
            RawClient.Page page = raw.pull(reader.token(), cursor[0], o.pullPage());
            samples.add((System.nanoTime() - t0) / 1e6);
            atServer.add(page.serverMs());
          }
          if (r == 0) {
            continue;
          }
          record("scale." + factor + ".deltaMs", ms1);
          record("scale." + factor + ".deltaRecords", got[0]);
          record("scale." + factor + ".nochange.p50", Stats.percentile(atServer, 50));
          record("scale." + factor + ".nochange.p99", Stats.percentile(atServer, 99));
          record("scale." + factor + ".nochange.client.p50", Stats.percentile(samples, 50));
          progress.log(String.format("scale %dx run %d: delta of %d records pulled in %.1f ms; no-change at the server p50 %.2f ms p99 %.2f ms, at the client p50 %.2f ms",
              factor, r, got[0], ms1, Stats.percentile(atServer, 50), Stats.percentile(atServer, 99), Stats.percentile(samples, 50)));
        }
      }
      Seeder.deleteDb(seeded.file());
    }
  }
}
