package se.nara.sdk.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PersonnummerTest {
  /** Fixed reference date, so century inference does not depend on when the tests run. */
  private static final LocalDate TODAY = LocalDate.of(2025, 6, 15);

  /** Builds "body + correct check digit", so a test can fail on the date alone. */
  private static String withCheckDigit(String twelveDigitBody) {
    return twelveDigitBody + Personnummer.checkDigit(twelveDigitBody.substring(2));
  }

  private static IllegalArgumentException rejected(String text) {
    return assertThrows(IllegalArgumentException.class, () -> Personnummer.parse(text, TODAY));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "196101182803",
        "199002222397",
        "200001252386",
        "200302022389",
        "189002029800",
        "189602029812",
        "19121212-1212",
        "640823-3234",
        "196109732393",
        "701063-2391"
      })
  void knownValidExamplesValidate(String number) {
    assertTrue(Personnummer.isValid(number), number);
    assertTrue(Personnummer.isValid(number, TODAY), number);
  }

  @ParameterizedTest
  @CsvSource({
    "196101182803, 196101182803, 1961-01-18, false",
    "19121212-1212, 191212121212, 1912-12-12, false",
    "640823-3234, 196408233234, 1964-08-23, false",
    "6408233234, 196408233234, 1964-08-23, false",
    "' 640823-3234 ', 196408233234, 1964-08-23, false",
    "196109732393, 196109732393, 1961-09-13, true",
    "701063-2391, 197010632391, 1970-10-03, true",
  })
  void normalisesToTwelveDigits(
      String input, String value, String birthDate, boolean samordningsnummer) {
    Personnummer p = Personnummer.parse(input, TODAY);
    assertEquals(value, p.value());
    assertEquals(LocalDate.parse(birthDate), p.birthDate());
    assertEquals(samordningsnummer, p.isSamordningsnummer());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"196101182804", "196101182800", "640823-3235", "19121212-1213", "701063-2390"})
  void wrongCheckDigitFails(String number) {
    assertTrue(rejected(number).getMessage().contains("check digit"));
    assertFalse(Personnummer.isValid(number));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "19900231123", // 31 Feb
        "19900229123", // 1990 was not a leap year
        "19001301123", // month 13
        "19900001123", // month 00
        "19900100123", // day 00
        "19900132123", // day 32
        "19900160123", // day 60: neither a personnummer nor a samordningsnummer day
        "19900192123", // samordningsnummer day 92 = 32
        "19900291123", // samordningsnummer 31 Feb
        "20991231123", // in the future
        "17991231123", // century 17
        "21000101123" // century 21
      })
  void badDateFails(String body) {
    IllegalArgumentException e = rejected(withCheckDigit(body));
    assertTrue(e.getMessage().contains("date"), e.getMessage());
  }

  @Test
  void leapDayIsAccepted() {
    assertTrue(Personnummer.isValid(withCheckDigit("20000229123"), TODAY));
    assertTrue(Personnummer.isValid(withCheckDigit("20000289123"), TODAY)); // samordningsnummer
  }

  @Test
  void birthNumberZeroFails() {
    IllegalArgumentException e = rejected(withCheckDigit("19900101000"));
    assertTrue(e.getMessage().contains("birth number"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "640823323", // 9 digits
        "64082332345", // 11 digits
        "1961011828033", // 13 digits
        "19610118280", // 11 digits
        "19610118280A",
        "20210325K069", // a reservnummer, not a personnummer
        "640823-323X",
        "6408-233234",
        "640823--3234",
        "640823 3234",
        "19121212+1212", // '+' only exists in the 10-digit form
        "+6408233234",
        "١٩٦١٠١١٨٢٨٠٣" // Arabic-Indic digits are not accepted as digits
      })
  void wrongFormatFails(String number) {
    IllegalArgumentException e = rejected(number);
    assertTrue(e.getMessage().contains("format"), e.getMessage());
    assertFalse(Personnummer.isValid(number));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t"})
  void nullEmptyAndBlankFail(String number) {
    rejected(number);
    assertThrows(IllegalArgumentException.class, () -> Personnummer.parse(number));
    assertFalse(Personnummer.isValid(number));
  }

  @ParameterizedTest
  @CsvSource({
    // 10 digits on 2025-06-15: '-' under 100 by year, '+' 100 or more; no separator the latest date not after today
    "121212-1212, 201212121212",
    "121212+1212, 191212121212",
    "900202-9800, 199002029800",
    "9002029800, 199002029800",
    "900202+9800, 189002029800",
    "250614-1239, 202506141239", // yesterday
  })
  void tenDigitCenturyComesFromReferenceDate(String input, String expected) {
    assertEquals(expected, Personnummer.parse(input, TODAY).value());
  }

  @Test
  void centuryBoundaryAroundToday() {
    String bornToday = Personnummer.generate(LocalDate.of(2025, 6, 15), 123, false);
    String bornTomorrowLastCentury = Personnummer.generate(LocalDate.of(1925, 6, 16), 123, false);
    String bornToday100YearsAgo = Personnummer.generate(LocalDate.of(1925, 6, 15), 123, false);
    String tenDigitsToday = bornToday.substring(2, 8) + "-" + bornToday.substring(8);
    String tomorrow = bornTomorrowLastCentury.substring(2, 8);
    String lastFour = bornTomorrowLastCentury.substring(8);

    // Born today: not in the future, so this century.
    assertEquals(bornToday, Personnummer.parse(tenDigitsToday, TODAY).value());
    // Without a separator, 250616 would be tomorrow, so it is read as 1925.
    assertEquals(bornTomorrowLastCentury, Personnummer.parse(tomorrow + lastFour, TODAY).value());
    // With '-' it says "under 100 by year", i.e. 2025: a birth date tomorrow, refused.
    rejectedOn(tomorrow + "-" + lastFour, TODAY, "future");
    // Someone born 1925-06-16 turns 100 this year, so writes '+' already before the birthday.
    assertEquals(bornTomorrowLastCentury, Personnummer.parse(tomorrow + "+" + lastFour, TODAY).value());
    // '+' on today's date: exactly 100 years old.
    assertEquals(
        bornToday100YearsAgo, Personnummer.parse(tenDigitsToday.replace('-', '+'), TODAY).value());
  }

  @Test
  void plusSignCountsFromTheYearOfTheHundredthBirthdayNotTheDay() {
    String lateIn1925 = Personnummer.generate(LocalDate.of(1925, 12, 31), 123, false);
    String tenDigits = lateIn1925.substring(2, 8) + "+" + lateIn1925.substring(8);
    // Was read as 1825-12-31: the birthday had not yet come this year, so a further century back.
    assertEquals(LocalDate.of(1925, 12, 31), Personnummer.parse(tenDigits, TODAY).birthDate());
    rejectedOn(tenDigits.replace('+', '-'), TODAY, "future");
    // 99 by year in 2025: still '-', and the same digits with '+' are a 1826 birth.
    String early1926 = Personnummer.generate(LocalDate.of(1926, 1, 1), 123, false);
    assertEquals(LocalDate.of(1926, 1, 1),
        Personnummer.parse(early1926.substring(2, 8) + "-" + early1926.substring(8), TODAY).birthDate());
    assertEquals(LocalDate.of(1826, 1, 1),
        Personnummer.parse(early1926.substring(2, 8) + "+" + early1926.substring(8), TODAY).birthDate());
  }

  private static void rejectedOn(String number, LocalDate today, String reasonPart) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Personnummer.parse(number, today));
    assertTrue(e.getMessage().contains(reasonPart), e.getMessage());
  }

  @Test
  void samordningsnummerCenturyUsesTheRealDay() {
    // 250676 is day 16 (76 - 60): tomorrow relative to TODAY, so 1925.
    String number = Personnummer.generate(LocalDate.of(1925, 6, 16), 240, true);
    Personnummer p = Personnummer.parse(number.substring(2), TODAY);
    assertEquals(number, p.value());
    assertTrue(p.isSamordningsnummer());
  }

  @Test
  void legalSexFromThirdDigitOfBirthNumber() {
    assertEquals(Sex.MALE, Personnummer.parse("19121212-1212", TODAY).legalSex()); // 121
    assertEquals(Sex.MALE, Personnummer.parse("640823-3234", TODAY).legalSex()); // 323
    assertEquals(Sex.FEMALE, Personnummer.parse("196101182803", TODAY).legalSex()); // 280
    assertEquals(Sex.FEMALE, Personnummer.parse("200001252386", TODAY).legalSex()); // 238
  }

  @Test
  void displayAndMaskedToString() {
    Personnummer p = Personnummer.parse("640823-3234", TODAY);
    assertEquals("19640823-3234", p.display());
    assertEquals("19640823-****", p.toString());
    assertFalse(p.toString().contains("3234"));
  }

  @Test
  void errorMessagesDoNotLeakTheNumber() {
    assertFalse(rejected("196101182804").getMessage().contains("18280"));
  }

  @Test
  void equalityIsOnTheNormalisedValue() {
    Personnummer a = Personnummer.parse("640823-3234", TODAY);
    Personnummer b = Personnummer.parse("196408233234", TODAY);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, Personnummer.parse("19121212-1212", TODAY));
  }

  @Test
  void checkDigit() {
    assertEquals('4', Personnummer.checkDigit("640823323"));
    assertEquals('1', Personnummer.checkDigit("701063239"));
    assertEquals('2', Personnummer.checkDigit("121212121"));
    assertThrows(IllegalArgumentException.class, () -> Personnummer.checkDigit(null));
    assertThrows(IllegalArgumentException.class, () -> Personnummer.checkDigit("64082332"));
    assertThrows(IllegalArgumentException.class, () -> Personnummer.checkDigit("6408233234"));
    assertThrows(IllegalArgumentException.class, () -> Personnummer.checkDigit("64082332a"));
  }

  @Test
  void generateBuildsKnownNumbers() {
    assertEquals("196408233234", Personnummer.generate(LocalDate.of(1964, 8, 23), 323, false));
    assertEquals("197010632391", Personnummer.generate(LocalDate.of(1970, 10, 3), 239, true));
    assertEquals("189002029800", Personnummer.generate(LocalDate.of(1890, 2, 2), 980, false));
  }

  @Test
  void generateRejectsOutOfRangeArguments() {
    LocalDate date = LocalDate.of(1964, 8, 23);
    assertThrows(IllegalArgumentException.class, () -> Personnummer.generate(date, 0, false));
    assertThrows(IllegalArgumentException.class, () -> Personnummer.generate(date, 1000, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> Personnummer.generate(LocalDate.of(1799, 12, 31), 1, false));
    assertThrows(NullPointerException.class, () -> Personnummer.generate(null, 1, false));
  }
}
