/**
 * Nödåtkomst: a clinician's read of a patient outside their team's care relationship, with a
 * stated reason, logged for the MAS to follow up. Everything else about access goes by the care
 * relationship (the {@code sync} package).
 */
package se.nara.server.access;
