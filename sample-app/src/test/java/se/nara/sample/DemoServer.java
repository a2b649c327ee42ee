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
}
