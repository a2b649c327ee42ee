package se.nara.server.review;

/**
 * Filters for the review queue; null means "any".
 *
 * @param teamId one of the caller's teams
 * @param status NEEDS_REVIEW (default), AUTO_RESOLVED, RESOLVED or ALL
 * @param minAgeHours only conflicts at least this old
 */
public record ConflictQuery(String teamId, String patientId, ConflictKind kind, String status, Integer minAgeHours) {}
