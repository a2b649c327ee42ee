package se.nara.server.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import se.nara.server.rules.InskrivningsmeddelandeDeadline.Status;

class InskrivningsmeddelandeDeadlineTest {
  static final Instant ADMITTED = Instant.parse("2026-11-20T08:00:00Z");

  @Test
  @DisplayName("unsent: pending for 24 hours, overdue after; sent: in time up to 24 hours exactly, late after")
  void status() {
    Instant due = ADMITTED.plusSeconds(24 * 3600);
    assertEquals(due, InskrivningsmeddelandeDeadline.due(ADMITTED, null));
    assertEquals(Status.PENDING, InskrivningsmeddelandeDeadline.status(ADMITTED, null, null, due));
    assertEquals(Status.OVERDUE, InskrivningsmeddelandeDeadline.status(ADMITTED, null, null, due.plusMillis(1)));
    assertEquals(Status.SENT_IN_TIME, InskrivningsmeddelandeDeadline.status(ADMITTED, null, due, due.plusSeconds(99_999)));
    assertEquals(Status.SENT_LATE, InskrivningsmeddelandeDeadline.status(ADMITTED, null, due.plusMillis(1), due));
    assertEquals(Status.SENT_IN_TIME, InskrivningsmeddelandeDeadline.status(ADMITTED, null, ADMITTED.minusSeconds(60), due),
        "sent before the admission was recorded: not late");
  }

  @Test
  @DisplayName("without an admission time no deadline runs and nothing is called late")
  void noAdmission() {
    assertEquals(Status.NOT_DUE, InskrivningsmeddelandeDeadline.status(null, null, null, ADMITTED.plusSeconds(9 * 86400)));
    assertEquals(Status.NOT_DUE, InskrivningsmeddelandeDeadline.status(null, ADMITTED, ADMITTED.plusSeconds(9 * 86400), ADMITTED));
    assertNull(InskrivningsmeddelandeDeadline.late(null, ADMITTED, ADMITTED.plusSeconds(9 * 86400)));
    assertNull(InskrivningsmeddelandeDeadline.late(ADMITTED, null, null));
  }

  @Test
  @DisplayName("a judgement after admission that insatser are needed starts the 24 hours; one at or before the admission does not")
  void judgementStartsTheClock() {
    Instant judged = ADMITTED.plusSeconds(3 * 86400);
    assertEquals(judged, InskrivningsmeddelandeDeadline.clockStart(ADMITTED, judged));
    assertEquals(ADMITTED, InskrivningsmeddelandeDeadline.clockStart(ADMITTED, ADMITTED.minusSeconds(1)));
    assertEquals(ADMITTED, InskrivningsmeddelandeDeadline.clockStart(ADMITTED, ADMITTED));
    assertFalse(InskrivningsmeddelandeDeadline.late(ADMITTED, judged, judged.plusSeconds(23 * 3600)));
    assertTrue(InskrivningsmeddelandeDeadline.late(ADMITTED, null, judged.plusSeconds(23 * 3600)));
  }

  @Test
  @DisplayName("24 hours are elapsed hours, also over the change to summer time in Stockholm")
  void elapsedHoursOverDaylightSaving() {
    ZoneId stockholm = ZoneId.of("Europe/Stockholm");
    Instant admitted = ZonedDateTime.of(2026, 3, 28, 12, 0, 0, 0, stockholm).toInstant();
    // 12:30 the next day by the wall clock, but the clocks went forward at 02:00: 23.5 hours later
    Instant sent = ZonedDateTime.of(2026, 3, 29, 12, 30, 0, 0, stockholm).toInstant();
    assertFalse(InskrivningsmeddelandeDeadline.late(admitted, null, sent));
    Instant autumnAdmitted = ZonedDateTime.of(2026, 10, 24, 12, 0, 0, 0, stockholm).toInstant();
    // 11:30 the next day by the wall clock, the clocks went back: 24.5 hours later
    Instant autumnSent = ZonedDateTime.of(2026, 10, 25, 11, 30, 0, 0, stockholm).toInstant();
    assertTrue(InskrivningsmeddelandeDeadline.late(autumnAdmitted, null, autumnSent));
  }

  @Test
  @DisplayName("the flag agrees with the status once the meddelande is sent, for any times")
  void flagAgreesWithStatus() {
    qt().forAll(longs().between(-5 * 86400, 5 * 86400), longs().between(-5 * 86400, 5 * 86400), longs().between(-5 * 86400, 5 * 86400))
        .checkAssert((judged, sent, now) -> {
          Instant j = ADMITTED.plusSeconds(judged);
          Instant s = ADMITTED.plusSeconds(sent);
          Boolean late = InskrivningsmeddelandeDeadline.late(ADMITTED, j, s);
          Status status = InskrivningsmeddelandeDeadline.status(ADMITTED, j, s, ADMITTED.plusSeconds(now));
          assertEquals(late ? Status.SENT_LATE : Status.SENT_IN_TIME, status);
          assertEquals(late, s.isAfter(ADMITTED.plusSeconds(Math.max(0, judged) + 24 * 3600)));
        });
  }
}
