package se.nara.server.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.nara.sdk.model.ConflictStatus;
import se.nara.sdk.protocol.EntityType;

/** Every rule of docs/conflicts.md, as a table: one row a clinician can read. */
class ConflictRulesTest {

  static JsonObject obj(String... kv) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < kv.length; i += 2) {
      o.add(kv[i], kv[i + 1] == null ? JsonNull.INSTANCE : new JsonPrimitive(kv[i + 1]));
    }
    return o;
  }

  static MergeOutcome merge(EntityType type, JsonObject current, Set<String> others, JsonObject incoming) {
    return ConflictRules.merge(new MergeInput(type, current, others, incoming, "Erik Eriksson", Instant.parse("2026-11-23T09:15:00Z")));
  }

  /**
   * name, entity type, server's current fields, fields others changed since the device's base,
   * the device's change, the expected resulting fields, the expected rule (null = no conflict),
   * the expected conflict status.
   */
  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of("fields changed disjointly merge without a conflict",
            EntityType.CHECKLIST_ITEM, obj("state", "DONE", "note", "a"), Set.of("state"), obj("sortOrder", "3"),
            obj("state", "DONE", "note", "a", "sortOrder", "3"), null, null),
        Arguments.of("a confirmed done beats a stale unchecked, and the stale value is kept",
            EntityType.CHECKLIST_ITEM, obj("state", "DONE", "confirmedBy", "anna"), Set.of("state", "confirmedBy"),
            obj("state", "UNCHECKED", "confirmedBy", null),
            obj("state", "DONE", "confirmedBy", "anna"), ConflictRules.RULE_DONE_BEATS_STALE, ConflictStatus.AUTO_RESOLVED),
        Arguments.of("reopening an item whose confirmation the device never saw needs review",
            EntityType.CHECKLIST_ITEM, obj("state", "DONE", "confirmedBy", "anna"), Set.of("state", "confirmedBy"),
            obj("state", "REOPENED", "reopenReason", "dosetten var tom"),
            obj("state", "DONE", "confirmedBy", "anna"), ConflictRules.RULE_REOPEN_UNSEEN, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("missing found on site beats a concurrent done and flags the item",
            EntityType.CHECKLIST_ITEM, obj("state", "DONE", "confirmedBy", "anna"), Set.of("state", "confirmedBy"),
            obj("state", "MISSING", "confirmedBy", "erik", "deviationId", "dev-1"),
            obj("state", "MISSING", "confirmedBy", "erik", "deviationId", "dev-1"), ConflictRules.RULE_MISSING_AND_DONE, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("a concurrent done does not hide a missing already recorded",
            EntityType.CHECKLIST_ITEM, obj("state", "MISSING", "confirmedBy", "erik", "deviationId", "dev-1"), Set.of("state", "confirmedBy", "deviationId"),
            obj("state", "DONE", "confirmedBy", "anna"),
            obj("state", "MISSING", "confirmedBy", "erik", "deviationId", "dev-1"), ConflictRules.RULE_MISSING_AND_DONE, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("two nurses confirming done keeps the first confirmation and records the second",
            EntityType.CHECKLIST_ITEM, obj("state", "DONE", "confirmedBy", "anna"), Set.of("state", "confirmedBy"),
            obj("state", "DONE", "confirmedBy", "erik"),
            obj("state", "DONE", "confirmedBy", "anna"), ConflictRules.RULE_SAME_STATE, ConflictStatus.AUTO_RESOLVED),
        Arguments.of("concurrent different doses keep the server's dose and need a prescriber",
            EntityType.MEDICATION_LINE, obj("dose", "1 tablett"), Set.of("dose"), obj("dose", "2 tabletter"),
            obj("dose", "1 tablett"), ConflictRules.RULE_MEDICATION, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("a concurrent frequency change is never last-writer-wins",
            EntityType.MEDICATION_LINE, obj("frequency", "1 gång dagligen"), Set.of("frequency"), obj("frequency", "2 gånger dagligen"),
            obj("frequency", "1 gång dagligen"), ConflictRules.RULE_MEDICATION, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("a stopped line never turns active again because of a stale device",
            EntityType.MEDICATION_LINE, obj("status", "STOPPED"), Set.of("status"), obj("status", "ACTIVE"),
            obj("status", "STOPPED"), ConflictRules.RULE_STOP_STAYS, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("a line put on hold concurrently with another change needs review",
            EntityType.MEDICATION_LINE, obj("status", "ON_HOLD"), Set.of("status"), obj("status", "STOPPED"),
            obj("status", "ON_HOLD"), ConflictRules.RULE_MEDICATION, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("a new dose meeting a concurrent stop is not applied: the line stays stopped on its old dose and a prescriber decides",
            EntityType.MEDICATION_LINE, obj("status", "STOPPED", "stopDate", "2026-11-24", "dose", "1 tablett"), Set.of("status", "stopDate"),
            obj("dose", "2 tabletter", "dosageText", "2 tabletter morgon"),
            obj("status", "STOPPED", "stopDate", "2026-11-24", "dose", "1 tablett", "dosageText", null),
            ConflictRules.RULE_MEDICATION, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("a restart with a new dose after a concurrent stop: neither the restart nor the dose is applied",
            EntityType.MEDICATION_LINE, obj("status", "STOPPED", "stopDate", "2026-11-24", "dose", "5 mg"), Set.of("status", "stopDate"),
            obj("status", "ACTIVE", "dose", "9 mg"),
            obj("status", "STOPPED", "stopDate", "2026-11-24", "dose", "5 mg"), ConflictRules.RULE_STOP_STAYS, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("a stop meeting a concurrent dose change keeps the server's order whole and needs a prescriber",
            EntityType.MEDICATION_LINE, obj("status", "ACTIVE", "dose", "2 tabletter"), Set.of("dose"),
            obj("status", "STOPPED", "stopDate", "2026-11-24"),
            obj("status", "ACTIVE", "dose", "2 tabletter", "stopDate", null), ConflictRules.RULE_MEDICATION, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("a route change meeting a concurrent frequency change needs a prescriber",
            EntityType.MEDICATION_LINE, obj("frequency", "2 gånger dagligen", "route", "oral"), Set.of("frequency"),
            obj("route", "rektal"),
            obj("frequency", "2 gånger dagligen", "route", "oral"), ConflictRules.RULE_MEDICATION, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("a SIP action's responsible unit changed while another device moved the responsible party is a conflict for both parties",
            EntityType.PLAN_ACTION, obj("responsible", "REGION", "responsibleUnit", "Vårdcentralen Norr"), Set.of("responsible"),
            obj("responsibleUnit", "Hemsjukvården Öst"),
            obj("responsible", "REGION", "responsibleUnit", "Vårdcentralen Norr"), ConflictRules.RULE_SIP, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("a SIP action's responsible party changed while another device changed its unit is a conflict for both parties",
            EntityType.PLAN_ACTION, obj("responsible", "KOMMUN", "responsibleUnit", "Hemtjänst Öst"), Set.of("responsibleUnit"),
            obj("responsible", "REGION"),
            obj("responsible", "KOMMUN", "responsibleUnit", "Hemtjänst Öst"), ConflictRules.RULE_SIP, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("a recorded discrepancy resolution is never overwritten",
            EntityType.DISCREPANCY, obj("resolution", "CONFIRMED_INTENTIONAL", "resolvedBy", "per"), Set.of("resolution", "resolvedBy"),
            obj("resolution", "CORRECTED_NEW_ORDER", "resolvedBy", "maja"),
            obj("resolution", "CONFIRMED_INTENTIONAL", "resolvedBy", "per"), ConflictRules.RULE_RESOLUTION, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("a concurrent change of who is responsible for a SIP action is a conflict for both parties",
            EntityType.PLAN_ACTION, obj("responsible", "KOMMUN"), Set.of("responsible"), obj("responsible", "REGION"),
            obj("responsible", "KOMMUN"), ConflictRules.RULE_SIP, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("a concurrent change of overall responsibility is a conflict for both parties",
            EntityType.PLAN, obj("overallResponsible", "REGION"), Set.of("overallResponsible"), obj("overallResponsible", "KOMMUN"),
            obj("overallResponsible", "REGION"), ConflictRules.RULE_SIP, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("concurrent free-text notes keep both texts with attribution",
            EntityType.VISIT, obj("note", "Trött men pigg."), Set.of("note"), obj("note", "Ont i höften."),
            obj("note", "Trött men pigg.\n\n[Samtidig anteckning av Erik Eriksson, 2026-11-23 10:15]\nOnt i höften."),
            ConflictRules.RULE_TEXT, ConflictStatus.AUTO_RESOLVED),
        Arguments.of("a plain field resolves to the latest change and keeps the other value",
            EntityType.VISIT, obj("plannedStart", "2026-11-23T08:00:00Z"), Set.of("plannedStart"), obj("plannedStart", "2026-11-23T09:00:00Z"),
            obj("plannedStart", "2026-11-23T09:00:00Z"), ConflictRules.RULE_PLAIN, ConflictStatus.AUTO_RESOLVED),
        Arguments.of("any other clinical value needs a person",
            EntityType.VISIT, obj("status", "COMPLETED"), Set.of("status"), obj("status", "MISSED"),
            obj("status", "COMPLETED"), ConflictRules.RULE_CLINICAL, ConflictStatus.NEEDS_REVIEW),
        Arguments.of("a deviation's status only moves forward: the furthest status wins",
            EntityType.DEVIATION, obj("status", "INVESTIGATING"), Set.of("status"), obj("status", "REGISTERED"),
            obj("status", "INVESTIGATING"), ConflictRules.RULE_DEVIATION_FORWARD, ConflictStatus.AUTO_RESOLVED),
        Arguments.of("a concurrent move back with a reason loses to the furthest status, and its reason does not land alone",
            EntityType.DEVIATION, obj("status", "CLOSED", "statusReason", null), Set.of("status"),
            obj("status", "INVESTIGATING", "statusReason", "Åtgärden höll inte"),
            obj("status", "CLOSED", "statusReason", null), ConflictRules.RULE_DEVIATION_FORWARD, ConflictStatus.AUTO_RESOLVED),
        Arguments.of("a deviation closed on a device while investigated elsewhere is closed",
            EntityType.DEVIATION, obj("status", "INVESTIGATING"), Set.of("status"), obj("status", "CLOSED"),
            obj("status", "CLOSED"), ConflictRules.RULE_DEVIATION_FORWARD, ConflictStatus.AUTO_RESOLVED),
        Arguments.of("both sides setting the same value is no conflict",
            EntityType.MEDICATION_LINE, obj("dose", "1 tablett"), Set.of("dose"), obj("dose", "1 tablett"),
            obj("dose", "1 tablett"), null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void rule(String name, EntityType type, JsonObject current, Set<String> others, JsonObject incoming,
      JsonObject expected, String rule, ConflictStatus status) {
    MergeOutcome out = merge(type, current, others, incoming);
    JsonObject result = current.deepCopy();
    out.apply().entrySet().forEach(e -> result.add(e.getKey(), e.getValue()));
    for (String field : expected.keySet()) {
      assertEquals(expected.get(field), ConflictRules.valueOf(result, field), name + ": " + field);
    }
    if (rule == null) {
      assertFalse(out.hasConflict(), name);
      return;
    }
    assertEquals(1, out.conflicts().size(), name);
    ConflictDraft c = out.conflicts().get(0);
    assertEquals(rule, c.rule());
    assertEquals(status, c.status());
    // whatever the rule decided, the device's values are kept in the conflict
    for (String field : c.fields()) {
      assertEquals(
          incoming.has(field) ? incoming.get(field) : ConflictRules.valueOf(current, field),
          c.deviceValues().get(field), name + ": the device value of " + field + " is kept");
      assertEquals(ConflictRules.valueOf(current, field), c.serverValues().get(field), name + ": the server value of " + field + " is kept");
    }
  }

  /** Every pair of a medication line's order fields, on an active and on a stopped line. */
  static Stream<Arguments> orderPairs() {
    Stream.Builder<Arguments> rows = Stream.builder();
    for (String theirs : FieldPolicy.MEDICATION_ORDER) {
      for (String mine : FieldPolicy.MEDICATION_ORDER) {
        for (String status : new String[] {"ACTIVE", "STOPPED", "ON_HOLD"}) {
          rows.add(Arguments.of(theirs, mine, status));
        }
      }
    }
    return rows.build();
  }

  @ParameterizedTest(name = "others changed {0}, the device changes {1}, the line is {2}")
  @MethodSource("orderPairs")
  @DisplayName("a concurrent change to any field of a medication line's order meets a change to any other: nothing of the order is applied, both are kept, a person decides")
  void medicationOrderIsOneDecision(String theirs, String mine, String status) {
    JsonObject current = obj("status", status, "reason", "smärta");
    for (String f : FieldPolicy.MEDICATION_ORDER) {
      if (!f.equals("status")) {
        current.addProperty(f, "server-" + f);
      }
    }
    JsonObject incoming = obj("reason", "ny indikation");
    incoming.addProperty(mine, mine.equals("status") ? (status.equals("ACTIVE") ? "STOPPED" : "ACTIVE") : "device-" + mine);
    MergeOutcome out = merge(EntityType.MEDICATION_LINE, current, Set.of(theirs), incoming);
    for (String f : FieldPolicy.MEDICATION_ORDER) {
      assertFalse(out.apply().has(f), f + " of the order must not be applied");
    }
    assertEquals(new JsonPrimitive("ny indikation"), out.apply().get("reason"), "a field outside the order still merges");
    assertEquals(1, out.conflicts().size());
    ConflictDraft c = out.conflicts().get(0);
    assertEquals(ConflictStatus.NEEDS_REVIEW, c.status());
    assertFalse(c.deviceLanded());
    assertTrue(c.fields().contains(theirs) && c.fields().contains(mine), "the conflict shows what met what: " + c.fields());
    assertEquals(incoming.get(mine), c.deviceValues().get(mine), "the device's value is kept");
    assertEquals(current.get(mine), c.resultValues().get(mine), "the server's order stands");
    boolean restart = ConflictRules.isStopped(status) && mine.equals("status");
    assertEquals(restart ? ConflictRules.RULE_STOP_STAYS : ConflictRules.RULE_MEDICATION, c.rule());
    // without the concurrent change the device's change simply lands
    MergeOutcome alone = merge(EntityType.MEDICATION_LINE, current, Set.of("prescriber"), incoming);
    assertFalse(alone.hasConflict());
    assertEquals(incoming.get(mine), alone.apply().get(mine));
  }

  @Test
  @DisplayName("identical texts or a text already contained are not duplicated")
  void textMergeDoesNotDuplicate() {
    MergeInput in = new MergeInput(EntityType.VISIT, obj(), Set.of(), obj(), "Erik", null);
    assertEquals("abc", ConflictRules.mergeText("abc", "b", in));
    assertEquals("new", ConflictRules.mergeText(null, "new", in));
    assertEquals("old", ConflictRules.mergeText("old", "", in));
  }

  @Test
  @DisplayName("a checklist item's confirmer and time are decided together with its state")
  void stateGroupIsDecidedTogether() {
    MergeOutcome out = merge(EntityType.CHECKLIST_ITEM,
        obj("state", "DONE", "confirmedBy", "anna", "confirmedAt", "2026-11-23T08:00:00Z"), Set.of("state", "confirmedBy", "confirmedAt"),
        obj("state", "UNCHECKED", "confirmedBy", null, "confirmedAt", null));
    assertEquals(0, out.apply().size(), "anna's confirmation stays whole");
    assertEquals(Set.of("state", "confirmedBy", "confirmedAt"), out.conflicts().get(0).fields());
  }

  @Test
  @DisplayName("the device's change lands when no one else changed the record")
  void noConcurrencyMeansNoConflict() {
    MergeOutcome out = merge(EntityType.MEDICATION_LINE, obj("dose", "1"), Set.of(), obj("dose", "2", "status", "STOPPED"));
    assertFalse(out.hasConflict());
    assertFalse(out.mergedWithOthers());
    assertEquals(obj("dose", "2", "status", "STOPPED"), out.apply());
  }

  @Test
  @DisplayName("a team leader's review becomes stale when the visit's content changes")
  void reviewBecomesStale() {
    JsonObject reviewed = obj("reviewState", "REVIEWED", "note", "x");
    assertEquals("REVIEW_STALE", ReviewBinding.afterChange(EntityType.VISIT, reviewed, obj("note", "y")).get("reviewState").getAsString());
    assertNull(ReviewBinding.afterChange(EntityType.VISIT, obj("reviewState", "NOT_REVIEWED"), obj("note", "y")));
    assertNull(ReviewBinding.afterChange(EntityType.VISIT, reviewed, obj()));
    assertNull(ReviewBinding.afterChange(EntityType.CHECKLIST_ITEM, reviewed, obj("note", "y")));
  }

  @Test
  @DisplayName("a signed visit's edit becomes an unsigned, unreviewed new version linked to it")
  void signedRecordsBecomeAmendments() {
    JsonObject signed = obj("note", "Signerad text", "signedBy", "anna", "signedAt", "2026-11-23T10:00:00Z", "reviewState", "REVIEWED");
    assertTrue(SignedRecords.isSigned(EntityType.VISIT, signed));
    assertFalse(SignedRecords.isSigned(EntityType.VISIT, obj("note", "x")));
    assertFalse(SignedRecords.isSigned(EntityType.CHECKLIST_ITEM, signed));
    JsonObject amendment = SignedRecords.amendment("v1", signed, obj("note", "Rättad text"));
    assertEquals("Rättad text", amendment.get("note").getAsString());
    assertEquals("v1", amendment.get("amendsId").getAsString());
    assertEquals("NOT_REVIEWED", amendment.get("reviewState").getAsString());
    assertFalse(amendment.has("signedAt"));
    assertEquals("Signerad text", signed.get("note").getAsString(), "the signed text is untouched");
  }

  @Test
  @DisplayName("a change to an action or goal of a signed plan is held with both values; an unchanged value holds nothing")
  void signedPlanPartsAreHeld() {
    assertEquals("planId", SignedRecords.signedWholeLink(EntityType.PLAN_ACTION));
    assertEquals("planId", SignedRecords.signedWholeLink(EntityType.PLAN_GOAL));
    for (EntityType t : EntityType.values()) {
      if (t != EntityType.PLAN_ACTION && t != EntityType.PLAN_GOAL) {
        assertNull(SignedRecords.signedWholeLink(t), t + " is not a part of a signed record");
      }
    }
    JsonObject action = obj("description", "Hjälp med dusch", "responsible", "KOMMUN");
    ConflictDraft d = SignedRecords.heldPartChange(action, obj("description", "Dusch", "responsible", "KOMMUN"));
    assertEquals(Set.of("description"), d.fields());
    assertEquals(ConflictStatus.NEEDS_REVIEW, d.status());
    assertEquals("Dusch", d.deviceValues().get("description").getAsString());
    assertEquals("Hjälp med dusch", d.resultValues().get("description").getAsString());
    assertNull(SignedRecords.heldPartChange(action, obj("responsible", "KOMMUN")));
  }

  @Test
  @DisplayName("a retraction of a signed plan's part is held with its reason; an addition is flagged with its own values, not its link")
  void signedPlanRetractionsAndAdditions() {
    ConflictDraft held = SignedRecords.heldPartRetraction("Fel insats");
    assertEquals(Set.of("enteredInError"), held.fields());
    assertEquals(ConflictStatus.NEEDS_REVIEW, held.status());
    assertFalse(held.deviceLanded());
    assertFalse(held.resultValues().get("enteredInError").getAsBoolean(), "the part stays");
    assertEquals("Fel insats", held.deviceValues().get("reason").getAsString());
    assertFalse(SignedRecords.acknowledgeOnly(held.rule()), "a held retraction can be decided");

    JsonObject created = obj("id", "a1", "patientId", "p1", "planId", "plan1", "description", "Trycksårsprofylax", "responsible", "KOMMUN");
    ConflictDraft added = SignedRecords.addedAfterSigning(created, "planId");
    assertEquals(Set.of("description", "responsible"), added.fields());
    assertTrue(added.deviceLanded());
    assertTrue(added.serverValues().get("description").isJsonNull(), "nothing was there before");
    assertEquals("Trycksårsprofylax", added.resultValues().get("description").getAsString());
    assertTrue(SignedRecords.acknowledgeOnly(added.rule()));
    assertEquals(Set.of("planId"), SignedRecords.addedAfterSigning(obj("id", "a2", "planId", "plan1"), "planId").fields(),
        "a part with nothing but its link still names something");
  }

  @Test
  @DisplayName("a merged note's time is Swedish local time, and says which one in the hour the clocks go back")
  void noteTimes() {
    assertEquals("2026-11-23 10:15", ConflictRules.noteTime(java.time.Instant.parse("2026-11-23T09:15:00Z")));
    assertEquals("2026-07-01 14:00", ConflictRules.noteTime(java.time.Instant.parse("2026-07-01T12:00:00Z")));
    assertEquals("2026-10-25 02:30 sommartid", ConflictRules.noteTime(java.time.Instant.parse("2026-10-25T00:30:00Z")));
    assertEquals("2026-10-25 02:30 normaltid", ConflictRules.noteTime(java.time.Instant.parse("2026-10-25T01:30:00Z")));
  }
}
