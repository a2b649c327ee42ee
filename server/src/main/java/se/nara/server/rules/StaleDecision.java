package se.nara.server.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decision made on stale data: a check completed offline records the versions the nurse saw;
 * if the server's versions differ (or lines were added), a person must look again. Pure.
 */
public final class StaleDecision {
  /** The rule name in conflict records. */
  public static final String RULE = "stale decision: the list changed after the nurse saw it";

  private StaleDecision() {}

  /**
   * What changed between what was seen ({@code id@version} entries) and what the server holds
   * now; empty when the decision was made on current data.
   */
  public static List<String> changes(Collection<String> seen, Map<String, Long> current) {
    Map<String, Long> saw = new HashMap<>();
    for (String entry : seen) {
      int at = entry.lastIndexOf('@');
      if (at > 0) {
        try {
          saw.put(entry.substring(0, at), Long.parseLong(entry.substring(at + 1)));
        } catch (NumberFormatException ignored) {
          // an entry we cannot read counts as not seen
        }
      }
    }
    List<String> changes = new ArrayList<>();
    for (Map.Entry<String, Long> now : current.entrySet()) {
      Long version = saw.get(now.getKey());
      if (version == null) {
        changes.add(now.getKey() + " was added after the check");
      } else if (version < now.getValue()) {
        changes.add(now.getKey() + " changed from version " + version + " to " + now.getValue());
      }
    }
    return changes;
  }
}
