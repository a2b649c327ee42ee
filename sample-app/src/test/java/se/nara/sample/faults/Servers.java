package se.nara.sample.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import se.nara.server.NaraServer;
import se.nara.server.ServerConfig;
import se.nara.server.demo.DemoSeed;

/** Server set-up shared by the fault scenarios. */
final class Servers {
  private Servers() {}

  /** The configuration of a test server on a free loopback port with the demo data set. */
  static ServerConfig config(Path dataDir) {
    return ServerConfig.defaults()
        .withHost("127.0.0.1")
        .withPort(0)
        .withJdbcUrl(ServerConfig.sqliteIn(dataDir))
        .withPasswordIterations(1000);
  }

  /** The server's database file in {@code dataDir}. */
  static Path databaseFile(Path dataDir) {
    return dataDir.resolve("nara.db");
  }

  /** A server in this JVM. */
  static NaraServer inProcess(Path dataDir) {
    return NaraServer.start(config(dataDir));
  }

  /**
   * Demo logins of one team (the team of the first demo nurse), so that every tablet sees the
   * same patients and medication lines.
   */
  static List<String> teamUsers() {
    String team = DemoSeed.DEMO_LOGINS.get(0).team();
    List<String> users = new ArrayList<>();
    for (DemoSeed.DemoLogin login : DemoSeed.DEMO_LOGINS) {
      // nurses: the workload checks medication lines, which only nurses and physicians may change
      if (login.team().equals(team) && login.role().equals("Sjuksköterska")) {
        users.add(login.username());
      }
    }
    return users;
  }
}
