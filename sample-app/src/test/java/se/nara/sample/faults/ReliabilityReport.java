package se.nara.sample.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the counts of each fault scenario into {@code target/reliability-report.md}: one
 * table row per scenario, replaced when the scenario runs again, so the file always shows each
 * scenario's latest run (with its time).
 */
final class ReliabilityReport {
  static final Path FILE = Path.of("target", "reliability-report.md");
  private static final String HEADER =
      "# Fault-injection run\n\n"
          + "Written by the tests in `sample-app/src/test/java/se/nara/sample/faults/`; each row is the latest run of"
          + " that scenario.\n\n"
          + "| scenario | tablets | attempted | applied | conflicted | rejected | duplicated | lost | records compared"
          + " | server integrity | faults injected | run at |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|---|\n";

  private ReliabilityReport() {}

  /** Writes (or replaces) the row of {@code scenario}. */
  static synchronized void record(String scenario, Invariants.Counts c, String faults) {
    Map<String, String> rows = new TreeMap<>(readRows());
    rows.put(
        scenario,
        "| " + scenario + " | " + c.tablets + " | " + c.attempted + " | " + c.applied + " | " + c.conflicted + " | "
            + c.rejected + " | " + c.duplicated + " | " + c.lost + " | " + c.recordsCompared + " | " + c.serverIntegrity
            + " | " + faults.replace("|", "/") + " | " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " |");
    StringBuilder out = new StringBuilder(HEADER);
    rows.values().forEach(r -> out.append(r).append('\n'));
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, out.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println("[reliability] " + scenario + ": " + c + " faults: " + faults);
  }

  private static Map<String, String> readRows() {
    Map<String, String> rows = new TreeMap<>();
    if (!Files.exists(FILE)) {
      return rows;
    }
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(FILE, StandardCharsets.UTF_8));
      for (String line : lines) {
        if (line.startsWith("| ") && !line.startsWith("| scenario ")) {
          rows.put(line.substring(2, line.indexOf(" |", 2)), line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
