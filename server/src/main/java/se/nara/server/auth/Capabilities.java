package se.nara.server.auth;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import se.nara.sdk.model.Profession;
import se.nara.sdk.protocol.EntityType;

/**
 * What each profession may do, enforced on the server for every operation (clients only
 * mirror it). Behörighet follows the work: a profile per profession is the floor, the care
 * relationship is checked on top of it for every patient.
 */
public final class Capabilities {
  private static final Set<Profession> NURSES_AND_PHYSICIANS =
      EnumSet.of(Profession.SJUKSKOTERSKA, Profession.DISTRIKTSSKOTERSKA, Profession.LAKARE);
  private static final Set<Profession> CLINICAL =
      EnumSet.of(Profession.SJUKSKOTERSKA, Profession.DISTRIKTSSKOTERSKA, Profession.UNDERSKOTERSKA,
          Profession.ARBETSTERAPEUT, Profession.FYSIOTERAPEUT, Profession.LAKARE);
  private static final Set<Profession> PLANNERS =
      EnumSet.of(Profession.SJUKSKOTERSKA, Profession.DISTRIKTSSKOTERSKA, Profession.ARBETSTERAPEUT,
          Profession.FYSIOTERAPEUT, Profession.LAKARE, Profession.BISTANDSHANDLAGGARE);
  private static final Set<Profession> FIELD_STAFF =
      EnumSet.of(Profession.SJUKSKOTERSKA, Profession.DISTRIKTSSKOTERSKA, Profession.UNDERSKOTERSKA,
          Profession.ARBETSTERAPEUT, Profession.FYSIOTERAPEUT, Profession.LAKARE, Profession.BISTANDSHANDLAGGARE);
  private static final Set<Profession> EVERYONE = EnumSet.allOf(Profession.class);

  /** Who may write each entity type from a device. */
  private static final Map<EntityType, Set<Profession>> WRITERS =
      Map.ofEntries(
          Map.entry(EntityType.MEDICATION_CHECK, NURSES_AND_PHYSICIANS),
          Map.entry(EntityType.MEDICATION_LINE_CHECK, NURSES_AND_PHYSICIANS),
          Map.entry(EntityType.DISCREPANCY, NURSES_AND_PHYSICIANS),
          Map.entry(EntityType.MEDICATION_LINE, NURSES_AND_PHYSICIANS),
          Map.entry(EntityType.MEDICATION_LIST, NURSES_AND_PHYSICIANS),
          Map.entry(EntityType.CARE_EPISODE, NURSES_AND_PHYSICIANS),
          Map.entry(EntityType.DISCHARGE_CHECKLIST, CLINICAL),
          Map.entry(EntityType.CHECKLIST_ITEM, CLINICAL),
          Map.entry(EntityType.PLAN, PLANNERS),
          Map.entry(EntityType.PLAN_GOAL, PLANNERS),
          Map.entry(EntityType.PLAN_ACTION, PLANNERS),
          Map.entry(EntityType.VISIT, FIELD_STAFF),
          Map.entry(EntityType.DEVIATION, EVERYONE),
          Map.entry(EntityType.AUDIT_ENTRY, EVERYONE));

  private Capabilities() {}

  /**
   * Nödåtkomst (reading a patient outside the care relationship, with a reason) is for the
   * professions that care for patients; team leaders, the MAS and administrators have other ways.
   */
  public static boolean canUseEmergencyAccess(Principal principal) {
    Profession profession = profession(principal);
    return profession != null && CLINICAL.contains(profession);
  }

  /** Team leaders review synced work and resolve conflicts. */
  public static boolean canReview(Principal principal) {
    return is(principal, Profession.TEAMLEDARE, Profession.ADMIN);
  }

  /**
   * Following up the open conflict records of a patient no team cares for any more (the write's
   * team had the patient and nobody has now): the team leader of the writer's team, and the MAS,
   * who owns patient-safety follow-up. Only through teams the caller belongs to (docs/conflicts.md).
   */
  public static boolean canFollowUpUncared(Principal principal) {
    return is(principal, Profession.TEAMLEDARE, Profession.MAS);
  }

  /**
   * Being told, per patient, that open follow-ups exist which the patient's spärr hides from every
   * team that would follow them up (only that they exist, how many, toward which team and since
   * when; never their content): the MAS, who owns patient-safety follow-up and can have them
   * handled without the spärr being broken (docs/security.md). Administrators, who start care
   * relationships, see the same list; team leaders see only a count.
   */
  public static boolean canSeeHiddenFollowUps(Principal principal) {
    return is(principal, Profession.MAS);
  }

  /**
   * Following up the team's own visits of a patient the team no longer cares for (the visit still
   * needs the team leader's review: not reviewed, flagged, or its review stale): the team leader,
   * who attests the team's visits. Not administrators: an attestation is a team leader's, and the
   * follow-up is a narrow exception to care-relationship access (docs/security.md).
   */
  public static boolean canFollowUpTeamVisits(Principal principal) {
    return is(principal, Profession.TEAMLEDARE);
  }

  /** Log review (loggkontroll) is for the MAS and administrators. */
  public static boolean canReviewLogs(Principal principal) {
    return is(principal, Profession.MAS, Profession.ADMIN);
  }

  /** Administrators manage devices, care relationships, spärrar and integrations. */
  public static boolean isAdmin(Principal principal) {
    return is(principal, Profession.ADMIN);
  }

  /** Team leaders and administrators may revoke a lost device. */
  public static boolean canRevokeDevices(Principal principal) {
    return is(principal, Profession.TEAMLEDARE, Profession.ADMIN);
  }

  /** Whether the caller's profession may write records of {@code type} from a device. */
  public static boolean canWrite(Principal principal, EntityType type) {
    Set<Profession> writers = WRITERS.get(type);
    Profession profession = profession(principal);
    return writers != null && profession != null && writers.contains(profession);
  }

  private static boolean is(Principal principal, Profession... allowed) {
    Profession profession = profession(principal);
    for (Profession p : allowed) {
      if (p == profession) {
        return true;
      }
    }
    return false;
  }

  private static Profession profession(Principal principal) {
    try {
      return Profession.valueOf(principal.profession());
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }
}
