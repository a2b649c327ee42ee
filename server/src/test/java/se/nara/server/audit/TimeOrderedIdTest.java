package se.nara.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdTest {

  @Test
  void idsFromLaterMillisecondsSortAfterEarlierOnesAsText() {
    String previous = TimeOrderedId.next(1_700_000_000_000L);
    for (long t = 1_700_000_000_001L; t < 1_700_000_000_000L + 5_000; t += 7) {
      String next = TimeOrderedId.next(t);
      assertTrue(next.compareTo(previous) > 0, next + " should sort after " + previous);
      previous = next;
    }
  }

  @Test
  void idsAreVersion7RfcVariantUuidsCarryingTheirMillisecond() {
    long millis = 1_763_891_234_567L;
    UUID id = UUID.fromString(TimeOrderedId.next(millis));
    assertEquals(7, id.version());
    assertEquals(2, id.variant());
    assertEquals(millis, id.getMostSignificantBits() >>> 16);
  }

  @Test
  void idsInTheSameMillisecondAreStillUnique() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(TimeOrderedId.next(1_700_000_000_000L));
    }
    assertEquals(100_000, ids.size());
  }
}
