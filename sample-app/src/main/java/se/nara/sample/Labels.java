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

  /**
   * The order staff read a record's fields in: what it is and its state first, then the details,
   * the free text, and who confirmed it and when last. Conflict records keep their fields sorted by
   * name ("bekräftad, bekräftad av, läge"), which reads backwards.
   */
  private static final List<String> ORDER = List.of(
      "state", "status", "drugName", "strength", "form", "dose", "dosageText", "frequency", "route", "description",
      "performer", "responsible", "responsibleUnit", "dueDate", "actualStart", "actualEnd", "note", "reopenReason",
      "deviationId", "reviewState", "reviewNote", "confirmedBy", "confirmedAt");

  /** {@code names} in the order staff read them (see {@link #ORDER}); unknown names last, as they came. */
  static List<String> ordered(java.util.Collection<String> names) {
    List<String> out = new java.util.ArrayList<>(names);
    out.sort(java.util.Comparator.comparingInt(n -> ORDER.contains(n) ? ORDER.indexOf(n) : ORDER.size()));
    return out;
  }

  /** Field names, comma separated, in staff words and reading order. */
  static String fields(List<String> names) {
    StringBuilder b = new StringBuilder();
    for (String n : ordered(names)) {
      b.append(b.length() == 0 ? "" : ", ").append(field(n));
    }
    return b.toString();
  }

  /** How far the lines of a text of several lines (a merged note) are indented under its field. */
  static final String BLOCK_INDENT = "        ";

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
    // One line ("läge = Klar; bekräftad av = Anna"), but a text of several lines (a note both
    // tablets wrote, merged with who wrote the second part) goes on its own lines under its field.
    StringBuilder b = new StringBuilder();
    boolean afterBlock = false;
    for (String name : ordered(o.keySet())) {
      String shown = value(name, o.get(name), staff);
      if (shown.indexOf('\n') < 0) {
        b.append(b.length() == 0 ? "" : afterBlock ? "\n" + BLOCK_INDENT.substring(2) : "; ")
            .append(field(name)).append(" = ").append(shown);
        afterBlock = false;
      } else {
        b.append(b.length() == 0 ? "" : "\n" + BLOCK_INDENT.substring(2)).append(field(name)).append(":");
        for (String line : shown.split("\r?\n", -1)) {
          b.append('\n').append(line.isBlank() ? "" : BLOCK_INDENT + line.strip());
        }
        afterBlock = true;
      }
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
    return label == null ? s.strip() : label;
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
