package se.nara.server.audit;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUIDs that sort by creation time (the RFC 9562 version 7 layout: 48 bits of Unix milliseconds,
 * then random bits).
 *
 * <p>Why for the access log: its primary key index takes one entry per logged access, hundreds per
 * push. Random UUIDs land on random index pages, so every push batch dirtied and wrote back pages
 * all over the index; time-ordered ones all go to its last pages.
 */
final class TimeOrderedId {
  private TimeOrderedId() {}

  static String next(long epochMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
