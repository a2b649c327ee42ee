package se.nara.bench;

import java.io.PrintStream;

/** Progress lines on stderr with the elapsed time; rate-limited where a loop reports often. */
final class Progress {
  private final PrintStream out;
  private final long start = System.nanoTime();
  private long lastEvery;
  private final boolean quiet;

  Progress(PrintStream out, boolean quiet) {
    this.out = out;
    this.quiet = quiet;
  }

  void log(String message) {
    if (!quiet) {
      out.printf("[%7.1fs] %s%n", (System.nanoTime() - start) / 1e9, message);
      out.flush();
    }
  }

  /** Logs at most once per {@code millis}. */
  void every(long millis, String message) {
    long now = System.nanoTime();
    if (now - lastEvery >= millis * 1_000_000L) {
      lastEvery = now;
      log(message);
    }
  }
}
