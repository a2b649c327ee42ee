package se.nara.sample.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Java main from the test classpath in its own JVM, the way a tablet app or the server runs in
 * its own process. Its output goes to a log file and, line by line, to a queue the test can wait
 * on. {@link #kill()} is SIGKILL: no shutdown hooks, no finally blocks, no flushing.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Thread pump;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.pump =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                  Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
              } catch (IOException e) {
                // the process died: nothing more to read
              }
            },
            "child-output");
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts {@code mainClass} with {@code args} in a new JVM with the test classpath. */
  static ChildJvm start(Class<?> mainClass, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    Files.createDirectories(log.toAbsolutePath().getParent());
    Files.writeString(
        log, "=== " + java.time.Instant.now() + " " + mainClass.getSimpleName() + " " + String.join(" ", args) + "\n",
        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new ChildJvm(p, log);
  }

  /** Waits for an output line starting with {@code prefix} and returns it. */
  String await(String prefix, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      long left = deadline - System.nanoTime();
      String line = lines.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
      if (line == null) {
        if (!process.isAlive() && lines.isEmpty()) {
          throw new AssertionError("the child exited with " + process.exitValue() + " before printing '" + prefix + "'");
        }
        if (System.nanoTime() >= deadline) {
          throw new AssertionError("no '" + prefix + "' from the child within " + timeoutSeconds + " s");
        }
      }
    }
  }

  /** SIGKILL, and waits until the process is gone. Returns the exit code (137 on Linux). */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the child did not die");
    }
    return process.exitValue();
  }

  /** Sends SIGKILL without waiting (safe to call from any thread, at any moment). */
  void killNow() {
    process.destroyForcibly();
  }

  /** Waits for a normal exit and returns the exit code. */
  int waitFor(long timeoutSeconds) throws InterruptedException {
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      throw new AssertionError("the child did not finish within " + timeoutSeconds + " s");
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
