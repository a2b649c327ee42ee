package se.nara.sample.faults;

import java.nio.file.Path;

/**
 * A tablet in its own JVM, for crash tests:
 * {@code TabletMain <server url> <database> <username> <ledger file> <seed> <rounds> <changes per round> <tag>}.
 *
 * <p>Signs in if the database has no token, then per round makes changes (each recorded in the
 * ledger file as soon as the SDK returns) and syncs until nothing is left to send, printing
 * {@code SYNC <round>} before and {@code SYNCED <round>} after each sync, and {@code DONE} at
 * the end. Restarted on the same database and ledger after a kill, it simply goes on.
 */
public final class TabletMain {
  private TabletMain() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path database = Path.of(args[1]);
    String username = args[2];
    Ledger ledger = new Ledger(Path.of(args[3]));
    long seed = Long.parseLong(args[4]);
    int rounds = Integer.parseInt(args[5]);
    int changes = Integer.parseInt(args[6]);
    String tag = args[7];
    try (Tablet tablet = new Tablet("child", username, database, url, seed, null, ledger, tag)) {
      if (!tablet.client.hasToken()) {
        tablet.login();
      }
      say("SYNC 0");
      tablet.syncUntilDone();
      say("SYNCED 0");
      for (int round = 1; round <= rounds; round++) {
        tablet.workload.changes(changes);
        say("SYNC " + round);
        tablet.syncUntilDone();
        say("SYNCED " + round);
      }
    }
    say("DONE");
    System.exit(0);
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
