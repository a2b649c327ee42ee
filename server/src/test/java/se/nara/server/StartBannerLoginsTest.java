package se.nara.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.server.demo.DemoSeed;

/** The start banner offers the demo logins only where they work. */
class StartBannerLoginsTest {
  @TempDir Path dir;

  private static ServerConfig config(Path dir, boolean demo) {
    return ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withJdbcUrl(ServerConfig.sqliteIn(dir))
        .withDemoData(demo).withPasswordIterations(1000);
  }

  @Test
  void aDemoDatabaseOffersEveryDemoLoginAlsoAfterARestart() {
    try (NaraServer server = NaraServer.start(config(dir, true))) {
      assertEquals(DemoSeed.DEMO_LOGINS, server.demoLogins());
    }
    try (NaraServer again = NaraServer.start(config(dir, true))) {
      assertNull(again.demo(), "the database was not empty, so nothing was seeded");
      assertEquals(DemoSeed.DEMO_LOGINS, again.demoLogins());
    }
  }

  @Test
  void aDatabaseWithoutDemoDataOffersNone() {
    try (NaraServer server = NaraServer.start(config(dir, false))) {
      assertEquals(List.of(), server.demoLogins());
    }
  }
}
