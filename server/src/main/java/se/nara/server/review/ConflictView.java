package se.nara.server.review;

import java.time.Instant;
import se.nara.sdk.model.ConflictRecord;

/**
 * A conflict as the review queue shows it: the record plus what a team leader needs around it.
 *
 * @param teamId the caller's team the conflict is listed through: the caring team, or for a
 *     follow-up the team the writer wrote under
 * @param ageHours hours since the conflict arose
 * @param followUp whether no team cares for the patient any more and the conflict is listed as a
 *     follow-up without an active care relationship (docs/conflicts.md)
 */
public record ConflictView(
    ConflictRecord conflict, ConflictKind kind, String patientName, String teamId, Instant createdAt, long ageHours,
    boolean followUp) {}
