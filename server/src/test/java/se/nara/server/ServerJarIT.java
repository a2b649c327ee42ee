package se.nara.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the runnable jar starts on embedded SQLite with demo data and says where. */
class ServerJarIT {
  @TempDir Path dir;

  @Test
  void theJarStartsWithDemoDataAndPrintsTheUrlAndLogins() throws Exception {
    Path jar = Path.of("target", "nara-server.jar");
    assertTrue(Files.exists(jar), "package builds " + jar.toAbsolutePath());
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toAbsolutePath().toString(),
                "--port", Integer.toString(port), "--host", "127.0.0.1", "--data-dir", dir.resolve("data").toString())
            .redirectErrorStream(true)
            .start();
    StringBuilder output = new StringBuilder();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      String line;
      while (System.nanoTime() < deadline && (line = lines.readLine()) != null) {
        output.append(line).append('\n');
        if (line.contains("Stop with Ctrl+C")) {
          break;
        }
      }
      String banner = output.toString();
      assertTrue(banner.contains("URL:       http://localhost:" + port), banner);
      assertTrue(banner.contains("Team page: http://localhost:" + port + "/teamledare"), "the page a first-day user opens:\n" + banner);
      assertTrue(banner.contains("Demo data: 8 teams, 45 staff, 50 patients"), banner);
      assertTrue(banner.contains("anna.ssk"), banner);
      assertTrue(banner.contains("password for all: demo"), banner);
      assertTrue(Files.exists(dir.resolve("data").resolve("nara.db")), "SQLite file in the data directory");
      try (Response health =
          new OkHttpClient().newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/health").build()).execute()) {
        assertEquals(200, health.code());
      }
    } finally {
      server.destroy();
      server.waitFor(20, TimeUnit.SECONDS);
      server.destroyForcibly();
    }
  }

  @Test
  void aBusyPortFailsWithAClearMessageNotAStackTrace() throws Exception {
    Path jar = Path.of("target", "nara-server.jar");
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Process server =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toAbsolutePath().toString(),
                  "--port", Integer.toString(port), "--host", "127.0.0.1", "--data-dir", dir.resolve("data").toString())
              .redirectErrorStream(true)
              .start();
      assertTrue(server.waitFor(90, TimeUnit.SECONDS));
      String output = new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(1, server.exitValue(), output);
      assertTrue(output.contains("port " + port + " on 127.0.0.1 is already in use"), output);
      assertTrue(output.contains("--port <port> or NARA_PORT=<port>"), output);
      assertTrue(!output.contains("\tat "), "no stack trace:\n" + output);
    }
  }

  @Test
  void anUnsupportedDatabaseUrlFailsWithAClearMessage() throws Exception {
    Path jar = Path.of("target", "nara-server.jar");
    Process server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toAbsolutePath().toString(),
                "--port", "0", "--jdbc-url", "jdbc:postgresql://db.example/nara")
            .redirectErrorStream(true)
            .start();
    assertTrue(server.waitFor(60, TimeUnit.SECONDS));
    String output = new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, server.exitValue(), output);
    assertTrue(output.contains("this version runs on embedded SQLite"), output);
  }
}
