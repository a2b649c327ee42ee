package se.nara.server.store;

/** A registered device and the sync health it last reported. Times are epoch milliseconds. */
public record Device(
    String deviceId,
    String staffId,
    String name,
    long registeredAt,
    Long lastSeenAt,
    Long lastSyncAt,
    long lastMutationId,
    Integer outboxDepth,
    Long oldestPendingAt,
    Long revokedAt) {}
