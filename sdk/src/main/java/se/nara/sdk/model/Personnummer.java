package se.nara.sdk.model;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated Swedish personnummer or samordningsnummer, normalised to 12 digits (YYYYMMDDNNNC).
 *
 * <p>Checks follow Skatteverket's rules: a real calendar birth date (day − 60 for a
 * samordningsnummer, whose day is increased by 60), a birth number (födelsenummer) 001–999 and a
 * Luhn check digit over YYMMDDNNN with weights 2,1,2,1…. Reservnummer are not handled here: their
 * formats are local and may contain letters, so they are kept as opaque text in {@link
 * PatientIdentifier}.
 *
 * <p>{@link #toString()} masks the birth number, because values end up in logs; use {@link
 * #value()} or {@link #display()} where the full number is really needed. Exception messages never
 * contain the input for the same reason.
 */
public final class Personnummer {
  private static final Pattern TEN_DIGITS = Pattern.compile("([0-9]{6})([-+]?)([0-9]{4})");
  private static final Pattern TWELVE_DIGITS = Pattern.compile("([0-9]{8})-?([0-9]{4})");
  private static final int SAMORDNING_DAY_OFFSET = 60;
  private static final int MIN_YEAR = 1800;
  private static final int MAX_YEAR = 2099;

  private final String value;
  private final LocalDate birthDate;
  private final boolean samordningsnummer;

  private Personnummer(String value, LocalDate birthDate, boolean samordningsnummer) {
    this.value = value;
    this.birthDate = birthDate;
    this.samordningsnummer = samordningsnummer;
  }

  /**
   * Parses a personnummer or samordningsnummer, taking the century of a 10-digit number from
   * today's date.
   *
   * @throws IllegalArgumentException if the format, the date or the check digit is wrong
   * @see #parse(String, LocalDate)
   */
  public static Personnummer parse(String text) {
    return parse(text, LocalDate.now());
  }

  /**
   * Parses a personnummer or samordningsnummer.
   *
   * <p>Accepted forms: 10 digits {@code YYMMDDNNNC}, with an optional {@code '-'} or {@code '+'}
   * before the last four, and 12 digits {@code YYYYMMDDNNNC}, with an optional {@code '-'}.
   * Surrounding whitespace is ignored. The century of a 10-digit number follows its separator, as
   * Skatteverket sets it by year: with {@code '-'} the birth year is less than 100 years before
   * {@code today}'s year, with {@code '+'} (used from the year the person turns 100) at least 100
   * years before it. Without a separator the number gets the latest century in which its birth date
   * is not after {@code today}.
   *
   * @param text the number as typed or received
   * @param today the reference date for the century of a 10-digit number and for rejecting birth
   *     dates in the future
   * @throws IllegalArgumentException if the format, the date or the check digit is wrong; the
   *     message says which
   */
  public static Personnummer parse(String text, LocalDate today) {
    Objects.requireNonNull(today, "today");
    if (text == null) {
      throw invalid("no number given (null)");
    }
    String s = text.trim();
    if (s.isEmpty()) {
      throw invalid("no number given (empty)");
    }

    int year;
    int month;
    int rawDay;
    String lastFour;
    Matcher twelve = TWELVE_DIGITS.matcher(s);
    Matcher ten = TEN_DIGITS.matcher(s);
    if (twelve.matches()) {
      String date = twelve.group(1);
      year = Integer.parseInt(date.substring(0, 4));
      month = Integer.parseInt(date.substring(4, 6));
      rawDay = Integer.parseInt(date.substring(6, 8));
      lastFour = twelve.group(2);
    } else if (ten.matches()) {
      String date = ten.group(1);
      int yy = Integer.parseInt(date.substring(0, 2));
      month = Integer.parseInt(date.substring(2, 4));
      rawDay = Integer.parseInt(date.substring(4, 6));
      year = inferYear(yy, month, realDay(rawDay), today, ten.group(2));
      lastFour = ten.group(3);
    } else {
      throw invalid(
          "wrong format; expected 10 digits (YYMMDD-NNNC, '-' or '+' optional) or 12 digits"
              + " (YYYYMMDD-NNNC, '-' optional)");
    }

    boolean samordning = rawDay > SAMORDNING_DAY_OFFSET;
    if (year < MIN_YEAR || year > MAX_YEAR) {
      throw invalid("wrong date; the century must be 18, 19 or 20");
    }
    LocalDate birthDate;
    try {
      birthDate = LocalDate.of(year, month, realDay(rawDay));
    } catch (DateTimeException e) {
      throw invalid(
          samordning
              ? "wrong date; day minus 60 is not a real calendar date"
              : "wrong date; not a real calendar date");
    }
    if (birthDate.isAfter(today)) {
      throw invalid("wrong date; the birth date is in the future");
    }
    if (lastFour.startsWith("000")) {
      throw invalid("wrong birth number; 000 is never issued");
    }

    String value = pad(year, 4) + pad(month, 2) + pad(rawDay, 2) + lastFour;
    if (checkDigit(value.substring(2, 11)) != value.charAt(11)) {
      throw invalid("wrong check digit");
    }
    return new Personnummer(value, birthDate, samordning);
  }

  /** Returns whether the text is a valid personnummer or samordningsnummer today. */
  public static boolean isValid(String text) {
    return isValid(text, LocalDate.now());
  }

  /** Returns whether the text is a valid personnummer or samordningsnummer on the given date. */
  public static boolean isValid(String text, LocalDate today) {
    try {
      parse(text, today);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Computes the Luhn check digit (weights 2,1,2,1…, digit sums of the products) for the nine
   * digits YYMMDDNNN.
   *
   * @throws IllegalArgumentException unless the argument is exactly nine digits 0–9
   */
  public static char checkDigit(String nineDigits) {
    if (nineDigits == null || nineDigits.length() != 9) {
      throw new IllegalArgumentException("checkDigit needs exactly 9 digits (YYMMDDNNN)");
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      char c = nineDigits.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("checkDigit needs exactly 9 digits (YYMMDDNNN)");
      }
      int product = (c - '0') * (i % 2 == 0 ? 2 : 1);
      sum += product / 10 + product % 10;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  /**
   * Builds a valid 12-digit number, for test and demo data.
   *
   * @param birthDate the birth date, in the years 1800–2099
   * @param birthNumber the birth number (födelsenummer) 1–999; odd for men, even for women
   * @param samordningsnummer true to add 60 to the day, making a samordningsnummer
   * @throws IllegalArgumentException if the year or the birth number is out of range
   */
  public static String generate(LocalDate birthDate, int birthNumber, boolean samordningsnummer) {
    Objects.requireNonNull(birthDate, "birthDate");
    if (birthNumber < 1 || birthNumber > 999) {
      throw new IllegalArgumentException("birthNumber must be 1-999, was " + birthNumber);
    }
    int year = birthDate.getYear();
    if (year < MIN_YEAR || year > MAX_YEAR) {
      throw new IllegalArgumentException("birth year must be 1800-2099, was " + year);
    }
    int day = birthDate.getDayOfMonth() + (samordningsnummer ? SAMORDNING_DAY_OFFSET : 0);
    String body =
        pad(year, 4) + pad(birthDate.getMonthValue(), 2) + pad(day, 2) + pad(birthNumber, 3);
    return body + checkDigit(body.substring(2));
  }

  /** Returns the normalised 12 digits YYYYMMDDNNNC. */
  public String value() {
    return value;
  }

  /** Returns the birth date; for a samordningsnummer, the day with 60 taken off. */
  public LocalDate birthDate() {
    return birthDate;
  }

  /** Returns whether this is a samordningsnummer (day + 60) rather than a personnummer. */
  public boolean isSamordningsnummer() {
    return samordningsnummer;
  }

  /** Returns the legal sex from the third digit of the birth number: odd is male, even female. */
  public Sex legalSex() {
    return (value.charAt(10) - '0') % 2 == 1 ? Sex.MALE : Sex.FEMALE;
  }

  /** Returns the number for display, YYYYMMDD-NNNC. */
  public String display() {
    return value.substring(0, 8) + "-" + value.substring(8);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof Personnummer && value.equals(((Personnummer) o).value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Returns a masked form, YYYYMMDD-****, safe for logs. */
  @Override
  public String toString() {
    return value.substring(0, 8) + "-****";
  }

  /**
   * Picks the century for a 10-digit number. Skatteverket's rule is by year: the '-' becomes '+'
   * from the year the person turns 100, so '+' means born at least 100 calendar years before
   * today's year and '-' less than that (a '-' date later this year is then in the future and
   * refused by the caller). Without a separator there is no such rule, so the number gets the
   * latest year whose date is not after today. Month and day are compared as numbers, before the
   * date is validated, so an invalid date still gets a year and fails later with a date message.
   */
  private static int inferYear(int yy, int month, int day, LocalDate today, String separator) {
    int todayYear = today.getYear();
    if ("+".equals(separator)) {
      int latest = todayYear - 100;
      return latest - Math.floorMod(latest - yy, 100);
    }
    int year = todayYear - Math.floorMod(todayYear - yy, 100);
    if ("-".equals(separator)) {
      return year;
    }
    if (year == todayYear
        && (month > today.getMonthValue()
            || (month == today.getMonthValue() && day > today.getDayOfMonth()))) {
      year -= 100;
    }
    return year;
  }

  private static int realDay(int rawDay) {
    return rawDay > SAMORDNING_DAY_OFFSET ? rawDay - SAMORDNING_DAY_OFFSET : rawDay;
  }

  /** Zero-pads with ASCII digits; String.format would follow the default locale's digits. */
  private static String pad(int number, int width) {
    StringBuilder sb = new StringBuilder(Integer.toString(number));
    while (sb.length() < width) {
      sb.insert(0, '0');
    }
    return sb.toString();
  }

  private static IllegalArgumentException invalid(String reason) {
    return new IllegalArgumentException("Invalid personnummer/samordningsnummer: " + reason);
  }
}
