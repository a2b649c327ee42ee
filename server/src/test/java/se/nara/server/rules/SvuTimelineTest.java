package se.nara.server.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import se.nara.server.rules.SvuTimeline.MessageType;

class SvuTimelineTest {
  static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

  record Msg(MessageType type, Instant time) {}

  static JsonObject play(List<Msg> messages) {
    JsonObject e = new JsonObject();
    for (Msg m : messages) {
      e = SvuTimeline.apply(e, m.type(), m.time());
    }
    return e;
  }

  @Test
  @DisplayName("utskrivningsklar sets the time and the status")
  void ready() {
    JsonObject e = play(List.of(new Msg(MessageType.INSKRIVNINGSMEDDELANDE, T0), new Msg(MessageType.UTSKRIVNINGSKLAR, T0.plusSeconds(3600))));
    assertEquals("READY_FOR_DISCHARGE", e.get("status").getAsString());
    assertEquals(T0.plusSeconds(3600).toString(), e.get("utskrivningsklarAt").getAsString());
  }

  @Test
  @DisplayName("ej längre utskrivningsklar supersedes an earlier utskrivningsklar even when it arrives first")
  void noLongerReadyWinsByEventTime() {
    Msg ready = new Msg(MessageType.UTSKRIVNINGSKLAR, T0.plusSeconds(3600));
    Msg notReady = new Msg(MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, T0.plusSeconds(7200));
    assertEquals("NO_LONGER_READY", play(List.of(ready, notReady)).get("status").getAsString());
    assertEquals("NO_LONGER_READY", play(List.of(notReady, ready)).get("status").getAsString());
  }

  @Test
  @DisplayName("a new utskrivningsklar after ej längre utskrivningsklar makes the patient ready again")
  void readyAgain() {
    JsonObject e = play(List.of(new Msg(MessageType.UTSKRIVNINGSKLAR, T0), new Msg(MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, T0.plusSeconds(60)),
        new Msg(MessageType.UTSKRIVNINGSKLAR, T0.plusSeconds(120))));
    assertEquals("READY_FOR_DISCHARGE", e.get("status").getAsString());
  }

  @Test
  @DisplayName("a late, older message never moves a time backwards")
  void timesNeverMoveBack() {
    JsonObject e = play(List.of(new Msg(MessageType.UTSKRIVEN, T0.plusSeconds(600)), new Msg(MessageType.UTSKRIVEN, T0)));
    assertEquals(T0.plusSeconds(600).toString(), e.get("utskrivenAt").getAsString());
  }

  static final long DAY = 24 * 3600;

  static Msg msg(MessageType type, double days) {
    return new Msg(type, T0.plusSeconds((long) (days * DAY)));
  }

  static String at(double days) {
    return T0.plusSeconds((long) (days * DAY)).toString();
  }

  /** Every arrival order of the messages. */
  static List<List<Msg>> orders(List<Msg> messages) {
    if (messages.size() <= 1) {
      return List.of(messages);
    }
    List<List<Msg>> out = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      List<Msg> rest = new ArrayList<>(messages);
      Msg head = rest.remove(i);
      for (List<Msg> tail : orders(rest)) {
        List<Msg> order = new ArrayList<>();
        order.add(head);
        order.addAll(tail);
        out.add(order);
      }
    }
    return out;
  }

  @Test
  @DisplayName("a re-sent utskrivningsklar does not restart the clocks: the first of the readiness period stands, in any arrival order")
  void resentReadyKeepsThePeriodStart() {
    for (List<Msg> order : orders(List.of(msg(MessageType.UTSKRIVNINGSKLAR, 0), msg(MessageType.UTSKRIVNINGSKLAR, 2)))) {
      JsonObject e = play(order);
      assertEquals(at(0), e.get("utskrivningsklarAt").getAsString(), order.toString());
      assertEquals("READY_FOR_DISCHARGE", e.get("status").getAsString());
    }
  }

  @Test
  @DisplayName("an utskrivningsklar after ej längre utskrivningsklar starts a new period; one before it belongs to the old period, in any arrival order")
  void withdrawalStartsANewPeriod() {
    List<Msg> messages = List.of(msg(MessageType.UTSKRIVNINGSKLAR, 0), msg(MessageType.UTSKRIVNINGSKLAR, 0.5),
        msg(MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, 1), msg(MessageType.UTSKRIVNINGSKLAR, 2), msg(MessageType.UTSKRIVNINGSKLAR, 3));
    for (List<Msg> order : orders(messages)) {
      JsonObject e = play(order);
      assertEquals(at(2), e.get("utskrivningsklarAt").getAsString(), order.toString());
      assertEquals(at(1), e.get("ejLangreUtskrivningsklarAt").getAsString());
      assertEquals("READY_FOR_DISCHARGE", e.get("status").getAsString());
    }
  }

  @Test
  @DisplayName("with two withdrawals, the period shown is the last one, withdrawn: its start and the later withdrawal, in any arrival order")
  void lastPeriodWithdrawn() {
    List<Msg> messages = List.of(msg(MessageType.UTSKRIVNINGSKLAR, 0), msg(MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, 1),
        msg(MessageType.UTSKRIVNINGSKLAR, 2), msg(MessageType.UTSKRIVNINGSKLAR, 2.5), msg(MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, 4));
    for (List<Msg> order : orders(messages)) {
      JsonObject e = play(order);
      assertEquals(at(2), e.get("utskrivningsklarAt").getAsString(), order.toString());
      assertEquals(at(4), e.get("ejLangreUtskrivningsklarAt").getAsString());
      assertEquals("NO_LONGER_READY", e.get("status").getAsString());
    }
  }

  @Test
  @DisplayName("the kallelse that counts is the first since the withdrawal before the current period, in any arrival order")
  void kallelseOfTheCurrentPeriod() {
    List<Msg> oldPeriodOnly = List.of(msg(MessageType.UTSKRIVNINGSKLAR, 0), msg(MessageType.SIP_KALLELSE, 0.5),
        msg(MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, 1), msg(MessageType.UTSKRIVNINGSKLAR, 2));
    for (List<Msg> order : orders(oldPeriodOnly)) {
      assertFalse(play(order).has("sipKallelseAt"), "a kallelse of the withdrawn period does not answer the new one: " + order);
    }
    List<Msg> both = new ArrayList<>(oldPeriodOnly);
    both.add(msg(MessageType.SIP_KALLELSE, 4));
    both.add(msg(MessageType.SIP_KALLELSE, 3));
    for (List<Msg> order : orders(both)) {
      assertEquals(at(3), play(order).get("sipKallelseAt").getAsString(), order.toString());
    }
    // sent after the withdrawal but before the new readiness: counts for the new period
    JsonObject early = play(List.of(msg(MessageType.UTSKRIVNINGSKLAR, 0), msg(MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, 1),
        msg(MessageType.UTSKRIVNINGSKLAR, 2), msg(MessageType.SIP_KALLELSE, 1.5)));
    assertEquals(at(1.5), early.get("sipKallelseAt").getAsString());
  }

  @Test
  @DisplayName("a readiness withdrawn before discharge does not stand after discharge; one given again does")
  void standingReadinessAfterDischarge() {
    JsonObject withdrawn = play(List.of(msg(MessageType.UTSKRIVNINGSKLAR, 0), msg(MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, 1),
        msg(MessageType.UTSKRIVEN, 2)));
    assertEquals("DISCHARGED", withdrawn.get("status").getAsString());
    assertNull(SvuTimeline.standingReadiness(T0, T0.plusSeconds(DAY)));
    JsonObject readyAgain = play(List.of(msg(MessageType.UTSKRIVNINGSKLAR, 0), msg(MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, 1),
        msg(MessageType.UTSKRIVNINGSKLAR, 1.5), msg(MessageType.UTSKRIVEN, 2)));
    assertEquals(T0.plusSeconds((long) (1.5 * DAY)), SvuTimeline.standingReadiness(
        Instant.parse(readyAgain.get("utskrivningsklarAt").getAsString()),
        Instant.parse(readyAgain.get("ejLangreUtskrivningsklarAt").getAsString())));
    assertEquals(T0, SvuTimeline.standingReadiness(T0, T0), "withdrawn and ready again at the same instant: ready");
    assertEquals(T0, SvuTimeline.standingReadiness(T0, null));
    assertNull(SvuTimeline.standingReadiness(null, T0));
  }

  @Test
  @DisplayName("a late message for a closed episode records its time and keeps the episode closed")
  void closedStaysClosed() {
    JsonObject closed = play(List.of(msg(MessageType.UTSKRIVNINGSKLAR, 0), msg(MessageType.UTSKRIVEN, 1)));
    closed.addProperty("status", "CLOSED");
    for (Msg late : List.of(msg(MessageType.SIP_HALLEN, 5), msg(MessageType.UTSKRIVNINGSKLAR, 4),
        msg(MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, 4), msg(MessageType.INSKRIVNINGSMEDDELANDE, 3))) {
      JsonObject e = SvuTimeline.apply(closed, late.type(), late.time());
      assertEquals("CLOSED", e.get("status").getAsString(), late.toString());
      assertTrue(e.toString().contains(late.time().toString()), "the time is recorded: " + e);
    }
  }

  @Test
  @DisplayName("an episode stored before the history was kept starts it from its stored times")
  void storedTimesStartTheHistory() {
    JsonObject stored = new JsonObject();
    stored.addProperty("status", "READY_FOR_DISCHARGE");
    stored.addProperty("utskrivningsklarAt", at(0));
    stored.addProperty("sipKallelseAt", at(1));
    JsonObject e = SvuTimeline.apply(stored, MessageType.UTSKRIVNINGSKLAR, T0.plusSeconds(2 * DAY));
    assertEquals(at(0), e.get("utskrivningsklarAt").getAsString());
    assertEquals("[\"" + at(0) + "\",\"" + at(2) + "\"]", e.get("utskrivningsklarTimes").toString());
    assertEquals(at(1), e.get("sipKallelseAt").getAsString());
    assertEquals("[]", e.get("ejLangreUtskrivningsklarTimes").toString());
  }

  @Test
  @DisplayName("a re-sent SIP kallelse keeps the first one's time, whatever the arrival order")
  void secondKallelseKeepsTheFirst() {
    Msg ready = new Msg(MessageType.UTSKRIVNINGSKLAR, T0);
    Msg first = new Msg(MessageType.SIP_KALLELSE, T0.plusSeconds(24 * 3600));
    Msg again = new Msg(MessageType.SIP_KALLELSE, T0.plusSeconds(5 * 24 * 3600));
    assertEquals(first.time().toString(), play(List.of(ready, first, again)).get("sipKallelseAt").getAsString());
    assertEquals(first.time().toString(), play(List.of(ready, again, first)).get("sipKallelseAt").getAsString());
  }

  @Test
  @DisplayName("utskriven means discharged, and a 0-dag discharge keeps both times")
  void discharged() {
    JsonObject e = play(List.of(new Msg(MessageType.UTSKRIVNINGSKLAR, T0), new Msg(MessageType.UTSKRIVEN, T0.plusSeconds(5 * 3600))));
    assertEquals("DISCHARGED", e.get("status").getAsString());
    assertEquals(T0.toString(), e.get("utskrivningsklarAt").getAsString());
  }

  @Test
  @DisplayName("inskrivningsmeddelandeLate: more than 24 hours after admission is late, 24 hours exactly is not; no flag without both times")
  void inskrivningsmeddelandeFlag() {
    Msg admitted = new Msg(MessageType.INSKRIVEN, T0);
    for (List<Msg> order : orders(List.of(admitted, new Msg(MessageType.INSKRIVNINGSMEDDELANDE, T0.plusSeconds(DAY))))) {
      assertFalse(play(order).get("inskrivningsmeddelandeLate").getAsBoolean(), "24 h exactly: " + order);
    }
    for (List<Msg> order : orders(List.of(admitted, new Msg(MessageType.INSKRIVNINGSMEDDELANDE, T0.plusSeconds(DAY + 1))))) {
      assertTrue(play(order).get("inskrivningsmeddelandeLate").getAsBoolean(), "24 h and a second: " + order);
    }
    assertFalse(play(List.of(admitted)).has("inskrivningsmeddelandeLate"), "no meddelande yet: undecided");
    assertFalse(play(List.of(new Msg(MessageType.INSKRIVNINGSMEDDELANDE, T0.plusSeconds(5 * DAY)))).has("inskrivningsmeddelandeLate"),
        "no admission time (an integration that does not send INSKRIVEN): never called late");
  }

  @Test
  @DisplayName("a later judgement that insatser are needed restarts the 24 hours; one before the admission does not")
  void insatsbehovMovesTheClock() {
    Msg admitted = new Msg(MessageType.INSKRIVEN, T0);
    Msg meddelande = msg(MessageType.INSKRIVNINGSMEDDELANDE, 3);
    for (List<Msg> order : orders(List.of(admitted, msg(MessageType.INSATSBEHOV_BEDOMT, 2.5), meddelande))) {
      JsonObject e = play(order);
      assertFalse(e.get("inskrivningsmeddelandeLate").getAsBoolean(), "12 h after the judgement: " + order);
      assertEquals(at(2.5), e.get("insatsbehovBedomtAt").getAsString());
    }
    assertTrue(play(List.of(admitted, msg(MessageType.INSATSBEHOV_BEDOMT, 1.5), meddelande)).get("inskrivningsmeddelandeLate").getAsBoolean(),
        "36 h after the judgement");
    assertTrue(play(List.of(admitted, msg(MessageType.INSATSBEHOV_BEDOMT, -1), meddelande)).get("inskrivningsmeddelandeLate").getAsBoolean(),
        "a judgement before admission: the 24 hours run from the admission");
  }

  @Test
  @DisplayName("a re-sent inskrivningsmeddelande keeps the first one's time, so a timely one stays timely, in any arrival order")
  void resentInskrivningsmeddelandeKeepsTheFirst() {
    List<Msg> messages = List.of(new Msg(MessageType.INSKRIVEN, T0), msg(MessageType.INSKRIVNINGSMEDDELANDE, 0.5),
        msg(MessageType.INSKRIVNINGSMEDDELANDE, 3), msg(MessageType.INSKRIVEN, 0.25));
    for (List<Msg> order : orders(messages)) {
      JsonObject e = play(order);
      assertEquals(at(0.5), e.get("inskrivningsmeddelandeAt").getAsString(), order.toString());
      assertEquals(T0.toString(), e.get("inskrivenAt").getAsString(), "the earliest admission time stands");
      assertFalse(e.get("inskrivningsmeddelandeLate").getAsBoolean());
    }
  }

  @Test
  @DisplayName("an episode stored before admissions were sent keeps working: an INSKRIVEN message later decides the flag from its stored meddelande")
  void storedEpisodeGetsTheFlagLater() {
    JsonObject stored = new JsonObject();
    stored.addProperty("status", "ADMITTED");
    stored.addProperty("inskrivningsmeddelandeAt", at(2));
    JsonObject e = SvuTimeline.apply(stored, MessageType.INSKRIVEN, T0);
    assertTrue(e.get("inskrivningsmeddelandeLate").getAsBoolean(), e.toString());
    assertEquals("ADMITTED", e.get("status").getAsString());
  }

  @Test
  @DisplayName("readiness periods: each withdrawal ends one; a kallelse belongs to the period it was sent in, or the next one when sent after a withdrawal")
  void periods() {
    List<Msg> messages = List.of(msg(MessageType.UTSKRIVNINGSKLAR, 0), msg(MessageType.UTSKRIVNINGSKLAR, 1),
        msg(MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, 5), msg(MessageType.SIP_KALLELSE, 6), msg(MessageType.UTSKRIVNINGSKLAR, 7));
    for (List<Msg> order : orders(messages)) {
      List<SvuTimeline.ReadinessPeriod> periods = SvuTimeline.periods(play(order));
      assertEquals(List.of(
          new SvuTimeline.ReadinessPeriod(T0, T0.plusSeconds(5 * DAY), null),
          new SvuTimeline.ReadinessPeriod(T0.plusSeconds(7 * DAY), null, T0.plusSeconds(6 * DAY))), periods, order.toString());
    }
    // before the new utskrivningsklar: the kallelse after the withdrawal is not the withdrawn period's
    JsonObject withdrawn = play(List.of(msg(MessageType.UTSKRIVNINGSKLAR, 0), msg(MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, 5),
        msg(MessageType.SIP_KALLELSE, 6)));
    assertEquals(List.of(new SvuTimeline.ReadinessPeriod(T0, T0.plusSeconds(5 * DAY), null)), SvuTimeline.periods(withdrawn));
    assertEquals(at(6), withdrawn.get("sipKallelseAt").getAsString(), "the episode still shows that a kallelse went out");
    // withdrawn and ready again at the same instant: two periods, the kallelse at that instant is the second's
    JsonObject same = play(List.of(msg(MessageType.UTSKRIVNINGSKLAR, 0), msg(MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, 2),
        msg(MessageType.UTSKRIVNINGSKLAR, 2), msg(MessageType.SIP_KALLELSE, 2)));
    assertEquals(List.of(new SvuTimeline.ReadinessPeriod(T0, T0.plusSeconds(2 * DAY), null),
        new SvuTimeline.ReadinessPeriod(T0.plusSeconds(2 * DAY), null, T0.plusSeconds(2 * DAY))), SvuTimeline.periods(same));
    assertEquals(List.of(), SvuTimeline.periods(play(List.of(msg(MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, 1)))));
  }

  @Test
  @DisplayName("an episode stored before the histories were kept has one period, from its stored times")
  void periodsOfAStoredEpisode() {
    JsonObject stored = new JsonObject();
    stored.addProperty("utskrivningsklarAt", at(0));
    stored.addProperty("ejLangreUtskrivningsklarAt", at(4));
    stored.addProperty("sipKallelseAt", at(2));
    assertEquals(List.of(new SvuTimeline.ReadinessPeriod(T0, T0.plusSeconds(4 * DAY), T0.plusSeconds(2 * DAY))), SvuTimeline.periods(stored));
    assertEquals(List.of(), SvuTimeline.periods(new JsonObject()));
  }

  static final List<MessageType> READINESS = List.of(MessageType.UTSKRIVNINGSKLAR, MessageType.EJ_LANGRE_UTSKRIVNINGSKLAR, MessageType.SIP_KALLELSE);

  static List<Msg> readinessMessages(List<Integer> codes) {
    List<Msg> messages = new ArrayList<>();
    for (int code : codes) {
      messages.add(new Msg(READINESS.get(code % 3), T0.plusSeconds(3600L * (code / 3))));
    }
    return messages;
  }

  @Test
  @DisplayName("periods agree with the episode's times, in any arrival order, and nothing after a withdrawal changes the withdrawn period")
  void periodsProperties() {
    qt().withExamples(400)
        .forAll(lists().of(integers().between(0, 3 * 240 - 1)).ofSizeBetween(1, 10), integers().between(0, 3 * 240 - 1),
            integers().between(0, 10_000))
        .checkAssert((codes, extraCode, seed) -> {
          List<Msg> messages = readinessMessages(codes);
          JsonObject e = play(messages);
          List<SvuTimeline.ReadinessPeriod> periods = SvuTimeline.periods(e);
          List<Msg> shuffled = new ArrayList<>(messages);
          Collections.shuffle(shuffled, new Random(seed));
          assertEquals(periods, SvuTimeline.periods(play(shuffled)));
          if (!periods.isEmpty()) {
            SvuTimeline.ReadinessPeriod last = periods.get(periods.size() - 1);
            assertEquals(last.start().toString(), e.get("utskrivningsklarAt").getAsString());
            assertEquals(last.withdrawnAt() == null, SvuTimeline.standingReadiness(last.start(),
                e.has("ejLangreUtskrivningsklarAt") ? Instant.parse(e.get("ejLangreUtskrivningsklarAt").getAsString()) : null) != null);
            if (last.withdrawnAt() == null) {
              assertEquals(last.kallelseAt() == null ? null : last.kallelseAt().toString(),
                  e.has("sipKallelseAt") ? e.get("sipKallelseAt").getAsString() : null);
            }
          }
          Msg extra = readinessMessages(List.of(extraCode)).get(0);
          List<Msg> more = new ArrayList<>(messages);
          more.add(extra);
          List<SvuTimeline.ReadinessPeriod> after = SvuTimeline.periods(play(more));
          for (int i = 0; i < periods.size(); i++) {
            Instant w = periods.get(i).withdrawnAt();
            if (w != null && extra.time().isAfter(w)) {
              assertEquals(periods.get(i), after.get(i), "period " + i + " after " + extra);
            }
          }
        });
  }

  @Test
  @DisplayName("the arrival order of the same messages never changes the outcome")
  void orderDoesNotMatter() {
    qt().withExamples(300)
        .forAll(lists().of(integers().between(0, MessageType.values().length * 100 - 1)).ofSizeBetween(1, 8), integers().between(0, 10_000))
        .checkAssert(
            (codes, shuffleSeed) -> {
              List<Msg> messages = new ArrayList<>();
              for (int code : codes) {
                MessageType type = MessageType.values()[code / 100];
                if (type != MessageType.BERAKNAD_UTSKRIVNING) { // an estimate is "latest received", by design
                  messages.add(new Msg(type, T0.plusSeconds(60L * (code % 100))));
                }
              }
              List<Msg> shuffled = new ArrayList<>(messages);
              Collections.shuffle(shuffled, new Random(shuffleSeed));
              assertEquals(play(messages), play(shuffled));
            });
  }
}
