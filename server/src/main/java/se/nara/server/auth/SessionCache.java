package se.nara.server.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bearer tokens checked in the last few seconds, so the two or three requests of one sync do not
 * each read the token, device, account and teams again (two queries per request, a sixth of a
 * small sync's server time).
 *
 * <p>Safety: every change this server makes that ends a session (refresh, sign-out, device
 * revocation) removes the affected entries before it answers, and a lookup that raced with such a
 * change is not stored (the generation check). A change made elsewhere (a second server on the same
 * PostgreSQL database, or SQL by hand) takes effect within {@link #TTL_MILLIS}. An entry never
 * outlives its token.
 */
final class SessionCache {
  /** How long a checked token is trusted without reading the database again. */
  static final long TTL_MILLIS = 5_000;
  /** A bound on memory; reaching it empties the cache (it refills from the database). */
  static final int MAX_ENTRIES = 50_000;

  private record Entry(Principal principal, long validUntil) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  /** The generation to hand back to {@link #put}: read it before reading the database. */
  long generation() {
    return generation.get();
  }

  Principal get(String tokenHash, long now) {
    Entry e = entries.get(tokenHash);
    if (e == null) {
      return null;
    }
    if (now >= e.validUntil()) {
      entries.remove(tokenHash, e);
      return null;
    }
    return e.principal();
  }

  /** Stores a checked session, unless a session ended since {@code generation} was read. */
  void put(String tokenHash, Principal principal, long now, long tokenExpiresAt, long generation) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(tokenHash, new Entry(principal, Math.min(now + TTL_MILLIS, tokenExpiresAt)));
    if (this.generation.get() != generation) {
      // A session ended while this one was being read: it may have been this one.
      entries.remove(tokenHash);
    }
  }

  void forgetToken(String tokenHash) {
    generation.incrementAndGet();
    entries.remove(tokenHash);
  }

  void forgetDevice(String deviceId) {
    generation.incrementAndGet();
    entries.values().removeIf(e -> e.principal().deviceId().equals(deviceId));
  }

  int size() {
    return entries.size();
  }
}
