package se.nara.server.audit;

import java.time.Instant;

/**
 * One access-log entry as the log review shows it. {@code detail} explains the entry where a short
 * outcome cannot: the reason given for a nödåtkomst, the ids a review decision concerned.
 */
public record AuditView(
    String id,
    Instant receivedAt,
    Instant occurredAtDevice,
    String staffId,
    String patientId,
    String teamId,
    String deviceId,
    String action,
    String resourceType,
    String resourceId,
    String outcome,
    String detail) {}
