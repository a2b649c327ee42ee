package se.nara.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Who is signed in on this device. */
public final class Session {
  private final String staffId;
  private final String staffName;
  private final String profession;
  private final List<String> teamIds;

  /** Creates a session value. */
  public Session(String staffId, String staffName, String profession, List<String> teamIds) {
    this.staffId = staffId;
    this.staffName = staffName;
    this.profession = profession;
    this.teamIds = Collections.unmodifiableList(new ArrayList<>(teamIds));
  }

  /** The staff member's id. */
  public String staffId() {
    return staffId;
  }

  /** The staff member's name. */
  public String staffName() {
    return staffName;
  }

  /** The profession (a {@code Profession} constant name). */
  public String profession() {
    return profession;
  }

  /** The staff member's teams. */
  public List<String> teamIds() {
    return teamIds;
  }

  @Override
  public String toString() {
    return "Session{" + staffName + " (" + profession + "), teams=" + teamIds + "}";
  }
}
