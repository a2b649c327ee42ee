package se.nara.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import se.nara.server.auth.PasswordHasher;
import se.nara.server.store.Account;
import se.nara.server.store.AccountStore;
import se.nara.server.store.Database;
import se.nara.server.store.RecordStore;
import se.nara.server.store.ScopeStore;
import se.nara.server.sync.ServerRecords;

/**
 * Writes a benchmark data set into a server database file before the server starts (the server
 * then runs with {@code --no-demo-data}). It goes through the server's own stores ({@link
 * ServerRecords#insertAll}, {@link AccountStore}, {@link ScopeStore}), so every record gets the
 * sequence number and history row the server itself would give it.
 *
 * <p>Seeded files are cached under the work directory by shape and seed and copied for each run,
 * because every run must start from the same database.
 */
final class Seeder {
  /** Bench accounts hash with few PBKDF2 rounds so that logins do not dominate any figure. */
  static final int BENCH_PBKDF2_ITERATIONS = 1_000;
  private static final int PATIENTS_PER_TRANSACTION = 100;

  /** What a seeded file holds. */
  record Seeded(Path file, int teams, int staffPerTeam, int patientsPerTeam, long records, long maxSeq, double seconds) {}

  private Seeder() {}

  /**
   * A database with {@code teams} teams of {@code staffPerTeam} staff and {@code patientsPerTeam}
   * patients each, copied to {@code target} from a cached template (built on first use).
   */
  static Seeded seededCopy(
      Path cacheDir, Path target, long seed, int teams, int staffPerTeam, int patientsPerTeam, Progress progress)
      throws IOException {
    Files.createDirectories(cacheDir);
    String name = "seed-v1-s" + seed + "-" + teams + "t" + staffPerTeam + "s" + patientsPerTeam + "p.db";
    Path template = cacheDir.resolve(name);
    Path meta = cacheDir.resolve(name + ".meta");
    Seeded info;
    if (Files.exists(template) && Files.exists(meta) && !schemaOf(template).equals(freshSchema(cacheDir))) {
      // Seeded by an older build (other migrations, or another page size): seed again, or the
      // figures would describe a database this build would never create.
      progress.log("seed cache " + name + " was made with another schema; seeding again");
      deleteDb(template);
      Files.delete(meta);
    }
    if (Files.exists(template) && Files.exists(meta)) {
      String[] m = Files.readString(meta).trim().split(",");
      info = new Seeded(template, teams, staffPerTeam, patientsPerTeam, Long.parseLong(m[0]), Long.parseLong(m[1]), Double.parseDouble(m[2]));
    } else {
      Path tmp = cacheDir.resolve(name + ".tmp");
      deleteDb(tmp);
      info = seed(tmp, seed, teams, staffPerTeam, patientsPerTeam, progress);
      Files.move(tmp, template, StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(meta, info.records() + "," + info.maxSeq() + "," + info.seconds());
    }
    deleteDb(target);
    Files.createDirectories(target.getParent());
    Files.copy(template, target, StandardCopyOption.REPLACE_EXISTING);
    return new Seeded(target, teams, staffPerTeam, patientsPerTeam, info.records(), info.maxSeq(), info.seconds());
  }

  /** Built once per bench process: the build does not change while it runs. */
  private static String freshSchema;

  /** The schema a database of this build starts with: its migrations' versions and checksums, and its page size. */
  private static synchronized String freshSchema(Path cacheDir) throws IOException {
    if (freshSchema == null) {
      freshSchema = probeSchema(cacheDir);
    }
    return freshSchema;
  }

  private static String probeSchema(Path cacheDir) throws IOException {
    Path fresh = cacheDir.resolve("schema-probe.db");
    deleteDb(fresh);
    Database.open("jdbc:sqlite:" + fresh).close();
    try {
      return schemaOf(fresh);
    } finally {
      deleteDb(fresh);
    }
  }

  private static String schemaOf(Path file) {
    StringBuilder out = new StringBuilder();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement st = c.createStatement()) {
      try (java.sql.ResultSet rs = st.executeQuery("PRAGMA page_size")) {
        out.append("page ").append(rs.next() ? rs.getInt(1) : 0);
      }
      try (java.sql.ResultSet rs =
          st.executeQuery("SELECT version, checksum FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank")) {
        while (rs.next()) {
          out.append("; V").append(rs.getString(1)).append('=').append(rs.getString(2));
        }
      }
    } catch (java.sql.SQLException e) {
      return "unreadable: " + e.getMessage();
    }
    return out.toString();
  }

  static Seeded seed(Path file, long seed, int teams, int staffPerTeam, int patientsPerTeam, Progress progress) {
    long started = System.nanoTime();
    DataGen gen = new DataGen(seed);
    Clock clock = Clock.fixed(DataGen.BASE, ZoneOffset.UTC);
    PasswordHasher hasher = new PasswordHasher(BENCH_PBKDF2_ITERATIONS);
    String hash = hasher.hash(DataGen.PASSWORD.toCharArray());
    AccountStore accounts = new AccountStore();
    ScopeStore scopes = new ScopeStore();
    RecordStore records = new RecordStore();
    ServerRecords serverRecords = new ServerRecords(records, clock);
    long now = clock.millis();
    try (Database db = Database.open("jdbc:sqlite:" + file)) {
      db.inWrite(
          h -> {
            List<Object> directory = new ArrayList<>();
            for (int t = 0; t < teams; t++) {
              directory.add(gen.team(t));
              for (int s = 0; s < staffPerTeam; s++) {
                DataGen.StaffMember m = gen.staff(t, s);
                accounts.upsert(
                    h,
                    new Account(m.model().id(), m.model().username(), hash, m.model().name(), m.model().profession().name(), true, 0, null));
                accounts.addTeamMember(h, m.model().id(), m.teamId());
                directory.add(m.model());
              }
            }
            serverRecords.insertAll(h, directory, null);
            return null;
          });
      int total = teams * patientsPerTeam;
      int done = 0;
      for (int t = 0; t < teams; t++) {
        for (int from = 0; from < patientsPerTeam; from += PATIENTS_PER_TRANSACTION) {
          final int team = t;
          final int start = from;
          final int end = Math.min(patientsPerTeam, from + PATIENTS_PER_TRANSACTION);
          db.inWrite(
              h -> {
                for (int i = start; i < end; i++) {
                  DataGen.PatientData p = gen.patient(team, i, staffPerTeam);
                  scopes.startRelationship(h, p.patientId(), p.teamId(), now);
                  serverRecords.insertAll(h, p.models(), null);
                }
                return null;
              });
          done += end - start;
          progress.every(5_000, "seeding " + file.getFileName() + ": " + done + "/" + total + " patients");
        }
      }
      long[] counts =
          db.inWrite(
              h -> {
                return new long[] {records.count(h), records.maxSeq(h)};
              });
      db.close();
      checkpoint(file);
      double seconds = (System.nanoTime() - started) / 1e9;
      progress.log(String.format("seeded %s: %d teams, %d patients, %d records in %.1f s", file.getFileName(), teams, total, counts[0], seconds));
      return new Seeded(file, teams, staffPerTeam, patientsPerTeam, counts[0], counts[1], seconds);
    }
  }

  /** Folds the WAL into the main file, so the file alone is the whole database and can be copied. */
  static void checkpoint(Path file) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement st = c.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("checkpoint of " + file + " failed", e);
    }
  }

  static void deleteDb(Path file) throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(Path.of(file + "-wal"));
    Files.deleteIfExists(Path.of(file + "-shm"));
  }
}
