package se.nara.server.auth;

import java.util.List;

/**
 * The authenticated caller of a request: a staff member on a registered device.
 *
 * @param teamIds the teams whose patients the caller may see, in a stable order
 */
public record Principal(
    String staffId, String name, String profession, String deviceId, List<String> teamIds) {

  /** Creates a principal with an immutable copy of the team list. */
  public Principal {
    teamIds = List.copyOf(teamIds);
  }
}
