package se.nara.server.review;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import se.nara.server.ApiException;

/**
 * A team leader's decision on a conflict.
 *
 * @param choice KEEP_SERVER (the value the rule kept stands), TAKE_DEVICE (the device's value
 *     replaces it) or EDIT (a new value for the conflict's fields, given in {@code value})
 * @param value the edited values, for EDIT only: a JSON object; absent or JSON null is no value
 *     (held as a JSON tree because Gson cannot read an explicit null into a {@code JsonObject})
 * @param note why, for the record
 * @param seenVersion the record's version the decision was made on (what the reviewer saw as
 *     "what holds now"), or null: then the version the conflict was recorded at. A decision that
 *     would override changes to the conflict's fields made after it is refused ({@code
 *     ENTITY_CHANGED}), never applied over them unseen.
 * @param counterpart for a conflict over who is responsible in a SIP (region or kommun), the person
 *     of the other huvudman who agreed to a change, e.g. "Dr Eva Ek, Vårdcentralen Lund"; required
 *     to take the tablet's value or an edited one (DOMAIN rule 13), not to keep what holds
 */
public record Resolution(String choice, JsonElement value, String note, Long seenVersion, String counterpart) {
  /** A decision made on the record as the conflict recorded it. */
  public Resolution(String choice, JsonElement value, String note) {
    this(choice, value, note, null, null);
  }

  /** A decision that needs no counterpart. */
  public Resolution(String choice, JsonElement value, String note, Long seenVersion) {
    this(choice, value, note, seenVersion, null);
  }

  /** The edited values, or null when there are none; anything but an object is a 400 naming {@code value}. */
  public JsonObject edited() {
    if (value == null || value.isJsonNull()) {
      return null;
    }
    if (!value.isJsonObject()) {
      throw ApiException.invalid("value", "value must be an object holding the new values of the conflict's fields");
    }
    return value.getAsJsonObject();
  }
}
