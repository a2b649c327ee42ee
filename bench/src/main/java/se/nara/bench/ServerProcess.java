package se.nara.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server under test as a separate JVM (so its memory can be read from /proc), started from
 * this JVM's classpath with the server's own {@code Main}, on 127.0.0.1 and a seeded SQLite file.
 */
final class ServerProcess implements AutoCloseable {
  /** The JVM settings the README gives for running the server (heap sized for one team's sync). */
  static final String DEPLOYMENT_JVM = "-Xmx96m -XX:+UseSerialGC -Xss512k";

  /**
   * The malloc settings of the README's deployment command, unless this JVM's environment sets
   * them. glibc's per-thread malloc arenas otherwise add tens of MiB of RSS; one arena, with freed
   * memory at its top handed back from 128 KiB on, kept the peak about 10 MiB lower than two
   * arenas (docs/benchmarks.md).
   */
  static java.util.Map<String, String> environment() {
    java.util.Map<String, String> env = new java.util.TreeMap<>();
    env.put("MALLOC_ARENA_MAX", System.getenv().getOrDefault("MALLOC_ARENA_MAX", "1"));
    env.put("MALLOC_TRIM_THRESHOLD_", System.getenv().getOrDefault("MALLOC_TRIM_THRESHOLD_", "131072"));
    return env;
  }

  private final Process process;
  private final int port;
  private final Path log;

  private ServerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static ServerProcess start(Path dbFile, Path log, List<String> jvmOptions) throws IOException, InterruptedException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("se.nara.server.Main");
    cmd.add("--host=127.0.0.1");
    cmd.add("--port=" + port);
    cmd.add("--jdbc-url=jdbc:sqlite:" + dbFile.toAbsolutePath());
    cmd.add("--no-demo-data");
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(cmd);
    builder.environment().putAll(environment());
    Process process =
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    ServerProcess server = new ServerProcess(process, port, log);
    server.awaitHealthy(Duration.ofSeconds(60));
    return server;
  }

  private void awaitHealthy(Duration timeout) throws InterruptedException, IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the server exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> r =
            http.send(HttpRequest.newBuilder(URI.create(url() + "/health")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    close();
    throw new IOException("the server did not become healthy within " + timeout + "; see " + log);
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  /** Peak resident set size so far (VmHWM), in KiB; -1 where /proc is not available. */
  long peakRssKib() {
    return procStatus("VmHWM:");
  }

  /** Current resident set size (VmRSS), in KiB. */
  long rssKib() {
    return procStatus("VmRSS:");
  }

  private long procStatus(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
