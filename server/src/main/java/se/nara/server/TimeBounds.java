package se.nara.server;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The times and dates the server accepts from a client: years {@value #FIRST_YEAR} to
 * {@value #LAST_YEAR}. {@code Instant.parse} reads anything up to the year 1,000,000,000, but such
 * a value is not a clinical time, overflows epoch milliseconds and has no calendar date in
 * Europe/Stockholm: once stored it would break every reader of it. So it is refused where it is
 * read, as the client's mistake.
 */
public final class TimeBounds {
  /** The first year accepted. */
  public static final int FIRST_YEAR = 1900;
  /** The last year accepted. */
  public static final int LAST_YEAR = 2199;
  /** What an accepted value looks like, for error messages. */
  public static final String RANGE = "between the years " + FIRST_YEAR + " and " + LAST_YEAR;

  private static final Instant EARLIEST = Instant.parse(FIRST_YEAR + "-01-01T00:00:00Z");
  private static final Instant END = Instant.parse((LAST_YEAR + 1) + "-01-01T00:00:00Z");

  private TimeBounds() {}

  /** Whether {@code t} lies in the accepted years (UTC). */
  public static boolean contains(Instant t) {
    return t != null && !t.isBefore(EARLIEST) && t.isBefore(END);
  }

  /** Whether {@code d} lies in the accepted years. */
  public static boolean contains(LocalDate d) {
    return d != null && d.getYear() >= FIRST_YEAR && d.getYear() <= LAST_YEAR;
  }

  /** {@code value} unchanged when null or accepted; otherwise VALIDATION_FAILED naming {@code field}. */
  public static Instant require(String field, Instant value) {
    if (value != null && !contains(value)) {
      throw ApiException.invalid(field, field + " must be a time " + RANGE);
    }
    return value;
  }

  /**
   * Epoch milliseconds of {@code t}, or null when it is null or outside the accepted years: for
   * paths that must not fail on a value another check refuses (a refusal's own log entry).
   */
  public static Long millisOrNull(Instant t) {
    return contains(t) ? t.toEpochMilli() : null;
  }
}
