/**
 * The team leader's review queue: conflicts in the team's scope, and their resolution. An
 * application service like {@code sync}: called by the web layer, uses the stores and rules.
 */
package se.nara.server.review;
