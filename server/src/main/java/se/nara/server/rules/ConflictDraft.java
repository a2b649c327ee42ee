package se.nara.server.rules;

import com.google.gson.JsonObject;
import java.util.Set;
import se.nara.sdk.model.ConflictStatus;

/**
 * A conflict the rules found, before it is stored as a conflict record.
 *
 * @param fields the fields in conflict
 * @param serverValues the server's values of those fields before the merge
 * @param deviceValues the device's values
 * @param resultValues the values the record has after the merge
 * @param rule the rule that decided, in words a clinician can check (see docs/conflicts.md)
 * @param status AUTO_RESOLVED when the rule could decide safely, NEEDS_REVIEW when a person must
 * @param deviceLanded whether the device's values are what the record now holds
 */
public record ConflictDraft(
    Set<String> fields,
    JsonObject serverValues,
    JsonObject deviceValues,
    JsonObject resultValues,
    String rule,
    ConflictStatus status,
    boolean deviceLanded) {}
