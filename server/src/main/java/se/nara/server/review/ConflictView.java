package se.nara.server.review;

import java.time.Instant;
import se.nara.sdk.model.ConflictRecord;

/**
 * A conflict as the review queue shows it: the record plus what a team leader needs around it.
 *
 * @param ageHours hours since the conflict arose
 */
public record ConflictView(
    ConflictRecord conflict, ConflictKind kind, String patientName, String teamId, Instant createdAt, long ageHours) {}
