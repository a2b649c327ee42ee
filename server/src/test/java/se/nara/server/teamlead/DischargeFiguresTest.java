package se.nara.server.teamlead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import se.nara.sdk.model.SipAssessment;
import se.nara.server.rules.SvuTimeline;
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

  static final Instant NOW = Instant.parse("2026-12-10T00:00:00Z");

  static SvuTimeline.ReadinessPeriod withdrawnPeriod(Instant withdrawn, Instant kallelse) {
    return new SvuTimeline.ReadinessPeriod(Instant.parse("2026-11-20T09:00:00Z"), withdrawn, kallelse);
  }

  @Test
  @DisplayName("a withdrawn period: a kallelse sent late while it stood is late; none sent and the deadline passed is missed; withdrawn in time, nothing is due")
  void withdrawnPeriod() {
    Instant afterDeadline = Instant.parse("2026-11-26T08:00:00Z"); // deadline 2026-11-23
    assertEquals(SipStatus.SENT_LATE,
        skane.periodSipStatus(withdrawnPeriod(afterDeadline, Instant.parse("2026-11-25T08:00:00Z")), NOW, SipAssessment.NOT_ASSESSED));
    assertEquals(SipStatus.SENT_IN_TIME,
        skane.periodSipStatus(withdrawnPeriod(afterDeadline, Instant.parse("2026-11-22T08:00:00Z")), NOW, SipAssessment.NOT_ASSESSED));
    assertEquals(SipStatus.MISSED, skane.periodSipStatus(withdrawnPeriod(afterDeadline, null), NOW, SipAssessment.NOT_ASSESSED),
        "a missed deadline stays missed after the withdrawal");
    assertEquals("Frist missad: ej kallad medan utskrivningsklar", SipStatus.MISSED.label());
    assertEquals(SipStatus.NOT_DUE,
        skane.periodSipStatus(withdrawnPeriod(Instant.parse("2026-11-23T22:00:00Z"), null), NOW, SipAssessment.NOT_ASSESSED),
        "withdrawn on the deadline's last day (23:00 in Stockholm): the deadline had not run out");
    assertEquals(SipStatus.MISSED,
        skane.periodSipStatus(withdrawnPeriod(Instant.parse("2026-11-23T23:00:00Z"), null), NOW, SipAssessment.NOT_ASSESSED),
        "withdrawn at 00:00 on the day after the deadline: it had run out");
    assertEquals(SipStatus.NOT_NEEDED, skane.periodSipStatus(withdrawnPeriod(afterDeadline, null), NOW, SipAssessment.NOT_NEEDED));
    assertEquals(SipStatus.PENDING,
        skane.periodSipStatus(new SvuTimeline.ReadinessPeriod(klar, null, null), Instant.parse("2026-11-22T08:00:00Z"), SipAssessment.NEEDED),
        "a standing period is judged as before");
  }

  record Msg(SvuTimeline.MessageType type, Instant time) {}

  static JsonObject play(List<Msg> messages) {
    JsonObject e = new JsonObject();
    for (Msg m : messages) {
      e = SvuTimeline.apply(e, m.type(), m.time());
    }
    return e;
  }

  List<SipStatus> verdicts(JsonObject episode) {
    List<SipStatus> out = new ArrayList<>();
    for (SvuTimeline.ReadinessPeriod p : SvuTimeline.periods(episode)) {
      out.add(skane.periodSipStatus(p, NOW, SipAssessment.NOT_ASSESSED));
    }
    return out;
  }

  static final Instant DAY0 = Instant.parse("2026-11-20T09:00:00Z");

  static Msg msg(SvuTimeline.MessageType type, int days) {
    return new Msg(type, DAY0.plusSeconds(days * 86400L));
  }

  @Test
  @DisplayName("(a) no kallelse, deadline passed, then ej längre utskrivningsklar: missed, and still missed once a new utskrivningsklar comes")
  void missedStaysMissed() {
    List<Msg> withdrawn = List.of(msg(SvuTimeline.MessageType.UTSKRIVNINGSKLAR, 0), msg(SvuTimeline.MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, 5));
    assertEquals(List.of(SipStatus.MISSED), verdicts(play(withdrawn)));
    List<Msg> again = new ArrayList<>(withdrawn);
    again.add(msg(SvuTimeline.MessageType.UTSKRIVNINGSKLAR, 7));
    assertEquals(List.of(SipStatus.MISSED, SipStatus.OVERDUE), verdicts(play(again)));
  }

  @Test
  @DisplayName("(b) a kallelse sent after the withdrawal: the withdrawn period stays missed and the new period is answered in time, whatever the arrival order")
  void kallelseAfterAWithdrawalDoesNotFlip() {
    Msg ready = msg(SvuTimeline.MessageType.UTSKRIVNINGSKLAR, 0);
    Msg notReady = msg(SvuTimeline.MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, 5);
    Msg kallelse = msg(SvuTimeline.MessageType.SIP_KALLELSE, 6);
    Msg readyAgain = msg(SvuTimeline.MessageType.UTSKRIVNINGSKLAR, 7);
    assertEquals(List.of(SipStatus.MISSED), verdicts(play(List.of(ready, notReady, kallelse))));
    for (List<Msg> order : List.of(List.of(ready, notReady, kallelse, readyAgain), List.of(readyAgain, kallelse, notReady, ready),
        List.of(kallelse, ready, readyAgain, notReady))) {
      assertEquals(List.of(SipStatus.MISSED, SipStatus.SENT_IN_TIME), verdicts(play(order)), order.toString());
    }
  }

  @Test
  @DisplayName("the verdict of a withdrawn period never changes, whatever readiness or kallelse message with a later event time arrives")
  void withdrawnVerdictIsFinal() {
    List<SvuTimeline.MessageType> types = List.of(SvuTimeline.MessageType.UTSKRIVNINGSKLAR,
        SvuTimeline.MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, SvuTimeline.MessageType.SIP_KALLELSE);
    qt().withExamples(400)
        .forAll(lists().of(integers().between(0, 3 * 60 - 1)).ofSizeBetween(1, 10), integers().between(0, 3 * 60 - 1))
        .checkAssert((codes, extraCode) -> {
          List<Msg> messages = new ArrayList<>();
          for (int code : codes) {
            messages.add(new Msg(types.get(code % 3), DAY0.plusSeconds(6 * 3600L * (code / 3))));
          }
          Msg extra = new Msg(types.get(extraCode % 3), DAY0.plusSeconds(6 * 3600L * (extraCode / 3)));
          JsonObject before = play(messages);
          List<SvuTimeline.ReadinessPeriod> periods = SvuTimeline.periods(before);
          List<SipStatus> verdicts = verdicts(before);
          List<Msg> more = new ArrayList<>(messages);
          more.add(extra);
          List<SipStatus> after = verdicts(play(more));
          for (int i = 0; i < periods.size(); i++) {
            if (periods.get(i).withdrawnAt() != null && extra.time().isAfter(periods.get(i).withdrawnAt())) {
              assertEquals(verdicts.get(i), after.get(i), "period " + i + " of " + messages + " after " + extra);
            }
          }
        });
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
