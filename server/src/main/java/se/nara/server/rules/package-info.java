/**
 * Conflict rules: pure functions from (current state, what others changed, what the device
 * sent) to a merge outcome. No I/O, no clocks, so they can be tested exhaustively.
 */
package se.nara.server.rules;
