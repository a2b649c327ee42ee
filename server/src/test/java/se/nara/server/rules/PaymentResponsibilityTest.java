package se.nara.server.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import se.nara.server.rules.PaymentResponsibility.DayKind;
import se.nara.server.rules.PaymentResponsibility.Status;

class PaymentResponsibilityTest {
  static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  static final PaymentResponsibility CALENDAR = PaymentResponsibility.DEFAULT;
  static final PaymentResponsibility WEEKDAYS = new PaymentResponsibility(3, DayKind.WEEKDAYS, STOCKHOLM);
  static final Instant MONDAY = Instant.parse("2026-11-23T09:00:00Z"); // 10:00 in Stockholm
  static final Instant MEDDELANDE = Instant.parse("2026-11-18T09:00:00Z");

  @Test
  @DisplayName("by default three calendar days: utskrivningsklar on a Monday, responsibility from Thursday 00:00 Swedish time")
  void defaultRule() {
    assertEquals(3, CALENDAR.days());
    assertEquals(DayKind.CALENDAR, CALENDAR.dayKind());
    assertEquals("3 kalenderdagar", CALENDAR.describe());
    assertEquals(LocalDate.of(2026, 11, 26), CALENDAR.startDate(MONDAY, MEDDELANDE));
    assertEquals(Instant.parse("2026-11-25T23:00:00Z"), CALENDAR.startsAt(MONDAY, MEDDELANDE));
    Instant friday = Instant.parse("2026-11-27T09:00:00Z");
    assertEquals(LocalDate.of(2026, 11, 30), CALENDAR.startDate(friday, MEDDELANDE), "calendar days run over the weekend");
    // the day of the notice is the Swedish date: 22:30Z is 23:30 on Monday in Stockholm, 23:30Z is Tuesday
    assertEquals(LocalDate.of(2026, 11, 26), CALENDAR.startDate(Instant.parse("2026-11-23T22:30:00Z"), MEDDELANDE));
    assertEquals(LocalDate.of(2026, 11, 27), CALENDAR.startDate(Instant.parse("2026-11-23T23:30:00Z"), MEDDELANDE),
        "00:30 on Tuesday in Stockholm is Tuesday's notice");
  }

  @Test
  @DisplayName("configured as vardagar: a Friday's notice starts it on Wednesday, Easter and Christmas do not count")
  void weekdayRule() {
    assertEquals("3 vardagar", WEEKDAYS.describe());
    assertEquals(LocalDate.of(2026, 11, 26), WEEKDAYS.startDate(MONDAY, MEDDELANDE));
    assertEquals(LocalDate.of(2026, 12, 2), WEEKDAYS.startDate(Instant.parse("2026-11-27T09:00:00Z"), MEDDELANDE));
    assertEquals(LocalDate.of(2026, 4, 9), WEEKDAYS.startDate(Instant.parse("2026-04-02T08:00:00Z"), Instant.parse("2026-03-30T08:00:00Z")));
    assertEquals("1 vardag", new PaymentResponsibility(1, DayKind.WEEKDAYS, STOCKHOLM).describe());
    assertEquals(LocalDate.of(2026, 11, 23), new PaymentResponsibility(0, DayKind.CALENDAR, STOCKHOLM).startDate(MONDAY, MEDDELANDE),
        "0 days: from the day of the notice");
  }

  @Test
  @DisplayName("no inskrivningsmeddelande, or no standing utskrivningsklar: the responsibility does not start")
  void needsBothNotices() {
    assertNull(CALENDAR.startDate(MONDAY, null));
    assertNull(CALENDAR.startDate(null, MEDDELANDE));
    Instant later = Instant.parse("2026-12-10T00:00:00Z");
    assertEquals(Status.NO_INSKRIVNINGSMEDDELANDE, CALENDAR.status(MONDAY, null, null, later));
    assertEquals(Status.NOT_READY, CALENDAR.status(null, MEDDELANDE, null, later));
  }

  @Test
  @DisplayName("an inskrivningsmeddelande that came after the utskrivningsklar starts the count on its own day")
  void countsFromWhenBothWereReceived() {
    Instant meddelandeWednesday = Instant.parse("2026-11-25T15:00:00Z");
    assertEquals(LocalDate.of(2026, 11, 28), CALENDAR.startDate(MONDAY, meddelandeWednesday));
  }

  @Test
  @DisplayName("status: not started before the start day, started from its 00:00; discharged before it, it never started")
  void status() {
    Instant starts = CALENDAR.startsAt(MONDAY, MEDDELANDE);
    assertEquals(Status.NOT_STARTED, CALENDAR.status(MONDAY, MEDDELANDE, null, starts.minusMillis(1)));
    assertEquals(Status.STARTED, CALENDAR.status(MONDAY, MEDDELANDE, null, starts));
    assertEquals(Status.DISCHARGED_BEFORE_START, CALENDAR.status(MONDAY, MEDDELANDE, starts.minusSeconds(60), starts.plusSeconds(86400 * 9)));
    assertEquals(Status.STARTED_BEFORE_DISCHARGE, CALENDAR.status(MONDAY, MEDDELANDE, starts.plusSeconds(3600), starts.plusSeconds(86400 * 9)));
    assertEquals(Status.STARTED_BEFORE_DISCHARGE, CALENDAR.status(MONDAY, MEDDELANDE, starts, starts));
  }

  @Test
  @DisplayName("the rule refuses days outside 0-30 and a missing kind or zone")
  void validation() {
    assertThrows(IllegalArgumentException.class, () -> new PaymentResponsibility(-1, DayKind.CALENDAR, STOCKHOLM));
    assertThrows(IllegalArgumentException.class, () -> new PaymentResponsibility(31, DayKind.CALENDAR, STOCKHOLM));
    assertThrows(IllegalArgumentException.class, () -> new PaymentResponsibility(3, null, STOCKHOLM));
    assertThrows(IllegalArgumentException.class, () -> new PaymentResponsibility(3, DayKind.WEEKDAYS, null));
  }

  /** A time somewhere in 2025-2028, to the minute. */
  static Instant minute(long m) {
    return Instant.parse("2025-01-01T00:00:00Z").plusSeconds(60 * m);
  }

  static final long FOUR_YEARS = 4L * 366 * 24 * 60;

  @Test
  @DisplayName("calendar days: the start day is exactly n Swedish dates after the later notice, whichever came first")
  void calendarProperty() {
    qt().forAll(longs().between(0, FOUR_YEARS), longs().between(0, FOUR_YEARS), integers().between(0, 30))
        .checkAssert((klar, meddelande, n) -> {
          PaymentResponsibility rule = new PaymentResponsibility(n, DayKind.CALENDAR, STOCKHOLM);
          Instant later = minute(Math.max(klar, meddelande));
          LocalDate start = rule.startDate(minute(klar), minute(meddelande));
          assertEquals((long) n, ChronoUnit.DAYS.between(LocalDate.ofInstant(later, STOCKHOLM), start));
          assertEquals(start, LocalDate.ofInstant(rule.startsAt(minute(klar), minute(meddelande)), STOCKHOLM));
          assertFalse(rule.startsAt(minute(klar), minute(meddelande)).isAfter(later.plusSeconds((n + 1) * 86400L + 3600)));
        });
  }

  @Test
  @DisplayName("vardagar: the start day is a vardag, never earlier than with calendar days, and a later notice never starts it earlier")
  void weekdayProperty() {
    qt().forAll(longs().between(0, FOUR_YEARS), longs().between(0, 3 * 24 * 60), integers().between(1, 30))
        .checkAssert((klar, delay, n) -> {
          PaymentResponsibility weekdays = new PaymentResponsibility(n, DayKind.WEEKDAYS, STOCKHOLM);
          PaymentResponsibility calendar = new PaymentResponsibility(n, DayKind.CALENDAR, STOCKHOLM);
          LocalDate start = weekdays.startDate(minute(klar), minute(0));
          assertTrue(SwedishCalendar.isWeekday(start), start.toString());
          assertFalse(start.isBefore(calendar.startDate(minute(klar), minute(0))));
          assertFalse(weekdays.startDate(minute(klar + delay), minute(0)).isBefore(start));
        });
  }

  @Test
  @DisplayName("status agrees with the start moment, for any times")
  void statusProperty() {
    qt().forAll(longs().between(0, FOUR_YEARS), longs().between(0, 20 * 24 * 60), longs().between(-1, 20 * 24 * 60))
        .checkAssert((klar, now, utskriven) -> {
          Instant k = minute(klar);
          Instant starts = CALENDAR.startsAt(k, MEDDELANDE);
          Instant n = minute(klar + now);
          Instant u = utskriven < 0 ? null : minute(klar + utskriven);
          Status s = CALENDAR.status(k, MEDDELANDE, u, n);
          if (u == null) {
            assertEquals(n.isBefore(starts) ? Status.NOT_STARTED : Status.STARTED, s);
          } else {
            assertEquals(u.isBefore(starts) ? Status.DISCHARGED_BEFORE_START : Status.STARTED_BEFORE_DISCHARGE, s);
          }
        });
  }
}
