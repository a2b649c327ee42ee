package se.nara.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import se.nara.server.rules.ConflictRules;
import se.nara.server.rules.Retractions;
import se.nara.server.rules.SignedRecords;
import se.nara.server.rules.StaleDecision;

class RuleLabelsTest {

  /** Every rule name the server can write into a conflict record. */
  static List<String> allRules() throws IllegalAccessException {
    List<String> rules = new ArrayList<>();
    for (Class<?> c : new Class<?>[] {ConflictRules.class, SignedRecords.class, Retractions.class, StaleDecision.class,
        SyncService.class, RestoreRecovery.class}) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && f.getName().startsWith("RULE")) {
          f.setAccessible(true);
          rules.add((String) f.get(null));
        }
      }
    }
    return rules;
  }

  @Test
  @DisplayName("every conflict rule has a Swedish label, so no screen shows staff an English rule")
  void everyRuleHasASwedishLabel() throws Exception {
    List<String> rules = allRules();
    assertTrue(rules.size() >= 21, "the rule constants were found: " + rules);
    for (String rule : rules) {
      assertTrue(RuleLabels.hasLabel(rule), "no Swedish label for: " + rule);
      assertNotEquals(rule, RuleLabels.swedish(rule));
    }
    assertEquals(rules.size(), rules.stream().map(RuleLabels::swedish).distinct().count(), "each rule reads differently");
  }

  @Test
  @DisplayName("the medication-discrepancy rule and the deviation-report rule cannot be taken for each other")
  void discrepancyAndDeviationReadDifferently() {
    String discrepancy = RuleLabels.swedish(ConflictRules.RULE_RESOLUTION);
    String deviation = RuleLabels.swedish(ConflictRules.RULE_DEVIATION_FORWARD);
    assertTrue(discrepancy.startsWith("Läkemedelsavvikelse") && discrepancy.contains("läkemedelslistan")
        && discrepancy.contains("beslut"), discrepancy);
    assertTrue(deviation.startsWith("Avvikelserapport"), deviation);
    assertTrue(!deviation.contains("läkemedel") && !discrepancy.contains("rapport"), discrepancy + " / " + deviation);
  }

  @Test
  @DisplayName("a rule without a label is shown as it is, and null stays null")
  void unknownRule() {
    assertEquals("some future rule", RuleLabels.swedish("some future rule"));
    assertNull(RuleLabels.swedish(null));
  }
}
