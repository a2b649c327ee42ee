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
        return null;
      });
      List<String> teams = List.of("team-a", "team-b", "team-c");
      List<String> patients = List.of("p1", "p2", "p3", "p4");
      Map<String, String> many = db.withReader(h -> scopes.careTeams(h, patients, teams));
      for (String p : patients) {
        assertEquals(db.withReader(h -> scopes.careTeam(h, p, teams)), many.get(p), p);
      }
      assertEquals("team-b", many.get("p1"));
      assertEquals("team-a", many.get("p2"));
      assertEquals(null, many.get("p3"));
      assertEquals(List.of("p1", "p2", "p3", "p4"), List.copyOf(many.keySet()));
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
}
