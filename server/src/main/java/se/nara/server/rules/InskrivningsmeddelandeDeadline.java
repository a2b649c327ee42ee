package se.nara.server.rules;

import java.time.Duration;
import java.time.Instant;

/**
 * The 24-hour deadline of the inskrivningsmeddelande (SVU step 1, lag 2017:612): sluten vård sends
 * it within 24 hours of inskrivning, or, when the treating physician only later judges that the
 * patient will need insatser after discharge, within 24 hours of that judgement.
 *
 * <p>The 24 hours are elapsed time (a day with a daylight-saving change is still 24 hours), from
 * the SVU messages' event times only (DOMAIN rule 10). The meddelande is late when it was sent
 * more than 24 hours after the clock started; exactly 24 hours is in time. Without an admission
 * time nothing can be decided: an episode of an integration that does not send INSKRIVEN is
 * never called late. Pure.
 */
public final class InskrivningsmeddelandeDeadline {
  /** How long after the clock starts the inskrivningsmeddelande is due. */
  public static final Duration WITHIN = Duration.ofHours(24);

  /** Where the inskrivningsmeddelande stands against its deadline. */
  public enum Status {
    /** No admission time: no deadline can be worked out. */
    NOT_DUE("Inskrivningstid saknas, ingen frist"),
    /** Sent within 24 hours. */
    SENT_IN_TIME("Skickat inom 24 timmar"),
    /** Sent, but more than 24 hours after the clock started. */
    SENT_LATE("Skickat för sent (efter 24 timmar)"),
    /** Not sent; the 24 hours have not passed. */
    PENDING("Ej skickat, inom 24 timmar"),
    /** Not sent and the 24 hours have passed. */
    OVERDUE("Ej skickat, 24 timmar har passerat"),
    /** A time it depends on is stored outside the accepted years: no status can be worked out. */
    UNKNOWN("Kan inte bedömas: ogiltig tid");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    /** The Swedish label shown on the page. */
    public String label() {
      return label;
    }
  }

  private InskrivningsmeddelandeDeadline() {}

  /**
   * When the 24 hours start: the admission, or a judgement that insatser will be needed made after
   * it. Null without an admission time.
   */
  public static Instant clockStart(Instant inskrivenAt, Instant insatsbehovBedomtAt) {
    if (inskrivenAt == null) {
      return null;
    }
    return insatsbehovBedomtAt != null && insatsbehovBedomtAt.isAfter(inskrivenAt) ? insatsbehovBedomtAt : inskrivenAt;
  }

  /** The latest time the inskrivningsmeddelande is in time, or null when no deadline can be worked out. */
  public static Instant due(Instant inskrivenAt, Instant insatsbehovBedomtAt) {
    Instant start = clockStart(inskrivenAt, insatsbehovBedomtAt);
    return start == null ? null : start.plus(WITHIN);
  }

  /**
   * Whether the inskrivningsmeddelande was late: the derived flag {@code
   * inskrivningsmeddelandeLate}. Null while it cannot be decided (no admission time, or no
   * meddelande yet).
   */
  public static Boolean late(Instant inskrivenAt, Instant insatsbehovBedomtAt, Instant meddelandeAt) {
    Instant due = due(inskrivenAt, insatsbehovBedomtAt);
    if (due == null || meddelandeAt == null) {
      return null;
    }
    return meddelandeAt.isAfter(due);
  }

  /** The inskrivningsmeddelande against its deadline at {@code now}. */
  public static Status status(Instant inskrivenAt, Instant insatsbehovBedomtAt, Instant meddelandeAt, Instant now) {
    Instant due = due(inskrivenAt, insatsbehovBedomtAt);
    if (due == null) {
      return Status.NOT_DUE;
    }
    if (meddelandeAt != null) {
      return meddelandeAt.isAfter(due) ? Status.SENT_LATE : Status.SENT_IN_TIME;
    }
    return now.isAfter(due) ? Status.OVERDUE : Status.PENDING;
  }
}
