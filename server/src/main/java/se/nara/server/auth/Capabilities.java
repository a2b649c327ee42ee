package se.nara.server.auth;

import java.util.Set;

/** What each profession may do, enforced on the server for every operation. */
public final class Capabilities {
  private static final Set<String> REVIEWERS = Set.of("TEAMLEDARE", "ADMIN");

  private Capabilities() {}

  /** Team leaders review synced work and resolve conflicts. */
  public static boolean canReview(Principal principal) {
    return REVIEWERS.contains(principal.profession());
  }
}
