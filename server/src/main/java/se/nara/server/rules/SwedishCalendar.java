package se.nara.server.rules;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;

/**
 * Swedish vardagar (weekdays) for counting deadlines in days of work. A vardag is Monday to
 * Friday unless it is an allmän helgdag (lag 1989:253: nyårsdagen, trettondedag jul, långfredagen,
 * annandag påsk, Kristi himmelsfärds dag, första maj, nationaldagen, juldagen, annandag jul; the
 * others, påskdagen, pingstdagen, midsommardagen and alla helgons dag, always fall on a weekend) or
 * one of the three eves that lag (1930:173) om beräkning av lagstadgad tid treats like one:
 * midsommarafton, julafton and nyårsafton. Pure.
 */
public final class SwedishCalendar {
  private SwedishCalendar() {}

  /** Easter Sunday of the year in the Gregorian calendar (the computus, as a table-free formula). */
  public static LocalDate easterSunday(int year) {
    int golden = year % 19; // place in the 19-year Metonic cycle
    int century = year / 100;
    int yearOfCentury = year % 100;
    int skippedLeapDays = century / 4;
    int centuryRemainder = century % 4;
    int moonCorrection = (century + 8) / 25;
    int solarCorrection = (century - moonCorrection + 1) / 3;
    int epact = (19 * golden + century - skippedLeapDays - solarCorrection + 15) % 30;
    int leapDays = yearOfCentury / 4;
    int yearRemainder = yearOfCentury % 4;
    int toSunday = (32 + 2 * centuryRemainder + 2 * leapDays - epact - yearRemainder) % 7;
    int lateCorrection = (golden + 11 * epact + 22 * toSunday) / 451;
    int monthDay = epact + toSunday - 7 * lateCorrection + 114;
    return LocalDate.of(year, monthDay / 31, monthDay % 31 + 1);
  }

  /** Whether the day is an allmän helgdag (Sundays included). */
  public static boolean isHoliday(LocalDate d) {
    if (d.getDayOfWeek() == DayOfWeek.SUNDAY) {
      return true;
    }
    int day = d.getDayOfMonth();
    switch (d.getMonth()) {
      case JANUARY:
        if (day == 1 || day == 6) {
          return true;
        }
        break;
      case MAY:
        if (day == 1) {
          return true;
        }
        break;
      case JUNE:
        if (day == 6 || isMidsummerDay(d)) {
          return true;
        }
        break;
      case DECEMBER:
        if (day == 25 || day == 26) {
          return true;
        }
        break;
      default:
        break;
    }
    if (isAllSaintsDay(d)) {
      return true;
    }
    LocalDate easter = easterSunday(d.getYear());
    return d.equals(easter.minusDays(2)) // långfredagen
        || d.equals(easter.plusDays(1)) // annandag påsk
        || d.equals(easter.plusDays(39)) // Kristi himmelsfärds dag
        || d.equals(easter.plusDays(49)); // pingstdagen
  }

  /** Whether the day is a vardag: Monday to Friday, no helgdag, and not midsommar-, jul- or nyårsafton. */
  public static boolean isWeekday(LocalDate d) {
    DayOfWeek w = d.getDayOfWeek();
    if (w == DayOfWeek.SATURDAY || w == DayOfWeek.SUNDAY || isHoliday(d)) {
      return false;
    }
    boolean julafton = d.getMonth() == Month.DECEMBER && d.getDayOfMonth() == 24;
    boolean nyarsafton = d.getMonth() == Month.DECEMBER && d.getDayOfMonth() == 31;
    boolean midsommarafton = isMidsummerDay(d.plusDays(1));
    return !julafton && !nyarsafton && !midsommarafton;
  }

  /** The {@code n}th vardag after {@code from} (not counting {@code from} itself); {@code from} for n = 0. */
  public static LocalDate plusWeekdays(LocalDate from, int n) {
    LocalDate d = from;
    for (int counted = 0; counted < n; ) {
      d = d.plusDays(1);
      if (isWeekday(d)) {
        counted++;
      }
    }
    return d;
  }

  /** Midsommardagen: the Saturday from 20 to 26 June. */
  private static boolean isMidsummerDay(LocalDate d) {
    return d.getMonth() == Month.JUNE && d.getDayOfWeek() == DayOfWeek.SATURDAY
        && d.getDayOfMonth() >= 20 && d.getDayOfMonth() <= 26;
  }

  /** Alla helgons dag: the Saturday from 31 October to 6 November. */
  private static boolean isAllSaintsDay(LocalDate d) {
    if (d.getDayOfWeek() != DayOfWeek.SATURDAY) {
      return false;
    }
    return (d.getMonth() == Month.OCTOBER && d.getDayOfMonth() == 31)
        || (d.getMonth() == Month.NOVEMBER && d.getDayOfMonth() <= 6);
  }
}
