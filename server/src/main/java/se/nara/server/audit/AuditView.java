package se.nara.server.audit;

import java.time.Instant;

/** One access-log entry as the log review shows it. */
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
    String outcome) {}
