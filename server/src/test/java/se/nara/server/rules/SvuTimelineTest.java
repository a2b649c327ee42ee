package se.nara.server.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    JsonObject e = play(List.of(new Msg(MessageType.UTSKRIVNINGSKLAR, T0.plusSeconds(600)), new Msg(MessageType.UTSKRIVNINGSKLAR, T0)));
    assertEquals(T0.plusSeconds(600).toString(), e.get("utskrivningsklarAt").getAsString());
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
  @DisplayName("the arrival order of the same messages never changes the outcome")
  void orderDoesNotMatter() {
    qt().withExamples(300)
        .forAll(lists().of(integers().between(0, 6 * 100 + 99)).ofSizeBetween(1, 8), integers().between(0, 10_000))
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
