package se.nara.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clients opened on one database file by mistake: each ran its own transactions, and about
 * half of their concurrent saves failed with SQLITE_BUSY ("database is locked") as a
 * StorageException (11 of 20 in a probe with two threads). The second is refused at once now.
 */
class OneClientPerFileTest {
  @TempDir Path dir;

  @Test
  @DisplayName("a second client on the same database file is refused until the first is closed")
  void aSecondClientOnTheSameFileIsRefused() {
    String path = dir.resolve("t.db").toString();
    NaraClient first = NaraClient.builder().serverUrl("http://127.0.0.1:9").databasePath(path).build();
    try {
      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> NaraClient.builder().serverUrl("http://127.0.0.1:9").databasePath(dir.resolve(".").resolve("t.db").toString()).build(),
          "the same file by another name");
      assertEquals(true, refused.getMessage().contains("one client per database file"), refused.getMessage());
    } finally {
      first.close();
    }
    try (NaraClient next = NaraClient.builder().serverUrl("http://127.0.0.1:9").databasePath(path).build()) {
      assertEquals(first.deviceId(), next.deviceId(), "after close() the file opens again, as the same device");
    }
  }

  @Test
  @DisplayName("a build() that fails after opening the file (a bad server URL) leaves the file free for the next build()")
  void aFailedBuildReleasesTheFile() {
    String path = dir.resolve("t.db").toString();
    assertThrows(IllegalArgumentException.class,
        () -> NaraClient.builder().serverUrl("not a url").databasePath(path).build(), "a server URL that is no URL");
    // Before: the file stayed claimed (and its connection open) for the life of the process, so the
    // app's corrected build() was refused as "another NaraClient of this app has ... open".
    try (NaraClient next = NaraClient.builder().serverUrl("http://127.0.0.1:9").databasePath(path).build()) {
      assertEquals(false, next.deviceId().isEmpty());
    }
  }
}
