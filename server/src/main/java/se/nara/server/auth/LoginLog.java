package se.nara.server.auth;

import org.jdbi.v3.core.Handle;

/**
 * Where a successful login is logged, in the login's own write transaction (so a session never
 * exists without its log entry). The server wires it to the access log; it is an interface here
 * because the access log names its entries by {@link Principal}, and identity must not depend on
 * the log that depends on it.
 */
@FunctionalInterface
public interface LoginLog {
  /** Logs that {@code principal} signed in, in {@code h}'s transaction. */
  void loggedIn(Handle h, Principal principal);
}
