package se.nara.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.model.AuditAction;
import se.nara.server.auth.Principal;
import se.nara.server.store.AuditRow;
import se.nara.server.store.AuditStore;
import se.nara.server.store.Database;

class AuditBatchTest {
  @TempDir Path dir;

  @Test
  void entriesAddedAfterAMarkAreForgottenWhenTheirChangeIsUndone() {
    try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("a.db"))) {
      AuditStore store = new AuditStore();
      AuditService audit = new AuditService(store, Clock.systemUTC());
      AuditService.Batch batch = audit.batch(new Principal("s1", "Anna", "NURSE", "d1", List.of("t1")));
      batch.add("p1", "t1", AuditAction.UPDATE, "visit", "v1", null, "APPLIED");
      int mark = batch.mark();
      batch.add("p1", "t1", AuditAction.UPDATE, "visit", "v2", null, "APPLIED");
      batch.add("p1", "t1", AuditAction.CREATE, "visit", "v3", null, "APPLIED");
      batch.rollbackTo(mark);
      batch.add("p1", "t1", AuditAction.UPDATE, "visit", "v2", null, "REJECTED INVALID_FIELD");
      db.inWriteTransaction(h -> {
        batch.write(h);
        return null;
      });
      List<AuditRow> rows = db.withReader(h -> store.forPatient(h, "p1"));
      assertEquals(2, rows.size(), rows.toString());
      assertEquals(
          List.of("v1 APPLIED", "v2 REJECTED INVALID_FIELD"),
          rows.stream().map(r -> r.resourceId() + " " + r.outcome()).sorted().toList());
    }
  }
}
