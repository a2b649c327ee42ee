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
import se.nara.sdk.protocol.EntityType;

class ConflictRulesPropertyTest {

  /**
   * For a clinical value (the default for any field), for any current state, any set of fields others changed and any device change: every device
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
              MergeOutcome out =
                  ConflictRules.merge(new MergeInput(EntityType.VISIT, current, others, incoming, "Anna", null));
              JsonObject overridden = new JsonObject();
              JsonObject serverKept = new JsonObject();
              for (ConflictDraft c : out.conflicts()) {
                c.deviceValues().entrySet().forEach(e -> overridden.add(e.getKey(), e.getValue()));
                c.serverValues().entrySet().forEach(e -> serverKept.add(e.getKey(), e.getValue()));
                assertEquals(ConflictRules.RULE_CLINICAL, c.rule());
                assertFalse(c.deviceLanded());
              }
              for (String f : incoming.keySet()) {
                JsonElement sent = incoming.get(f);
                JsonElement now = current.has(f) ? current.get(f) : JsonNull.INSTANCE;
                boolean applied = out.apply().has(f);
                boolean kept = overridden.has(f);
                if (now.equals(sent)) {
                  assertFalse(applied || kept, f + ": equal values need no action");
                } else if (others.contains(f)) {
                  // a concurrent change is never overwritten, and the device value is kept
                  assertFalse(applied, f + " was changed by others and must not be overwritten");
                  assertTrue(kept, f + ": the device value must be kept for review");
                  assertEquals(sent, overridden.get(f));
                  assertEquals(now, serverKept.get(f));
                } else {
                  assertTrue(applied, f + ": a disjoint change must apply");
                  assertEquals(sent, out.apply().get(f));
                }
              }
              assertTrue(out.apply().keySet().stream().noneMatch(overridden.keySet()::contains));
            });
  }
}
