package se.nara.sample;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import se.nara.sdk.model.ActionStatus;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.LineStatus;

/**
 * What staff see of a record's fields: Swedish field names, staff names instead of ids and local
 * time (Europe/Stockholm) instead of UTC, for the values a conflict record keeps as JSON.
 */
final class Labels {
  static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZONE);

  private Labels() {}

  /** A field's name as staff say it. */
  static String field(String name) {
    switch (name == null ? "" : name) {
      case "state": return "läge";
      case "note": return "anteckning";
      case "confirmedBy": return "bekräftad av";
      case "confirmedAt": return "bekräftad";
      case "reopenReason": return "skäl för återöppning";
      case "deviationId": return "avvikelse";
      case "dose": return "dos";
      case "dosageText": return "doseringstext";
      case "strength": return "styrka";
      case "frequency": return "frekvens";
      case "drugName": return "läkemedel";
      case "route": return "administrationsväg";
      case "form": return "beredningsform";
      case "status": return "status";
      case "performer": return "utförare";
      case "responsible": return "ansvarig";
      case "responsibleUnit": return "ansvarig enhet";
      case "dueDate": return "klart senast";
      case "description": return "beskrivning";
      case "actualStart": return "start";
      case "actualEnd": return "slut";
      case "reviewState": return "granskning";
      case "reviewNote": return "teamledarens kommentar";
      default: return name;
    }
  }

  /** Field names, comma separated, in staff words. */
  static String fields(List<String> names) {
    StringBuilder b = new StringBuilder();
    for (String n : names) {
      b.append(b.length() == 0 ? "" : ", ").append(field(n));
    }
    return b.toString();
  }

  /**
   * A record's values as JSON ({"dose":"2 tabletter"}) shown as "dos = 2 tabletter"; staff ids
   * found in {@code staff} become names. Anything that is not a JSON object is shown as it is.
   */
  static String values(String json, Map<String, String> staff) {
    if (json == null) {
      return "-";
    }
    JsonObject o;
    try {
      JsonElement e = JsonParser.parseString(json);
      if (!e.isJsonObject()) {
        return json;
      }
      o = e.getAsJsonObject();
    } catch (RuntimeException e) {
      return json;
    }
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, JsonElement> f : o.entrySet()) {
      b.append(b.length() == 0 ? "" : "; ").append(field(f.getKey())).append(" = ").append(value(f.getKey(), f.getValue(), staff));
    }
    return b.length() == 0 ? "-" : b.toString();
  }

  private static String value(String name, JsonElement v, Map<String, String> staff) {
    if (v == null || v.isJsonNull()) {
      return "(tomt)";
    }
    if (!v.isJsonPrimitive()) {
      return v.toString();
    }
    String s = v.getAsString();
    if (staff.containsKey(s)) {
      return staff.get(s);
    }
    if (name.endsWith("By")) {
      return "annan personal";
    }
    if (name.endsWith("At") || name.equals("actualStart") || name.equals("actualEnd")) {
      try {
        return TIME.format(Instant.parse(s));
      } catch (RuntimeException e) {
        return s;
      }
    }
    String label = enumLabel(name, s);
    return label == null ? s.replace("\n", " / ") : label;
  }

  private static String enumLabel(String name, String constant) {
    try {
      switch (name) {
        case "state": return ItemState.valueOf(constant).label();
        case "status":
          for (ActionStatus a : ActionStatus.values()) {
            if (a.name().equals(constant)) {
              return a.label();
            }
          }
          return LineStatus.valueOf(constant).label();
        default: return null;
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A review-queue kind or entity type in staff words. */
  static String kind(String kind) {
    switch (kind == null ? "" : kind) {
      case "MEDICATION": return "Läkemedel";
      case "CHECKLIST": return "Checklista";
      case "PLAN": return "Plan";
      case "VISIT": return "Besök";
      default: return kind;
    }
  }
}
