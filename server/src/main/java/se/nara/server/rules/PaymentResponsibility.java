package se.nara.server.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * When the kommun's betalningsansvar (payment responsibility) for a patient who is utskrivningsklar
 * but still in hospital starts, by the rule that applies when region and kommun have agreed on
 * nothing else (DOMAIN 1.3): a number of days after the underrättelse om utskrivningsklar,
 * provided the kommun received both the inskrivningsmeddelande and the utskrivningsklar. The
 * secondary sources disagree whether these are calendar days (JP Infonet: tre kalenderdagar) or
 * vardagar (Läkartidningen: tre vardagar), so the number and the kind of day are configuration;
 * the default is three calendar days.
 *
 * <p><b>Counting.</b> Days are Swedish local dates ({@code zone}, Europe/Stockholm). The count
 * starts on the day the kommun had both notices, that is the later of the utskrivningsklar and the
 * inskrivningsmeddelande (an inference: a kommun that got the inskrivningsmeddelande only after
 * the utskrivningsklar could not plan before it). With calendar days the responsibility starts at
 * 00:00 on that day plus {@code days} (utskrivningsklar on a Monday: from Thursday); with vardagar
 * on the {@code days}th vardag after it ({@link SwedishCalendar}; a Friday: from Wednesday, a
 * Thursday before Långfredagen: from the Wednesday after Easter).
 *
 * <p><b>Readiness periods.</b> Only the readiness that stands counts (see {@link
 * SvuTimeline#standingReadiness}): after "ej längre utskrivningsklar" no responsibility runs, and a
 * new utskrivningsklar starts the count again. Pure.
 *
 * @param days how many days after the notice the responsibility starts (0 to 30)
 * @param dayKind calendar days or vardagar
 * @param zone where the days are counted
 */
public record PaymentResponsibility(int days, DayKind dayKind, ZoneId zone) {
  /** The rule when nothing else is agreed: three calendar days, in Swedish time. */
  public static final PaymentResponsibility DEFAULT =
      new PaymentResponsibility(3, DayKind.CALENDAR, ZoneId.of("Europe/Stockholm"));

  /** The most days the configuration accepts. */
  public static final int MAX_DAYS = 30;

  /** Checks the rule. */
  public PaymentResponsibility {
    if (days < 0 || days > MAX_DAYS) {
      throw new IllegalArgumentException("payment responsibility days must lie between 0 and " + MAX_DAYS + ", not " + days);
    }
    if (dayKind == null || zone == null) {
      throw new IllegalArgumentException("payment responsibility needs a kind of day and a time zone");
    }
  }

  /** The kind of day counted. */
  public enum DayKind {
    /** Kalenderdagar: every day counts. */
    CALENDAR("kalenderdagar"),
    /** Vardagar: Monday to Friday, not helgdagar nor midsommar-, jul- or nyårsafton. */
    WEEKDAYS("vardagar");

    private final String label;

    DayKind(String label) {
      this.label = label;
    }

    /** The Swedish name, plural. */
    public String label() {
      return label;
    }
  }

  /** Where a patient's payment responsibility stands. */
  public enum Status {
    /** Not utskrivningsklar, or no longer: none runs. */
    NOT_READY("Inte utskrivningsklar: inget betalningsansvar"),
    /** No inskrivningsmeddelande was received, so the responsibility does not start. */
    NO_INSKRIVNINGSMEDDELANDE("Inget inskrivningsmeddelande: betalningsansvaret inträder inte"),
    /** Still in hospital; the responsibility starts on a later day. */
    NOT_STARTED("Har inte inträtt"),
    /** Still in hospital, and the responsibility has started. */
    STARTED("Har inträtt, patienten är kvar på sjukhuset"),
    /** Discharged on or after the day the responsibility started. */
    STARTED_BEFORE_DISCHARGE("Inträdde före utskrivningen"),
    /** Discharged before the responsibility started. */
    DISCHARGED_BEFORE_START("Utskriven innan betalningsansvaret inträdde"),
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

  /** The rule in Swedish, e.g. "3 kalenderdagar". */
  public String describe() {
    return days + " " + (days == 1 ? (dayKind == DayKind.CALENDAR ? "kalenderdag" : "vardag") : dayKind.label());
  }

  /**
   * The first day of the kommun's payment responsibility, or null when it does not start: no
   * standing utskrivningsklar or no inskrivningsmeddelande.
   *
   * @param utskrivningsklar the standing utskrivningsklar (null when none stands)
   */
  public LocalDate startDate(Instant utskrivningsklar, Instant inskrivningsmeddelande) {
    if (utskrivningsklar == null || inskrivningsmeddelande == null) {
      return null;
    }
    Instant both = inskrivningsmeddelande.isAfter(utskrivningsklar) ? inskrivningsmeddelande : utskrivningsklar;
    LocalDate from = LocalDate.ofInstant(both, zone);
    return dayKind == DayKind.CALENDAR ? from.plusDays(days) : SwedishCalendar.plusWeekdays(from, days);
  }

  /** The moment the responsibility starts (00:00 local time of {@link #startDate}), or null. */
  public Instant startsAt(Instant utskrivningsklar, Instant inskrivningsmeddelande) {
    LocalDate start = startDate(utskrivningsklar, inskrivningsmeddelande);
    return start == null ? null : start.atStartOfDay(zone).toInstant();
  }

  /**
   * Where the payment responsibility stands at {@code now}.
   *
   * @param utskrivningsklar the standing utskrivningsklar (null when none stands)
   * @param utskriven the discharge, or null while the patient is in hospital
   */
  public Status status(Instant utskrivningsklar, Instant inskrivningsmeddelande, Instant utskriven, Instant now) {
    if (utskrivningsklar == null) {
      return Status.NOT_READY;
    }
    Instant starts = startsAt(utskrivningsklar, inskrivningsmeddelande);
    if (starts == null) {
      return Status.NO_INSKRIVNINGSMEDDELANDE;
    }
    if (utskriven != null) {
      return utskriven.isBefore(starts) ? Status.DISCHARGED_BEFORE_START : Status.STARTED_BEFORE_DISCHARGE;
    }
    return now.isBefore(starts) ? Status.NOT_STARTED : Status.STARTED;
  }
}
