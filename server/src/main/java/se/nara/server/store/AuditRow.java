package se.nara.server.store;

/** One row of the PDL access log. Times are epoch milliseconds. */
public record AuditRow(
    String id,
    long receivedAt,
    Long occurredAtDevice,
    String staffId,
    String patientId,
    String teamId,
    String deviceId,
    String action,
    String resourceType,
    String resourceId,
    String outcome,
    String detail) {}
