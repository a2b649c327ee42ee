package se.nara.server.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldMergeTest {

  private static JsonObject obj(String... kv) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < kv.length; i += 2) {
      o.add(kv[i], kv[i + 1] == null ? JsonNull.INSTANCE : new JsonPrimitive(kv[i + 1]));
    }
    return o;
  }

  @Test
  void disjointFieldsMergeWithoutConflict() {
    JsonObject current = obj("state", "DONE", "note", "server note");
    MergeOutcome out = FieldMerge.merge(current, Set.of("state"), obj("note", "device note"));
    assertFalse(out.hasConflict());
    assertTrue(out.mergedWithOthers());
    assertEquals(obj("note", "device note"), out.apply());
  }

  @Test
  void sameFieldChangedByOthersToAnotherValueIsAConflictThatKeepsBothValues() {
    JsonObject current = obj("dose", "10 mg");
    MergeOutcome out = FieldMerge.merge(current, Set.of("dose"), obj("dose", "20 mg"));
    assertTrue(out.hasConflict());
    assertEquals(Set.of("dose"), out.conflicting());
    assertEquals(obj("dose", "10 mg"), out.keptValues());
    assertEquals(obj("dose", "20 mg"), out.overriddenValues());
    assertEquals(0, out.apply().size());
  }

  @Test
  void bothSidesSettingTheSameValueIsNotAConflict() {
    MergeOutcome out = FieldMerge.merge(obj("state", "DONE"), Set.of("state"), obj("state", "DONE"));
    assertFalse(out.hasConflict());
    assertEquals(0, out.apply().size());
  }

  @Test
  void clearingAFieldOthersChangedIsAConflict() {
    MergeOutcome out = FieldMerge.merge(obj("note", "x"), Set.of("note"), obj("note", null));
    assertTrue(out.hasConflict());
    assertEquals(JsonNull.INSTANCE, out.overriddenValues().get("note"));
  }

  @Test
  void noConcurrentChangeAppliesEverythingAsApplied() {
    MergeOutcome out = FieldMerge.merge(obj("a", "1", "b", "2"), Set.of(), obj("a", "9", "b", "8"));
    assertFalse(out.hasConflict());
    assertFalse(out.mergedWithOthers());
    assertEquals(obj("a", "9", "b", "8"), out.apply());
  }

  /**
   * For any current state, any set of fields others changed and any device change: every device
   * value is applied, equal to the current value, or kept in the conflict record; a field that
   * others changed is never overwritten. Nothing is lost.
   */
  @Test
  void noValueIsEverLost() {
    qt().withExamples(2000)
        .forAll(
            lists().of(integers().between(0, 3)).ofSizeBetween(6, 6),
            lists().of(integers().between(0, 3)).ofSizeBetween(6, 6),
            lists().of(integers().between(0, 1)).ofSizeBetween(6, 6))
        .checkAssert(
            (currentVals, incomingVals, othersFlags) -> {
              JsonObject current = new JsonObject();
              JsonObject incoming = new JsonObject();
              Set<String> others = new HashSet<>();
              for (int i = 0; i < 6; i++) {
                String f = "f" + i;
                if (currentVals.get(i) > 0) {
                  current.addProperty(f, "v" + currentVals.get(i));
                }
                if (incomingVals.get(i) > 0) {
                  incoming.add(f, incomingVals.get(i) == 3 ? JsonNull.INSTANCE : new JsonPrimitive("v" + incomingVals.get(i)));
                }
                if (othersFlags.get(i) == 1) {
                  others.add(f);
                }
              }
              MergeOutcome out = FieldMerge.merge(current, others, incoming);
              for (String f : incoming.keySet()) {
                JsonElement sent = incoming.get(f);
                JsonElement now = current.has(f) ? current.get(f) : JsonNull.INSTANCE;
                boolean applied = out.apply().has(f);
                boolean kept = out.overriddenValues().has(f);
                if (now.equals(sent)) {
                  assertFalse(applied || kept, f + ": equal values need no action");
                } else if (others.contains(f)) {
                  // a concurrent change is never overwritten, and the device value is kept
                  assertFalse(applied, f + " was changed by others and must not be overwritten");
                  assertTrue(kept, f + ": the device value must be kept for review");
                  assertEquals(sent, out.overriddenValues().get(f));
                  assertEquals(now, out.keptValues().get(f));
                } else {
                  assertTrue(applied, f + ": a disjoint change must apply");
                  assertEquals(sent, out.apply().get(f));
                }
              }
              assertEquals(out.conflicting(), out.overriddenValues().keySet());
              assertTrue(out.apply().keySet().stream().noneMatch(out.conflicting()::contains));
            });
  }
}
