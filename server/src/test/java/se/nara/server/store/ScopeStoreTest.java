package se.nara.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopeStoreTest {
  @TempDir Path dir;

  @Test
  void careTeamsForManyPatientsAgreeWithTheOnePatientLookup() {
    try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("s.db"))) {
      ScopeStore scopes = new ScopeStore();
      db.inWriteTransaction(h -> {
        scopes.startRelationship(h, "p1", "team-b", 1);
        scopes.startRelationship(h, "p1", "team-a", 1);
        scopes.endRelationship(h, "p1", "team-a", 2); // ended: the active team comes first
        scopes.startRelationship(h, "p2", "team-a", 1);
        scopes.startRelationship(h, "p2", "team-c", 1);
        scopes.startRelationship(h, "p3", "team-z", 1); // not one of the caller's teams
        scopes.startRelationship(h, "p5", "team-a", 1);
        scopes.startRelationship(h, "p5", "team-b", 1);
        scopes.addSparr(h, "p5", "team-a", 2); // blocked for team-a: team-b is what allows access
        return null;
      });
      List<String> teams = List.of("team-a", "team-b", "team-c");
      List<String> patients = List.of("p1", "p2", "p3", "p4", "p5");
      Map<String, String> many = db.withReader(h -> scopes.careTeams(h, patients, teams));
      for (String p : patients) {
        assertEquals(db.withReader(h -> scopes.careTeam(h, p, teams)), many.get(p), p);
      }
      assertEquals("team-b", many.get("p1"));
      assertEquals("team-a", many.get("p2"));
      assertEquals(null, many.get("p3"));
      assertEquals("team-b", many.get("p5"));
      assertEquals(List.of("p1", "p2", "p3", "p4", "p5"), List.copyOf(many.keySet()));
      // A pull page names the same team for each row it lets through.
      RecordStore records = new RecordStore();
      db.inWriteTransaction(h -> {
        for (String p : patients) {
          com.google.gson.JsonObject data = new com.google.gson.JsonObject();
          data.addProperty("id", "v-" + p);
          data.addProperty("patientId", p);
          records.insert(h, new StoredRecord("v-" + p, "visit", p, 1, records.maxSeq(h) + 1, false, data, 1, 1, "s", "d"),
              new HistoryEntry("v-" + p, 1, "visit", "CREATE", data, 0, "s", "d", null, null, null, null));
        }
        return null;
      });
      Map<String, String> paged = new java.util.LinkedHashMap<>();
      for (RecordStore.VisibleRow row : db.withReader(h -> records.pageVisible(h, 0, 100, teams))) {
        paged.put(row.row().patientId(), row.careTeam());
      }
      assertEquals(Map.of("p1", "team-b", "p2", "team-a", "p5", "team-b"), paged);
    }
  }

  @Test
  void lostSinceNamesRecentEndingsAndSparrarThatNoOtherOfTheTeamsCovers() {
    try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("l.db"))) {
      ScopeStore scopes = new ScopeStore();
      db.inWriteTransaction(h -> {
        for (String p : List.of("ended-recently", "ended-long-ago", "sparr-recently", "sparr-long-ago",
            "still-seen-via-b", "active", "other-team")) {
          scopes.startRelationship(h, p, "team-a", 1);
        }
        scopes.endRelationship(h, "ended-recently", "team-a", 500);
        scopes.endRelationship(h, "ended-long-ago", "team-a", 50);
        scopes.addSparr(h, "sparr-recently", "team-a", 600);
        scopes.addSparr(h, "sparr-long-ago", "team-a", 60);
        scopes.startRelationship(h, "still-seen-via-b", "team-b", 1);
        scopes.endRelationship(h, "still-seen-via-b", "team-a", 700);
        scopes.startRelationship(h, "other-team", "team-z", 1);
        scopes.endRelationship(h, "other-team", "team-z", 800);
        scopes.addSparr(h, "no-relationship", "team-a", 900); // never cared for by team-a
        return null;
      });
      assertEquals(List.of("ended-recently", "sparr-recently"),
          db.withReader(h -> scopes.lostSince(h, List.of("team-a", "team-b"), 100)));
      assertEquals(List.of("ended-recently", "sparr-recently", "still-seen-via-b"),
          db.withReader(h -> scopes.lostSince(h, List.of("team-a"), 100)));
      assertEquals(List.of("ended-long-ago", "ended-recently", "sparr-long-ago", "sparr-recently", "still-seen-via-b"),
          db.withReader(h -> scopes.lostSince(h, List.of("team-a"), 0)));
      assertEquals(List.of(), db.withReader(h -> scopes.lostSince(h, List.of(), 0)));
    }
  }

  @Test
  void uncaredFormerPatientsNamesEachPatientsUncaredTeams() {
    try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("u.db"))) {
      ScopeStore scopes = new ScopeStore();
      db.inWriteTransaction(h -> {
        for (String team : List.of("team-a", "team-b", "team-c")) {
          scopes.startRelationship(h, "p1", team, 1);
          scopes.endRelationship(h, "p1", team, 2);
        }
        scopes.addSparr(h, "p1", "team-c", 3); // the spärr still hides p1 from team-c
        scopes.startRelationship(h, "p2", "team-a", 1);
        scopes.endRelationship(h, "p2", "team-a", 2);
        scopes.startRelationship(h, "p2", "team-z", 1); // another team cares for p2 now
        return null;
      });
      List<String> teams = List.of("team-a", "team-b", "team-c");
      assertEquals(Map.of("p1", java.util.Set.of("team-a", "team-b")), db.withReader(h -> scopes.uncaredFormerPatients(h, teams)));
    }
  }
}
