package se.nara.server.rules;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The SVU case's times and status, from the SVU messages alone (DOMAIN.md rule 10). Messages may
 * arrive out of order, so everything is decided by event time, never by arrival, and the same
 * messages in any order give the same episode.
 *
 * <p><b>Readiness periods.</b> A readiness period starts with the first utskrivningsklar after the
 * last "ej längre utskrivningsklar" (or the first one ever) and lasts until the next "ej längre
 * utskrivningsklar". {@code utskrivningsklarAt} is the start of the latest period: a re-sent
 * utskrivningsklar inside the period does not move it (the SIP and payment clocks keep running from
 * the first), while an utskrivningsklar after an "ej längre utskrivningsklar" starts a new period.
 * {@code ejLangreUtskrivningsklarAt} is the latest withdrawal; the readiness stands when no
 * withdrawal lies after the period's start (see {@link #standingReadiness}). An utskrivningsklar
 * and an "ej längre" at the very same instant count as withdrawn and then ready again.
 *
 * <p><b>SIP kallelse.</b> {@code sipKallelseAt} is the first kallelse sent since the withdrawal
 * that ended the previous period (the first ever, when no earlier period was withdrawn): the first
 * kallelse meets the 3-day deadline and a re-sent one does not make it late; a kallelse sent before
 * a withdrawal does not answer the new period's deadline. A kallelse sent before the patient became
 * utskrivningsklar counts for the period.
 *
 * <p><b>Withdrawn periods keep their verdict.</b> Each readiness period has its own 3-day SIP
 * deadline ({@link #periods}). A period's kallelse is the first sent from the withdrawal that
 * ended the previous period until its own withdrawal; a kallelse sent after a period was
 * withdrawn is not that period's: it answers the next period's deadline (and counts as in time
 * there, like any kallelse sent before the utskrivningsklar). So (a) a deadline that ran out with no
 * kallelse while the readiness stood stays missed after the withdrawal, as a fact of that period,
 * and (b) a kallelse sent after a withdrawal never moves between late and timely when a new
 * utskrivningsklar arrives: the withdrawn period stays missed and the new one is answered. A
 * withdrawn period's start, withdrawal and kallelse depend only on messages with event times before
 * its withdrawal, so no later message changes its verdict (the team leader's board shows it; the
 * verdict itself, against the deadline, is {@code DischargeFigures.periodSipStatus}). The episode's
 * {@code sipKallelseAt} stays the first kallelse since the latest period was opened, also one sent
 * after its withdrawal: the tablets see that a kallelse went out.
 *
 * <p><b>History.</b> Which utskrivningsklar starts a period and which kallelse counts depend on
 * messages that may arrive later, so every event time received for these three messages is kept in
 * the episode, sorted and without repeats ({@code utskrivningsklarTimes},
 * {@code ejLangreUtskrivningsklarTimes}, {@code sipKallelseTimes}), and the three times above are
 * worked out from them. An episode stored before the lists were kept starts them from its stored
 * times. Every other time keeps its latest event time (an estimate, BERAKNAD_UTSKRIVNING, its
 * latest received estimate), except the three that answer "when did this first happen":
 * INSKRIVNINGSMEDDELANDE, INSKRIVEN and INSATSBEHOV_BEDOMT keep their earliest event time (a
 * re-sent inskrivningsmeddelande does not make a timely one late; an episode stored before keeps
 * the time it has until an earlier one arrives).
 *
 * <p><b>Inskrivningsmeddelande, 24 hours.</b> From the admission (INSKRIVEN) and a later
 * judgement that insatser will be needed (INSATSBEHOV_BEDOMT) the episode carries the derived
 * flag {@code inskrivningsmeddelandeLate} (see {@link InskrivningsmeddelandeDeadline}): true or
 * false once both the admission and the meddelande are known, absent before. An episode of an
 * integration that sends no INSKRIVEN never gets the flag.
 *
 * <p><b>Closed.</b> No SVU message sets or clears CLOSED (avslutad): a message for a closed
 * episode records its time and leaves the status CLOSED. Pure.
 */
public final class SvuTimeline {
  /** The SVU messages (meddelanden) the server accepts. */
  public enum MessageType {
    /** Inskrivningsmeddelande; the first one sent counts (its 24-hour deadline is met by the first). */
    INSKRIVNINGSMEDDELANDE("inskrivningsmeddelandeAt", null, true),
    /** Updated beräknad tidpunkt för utskrivning; the time is the estimate, not the event. */
    BERAKNAD_UTSKRIVNING("beraknadUtskrivningAt", null, false),
    /** Utskrivningsklar. */
    UTSKRIVNINGSKLAR("utskrivningsklarAt", "utskrivningsklarTimes", false),
    /** Ej längre utskrivningsklar. */
    EJ_LANGRE_UTSKRIVNINGSKLAR("ejLangreUtskrivningsklarAt", "ejLangreUtskrivningsklarTimes", false),
    /** Utskriven (the patient left hospital). */
    UTSKRIVEN("utskrivenAt", null, false),
    /** Kallelse till SIP sent. */
    SIP_KALLELSE("sipKallelseAt", "sipKallelseTimes", false),
    /** SIP held. */
    SIP_HALLEN("sipHeldAt", null, false),
    /** Ställningstagande till SIP: a SIP is needed (insatser from both region and kommun). */
    SIP_BEHOVS("sipNeededAt", null, false),
    /** Ställningstagande till SIP: no SIP is needed, so no kallelse is due. */
    SIP_BEHOVS_INTE("sipNotNeededAt", null, false),
    /** Inskriven: the patient was admitted to sluten vård; starts the inskrivningsmeddelande's 24 hours. */
    INSKRIVEN("inskrivenAt", null, true),
    /**
     * Bedömning att insatser behövs: the treating physician judged, after admission, that the
     * patient will need insatser after discharge; the inskrivningsmeddelande's 24 hours then run
     * from this judgement.
     */
    INSATSBEHOV_BEDOMT("insatsbehovBedomtAt", null, true);

    private final String field;
    private final String history;
    private final boolean earliest;

    MessageType(String field, String history, boolean earliest) {
      this.field = field;
      this.history = history;
      this.earliest = earliest;
    }

    /** The episode field this message sets. */
    public String field() {
      return field;
    }

    /** The episode field holding every event time received for this message, or null if none is kept. */
    public String history() {
      return history;
    }

    /** Whether the field keeps the earliest event time received (otherwise the latest). */
    public boolean keepsEarliest() {
      return earliest;
    }
  }

  /** The derived flag: the inskrivningsmeddelande was sent more than 24 hours after its clock started. */
  static final String LATE_FLAG = "inskrivningsmeddelandeLate";

  private SvuTimeline() {}

  /**
   * The episode's new fields after a message: its times (see the class comment) and the status
   * that all its times imply. A field the message makes empty (a kallelse that no longer counts)
   * is left out of the result. A closed (avslutad) episode stays closed: a late message's time is
   * still recorded, but no message reopens the case.
   *
   * @param time the event time of the message, or for BERAKNAD_UTSKRIVNING the estimate
   */
  public static JsonObject apply(JsonObject episode, MessageType type, Instant time) {
    JsonObject next = episode.deepCopy();
    if (type.history() != null) {
      for (MessageType t : MessageType.values()) {
        if (t.history() != null && !next.has(t.history())) {
          TreeSet<Instant> stored = new TreeSet<>();
          Instant at = instant(episode, t.field()); // stored before the history was kept
          if (at != null) {
            stored.add(at);
          }
          put(next, t.history(), stored);
        }
      }
      TreeSet<Instant> times = times(next, type.history());
      times.add(time);
      put(next, type.history(), times);
      derive(next);
    } else {
      Instant existing = instant(episode, type.field());
      if (type == MessageType.BERAKNAD_UTSKRIVNING || existing == null
          || (type.keepsEarliest() ? time.isBefore(existing) : time.isAfter(existing))) {
        next.addProperty(type.field(), time.toString());
      }
    }
    deriveFlags(next);
    String status = "CLOSED".equals(status(episode)) ? null : statusOf(next);
    if (status != null) {
      next.addProperty("status", status);
    }
    return next;
  }

  /** Sets the deadline flag derived from the times: {@code inskrivningsmeddelandeLate}. */
  private static void deriveFlags(JsonObject e) {
    Boolean late =
        InskrivningsmeddelandeDeadline.late(instant(e, MessageType.INSKRIVEN.field()),
            instant(e, MessageType.INSATSBEHOV_BEDOMT.field()), instant(e, MessageType.INSKRIVNINGSMEDDELANDE.field()));
    if (late == null) {
      e.remove(LATE_FLAG);
    } else {
      e.addProperty(LATE_FLAG, late);
    }
  }

  /** Sets the readiness period's start, the latest withdrawal and the kallelse that counts, from the histories. */
  private static void derive(JsonObject e) {
    TreeSet<Instant> ready = times(e, MessageType.UTSKRIVNINGSKLAR.history());
    TreeSet<Instant> notReady = times(e, MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR.history());
    TreeSet<Instant> kallelse = times(e, MessageType.SIP_KALLELSE.history());
    // the withdrawal that ended the previous period: the latest one at or before the latest readiness
    Instant periodOpened = ready.isEmpty() ? null : notReady.floor(ready.last());
    set(e, MessageType.UTSKRIVNINGSKLAR.field(), periodOpened == null ? first(ready) : ready.ceiling(periodOpened));
    set(e, MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR.field(), notReady.isEmpty() ? null : notReady.last());
    set(e, MessageType.SIP_KALLELSE.field(), periodOpened == null ? first(kallelse) : kallelse.ceiling(periodOpened));
  }

  /**
   * One readiness period (see the class comment).
   *
   * @param start its utskrivningsklar: the first after the withdrawal that ended the previous period
   * @param withdrawnAt the "ej längre utskrivningsklar" that ended it, or null while it stands
   * @param kallelseAt the kallelse that answers its SIP deadline: the first sent from the withdrawal
   *     that ended the previous period until this period's own withdrawal; null when none was
   */
  public record ReadinessPeriod(Instant start, Instant withdrawnAt, Instant kallelseAt) {}

  /**
   * The episode's readiness periods, oldest first (empty when the patient was never
   * utskrivningsklar). Worked out from the histories, so any arrival order gives the same periods;
   * an episode stored before the histories were kept has at most one, from its stored times. A
   * withdrawn period depends only on messages with event times before its withdrawal: nothing that
   * happens after it changes its start, its withdrawal or its kallelse. Pure.
   */
  public static List<ReadinessPeriod> periods(JsonObject episode) {
    TreeSet<Instant> ready = history(episode, MessageType.UTSKRIVNINGSKLAR);
    TreeSet<Instant> notReady = history(episode, MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR);
    TreeSet<Instant> kallelse = history(episode, MessageType.SIP_KALLELSE);
    List<ReadinessPeriod> periods = new ArrayList<>();
    Instant start = first(ready);
    while (start != null) {
      Instant opened = notReady.floor(start); // at the same instant: withdrawn, then ready again
      Instant withdrawn = notReady.higher(start);
      Instant answer = opened == null ? first(kallelse) : kallelse.ceiling(opened);
      if (answer != null && withdrawn != null && !answer.isBefore(withdrawn)) {
        answer = null; // sent after this period ended: it belongs to the next one, if any
      }
      periods.add(new ReadinessPeriod(start, withdrawn, answer));
      start = withdrawn == null ? null : ready.ceiling(withdrawn);
    }
    return periods;
  }

  /** A history, or for an episode stored before histories were kept the one stored time. */
  private static TreeSet<Instant> history(JsonObject e, MessageType type) {
    if (e.has(type.history())) {
      return times(e, type.history());
    }
    TreeSet<Instant> stored = new TreeSet<>();
    Instant at = instant(e, type.field());
    if (at != null) {
      stored.add(at);
    }
    return stored;
  }

  /**
   * The utskrivningsklar that stands: the readiness period's start, unless a later "ej längre
   * utskrivningsklar" withdrew it. Null when the patient was never utskrivningsklar or the
   * readiness was withdrawn, also after discharge: then no SIP deadline runs and no days from
   * utskrivningsklar to utskriven are counted.
   */
  public static Instant standingReadiness(Instant utskrivningsklarAt, Instant ejLangreUtskrivningsklarAt) {
    if (utskrivningsklarAt == null
        || (ejLangreUtskrivningsklarAt != null && ejLangreUtskrivningsklarAt.isAfter(utskrivningsklarAt))) {
      return null;
    }
    return utskrivningsklarAt;
  }

  /** The SVU status implied by the times: the latest readiness event decides. */
  static String statusOf(JsonObject e) {
    if (instant(e, "utskrivenAt") != null) {
      return "DISCHARGED";
    }
    Instant ready = instant(e, "utskrivningsklarAt");
    Instant notReady = instant(e, "ejLangreUtskrivningsklarAt");
    if (standingReadiness(ready, notReady) != null) {
      return "READY_FOR_DISCHARGE";
    }
    if (notReady != null) {
      return "NO_LONGER_READY";
    }
    if (instant(e, "inskrivningsmeddelandeAt") != null) {
      return "NEEDS_MAPPING".equals(status(e)) ? "NEEDS_MAPPING" : "ADMITTED";
    }
    return null;
  }

  private static String status(JsonObject e) {
    JsonElement v = e.get("status");
    return v == null || v.isJsonNull() ? null : v.getAsString();
  }

  private static Instant first(TreeSet<Instant> times) {
    return times.isEmpty() ? null : times.first();
  }

  private static void set(JsonObject o, String field, Instant at) {
    if (at == null) {
      o.remove(field);
    } else {
      o.addProperty(field, at.toString());
    }
  }

  private static TreeSet<Instant> times(JsonObject o, String field) {
    TreeSet<Instant> times = new TreeSet<>();
    JsonElement v = o.get(field);
    if (v != null && v.isJsonArray()) {
      for (JsonElement t : v.getAsJsonArray()) {
        times.add(Instant.parse(t.getAsString()));
      }
    }
    return times;
  }

  private static void put(JsonObject o, String field, TreeSet<Instant> times) {
    JsonArray array = new JsonArray();
    for (Instant t : times) {
      array.add(t.toString());
    }
    o.add(field, array);
  }

  private static Instant instant(JsonObject o, String field) {
    JsonElement v = o.get(field);
    return v == null || v.isJsonNull() ? null : Instant.parse(v.getAsString());
  }
}
