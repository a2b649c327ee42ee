package se.nara.server.store;

/** A staff login account. */
public record Account(
    String staffId,
    String username,
    String passwordHash,
    String name,
    String profession,
    boolean active,
    int failedLogins,
    Long lockedUntil) {}
