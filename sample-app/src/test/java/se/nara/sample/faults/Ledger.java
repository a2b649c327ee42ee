package se.nara.sample.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a tablet's workload did, written after each SDK call returned (so the change was
 * committed locally): one entry per change, naming the entity, the field and the unique value
 * the change wrote. The invariant checker looks for each value on the server.
 *
 * <p>A ledger can live in memory (tablets in the test JVM) or in a file (a tablet in a child
 * JVM that is killed: every line is flushed before the next change starts).
 */
final class Ledger {
  /** One local change. */
  record Entry(String deviceId, String entityId, String field, String value) {
    String line() {
      return String.join("\t", deviceId, entityId, field, value.replace('\t', ' ').replace('\n', ' '));
    }

    static Entry parse(String line) {
      String[] p = line.split("\t", 4);
      return new Entry(p[0], p[1], p[2], p[3]);
    }
  }

  private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());
  private final Path file;

  /** An in-memory ledger. */
  Ledger() {
    this.file = null;
  }

  /** A ledger appended to {@code file} (which may already hold entries from an earlier run). */
  Ledger(Path file) {
    this.file = file;
    entries.addAll(read(file));
  }

  void add(Entry e) {
    entries.add(e);
    if (file != null) {
      try {
        Files.writeString(
            file, e.line() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
  }

  List<Entry> entries() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  int size() {
    return entries.size();
  }

  /** The entries in a ledger file; a torn last line (a kill mid-write) is left out. */
  static List<Entry> read(Path file) {
    if (!Files.exists(file)) {
      return new ArrayList<>();
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      List<Entry> out = new ArrayList<>();
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length - 1; i++) { // the last piece has no newline: torn or empty
        if (!lines[i].isEmpty()) {
          out.add(Entry.parse(lines[i]));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
