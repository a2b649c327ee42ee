package se.nara.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionCacheTest {
  private static Principal on(String device) {
    return new Principal("s1", "Anna", "SJUKSKOTERSKA", device, List.of("team-a"));
  }

  @Test
  void anEntryLastsTheTimeToLiveButNeverBeyondItsToken() {
    SessionCache cache = new SessionCache();
    cache.put("t1", on("d1"), 1_000, Long.MAX_VALUE, cache.generation());
    cache.put("t2", on("d1"), 1_000, 2_000, cache.generation()); // the token expires first
    assertEquals(on("d1"), cache.get("t1", 1_000 + SessionCache.TTL_MILLIS - 1));
    assertNull(cache.get("t1", 1_000 + SessionCache.TTL_MILLIS));
    assertEquals(on("d1"), cache.get("t2", 1_999));
    assertNull(cache.get("t2", 2_000));
    assertEquals(0, cache.size(), "expired entries are dropped when met");
  }

  @Test
  void forgettingATokenOrADeviceTakesOnlyThose() {
    SessionCache cache = new SessionCache();
    cache.put("t1", on("d1"), 0, Long.MAX_VALUE, cache.generation());
    cache.put("t2", on("d1"), 0, Long.MAX_VALUE, cache.generation());
    cache.put("t3", on("d2"), 0, Long.MAX_VALUE, cache.generation());
    cache.put("t4", on("d3"), 0, Long.MAX_VALUE, cache.generation());
    cache.forgetToken("t4");
    assertNull(cache.get("t4", 1));
    cache.forgetDevice("d1");
    assertNull(cache.get("t1", 1));
    assertNull(cache.get("t2", 1));
    assertEquals(on("d2"), cache.get("t3", 1));
  }

  @Test
  void aLookupThatRacedWithAnEndedSessionIsNotKept() {
    SessionCache cache = new SessionCache();
    long before = cache.generation(); // read before the database was
    cache.forgetDevice("d1"); // a revocation commits meanwhile
    cache.put("t1", on("d1"), 0, Long.MAX_VALUE, before);
    assertNull(cache.get("t1", 1), "it may have read the session just before it ended");
    cache.put("t1", on("d1"), 0, Long.MAX_VALUE, cache.generation());
    assertEquals(on("d1"), cache.get("t1", 1));
  }

  @Test
  void theCacheIsBounded() {
    SessionCache cache = new SessionCache();
    for (int i = 0; i <= SessionCache.MAX_ENTRIES; i++) {
      cache.put("t" + i, on("d"), 0, Long.MAX_VALUE, cache.generation());
    }
    assertEquals(1, cache.size(), "full: emptied, then the newest kept");
    assertEquals(on("d"), cache.get("t" + SessionCache.MAX_ENTRIES, 1));
  }
}
