package se.nara.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import se.nara.sdk.protocol.RecordDigest;

/** The record digest both sides compute must be fixed: a device and a server of other versions compare them. */
class RecordDigestTest {
  @Test
  void isFixedAndTellsVersionsAndRetractionsApart() {
    // The first 8 bytes of SHA-256("a:1:0"), computed independently: the wire value must never change.
    long a = RecordDigest.of("a", 1, false);
    assertEquals("6a8bfaa2db98618c", RecordDigest.hex(a));
    assertEquals(a, RecordDigest.of("a", 1, false));
    assertNotEquals(a, RecordDigest.of("a", 2, false));
    assertNotEquals(a, RecordDigest.of("a", 1, true));
    assertNotEquals(a, RecordDigest.of("b", 1, false));
    assertEquals(16, RecordDigest.hex(a).length());
    assertEquals("000000000000000f", RecordDigest.hex(15));
    assertEquals("ffffffffffffffff", RecordDigest.hex(-1));
    // Order does not matter to a sum.
    long b = RecordDigest.of("b", 4, false);
    assertEquals(RecordDigest.hex(a + b), RecordDigest.hex(b + a));
  }
}
