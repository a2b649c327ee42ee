package se.nara.server.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.nara.server.rules.ConflictRulesTest.obj;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import se.nara.sdk.model.ConflictStatus;
import se.nara.sdk.protocol.EntityType;

class RetractionsTest {

  @Test
  @DisplayName("the parts a retraction takes with it: a checklist its items, a check its line checks and discrepancies, a plan its goals and actions")
  void partsOfEveryParent() {
    assertEquals(Map.of(EntityType.CHECKLIST_ITEM, "checklistId"), Retractions.partsOf(EntityType.DISCHARGE_CHECKLIST));
    assertEquals(Map.of(EntityType.MEDICATION_LINE_CHECK, "checkId", EntityType.DISCREPANCY, "checkId"),
        Retractions.partsOf(EntityType.MEDICATION_CHECK));
    assertEquals(Map.of(EntityType.PLAN_GOAL, "planId", EntityType.PLAN_ACTION, "planId"), Retractions.partsOf(EntityType.PLAN));
    assertEquals(Map.of(EntityType.MEDICATION_LINE, "listId"), Retractions.partsOf(EntityType.MEDICATION_LIST));
    assertEquals(Set.of(EntityType.PLAN, EntityType.DISCHARGE_CHECKLIST, EntityType.MEDICATION_CHECK, EntityType.VISIT,
        EntityType.DEVIATION), Retractions.partsOf(EntityType.CARE_EPISODE).keySet());
    // every type that links to a parent is a part of exactly that parent; leaves have no parts
    for (EntityType t : EntityType.values()) {
      long parents = java.util.Arrays.stream(EntityType.values()).filter(p -> Retractions.partsOf(p).containsKey(t)).count();
      boolean linked = t.parentField() != null && t != EntityType.CONFLICT;
      assertEquals(linked ? 1 : 0, parents, t + " belongs to " + parents + " parent types");
    }
    for (EntityType leaf : List.of(EntityType.CHECKLIST_ITEM, EntityType.PLAN_ACTION, EntityType.DISCREPANCY, EntityType.VISIT)) {
      assertTrue(Retractions.partsOf(leaf).isEmpty(), leaf + " has no parts");
    }
  }

  @Test
  @DisplayName("a record is a part of the parent its link field names, and of no other")
  void isPartOf() {
    assertTrue(Retractions.isPartOf(EntityType.CHECKLIST_ITEM, obj("checklistId", "c1"), EntityType.DISCHARGE_CHECKLIST, "c1"));
    assertFalse(Retractions.isPartOf(EntityType.CHECKLIST_ITEM, obj("checklistId", "c2"), EntityType.DISCHARGE_CHECKLIST, "c1"));
    assertFalse(Retractions.isPartOf(EntityType.CHECKLIST_ITEM, obj("checklistId", null), EntityType.DISCHARGE_CHECKLIST, "c1"));
    assertFalse(Retractions.isPartOf(EntityType.PLAN_ACTION, obj("checklistId", "c1"), EntityType.DISCHARGE_CHECKLIST, "c1"));
  }

  @Test
  @DisplayName("a retraction held for unseen changes to parts keeps the record, keeps the request and names the parts")
  void heldForParts() {
    ConflictDraft d = Retractions.heldForParts(List.of("checklist_item i1"), "Fel patient");
    assertEquals(ConflictStatus.NEEDS_REVIEW, d.status());
    assertEquals(Set.of("enteredInError"), d.fields());
    assertFalse(d.serverValues().get("enteredInError").getAsBoolean());
    assertTrue(d.deviceValues().get("enteredInError").getAsBoolean());
    assertEquals("Fel patient", d.deviceValues().get("reason").getAsString());
    assertEquals("checklist_item i1", d.resultValues().getAsJsonArray("changedParts").get(0).getAsString());
    assertFalse(d.deviceLanded());
  }
}
