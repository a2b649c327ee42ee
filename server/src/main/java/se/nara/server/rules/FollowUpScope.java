package se.nara.server.rules;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who can reach an open conflict record of a patient (docs/conflicts.md, "follow-up without an
 * active care relationship"). Pure: it decides from the patient's care relationships, the team
 * recorded with the conflict and the writer's teams now, and never returns nobody without saying
 * so ({@link Kind#HIDDEN}), so an open conflict cannot wait unseen.
 *
 * <ul>
 *   <li>{@link Kind#CARED}: a team cares for the patient now (active relationship, no spärr
 *       toward it): its leaders review the conflict as any other.
 *   <li>{@link Kind#FOLLOW_UP}: no team does; the teams the write was made under (recorded with
 *       the conflict, else the writer's teams now that had the patient; when neither is known,
 *       every team that had the patient) that no spärr blocks follow it up.
 *   <li>{@link Kind#HIDDEN}: no team does and every such team is blocked by the patient's spärr
 *       (or the patient never had a team): nobody may see the content, so only its existence is
 *       told to the MAS of the patient's teams and to administrators, who act without reading it.
 * </ul>
 */
public final class FollowUpScope {
  private FollowUpScope() {}

  /** One of the patient's care relationships: with which team, whether still active, whether a spärr blocks it. */
  public record Relationship(String teamId, boolean active, boolean blocked) {}

  /** How an open conflict can be reached. */
  public enum Kind {
    /** A team cares for the patient now. */
    CARED,
    /** No team cares for the patient; a former team follows the conflict up. */
    FOLLOW_UP,
    /** Nobody may see it: only its existence is told (to the MAS and administrators). */
    HIDDEN
  }

  /**
   * The answer.
   *
   * @param kind how it is reached
   * @param teams for CARED the caring teams, for FOLLOW_UP the teams that follow it up, for HIDDEN
   *     the teams it would have been followed up through (their spärr hides it; empty when the
   *     patient never had a team), sorted
   */
  public record Reach(Kind kind, Set<String> teams) {}

  /**
   * Who reaches an open conflict of a patient with these care relationships.
   *
   * @param recordedTeam the team recorded with the conflict when it was made (V12), or null
   * @param writerTeamsNow the teams its writer belongs to now (used only when none was recorded)
   */
  public static Reach ofConflict(List<Relationship> relationships, String recordedTeam, Collection<String> writerTeamsNow) {
    Set<String> caring = new TreeSet<>();
    Set<String> all = new TreeSet<>();
    Set<String> open = new TreeSet<>();
    for (Relationship r : relationships) {
      all.add(r.teamId());
      if (!r.blocked()) {
        open.add(r.teamId());
        if (r.active()) {
          caring.add(r.teamId());
        }
      }
    }
    if (!caring.isEmpty()) {
      return new Reach(Kind.CARED, caring);
    }
    Set<String> writeTeams = new TreeSet<>();
    if (recordedTeam != null) {
      writeTeams.add(recordedTeam);
    } else if (writerTeamsNow != null) {
      for (String team : writerTeamsNow) {
        if (all.contains(team)) {
          writeTeams.add(team);
        }
      }
    }
    // Unknown writer's team (a record from before V12 whose writer has left, or one without a
    // writer): every team that had the patient is the best knowledge there is.
    Set<String> candidates = writeTeams.isEmpty() ? all : writeTeams;
    Set<String> followers = new TreeSet<>(candidates);
    followers.retainAll(open);
    if (!followers.isEmpty()) {
      return new Reach(Kind.FOLLOW_UP, followers);
    }
    return new Reach(Kind.HIDDEN, candidates);
  }
}
