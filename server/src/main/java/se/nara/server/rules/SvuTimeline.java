package se.nara.server.rules;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * The SVU case's times and status, from the SVU messages alone (DOMAIN.md rule 10). Messages may
 * arrive out of order: each time field keeps its latest event time, except the SIP kallelse, which
 * keeps its earliest (the first kallelse meets the deadline; a re-sent one does not make it late),
 * and readiness is decided by event time, so "ej längre utskrivningsklar" supersedes an earlier
 * "utskrivningsklar" whenever it arrives. Pure.
 */
public final class SvuTimeline {
  /** The SVU messages (meddelanden) the server accepts. */
  public enum MessageType {
    /** Inskrivningsmeddelande. */
    INSKRIVNINGSMEDDELANDE("inskrivningsmeddelandeAt"),
    /** Updated beräknad tidpunkt för utskrivning; the time is the estimate, not the event. */
    BERAKNAD_UTSKRIVNING("beraknadUtskrivningAt"),
    /** Utskrivningsklar. */
    UTSKRIVNINGSKLAR("utskrivningsklarAt"),
    /** Ej längre utskrivningsklar. */
    EJ_LANGRE_UTSKRIVNINGSKLAR("ejLangreUtskrivningsklarAt"),
    /** Utskriven (the patient left hospital). */
    UTSKRIVEN("utskrivenAt"),
    /** Kallelse till SIP sent. */
    SIP_KALLELSE("sipKallelseAt"),
    /** SIP held. */
    SIP_HALLEN("sipHeldAt"),
    /** Ställningstagande till SIP: a SIP is needed (insatser from both region and kommun). */
    SIP_BEHOVS("sipNeededAt"),
    /** Ställningstagande till SIP: no SIP is needed, so no kallelse is due. */
    SIP_BEHOVS_INTE("sipNotNeededAt");

    private final String field;

    MessageType(String field) {
      this.field = field;
    }

    /** The episode field this message sets. */
    public String field() {
      return field;
    }
  }

  private SvuTimeline() {}

  /**
   * The episode's new fields after a message: its time field (kept at the latest event time, the
   * SIP kallelse at the earliest, an estimate at the latest estimate received) and the status that
   * all its times imply.
   *
   * @param time the event time of the message, or for BERAKNAD_UTSKRIVNING the estimate
   */
  public static JsonObject apply(JsonObject episode, MessageType type, Instant time) {
    JsonObject next = episode.deepCopy();
    Instant existing = instant(episode, type.field());
    boolean earliest = type == MessageType.SIP_KALLELSE;
    if (type == MessageType.BERAKNAD_UTSKRIVNING
        || existing == null
        || (earliest ? time.isBefore(existing) : time.isAfter(existing))) {
      next.addProperty(type.field(), time.toString());
    }
    String status = statusOf(next);
    if (status != null) {
      next.addProperty("status", status);
    }
    return next;
  }

  /** The SVU status implied by the times: the latest readiness event decides. */
  static String statusOf(JsonObject e) {
    if (instant(e, "utskrivenAt") != null) {
      return "DISCHARGED";
    }
    Instant ready = instant(e, "utskrivningsklarAt");
    Instant notReady = instant(e, "ejLangreUtskrivningsklarAt");
    if (notReady != null && (ready == null || notReady.isAfter(ready))) {
      return "NO_LONGER_READY";
    }
    if (ready != null) {
      return "READY_FOR_DISCHARGE";
    }
    if (instant(e, "inskrivningsmeddelandeAt") != null) {
      String current = e.has("status") ? e.get("status").getAsString() : null;
      return "NEEDS_MAPPING".equals(current) ? current : "ADMITTED";
    }
    return null;
  }

  private static Instant instant(JsonObject o, String field) {
    JsonElement v = o.get(field);
    return v == null || v.isJsonNull() ? null : Instant.parse(v.getAsString());
  }
}
