package se.nara.server.rules;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static se.nara.server.rules.ConflictRulesTest.obj;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.nara.sdk.protocol.EntityType;

class TransitionsTest {

  static JsonObject withLines(JsonObject o, String... lines) {
    JsonArray array = new JsonArray();
    for (String l : lines) {
      array.add(l);
    }
    o.add("lineIds", array);
    return o;
  }

  static Stream<Arguments> transitions() {
    return Stream.of(
        Arguments.of("a confirmed item cannot simply be unchecked", EntityType.CHECKLIST_ITEM,
            obj("state", "DONE"), obj("state", "UNCHECKED"), false),
        Arguments.of("a confirmed item can be reopened with a reason", EntityType.CHECKLIST_ITEM,
            obj("state", "DONE"), obj("state", "REOPENED", "reopenReason", "fel patient"), true),
        Arguments.of("reopening without a reason is refused", EntityType.CHECKLIST_ITEM,
            obj("state", "DONE"), obj("state", "REOPENED"), false),
        Arguments.of("an item found missing can later be done", EntityType.CHECKLIST_ITEM,
            obj("state", "MISSING"), obj("state", "DONE"), true),
        Arguments.of("an unchecked item can be done", EntityType.CHECKLIST_ITEM,
            obj("state", "UNCHECKED"), obj("state", "DONE"), true),
        Arguments.of("a discrepancy keeps its type", EntityType.DISCREPANCY,
            obj("type", "OMISSION"), obj("type", "WRONG_DOSE"), false),
        Arguments.of("a discrepancy keeps its lines", EntityType.DISCREPANCY,
            withLines(obj("type", "OMISSION"), "l1"), withLines(obj("type", "OMISSION"), "l2"), false),
        Arguments.of("an unclear intent can be clarified", EntityType.DISCREPANCY,
            obj("intent", "UNCLEAR"), obj("intent", "UNINTENTIONAL"), true),
        Arguments.of("a clarified intent is not changed again", EntityType.DISCREPANCY,
            obj("intent", "UNINTENTIONAL"), obj("intent", "DOCUMENTED_INTENTIONAL"), false),
        Arguments.of("an open discrepancy can be resolved", EntityType.DISCREPANCY,
            obj("resolution", "OPEN"), obj("resolution", "CORRECTED_NEW_ORDER"), true),
        Arguments.of("a resolved discrepancy is not reopened by editing", EntityType.DISCREPANCY,
            obj("resolution", "CONFIRMED_INTENTIONAL"), obj("resolution", "OPEN"), false),
        Arguments.of("a final resolution is not overwritten by another", EntityType.DISCREPANCY,
            obj("resolution", "CONFIRMED_INTENTIONAL"), obj("resolution", "ESCALATED"), false),
        Arguments.of("a final resolution is not swapped for another final one", EntityType.DISCREPANCY,
            obj("resolution", "ACCEPTED_WITH_RATIONALE"), obj("resolution", "CORRECTED_NEW_ORDER"), false),
        Arguments.of("an escalated discrepancy moves on to the prescriber's resolution", EntityType.DISCREPANCY,
            obj("resolution", "ESCALATED"), obj("resolution", "CORRECTED_NEW_ORDER"), true),
        Arguments.of("a resolved discrepancy can still get a note", EntityType.DISCREPANCY,
            obj("resolution", "CONFIRMED_INTENTIONAL", "note", "a"), obj("resolution", "CONFIRMED_INTENTIONAL", "note", "b"), true),
        Arguments.of("a deviation moves back with a reason given with the move", EntityType.DEVIATION,
            obj("status", "ACTIONED"), obj("status", "INVESTIGATING", "statusReason", "åtgärden höll inte"), true),
        Arguments.of("a deviation does not move back on a reason recorded earlier", EntityType.DEVIATION,
            obj("status", "ACTIONED", "statusReason", "tidigare"), obj("status", "REGISTERED", "statusReason", "tidigare"), false),
        Arguments.of("a blank reason does not move a deviation back", EntityType.DEVIATION,
            obj("status", "CLOSED"), obj("status", "ACTIONED", "statusReason", "  "), false),
        Arguments.of("a deviation moves forward", EntityType.DEVIATION,
            obj("status", "REGISTERED"), obj("status", "INVESTIGATING"), true),
        Arguments.of("a deviation never moves backwards without a reason", EntityType.DEVIATION,
            obj("status", "ACTIONED"), obj("status", "REGISTERED"), false),
        Arguments.of("a deviation's description is never rewritten", EntityType.DEVIATION,
            obj("description", "a"), obj("description", "b"), false),
        Arguments.of("a completed medication check is not edited in place", EntityType.MEDICATION_CHECK,
            obj("status", "COMPLETE", "performedBy", "a"), obj("status", "IN_PROGRESS", "performedBy", "b"), false),
        Arguments.of("a completed medication check gets no new field", EntityType.MEDICATION_CHECK,
            obj("status", "COMPLETE"), obj("status", "COMPLETE", "physicianDecisionBy", "x"), false),
        Arguments.of("a check with open discrepancies is completed", EntityType.MEDICATION_CHECK,
            obj("status", "OPEN_DISCREPANCIES"), obj("status", "COMPLETE", "completedAt", "2026-11-24T10:00:00Z"), true),
        Arguments.of("a recorded line check is never changed", EntityType.MEDICATION_LINE_CHECK,
            obj("outcome", "MATCH"), obj("outcome", "DISCREPANCY"), false),
        Arguments.of("other types have no transition rules", EntityType.VISIT,
            obj("status", "COMPLETED"), obj("status", "PLANNED"), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitions")
  void transition(String name, EntityType type, JsonObject before, JsonObject after, boolean allowed) {
    String violation = Transitions.violation(type, before, after);
    if (allowed) {
      assertNull(violation, name);
    } else {
      assertNotNull(violation, name);
    }
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName("a team leader's decision of a conflict may replace a recorded resolution; a device may not")
  void reviewMayReplaceAResolution() {
    JsonObject before = obj("resolution", "CONFIRMED_INTENTIONAL");
    JsonObject after = obj("resolution", "CORRECTED_NEW_ORDER");
    assertNotNull(Transitions.violation(EntityType.DISCREPANCY, before, after));
    assertNull(Transitions.violationOnReview(EntityType.DISCREPANCY, before, after));
    assertNotNull(Transitions.violationOnReview(EntityType.DISCREPANCY, before, obj("resolution", "OPEN")),
        "not even review reopens one");
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName("creates are checked too: a new item in state REOPENED needs a reason")
  void createsAreCheckedToo() {
    assertNotNull(Transitions.violation(EntityType.CHECKLIST_ITEM, null, obj("state", "REOPENED")));
    assertNull(Transitions.violation(EntityType.DISCREPANCY, null, obj("resolution", "OPEN")));
  }
}
