package se.nara.server.audit;

import java.time.Instant;
import se.nara.sdk.model.AuditAction;

/**
 * One log review request, as the reviewer sent it; null means not given. Either a page ({@code
 * limit}, {@code cursor}) or a random {@code sample}, never both.
 */
public record LogQuery(
    String patientId, String staffId, AuditAction action, Instant from, Instant to, Integer sample, Integer limit,
    String cursor) {}
