package se.nara.server.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.ServerOwnedFields;

/** The server's table of fields against what the SDK is told about them. */
class FieldPolicyTest {
  @Test
  @DisplayName("the fields the server refuses from a device are exactly the SDK's server-owned fields, for every type")
  void serverOnlyFieldsAreTheSdksServerOwnedFields() {
    assertEquals(FieldPolicy.REVIEW_FIELDS, ServerOwnedFields.REVIEW_FIELDS);
    assertEquals(FieldPolicy.SVU_TIMES, ServerOwnedFields.SVU_TIMES);
    for (EntityType type : EntityType.values()) {
      Set<String> candidates = new TreeSet<>(ServerOwnedFields.of(type));
      candidates.addAll(FieldPolicy.REVIEW_FIELDS);
      candidates.addAll(FieldPolicy.SVU_TIMES);
      candidates.add("status");
      candidates.add("amendsId");
      for (Field f : type.modelClass().getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())) {
          candidates.add(f.getName());
        }
      }
      Set<String> server = new TreeSet<>();
      for (String field : candidates) {
        if (FieldPolicy.serverOnlyReason(type, field) != null) {
          server.add(field);
        }
      }
      assertEquals(server, new TreeSet<>(ServerOwnedFields.of(type)), type.wireName());
    }
  }
}
