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
    description = "A nurse's tablet in the terminal: works offline, then syncs with the server.")
public final class TabletApp implements Callable<Integer> {

  @Option(names = "--server", defaultValue = "http://localhost:7070", description = "Server URL (default ${DEFAULT-VALUE}).")
  String server;

  @Option(names = "--db", defaultValue = "tablet.db", description = "This tablet's local database file (default ${DEFAULT-VALUE}).")
  Path database;

  @Option(names = "--name", defaultValue = "Surfplatta", description = "The tablet's name in the fleet view.")
  String name;

  @Override
  public Integer call() throws Exception {
    if (database.toAbsolutePath().getParent() != null) {
      Files.createDirectories(database.toAbsolutePath().getParent());
    }
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

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new TabletApp()).execute(args));
  }
}
