package se.nara.server.sync;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import se.nara.sdk.protocol.EntityType;
import se.nara.server.store.PageRow;

/** Skyddade personuppgifter: what of a protected identity may leave the server for a device. */
public final class ProtectedIdentity {
  private ProtectedIdentity() {}

  /**
   * The row as a device may receive it: a protected identity's address never leaves the server.
   * Only patient rows are ever parsed.
   */
  public static PageRow forDevice(PageRow row) {
    if (!EntityType.PATIENT.wireName().equals(row.entityType())) {
      return row;
    }
    JsonObject data = JsonParser.parseString(row.dataJson()).getAsJsonObject();
    if (!masked(data)) {
      return row;
    }
    data.remove("address");
    return row.withData(data.toString());
  }

  private static boolean masked(JsonObject data) {
    return data.has("protectedIdentity") && data.get("protectedIdentity").getAsBoolean() && data.has("address");
  }
}
