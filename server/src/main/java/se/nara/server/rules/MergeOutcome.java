package se.nara.server.rules;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * What the rules decided for one update.
 *
 * @param apply the fields to write, with their new values
 * @param conflicts the conflicts to record (each keeps the value that did not win)
 * @param mergedWithOthers whether others had changed the record since the device's base
 */
public record MergeOutcome(JsonObject apply, List<ConflictDraft> conflicts, boolean mergedWithOthers) {

  /** Whether some device value did not land on the record as sent. */
  public boolean deviceOverruled() {
    return conflicts.stream().anyMatch(c -> !c.deviceLanded());
  }

  /** Whether any conflict was recorded. */
  public boolean hasConflict() {
    return !conflicts.isEmpty();
  }
}
