package se.nara.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import se.nara.server.rules.PaymentResponsibility;
import se.nara.server.rules.PaymentResponsibility.DayKind;

class MainOptionsTest {
  @Test
  @DisplayName("betalningsansvar options: 3 calendar days unless told otherwise; weekdays and another count when given")
  void paymentOptions() {
    Main defaults = new Main();
    new CommandLine(defaults).parseArgs();
    if (System.getenv("NARA_PAYMENT_DAYS") == null && System.getenv("NARA_PAYMENT_DAY_KIND") == null) {
      assertEquals(PaymentResponsibility.DEFAULT, Main.paymentRule(defaults.paymentDays, defaults.paymentDayKind));
    }
    Main given = new Main();
    new CommandLine(given).parseArgs("--payment-days", "5", "--payment-day-kind", "Weekdays");
    PaymentResponsibility rule = Main.paymentRule(given.paymentDays, given.paymentDayKind);
    assertEquals(5, rule.days());
    assertEquals(DayKind.WEEKDAYS, rule.dayKind());
    assertEquals("Europe/Stockholm", rule.zone().getId());
  }

  @Test
  @DisplayName("a bad betalningsansvar option is refused with a message naming it, and the server does not start")
  void badPaymentOptions() {
    IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> Main.paymentRule(3, "vardagar"));
    assertTrue(kind.getMessage().contains("--payment-day-kind"), kind.getMessage());
    IllegalArgumentException days = assertThrows(IllegalArgumentException.class, () -> Main.paymentRule(31, "calendar"));
    assertTrue(days.getMessage().contains("--payment-days"), days.getMessage());
    assertEquals(2, new CommandLine(new Main()).execute("--payment-days", "-1", "--port", "0", "--no-demo-data",
        "--jdbc-url", "jdbc:sqlite::memory:"));
  }
}
