package se.nara.server.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StaleDecisionTest {
  @Test
  @DisplayName("a check made on the current list is not flagged")
  void currentIsFine() {
    assertTrue(StaleDecision.changes(List.of("l1@2", "l2@1"), Map.of("l1", 2L, "l2", 1L)).isEmpty());
  }

  @Test
  @DisplayName("a line changed after the nurse saw it flags the check")
  void changedLine() {
    assertEquals(List.of("l1 changed from version 2 to 3"), StaleDecision.changes(List.of("l1@2", "l2@1"), Map.of("l1", 3L, "l2", 1L)));
  }

  @Test
  @DisplayName("a line added after the check flags it")
  void addedLine() {
    assertEquals(List.of("l3 was added after the check"), StaleDecision.changes(List.of("l1@2"), Map.of("l1", 2L, "l3", 1L)));
  }

  @Test
  @DisplayName("an unreadable entry counts as not seen")
  void unreadable() {
    assertEquals(1, StaleDecision.changes(List.of("l1@x"), Map.of("l1", 1L)).size());
  }
}
