package se.nara.server.store;

/** What a valid bearer token stands for. */
public record TokenGrant(String staffId, String deviceId, long expiresAt) {}
