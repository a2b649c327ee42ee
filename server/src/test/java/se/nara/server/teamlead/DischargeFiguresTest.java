package se.nara.server.teamlead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import se.nara.sdk.model.SipAssessment;
import se.nara.server.teamlead.DischargeFigures.SipStatus;

class DischargeFiguresTest {
  final DischargeFigures skane = DischargeFigures.SKANE;
  final Instant klar = Instant.parse("2026-11-20T09:00:00Z"); // 10:00 in Stockholm

  @Test
  @DisplayName("a discharge on the day the patient became utskrivningsklar counts as 0 days, in Swedish local time")
  void zeroDay() {
    assertEquals(0, skane.days(klar, Instant.parse("2026-11-20T22:59:00Z")));
    assertEquals(1, skane.days(klar, Instant.parse("2026-11-20T23:01:00Z")), "00:01 the next day in Stockholm");
    assertEquals(3, skane.days(klar, Instant.parse("2026-11-23T07:00:00Z")));
    assertNull(skane.days(klar, null));
    assertNull(skane.days(null, klar));
  }

  @Test
  @DisplayName("SIP kallelse: within 3 days is in time, later is late; unsent is pending until the deadline passes")
  void sipDeadline() {
    assertEquals(LocalDate.parse("2026-11-23"), skane.sipDeadline(klar));
    assertEquals(SipStatus.SENT_IN_TIME, skane.sipStatus(klar, Instant.parse("2026-11-23T20:00:00Z"), Instant.parse("2026-11-30T00:00:00Z")));
    assertEquals(SipStatus.SENT_LATE, skane.sipStatus(klar, Instant.parse("2026-11-24T08:00:00Z"), Instant.parse("2026-11-30T00:00:00Z")));
    assertEquals(SipStatus.PENDING, skane.sipStatus(klar, null, Instant.parse("2026-11-23T12:00:00Z")));
    assertEquals(SipStatus.OVERDUE, skane.sipStatus(klar, null, Instant.parse("2026-11-24T06:00:00Z")));
    assertEquals(SipStatus.NOT_DUE, skane.sipStatus(null, null, Instant.parse("2026-11-24T06:00:00Z")));
  }

  @Test
  @DisplayName("ställningstagande till SIP: 'behövs inte' stops the deadline; undecided or 'behövs' keeps it; a kallelse sent anyway still counts")
  void sipNotNeeded() {
    Instant late = Instant.parse("2026-11-30T00:00:00Z");
    assertEquals(SipStatus.NOT_NEEDED, skane.sipStatus(klar, null, late, SipAssessment.NOT_NEEDED));
    assertNull(skane.sipDeadline(klar, SipAssessment.NOT_NEEDED));
    assertEquals(SipStatus.NOT_NEEDED, skane.sipStatus(null, null, late, SipAssessment.NOT_NEEDED));
    assertEquals(SipStatus.OVERDUE, skane.sipStatus(klar, null, late, SipAssessment.NEEDED));
    assertEquals(SipStatus.OVERDUE, skane.sipStatus(klar, null, late, SipAssessment.NOT_ASSESSED), "undecided: the deadline runs");
    assertEquals(LocalDate.parse("2026-11-23"), skane.sipDeadline(klar, SipAssessment.NOT_ASSESSED));
    assertEquals(LocalDate.parse("2026-11-23"), skane.sipDeadline(klar, SipAssessment.NEEDED));
    assertEquals(SipStatus.SENT_LATE,
        skane.sipStatus(klar, Instant.parse("2026-11-25T08:00:00Z"), late, SipAssessment.NOT_NEEDED));
  }

  @Test
  @DisplayName("a withdrawn readiness: a kallelse sent after the deadline that ran out while the readiness stood is late; withdrawn in time, nothing is late")
  void withdrawnReadiness() {
    Instant now = Instant.parse("2026-12-10T00:00:00Z");
    Instant kallelse = Instant.parse("2026-11-25T08:00:00Z"); // deadline 2026-11-23
    assertEquals(SipStatus.SENT_LATE,
        skane.withdrawnSipStatus(klar, Instant.parse("2026-11-26T08:00:00Z"), kallelse, now, SipAssessment.NOT_ASSESSED));
    assertEquals(SipStatus.SENT_IN_TIME,
        skane.withdrawnSipStatus(klar, Instant.parse("2026-11-21T08:00:00Z"), kallelse, now, SipAssessment.NOT_ASSESSED),
        "withdrawn before the deadline: no deadline ran out");
    assertEquals(SipStatus.SENT_IN_TIME,
        skane.withdrawnSipStatus(klar, Instant.parse("2026-11-26T08:00:00Z"), Instant.parse("2026-11-22T08:00:00Z"), now,
            SipAssessment.NOT_ASSESSED));
    assertEquals(SipStatus.NOT_DUE,
        skane.withdrawnSipStatus(klar, Instant.parse("2026-11-26T08:00:00Z"), null, now, SipAssessment.NOT_ASSESSED),
        "no deadline runs now");
    assertEquals(SipStatus.NOT_NEEDED,
        skane.withdrawnSipStatus(klar, Instant.parse("2026-11-26T08:00:00Z"), null, now, SipAssessment.NOT_NEEDED));
  }

  @Test
  @DisplayName("the team average is rounded to one decimal and compared with the 2.8-day target")
  void average() {
    assertEquals(1.7, DischargeFigures.average(List.of(0, 2, 3)));
    assertNull(DischargeFigures.average(List.of()));
    assertTrue(skane.meetsTarget(2.8));
    assertFalse(skane.meetsTarget(2.9));
    assertTrue(skane.meetsTarget(null), "no discharges yet is not a miss");
  }
}
