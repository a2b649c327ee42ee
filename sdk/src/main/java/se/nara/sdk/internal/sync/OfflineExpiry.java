package se.nara.sdk.internal.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import se.nara.sdk.internal.store.ChangeNotifier;
import se.nara.sdk.internal.store.LocalStore;

/**
 * The device's maximum time offline: once its pulled data is older than that, the device removes
 * it and keeps only its own unsent work.
 *
 * <p>Why: only the server knows whether a care relationship has ended or a spärr now blocks a
 * patient, and it tells a device at sync. A tablet that stays offline (lost, in a drawer, out of
 * coverage) would otherwise go on showing patients it may no longer have a right to see. The
 * patient data law's reading for mobile devices (DOMAIN.md 5.2) is: purge at the next sync, or
 * after a maximum time offline. Nothing clinical is lost: the outbox and the records it changes
 * stay, and go out at the next sync, which then pulls everything afresh.
 *
 * <p>The clock starts at the last completed sync, or at the start of a pull from scratch (a
 * first sync or the one after an expiry), whichever is later: the data is current as of then.
 * The check is cheap (one comparison) so every read can make it; the removal never runs during a
 * sync, which is about to refresh the data anyway and must not lose its place in the pull.
 */
final class OfflineExpiry {
  private static final Logger LOG = Logger.getLogger("se.nara.sdk.sync");
  static final String EXPIRED_AT = "offline_expired_at";
  static final String FRESH_PULL_AT = "fresh_pull_at";
  static final String LAST_SYNC_AT = "last_sync_at";

  private final LocalStore store;
  private final Clock clock;
  private final Duration maxOffline;
  private final ReentrantLock syncLock;
  private final ChangeNotifier notifier;
  /** Device time after which the pulled data expires; Long.MAX_VALUE when nothing can expire. */
  private volatile long deadline;

  OfflineExpiry(LocalStore store, Clock clock, Duration maxOffline, ReentrantLock syncLock, ChangeNotifier notifier) {
    this.store = store;
    this.clock = clock;
    this.maxOffline = maxOffline;
    this.syncLock = syncLock;
    this.notifier = notifier;
    refresh();
  }

  /** Removes the pulled data if it has expired; returns whether it did so now. */
  boolean enforce() {
    // A change listener or progress callback runs on the syncing thread, where the reentrant
    // lock would let it through: removing pages under a pull in progress would lose them.
    if (clock.millis() <= deadline || syncLock.isHeldByCurrentThread() || !syncLock.tryLock()) {
      return false;
    }
    final LocalStore.Removed expired;
    try {
      refresh(); // what a sync that finished a moment ago wrote
      long now = clock.millis();
      if (now <= deadline) {
        return false;
      }
      expired = store.expireServerCopies(now);
      refresh();
      LOG.warning(String.format(
          "no completed sync for more than %s: removed %d records pulled from the server (%d patients);"
              + " this device's own unsent changes are kept and go out at the next sync, which pulls everything again",
          maxOffline, expired.removed, expired.changes.patients.size()));
    } finally {
      syncLock.unlock();
    }
    // Told without the sync lock, and after the save a read inside it belongs to has committed: a
    // listener that waits for another thread's sync or read must not wait for a lock held here.
    store.afterCommitOrNow(() -> notifier.fire(expired.changes.types, expired.changes.patients));
    return true;
  }

  /** A sync completed at {@code at}: the data is current, and any earlier expiry is over. */
  void synced(long at) {
    store.setMeta(LAST_SYNC_AT, Long.toString(at));
    store.setMeta(EXPIRED_AT, null);
    refresh();
  }

  /** A pull from scratch starts at {@code at}: what it brings is current as of then. */
  void freshPullStarted(long at) {
    store.setMeta(FRESH_PULL_AT, Long.toString(at));
    refresh();
  }

  /** When the pulled data will be removed unless a sync completes first, or null if nothing will. */
  Instant expiresAt() {
    refresh(); // a wipe or another client's sync may have changed what is stored
    long at = deadline;
    return at == Long.MAX_VALUE ? null : Instant.ofEpochMilli(at);
  }

  /** When the pulled data was removed for being too old, or null if it was not since the last sync. */
  Instant expiredAt() {
    String at = store.meta(EXPIRED_AT);
    return at == null ? null : Instant.ofEpochMilli(Long.parseLong(at));
  }

  private void refresh() {
    long basis = Math.max(millis(LAST_SYNC_AT), millis(FRESH_PULL_AT));
    long expiredAt = millis(EXPIRED_AT);
    if (basis == Long.MIN_VALUE || expiredAt >= basis) {
      deadline = Long.MAX_VALUE; // nothing pulled yet, or already removed and nothing pulled since
    } else {
      deadline = basis > Long.MAX_VALUE - maxOffline.toMillis() ? Long.MAX_VALUE : basis + maxOffline.toMillis();
    }
  }

  private long millis(String key) {
    String value = store.meta(key);
    return value == null ? Long.MIN_VALUE : Long.parseLong(value);
  }
}
