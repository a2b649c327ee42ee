package se.nara.sample.faults;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import se.nara.sdk.NaraClient;
import se.nara.sdk.OfflineException;
import se.nara.sdk.ServerException;
import se.nara.sdk.SqliteConnectionProvider;
import se.nara.sdk.SyncException;
import se.nara.sdk.SyncResult;
import se.nara.server.demo.DemoSeed;

/**
 * A tablet in the test JVM: a real SDK client on its own SQLite file, its workload and ledger,
 * and the retry loop an app runs ("sync when the network is back").
 */
final class Tablet implements AutoCloseable {
  /** How long a tablet keeps retrying one sync before the test gives up on it. */
  static final Duration SYNC_DEADLINE = Duration.ofSeconds(120);

  final String name;
  final String username;
  final Path database;
  final NaraClient client;
  final Ledger ledger;
  final Workload workload;
  int failedSyncs;

  Tablet(String name, String username, Path database, String serverUrl, long seed, Clock clock) {
    this(name, username, database, serverUrl, seed, clock, new Ledger(), name);
  }

  Tablet(String name, String username, Path database, String serverUrl, long seed, Clock clock, Ledger ledger, String tag) {
    this(name, username, database, null, serverUrl, seed, clock, ledger, tag);
  }

  /** A tablet whose database comes from {@code storage} (null: the file at {@code database}). */
  Tablet(
      String name, String username, Path database, SqliteConnectionProvider storage, String serverUrl, long seed,
      Clock clock, Ledger ledger, String tag) {
    this.name = name;
    this.ledger = ledger;
    this.username = username;
    this.database = database;
    NaraClient.Builder builder =
        NaraClient.builder()
            .serverUrl(serverUrl)
            .storage(storage != null ? storage : SqliteConnectionProvider.file(database.toString()))
            .deviceName(name)
            .httpClient(httpClient());
    if (clock != null) {
      builder.clock(clock);
    }
    this.client = builder.build();
    this.workload = new Workload(client, ledger, seed, tag);
  }

  /** The HTTP client of a test tablet: short enough timeouts that stalls turn into retries. */
  static OkHttpClient httpClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(5, TimeUnit.SECONDS)
        .readTimeout(20, TimeUnit.SECONDS)
        .callTimeout(40, TimeUnit.SECONDS)
        .build();
  }

  /** Signs in, retrying while the network or the server fails. */
  void login() throws Exception {
    long deadline = System.nanoTime() + SYNC_DEADLINE.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        client.login(username, DemoSeed.DEMO_PASSWORD.toCharArray());
        return;
      } catch (OfflineException | ServerException e) {
        failedSyncs++;
        backOff(attempt, deadline, e);
      }
    }
  }

  /** Syncs until a sync succeeds with nothing left to send; retries network and server faults. */
  SyncResult syncUntilDone() throws Exception {
    long deadline = System.nanoTime() + SYNC_DEADLINE.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        SyncResult result = client.sync();
        if (client.syncStatus().pendingCount() == 0) {
          return result;
        }
      } catch (OfflineException | ServerException e) {
        failedSyncs++;
        backOff(attempt, deadline, e);
      }
    }
  }

  /** One sync attempt; a network or server fault is swallowed (the app retries later). */
  boolean trySync() {
    try {
      client.sync();
      return true;
    } catch (OfflineException | ServerException e) {
      failedSyncs++;
      return false;
    } catch (SyncException e) {
      throw new AssertionError(name + ": sync failed with " + e, e);
    }
  }

  /** A pause between retries, growing a little with each attempt (an app's back-off). */
  static void backOff(int attempt, long deadlineNanos, Exception last) throws InterruptedException {
    if (System.nanoTime() > deadlineNanos) {
      throw new AssertionError("still failing after " + attempt + " attempts: " + last, last);
    }
    Thread.sleep(Math.min(500, 20L * attempt));
  }

  Invariants.TabletRef ref() {
    return Invariants.TabletRef.of(name, database, ledger);
  }

  @Override
  public void close() {
    client.close();
  }
}
