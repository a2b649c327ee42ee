package se.nara.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.model.ItemState;

/** Change listeners as apps write them: they hand work to another thread, which reads. */
class ChangeListenerTest {
  @TempDir Path dir;
  @StartStop final MockWebServer server = new MockWebServer();
  final ScriptedServer script = new ScriptedServer();
  final ExecutorService ui = Executors.newSingleThreadExecutor();
  NaraClient client;

  @BeforeEach
  void signIn() throws Exception {
    server.setDispatcher(script);
    script.records.add(ScriptedServer.checklistItem("i1", "p1"));
    client = NaraClient.builder().serverUrl(server.url("/").toString()).databasePath(dir.resolve("t.db").toString()).build();
    client.login("anna", "pw".toCharArray());
    client.sync();
  }

  @AfterEach
  void close() {
    ui.shutdownNow();
    client.close();
  }

  @Test
  @DisplayName("a listener told of a two-record save (saknas and its deviation) runs after the commit: another thread reads the change")
  void aListenerOfATwoRecordSaveRunsAfterItsCommit() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    client.addChangeListener((types, patients) -> {
      // The UI thread refreshes, and the listener waits for it (runWithScissors, or a latch).
      try {
        seen.add(types + " " + ui.submit(() -> client.checklists().item("i1").state()).get(5, TimeUnit.SECONDS));
      } catch (TimeoutException e) {
        seen.add(types + " the read waited for the writer's transaction: deadlock");
      } catch (Exception e) {
        seen.add(types + " " + e);
      }
    });

    client.checklists().setState("i1", ItemState.MISSING, "Rollatorn saknas");

    assertEquals(2, seen.size(), seen.toString());
    for (String s : seen) {
      assertTrue(s.endsWith(" MISSING"), "told once the change is committed, and readable: " + seen);
    }
  }
}
