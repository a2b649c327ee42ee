package se.nara.sdk.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class PersonnummerPropertyTest {
  /** Fixed and in the past, so generated dates are valid both on this date and today. */
  private static final LocalDate REF = LocalDate.of(2025, 6, 15);

  /** 1850 up to REF: under 200 years, so every date has an unambiguous 10-digit form. */
  private static final Gen<LocalDate> BIRTH_DATES =
      integers()
          .between((int) LocalDate.of(1850, 1, 1).toEpochDay(), (int) REF.toEpochDay())
          .map(day -> LocalDate.ofEpochDay(day));

  private static final Gen<Integer> BIRTH_NUMBERS = integers().between(1, 999);

  @Test
  void generatedNumbersParseBack() {
    qt().forAll(BIRTH_DATES, BIRTH_NUMBERS, booleans().all())
        .checkAssert(
            (date, birthNumber, samordning) -> {
              String number = Personnummer.generate(date, birthNumber, samordning);
              Personnummer parsed = Personnummer.parse(number, REF);
              assertEquals(number, parsed.value());
              assertEquals(date, parsed.birthDate());
              assertEquals(samordning, parsed.isSamordningsnummer());
              assertEquals(birthNumber % 2 == 1 ? Sex.MALE : Sex.FEMALE, parsed.legalSex());
              assertTrue(Personnummer.isValid(number));
              assertTrue(Personnummer.isValid(parsed.display()));
            });
  }

  @Test
  void tenDigitFormParsesToTheSameNumber() {
    qt().forAll(BIRTH_DATES, BIRTH_NUMBERS, booleans().all())
        .checkAssert(
            (date, birthNumber, samordning) -> {
              String number = Personnummer.generate(date, birthNumber, samordning);
              // '+' from the year the person turns 100 (Skatteverket), not from the birthday.
              char separator = REF.getYear() - date.getYear() < 100 ? '-' : '+';
              String tenDigits = number.substring(2, 8) + separator + number.substring(8);
              assertEquals(number, Personnummer.parse(tenDigits, REF).value());
            });
  }

  @Test
  void anyOtherCheckDigitIsInvalid() {
    qt().forAll(BIRTH_DATES, BIRTH_NUMBERS, booleans().all())
        .checkAssert(
            (date, birthNumber, samordning) -> {
              String number = Personnummer.generate(date, birthNumber, samordning);
              for (char digit = '0'; digit <= '9'; digit++) {
                if (digit == number.charAt(11)) {
                  continue;
                }
                String changed = number.substring(0, 11) + digit;
                assertFalse(Personnummer.isValid(changed, REF), changed);
                IllegalArgumentException e =
                    assertThrows(
                        IllegalArgumentException.class, () -> Personnummer.parse(changed, REF));
                assertTrue(e.getMessage().contains("check digit"), e.getMessage());
              }
            });
  }

  /** Luhn catches every single-digit substitution in YYMMDDNNN (the century is not covered). */
  @Test
  void anySingleDigitChangeInTheCheckedPartIsInvalid() {
    qt().forAll(BIRTH_DATES, BIRTH_NUMBERS, integers().between(2, 10), integers().between(1, 9))
        .checkAssert(
            (date, birthNumber, position, delta) -> {
              String number = Personnummer.generate(date, birthNumber, false);
              char changedDigit = (char) ('0' + (number.charAt(position) - '0' + delta) % 10);
              String changed =
                  number.substring(0, position) + changedDigit + number.substring(position + 1);
              assertFalse(Personnummer.isValid(changed, REF), changed);
            });
  }
}
