package se.nara.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import se.nara.sdk.internal.store.TypedRecords;
import se.nara.sdk.model.Staff;
import se.nara.sdk.model.Team;
import se.nara.sdk.protocol.EntityType;

/**
 * The team and staff directory every signed-in user pulls: to show a colleague's name where a
 * record or conflict names them by staff id ({@code updatedBy}, a conflict's author…). Read-only
 * on the device (the server manages it). It is not patient data, so reading it is not entered in
 * the device's access log.
 */
public final class Directory {
  private static final Comparator<Staff> BY_NAME =
      Comparator.comparing(Staff::name, Comparator.nullsLast(Comparator.<String>naturalOrder()))
          .thenComparing(Staff::id);
  private static final Comparator<Team> TEAM_BY_NAME =
      Comparator.comparing(Team::name, Comparator.nullsLast(Comparator.<String>naturalOrder()))
          .thenComparing(Team::id);

  private final TypedRecords records;

  Directory(TypedRecords records) {
    this.records = records;
  }

  /**
   * The staff member with this id, or null when this device does not know them (not synced yet,
   * or removed from the directory). A null id gives null.
   */
  public Staff staff(String staffId) {
    return staffId == null ? null : records.<Staff>get(EntityType.STAFF, staffId);
  }

  /** The staff member's name, or null when this device does not know them. */
  public String staffName(String staffId) {
    Staff s = staff(staffId);
    return s == null ? null : s.name();
  }

  /** Every staff member on this device, by name. */
  public List<Staff> allStaff() {
    return records.byPatient(EntityType.STAFF, null, BY_NAME);
  }

  /** The staff members of one team, by name. */
  public List<Staff> staffOf(String teamId) {
    List<Staff> out = new ArrayList<>();
    for (Staff s : allStaff()) {
      if (s.teamIds() != null && s.teamIds().contains(teamId)) {
        out.add(s);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The team with this id, or null when this device does not know it. */
  public Team team(String teamId) {
    return teamId == null ? null : records.<Team>get(EntityType.TEAM, teamId);
  }

  /** Every team on this device, by name. */
  public List<Team> teams() {
    return records.byPatient(EntityType.TEAM, null, TEAM_BY_NAME);
  }
}
