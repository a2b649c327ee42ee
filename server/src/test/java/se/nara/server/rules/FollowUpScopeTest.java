package se.nara.server.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.nara.server.rules.FollowUpScope.Kind;
import se.nara.server.rules.FollowUpScope.Reach;
import se.nara.server.rules.FollowUpScope.Relationship;

/** Who reaches an open conflict: never nobody without saying so. */
class FollowUpScopeTest {
  static Relationship active(String team) {
    return new Relationship(team, true, false);
  }

  static Relationship ended(String team) {
    return new Relationship(team, false, false);
  }

  static Relationship blocked(String team, boolean active) {
    return new Relationship(team, active, true);
  }

  @Test
  void aCaringTeamReviewsWhoeverWrote() {
    assertEquals(new Reach(Kind.CARED, Set.of("B")), FollowUpScope.ofConflict(List.of(ended("A"), active("B")), "A", List.of("A")));
  }

  @Test
  void theRecordedTeamFollowsUpOnceNoTeamCares() {
    assertEquals(new Reach(Kind.FOLLOW_UP, Set.of("A")), FollowUpScope.ofConflict(List.of(ended("A"), ended("C")), "A", List.of()));
  }

  @Test
  void aBlockedActiveTeamCaresForNobody() {
    assertEquals(new Reach(Kind.FOLLOW_UP, Set.of("A")),
        FollowUpScope.ofConflict(List.of(ended("A"), blocked("B", true)), "A", List.of()));
  }

  @Test
  void withoutARecordedTeamTheWritersTeamsThatHadThePatient() {
    assertEquals(new Reach(Kind.FOLLOW_UP, Set.of("C")),
        FollowUpScope.ofConflict(List.of(ended("A"), ended("C")), null, List.of("C", "X")));
  }

  @Test
  void aWriterWhoLeftLeavesEveryTeamThatHadThePatient() {
    assertEquals(new Reach(Kind.FOLLOW_UP, Set.of("A", "C")),
        FollowUpScope.ofConflict(List.of(ended("A"), ended("C"), blocked("D", false)), null, List.of("X")));
  }

  @Test
  void aSparrTowardTheWritersTeamHidesItFromEveryone() {
    assertEquals(new Reach(Kind.HIDDEN, Set.of("A")),
        FollowUpScope.ofConflict(List.of(blocked("A", true), ended("C")), "A", List.of()));
    assertEquals(new Reach(Kind.HIDDEN, Set.of("A")), FollowUpScope.ofConflict(List.of(blocked("A", false)), null, null));
  }

  @Test
  void aPatientWithoutAnyTeamIsHiddenNotLost() {
    assertEquals(new Reach(Kind.HIDDEN, Set.of()), FollowUpScope.ofConflict(List.of(), null, List.of("A")));
  }
}
