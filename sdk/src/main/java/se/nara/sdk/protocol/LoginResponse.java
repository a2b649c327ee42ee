package se.nara.sdk.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The answer to a successful login. */
public final class LoginResponse {
  private final String token;
  private final Instant expiresAt;
  private final String staffId;
  private final String staffName;
  private final String profession;
  private final List<String> teamIds;
  private final long lastMutationId;

  /** Creates a login response. */
  public LoginResponse(
      String token,
      Instant expiresAt,
      String staffId,
      String staffName,
      String profession,
      List<String> teamIds,
      long lastMutationId) {
    this.token = token;
    this.expiresAt = expiresAt;
    this.staffId = staffId;
    this.staffName = staffName;
    this.profession = profession;
    this.teamIds = Collections.unmodifiableList(new ArrayList<>(teamIds));
    this.lastMutationId = lastMutationId;
  }

  /** The bearer token for {@code Authorization: Bearer …}. */
  public String token() {
    return token;
  }

  /** When the token stops working. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** The logged-in staff member's id. */
  public String staffId() {
    return staffId;
  }

  /** The logged-in staff member's name. */
  public String staffName() {
    return staffName;
  }

  /** The staff member's profession (a {@code Profession} constant name). */
  public String profession() {
    return profession;
  }

  /** The teams whose patients this staff member may sync. */
  public List<String> teamIds() {
    return teamIds == null ? Collections.<String>emptyList() : Collections.unmodifiableList(teamIds);
  }

  /**
   * The highest mutation number the server has recorded for this device. A device whose local
   * database is new continues numbering above it, so its first mutations are not mistaken for
   * replays.
   */
  public long lastMutationId() {
    return lastMutationId;
  }
}
