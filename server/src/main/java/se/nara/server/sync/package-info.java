/**
 * The sync application service: push (exactly-once application of device mutations, with
 * field-level conflict detection) and pull (scoped, commit-ordered, snapshot-consistent pages).
 * Called by the web layer; calls the rules and the stores.
 */
package se.nara.server.sync;
