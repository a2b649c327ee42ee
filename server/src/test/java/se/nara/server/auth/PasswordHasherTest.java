package se.nara.server.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher(1000);

  @Test
  void verifiesTheRightPasswordOnly() {
    String hash = hasher.hash("korrekt häst".toCharArray());
    assertTrue(hasher.verify("korrekt häst".toCharArray(), hash));
    assertFalse(hasher.verify("korrekt hast".toCharArray(), hash));
    assertFalse(hasher.verify("".toCharArray(), hash));
  }

  @Test
  void saltsEveryHash() {
    assertNotEquals(hasher.hash("demo".toCharArray()), hasher.hash("demo".toCharArray()));
  }

  @Test
  void hashesCarryTheirIterationCountSoOldHashesStillVerify() {
    String cheap = new PasswordHasher(500).hash("pw".toCharArray());
    assertTrue(cheap.startsWith("pbkdf2-sha256$500$"));
    assertTrue(new PasswordHasher(2000).verify("pw".toCharArray(), cheap));
  }

  @Test
  void rejectsGarbageHashes() {
    assertFalse(hasher.verify("pw".toCharArray(), null));
    assertFalse(hasher.verify("pw".toCharArray(), "plain"));
    assertFalse(hasher.verify("pw".toCharArray(), "pbkdf2-sha256$x$y$z"));
    assertFalse(hasher.verify("pw".toCharArray(), "md5$1$AAAA$BBBB"));
  }
}
