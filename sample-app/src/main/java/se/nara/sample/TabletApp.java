package se.nara.sample;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import okhttp3.OkHttpClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.nara.sdk.NaraClient;

/** {@code java -jar nara-tablet.jar}: a simulated tablet against a running Nära server. */
@Command(
    name = "nara-tablet",
    mixinStandardHelpOptions = true,
    version = "Nära sample tablet 0.1.0",
    description = "A nurse's tablet in the terminal: works offline, then syncs with the server.",
    subcommands = TabletApp.TwoTablets.class)
public final class TabletApp implements Callable<Integer> {

  /** {@code nara-tablet two-tablets}: the scripted two-tablet conflict demo. */
  @Command(
      name = "two-tablets",
      mixinStandardHelpOptions = true,
      description = "Two tablets offline in the same patient's home edit the same records, then sync; prints the merged result and the review queue.")
  static final class TwoTablets implements Callable<Integer> {
    @CommandLine.ParentCommand
    TabletApp parent;

    // No default of its own: "nara-tablet --server URL two-tablets" means the same server.
    @Option(names = "--server", description = "Server URL (default: the --server before two-tablets, else http://localhost:7070).")
    String server;

    @Option(names = "--dir", defaultValue = "tablets", description = "Where the two tablets keep their databases (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--nurse-a", defaultValue = "anna.ssk", description = "First nurse (default ${DEFAULT-VALUE}).")
    String nurseA;

    @Option(names = "--nurse-b", defaultValue = "erik.ssk", description = "Second nurse, same team (default ${DEFAULT-VALUE}).")
    String nurseB;

    @Option(names = "--team-leader", defaultValue = "karin.tl", description = "Team leader whose queue is shown (default ${DEFAULT-VALUE}).")
    String leader;

    @Option(names = "--verbose", description = "Show the SDK's log lines in the terminal (by default they go to <dir>/two-tablets.log).")
    boolean verbose;

    @Option(names = "--password", defaultValue = "demo", description = "Password of the demo accounts (default ${DEFAULT-VALUE}).")
    String password;

    @Override
    public Integer call() throws Exception {
      if (server == null) {
        server = parent.server;
      }
      try {
        Files.createDirectories(dir);
        quietLogging(dir.resolve("two-tablets.log"), verbose || parent.verbose);
        new TwoTabletsDemo(server, dir, System.out).run(nurseA, nurseB, leader, password);
        return 0;
      } catch (TwoTabletsDemo.DemoException e) {
        System.err.println("two-tablets: " + e.getMessage());
        return 2;
      } catch (se.nara.sdk.SyncException e) {
        System.err.println("two-tablets: " + TabletShell.swedish(e) + (e instanceof se.nara.sdk.OfflineException ? " – kör servern på " + server + "?" : ""));
        return 1;
      }
    }
  }

  @Option(names = "--server", defaultValue = "http://localhost:7070", description = "Server URL (default ${DEFAULT-VALUE}).")
  String server;

  @Option(names = "--db", defaultValue = "tablet.db", description = "This tablet's local database file (default ${DEFAULT-VALUE}).")
  Path database;

  @Option(names = "--verbose", description = "Show the SDK's log lines in the terminal (by default they go to <db>.log).")
  boolean verbose;

  @Option(names = "--name", defaultValue = "Surfplatta", description = "The tablet's name in the fleet view.")
  String name;

  @Override
  public Integer call() throws Exception {
    if (database.toAbsolutePath().getParent() != null) {
      Files.createDirectories(database.toAbsolutePath().getParent());
    }
    quietLogging(Path.of(database + ".log"), verbose);
    NetworkSwitch network = new NetworkSwitch();
    OkHttpClient http = new OkHttpClient.Builder().addInterceptor(network).build();
    try (NaraClient nara =
        NaraClient.builder()
            .serverUrl(server)
            .databasePath(database.toString())
            .deviceName(name)
            .httpClient(http)
            .build()) {
      new TabletShell(nara, network, System.out, Clock.systemUTC())
          .run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }
    return 0;
  }

  /** The loggers whose lines are for developers, not for the nurse at the terminal. */
  static final java.util.logging.Logger[] LIBRARY_LOGGERS = {
    java.util.logging.Logger.getLogger("se.nara.sdk"), java.util.logging.Logger.getLogger("okhttp3")
  };

  /**
   * Sends the SDK's (and OkHttp's) java.util.logging lines to {@code file} instead of the
   * terminal, unless {@code verbose}: a warning such as "server restored from an older backup"
   * is for the log, the shell tells the nurse in Swedish itself. If the file cannot be opened,
   * the lines are dropped.
   */
  static void quietLogging(Path file, boolean verbose) {
    if (verbose) {
      return;
    }
    java.util.logging.Handler handler = null;
    try {
      handler = new java.util.logging.FileHandler(file.toString(), true);
      handler.setFormatter(new java.util.logging.SimpleFormatter());
    } catch (java.io.IOException | RuntimeException e) {
      handler = null;
    }
    for (java.util.logging.Logger logger : LIBRARY_LOGGERS) {
      logger.setUseParentHandlers(false);
      if (handler != null) {
        logger.addHandler(handler);
      }
    }
  }

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new TabletApp()).execute(args));
  }
}
