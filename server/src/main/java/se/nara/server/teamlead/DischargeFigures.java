package se.nara.server.teamlead;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import se.nara.sdk.model.SipAssessment;
import se.nara.server.rules.PaymentResponsibility;
import se.nara.server.rules.SvuTimeline;

/**
 * The SVU figures of the discharge board, as pure functions of server-side times (never tablet
 * clocks). Days are calendar days in Swedish local time, so a discharge on the day the patient
 * became utskrivningsklar counts as 0 days ("0-dag"), as the regional average models count.
 *
 * @param targetDays the team's target for the average days from utskrivningsklar to discharge
 * @param sipDeadlineDays days after utskrivningsklar within which the SIP kallelse must go out
 * @param payment when the kommun's betalningsansvar starts (server configuration)
 */
public record DischargeFigures(double targetDays, int sipDeadlineDays, ZoneId zone, PaymentResponsibility payment) {
  /**
   * Region Skåne's target (≤ 2.8 days, aiming for the same day), the 3-day SIP rule and the
   * default betalningsansvar (3 calendar days).
   */
  public static final DischargeFigures SKANE = new DischargeFigures(2.8, 3, ZoneId.of("Europe/Stockholm"));

  /** Figures with the default betalningsansvar rule ({@link PaymentResponsibility#DEFAULT}). */
  public DischargeFigures(double targetDays, int sipDeadlineDays, ZoneId zone) {
    this(targetDays, sipDeadlineDays, zone, PaymentResponsibility.DEFAULT);
  }

  /** A copy with another betalningsansvar rule. */
  public DischargeFigures withPayment(PaymentResponsibility rule) {
    return new DischargeFigures(targetDays, sipDeadlineDays, zone, rule);
  }

  /** Where a SIP kallelse stands against its deadline. */
  public enum SipStatus {
    /**
     * No utskrivningsklar, or it was withdrawn before its deadline ran out with no kallelse: no
     * deadline runs.
     */
    NOT_DUE("Ingen frist löper"),
    /** Ställningstagande: no SIP is needed, so no kallelse is due. */
    NOT_NEEDED("SIP behövs inte"),
    /** Sent within the deadline. */
    SENT_IN_TIME("Kallad i tid"),
    /** Sent, but after the deadline. */
    SENT_LATE("Kallad för sent"),
    /** Not sent; the deadline has not passed. */
    PENDING("Ej kallad, inom frist"),
    /** Not sent and the deadline has passed. */
    OVERDUE("Ej kallad, frist passerad"),
    /**
     * A withdrawn readiness period: its deadline ran out with no kallelse sent while the patient was
     * utskrivningsklar. A fact of that period; no later message changes it.
     */
    MISSED("Frist missad: ej kallad medan utskrivningsklar"),
    /** A time it depends on is stored outside the accepted years: no status can be worked out. */
    UNKNOWN("Kan inte bedömas: ogiltig tid");

    private final String label;

    SipStatus(String label) {
      this.label = label;
    }

    /** The Swedish label shown on the page. */
    public String label() {
      return label;
    }
  }

  /** Calendar days between two instants in local time; null when either is missing. */
  public Integer days(Instant from, Instant to) {
    if (from == null || to == null) {
      return null;
    }
    return (int) ChronoUnit.DAYS.between(date(from), date(to));
  }

  /** The last day on which the SIP kallelse is in time, or null when no deadline runs. */
  public LocalDate sipDeadline(Instant utskrivningsklar) {
    return utskrivningsklar == null ? null : date(utskrivningsklar).plusDays(sipDeadlineDays);
  }

  /**
   * The last day on which the SIP kallelse is in time, or null when no deadline runs: none runs
   * when the standing ställningstagande is that no SIP is needed. Not yet assessed counts as
   * needed, so an undecided case still shows its deadline.
   */
  public LocalDate sipDeadline(Instant utskrivningsklar, SipAssessment assessment) {
    return assessment == SipAssessment.NOT_NEEDED ? null : sipDeadline(utskrivningsklar);
  }

  /** The SIP kallelse against its deadline, given the standing ställningstagande till SIP. */
  public SipStatus sipStatus(Instant utskrivningsklar, Instant kallelse, Instant now, SipAssessment assessment) {
    if (assessment == SipAssessment.NOT_NEEDED && kallelse == null) {
      return SipStatus.NOT_NEEDED;
    }
    return sipStatus(utskrivningsklar, kallelse, now);
  }

  /**
   * The SIP kallelse against its deadline.
   *
   * @param utskrivningsklar the effective utskrivningsklar time (null if not ready or withdrawn)
   */
  public SipStatus sipStatus(Instant utskrivningsklar, Instant kallelse, Instant now) {
    LocalDate deadline = sipDeadline(utskrivningsklar);
    if (deadline == null) {
      return kallelse == null ? SipStatus.NOT_DUE : SipStatus.SENT_IN_TIME;
    }
    if (kallelse != null) {
      return date(kallelse).isAfter(deadline) ? SipStatus.SENT_LATE : SipStatus.SENT_IN_TIME;
    }
    return date(now).isAfter(deadline) ? SipStatus.OVERDUE : SipStatus.PENDING;
  }

  /**
   * The SIP kallelse of one readiness period against that period's deadline ({@link
   * SvuTimeline#periods}). A period that stands is judged as {@link #sipStatus(Instant, Instant,
   * Instant, SipAssessment)}. A withdrawn ("ej längre utskrivningsklar") period runs no deadline
   * any more, but what happened while it stood stays: its kallelse sent after the deadline is
   * {@code SENT_LATE}; with no kallelse while it stood, a deadline that ran out before the
   * withdrawal is {@code MISSED}, one the withdrawal came before is {@code NOT_DUE}. A kallelse sent
   * after the withdrawal is not the period's (it answers the next one), so a later utskrivningsklar
   * never changes a withdrawn period's verdict. "SIP behövs inte" standing and no kallelse: {@code
   * NOT_NEEDED}, for every period (the position is about the patient's needs, not a period).
   */
  public SipStatus periodSipStatus(SvuTimeline.ReadinessPeriod period, Instant now, SipAssessment assessment) {
    if (period.withdrawnAt() == null) {
      return sipStatus(period.start(), period.kallelseAt(), now, assessment);
    }
    if (period.kallelseAt() == null && assessment == SipAssessment.NOT_NEEDED) {
      return SipStatus.NOT_NEEDED;
    }
    LocalDate deadline = sipDeadline(period.start());
    if (period.kallelseAt() != null) {
      return date(period.kallelseAt()).isAfter(deadline) ? SipStatus.SENT_LATE : SipStatus.SENT_IN_TIME;
    }
    return date(period.withdrawnAt()).isAfter(deadline) ? SipStatus.MISSED : SipStatus.NOT_DUE;
  }

  /** The average of the given day counts, to one decimal; null for none. */
  public static Double average(Collection<Integer> days) {
    if (days.isEmpty()) {
      return null;
    }
    double sum = 0;
    for (int d : days) {
      sum += d;
    }
    return Math.round(sum / days.size() * 10) / 10.0;
  }

  /** Whether an average meets the target (null, no discharges yet, counts as met). */
  public boolean meetsTarget(Double average) {
    return average == null || average <= targetDays;
  }

  private LocalDate date(Instant instant) {
    return LocalDate.ofInstant(instant, zone);
  }
}
