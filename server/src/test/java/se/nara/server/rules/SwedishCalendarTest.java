package se.nara.server.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SwedishCalendarTest {
  @Test
  @DisplayName("Easter Sunday of known years, the earliest (22 March) and the latest (25 April) among them")
  void easter() {
    assertEquals(LocalDate.of(2024, 3, 31), SwedishCalendar.easterSunday(2024));
    assertEquals(LocalDate.of(2025, 4, 20), SwedishCalendar.easterSunday(2025));
    assertEquals(LocalDate.of(2026, 4, 5), SwedishCalendar.easterSunday(2026));
    assertEquals(LocalDate.of(2027, 3, 28), SwedishCalendar.easterSunday(2027));
    assertEquals(LocalDate.of(2038, 4, 25), SwedishCalendar.easterSunday(2038));
    assertEquals(LocalDate.of(1943, 4, 25), SwedishCalendar.easterSunday(1943));
    assertEquals(LocalDate.of(2285, 3, 22), SwedishCalendar.easterSunday(2285));
    assertEquals(LocalDate.of(2000, 4, 23), SwedishCalendar.easterSunday(2000));
  }

  @Test
  @DisplayName("Easter is a Sunday between 22 March and 25 April in every year 1900-2199")
  void easterIsASundayInItsWindow() {
    qt().forAll(integers().between(1900, 2199)).checkAssert(year -> {
      LocalDate e = SwedishCalendar.easterSunday(year);
      assertEquals(DayOfWeek.SUNDAY, e.getDayOfWeek(), e.toString());
      assertFalse(e.isBefore(LocalDate.of(year, 3, 22)) || e.isAfter(LocalDate.of(year, 4, 25)), e.toString());
    });
  }

  @Test
  @DisplayName("the helgdagar and eves of 2026 are no vardagar; the days around them are")
  void year2026() {
    List<LocalDate> notWeekdays = List.of(
        LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 6), LocalDate.of(2026, 4, 3), LocalDate.of(2026, 4, 6),
        LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 14), LocalDate.of(2026, 6, 19), LocalDate.of(2026, 12, 24),
        LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 31), LocalDate.of(2027, 6, 25));
    for (LocalDate d : notWeekdays) {
      assertFalse(SwedishCalendar.isWeekday(d), d.toString());
    }
    assertTrue(SwedishCalendar.isHoliday(LocalDate.of(2026, 6, 20)), "midsommardagen");
    assertTrue(SwedishCalendar.isHoliday(LocalDate.of(2026, 10, 31)), "alla helgons dag");
    assertTrue(SwedishCalendar.isHoliday(LocalDate.of(2027, 11, 6)), "alla helgons dag 2027");
    assertTrue(SwedishCalendar.isHoliday(LocalDate.of(2026, 5, 24)), "pingstdagen");
    assertFalse(SwedishCalendar.isHoliday(LocalDate.of(2026, 5, 25)), "annandag pingst is no helgdag since 2005");
    for (LocalDate d : List.of(LocalDate.of(2026, 4, 2), LocalDate.of(2026, 4, 7), LocalDate.of(2026, 6, 18),
        LocalDate.of(2026, 6, 22), LocalDate.of(2026, 12, 23), LocalDate.of(2026, 12, 28), LocalDate.of(2026, 11, 20),
        LocalDate.of(2026, 6, 5), LocalDate.of(2026, 5, 25))) {
      assertTrue(SwedishCalendar.isWeekday(d), d.toString());
    }
  }

  @Test
  @DisplayName("the nth vardag after a day skips weekends and helgdagar, and never counts the day itself")
  void plusWeekdays() {
    assertEquals(LocalDate.of(2026, 11, 26), SwedishCalendar.plusWeekdays(LocalDate.of(2026, 11, 23), 3), "Monday + 3: Thursday");
    assertEquals(LocalDate.of(2026, 11, 25), SwedishCalendar.plusWeekdays(LocalDate.of(2026, 11, 20), 3), "Friday + 3: Wednesday");
    assertEquals(LocalDate.of(2026, 11, 25), SwedishCalendar.plusWeekdays(LocalDate.of(2026, 11, 21), 3), "Saturday + 3: Wednesday");
    assertEquals(LocalDate.of(2026, 4, 9), SwedishCalendar.plusWeekdays(LocalDate.of(2026, 4, 2), 3),
        "Skärtorsdagen + 3: Långfredagen and annandag påsk do not count");
    assertEquals(LocalDate.of(2026, 12, 29), SwedishCalendar.plusWeekdays(LocalDate.of(2026, 12, 22), 3),
        "Tuesday 22 Dec + 3: 23 Dec, then julafton, juldagen and the weekend are skipped, 28 and 29 Dec");
    assertEquals(LocalDate.of(2026, 11, 23), SwedishCalendar.plusWeekdays(LocalDate.of(2026, 11, 23), 0));
  }

  @Test
  @DisplayName("for any day and count, exactly n vardagar lie after the day up to and including the result, which is one")
  void plusWeekdaysCountsExactly() {
    qt().forAll(integers().between(0, 300 * 366), integers().between(1, 30)).checkAssert((offset, n) -> {
      LocalDate from = LocalDate.of(1900, 1, 1).plusDays(offset);
      LocalDate to = SwedishCalendar.plusWeekdays(from, n);
      assertTrue(SwedishCalendar.isWeekday(to));
      int count = 0;
      for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
        count += SwedishCalendar.isWeekday(d) ? 1 : 0;
      }
      assertEquals(n, count, from + " + " + n);
    });
  }
}
