package se.nara.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.ErrorCode;

/** The field checks of the push path, on their own. */
class RecordValidatorTest {

  private static JsonObject one(String field, String value) {
    JsonObject o = new JsonObject();
    o.addProperty(field, value);
    return o;
  }

  private static void refused(EntityType type, JsonObject fields, String field) {
    Rejection r = assertThrows(Rejection.class, () -> RecordValidator.checkFields(type, fields), fields.toString());
    assertEquals(ErrorCode.INVALID_FIELD, r.code());
    assertTrue(r.getMessage().contains(field), r.getMessage());
  }

  @Test
  @DisplayName("times: ISO-8601 and within the years 1900 to 2199, so they fit epoch milliseconds and a Swedish date")
  void instantsAreBounded() throws Exception {
    for (String ok : new String[] {"1900-01-01T00:00:00Z", "2026-11-23T08:00:00Z", "2199-12-31T23:59:59.999Z"}) {
      RecordValidator.checkFields(EntityType.VISIT, one("plannedStart", ok));
    }
    for (String bad : new String[] {"+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z", "+300000000-01-01T00:00:00Z",
        "1899-12-31T23:59:59Z", "2200-01-01T00:00:00Z", "0000-01-01T00:00:00Z"}) {
      refused(EntityType.VISIT, one("plannedStart", bad), "plannedStart");
    }
    refused(EntityType.CHECKLIST_ITEM, one("confirmedAt", "+1000000000-12-31T23:59:59Z"), "confirmedAt");
  }

  @Test
  @DisplayName("dates: ISO-8601 and within the same years")
  void datesAreBounded() throws Exception {
    RecordValidator.checkFields(EntityType.PATIENT, one("birthDate", "1938-04-12"));
    for (String bad : new String[] {"+999999999-12-31", "-999999999-01-01", "+10000-01-01", "1850-06-01", "2200-01-01"}) {
      refused(EntityType.PATIENT, one("birthDate", bad), "birthDate");
    }
  }
}
