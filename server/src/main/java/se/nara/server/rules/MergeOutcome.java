package se.nara.server.rules;

import com.google.gson.JsonObject;
import java.util.Set;

/**
 * What a merge decided for one mutation.
 *
 * @param apply the fields to write, with their new values
 * @param conflicting the fields whose device value did not win
 * @param keptValues the winning (current server) values of the conflicting fields
 * @param overriddenValues the device's values of the conflicting fields, kept for review
 * @param mergedWithOthers whether others had changed the entity since the device's base version
 * @param rule the name of the rule that decided, for the conflict record
 */
public record MergeOutcome(
    JsonObject apply,
    Set<String> conflicting,
    JsonObject keptValues,
    JsonObject overriddenValues,
    boolean mergedWithOthers,
    String rule) {

  /** Whether some of the device's values did not win. */
  public boolean hasConflict() {
    return !conflicting.isEmpty();
  }
}
