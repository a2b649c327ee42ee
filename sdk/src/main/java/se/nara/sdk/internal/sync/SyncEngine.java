package se.nara.sdk.internal.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import se.nara.sdk.AuthenticationException;
import se.nara.sdk.ProtocolException;
import se.nara.sdk.SyncCancelledException;
import se.nara.sdk.SyncException;
import se.nara.sdk.SyncProgress;
import se.nara.sdk.internal.store.ChangeNotifier;
import se.nara.sdk.SyncResult;
import se.nara.sdk.internal.store.LocalStore;
import se.nara.sdk.internal.store.OutboxEntry;
import java.util.HashSet;
import java.util.Set;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationResult;
import se.nara.sdk.protocol.PullResponse;
import se.nara.sdk.protocol.PushRequest;
import se.nara.sdk.protocol.PushResponse;

/**
 * One sync: push the outbox, then pull until caught up. A lock makes sure only one sync runs
 * at a time per client; a second caller waits and then runs its own (so its changes go too).
 */
public final class SyncEngine {
  private static final Logger LOG = Logger.getLogger("se.nara.sdk.sync");
  static final int PUSH_BATCH = 200;
  static final int PULL_PAGE = 1000;

  private final LocalStore store;
  private final ApiClient api;
  private final Clock clock;
  private final String deviceId;
  private final ChangeNotifier notifier;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean cancelled;
  /** Set for good by {@link #shutdown()}: the client is closing, and no sync runs any more. */
  private volatile boolean shutDown;

  private final OfflineExpiry expiry;
  /** How often a completed sync also checks the device's copies against the server ({@link #verify}). */
  private final java.time.Duration verifyInterval;

  /**
   * Creates the engine.
   *
   * @param maxOffline how long pulled data may go without a completed sync before the device
   *     removes it (see {@link #expireIfOfflineTooLong})
   * @param verifyInterval how often a completed sync also verifies the device's copies against the
   *     server's (see {@link #verify})
   */
  public SyncEngine(
      LocalStore store,
      ApiClient api,
      Clock clock,
      String deviceId,
      ChangeNotifier notifier,
      java.time.Duration maxOffline,
      java.time.Duration verifyInterval) {
    this.verifyInterval = verifyInterval;
    this.store = store;
    this.api = api;
    this.clock = clock;
    this.deviceId = deviceId;
    this.notifier = notifier;
    this.expiry = new OfflineExpiry(store, clock, maxOffline, lock, notifier);
  }

  /**
   * Removes the data pulled from the server when the last completed sync is older than the
   * maximum time offline, keeping the device's own unsent changes. Cheap when not due, so every
   * read calls it; does nothing while a sync runs. Returns whether it removed data now.
   */
  public boolean expireIfOfflineTooLong() {
    return expiry.enforce();
  }

  /** When pulled data will be removed unless a sync completes first, or null if nothing will. */
  public Instant dataExpiresAt() {
    return expiry.expiresAt();
  }

  /** When pulled data was removed for being offline too long, or null if not since the last sync. */
  public Instant dataExpiredAt() {
    return expiry.expiredAt();
  }

  /**
   * Cancels the sync in progress, if any: the call in flight is aborted and the sync ends with
   * {@link SyncCancelledException}. Everything applied before stays applied.
   */
  public void cancel() {
    cancelled = true;
    api.cancelInFlight();
  }

  /**
   * The client is closing: cancels the sync in progress, as {@link #cancel()} does, and every later
   * sync, recovery or hand-over push ends with {@link SyncCancelledException} before it starts.
   * The sync in progress writes nothing more: it stops at its next step, or at the closed store.
   */
  public void shutdown() {
    shutDown = true;
    cancel();
  }

  /**
   * The meta key of the last failed sync's stable code ({@link SyncException#code()}), kept and
   * cleared together with {@code last_error}.
   */
  public static final String LAST_ERROR_CODE = "last_error_code";

  /** Changes held for review that this sync's pulls queued again; guarded by {@code lock}. */
  private int requeuedByPull;

  /** Runs one sync with the stored token. */
  public SyncResult sync() throws SyncException {
    return sync(SyncProgress.NONE);
  }

  /** Runs one sync, reporting progress. */
  public SyncResult sync(SyncProgress progress) throws SyncException {
    lock.lock();
    long started = clock.millis();
    // The sign-in this sync works for, read with its token: what it pulls is written only while
    // nobody else has signed in (NaraClient.login does not wait for a sync, which may be the very
    // one whose progress callback signs the next user in).
    String epoch = null;
    try {
      startUnlessNested();
      String[] signedIn = store.inTransaction(() -> new String[] {store.userEpoch(), store.meta("token")});
      epoch = signedIn[0];
      String token = signedIn[1];
      if (token == null) {
        throw new AuthenticationException("not signed in on this device", 0, ErrorCode.UNAUTHENTICATED.name());
      }
      token = refreshIfExpiring(token, epoch);
      int refetched = 0;
      // A pull from scratch brings exactly what the server holds: that counts as checked.
      boolean fromScratch = store.refetching() || store.meta("cursor") == null;
      if (store.refetching()) {
        // After a server restore: everything afresh first, so queued changes are rebased on the
        // versions the server has now before they go out (see recover).
        refetched = pull(token, progress, epoch);
        finishRefetch();
      }
      requeuedByPull = 0;
      int[] pushed = push(token, progress, epoch);
      int pulled = refetched + pull(token, progress, epoch);
      if (requeuedByPull > 0) {
        // Changes held for review that a restored server never answered are queued again: they
        // go out now, not at some later sync (a gap in the numbers stops here with MUTATION_GAP,
        // for recoverFromServerRestore).
        LOG.warning(requeuedByPull + " changes held for review are unknown to the server (restored from an older backup);"
            + " sending them again");
        int[] again = push(token, progress, epoch);
        for (int i = 0; i < pushed.length; i++) {
          pushed[i] += again[i];
        }
        pulled += pull(token, progress, epoch);
      }
      if (fromScratch) {
        store.setMeta(VERIFIED_AT, Long.toString(clock.millis()));
      } else if (verifyDue()) {
        pulled += verify(token, progress, epoch);
      }
      store.checkUserEpoch(epoch); // a completed sync of the previous user says nothing of this one's data
      expiry.synced(clock.millis());
      store.setMeta("last_error", null);
      store.setMeta(LAST_ERROR_CODE, null);
      SyncResult result =
          new SyncResult(pushed[0], pushed[1], pushed[2], pushed[3], pushed[4], pulled, clock.millis() - started);
      LOG.fine(result.toString());
      return result;
    } catch (LocalStore.UserChanged e) {
      LOG.fine("another user signed in during the sync; it stopped without writing more");
      throw new SyncCancelledException("sync stopped: another user signed in on this device meanwhile");
    } catch (IllegalStateException e) {
      if (shutDown) {
        throw closed(e); // the store was closed under this sync
      }
      throw e;
    } catch (se.nara.sdk.StorageException e) {
      try {
        store.setMeta("last_error", "StorageException: " + e.getMessage());
        store.setMeta(LAST_ERROR_CODE, null);
      } catch (se.nara.sdk.StorageException stillBroken) {
        e.addSuppressed(stillBroken); // the disk is still failing; the exception says it all
      }
      throw e;
    } catch (SyncException e) {
      if (shutDown) {
        throw closed(e); // the store is closed (or closing): nothing is written after close()
      }
      if (ErrorCode.DEVICE_REVOKED.name().equals(e.code())) {
        LOG.warning("this device was revoked; wiping its local data");
        LocalStore.Changes shown = new LocalStore.Changes();
        store.wipe(shown);
        notifier.fire(shown.types, shown.patients); // screens still showing its patients clear
        throw e;
      }
      final SyncException failure = e;
      final String syncEpoch = epoch;
      // The check and the writes are one transaction: a sign-in committed between them would
      // otherwise get the previous user's error, or lose her fresh token to his 401.
      boolean sameUser =
          store.inTransaction(
              () -> {
                if (!java.util.Objects.equals(store.userEpoch(), syncEpoch)) {
                  return false;
                }
                store.setMeta("last_error", failure.getClass().getSimpleName() + ": " + failure.getMessage());
                store.setMeta(LAST_ERROR_CODE, failure.code());
                if (failure instanceof AuthenticationException && failure.httpStatus() == 401) {
                  store.setMeta("token", null);
                }
                return true;
              });
      if (!sameUser) {
        // The previous user's failure (a cancelled call, their token ended by the sign-in) is not
        // the new user's status, and clearing the token would sign her out. To the app it is
        // what it is: a sync stopped because someone else signed in.
        if (e instanceof SyncCancelledException) {
          throw e;
        }
        throw new SyncCancelledException("sync stopped: another user signed in on this device meanwhile", e);
      }
      LOG.log(Level.FINE, "sync failed: " + e.getMessage(), e);
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends every queued change and access-log entry with {@code token}, the credentials of the
   * user who made them, without pulling. Run before another user takes over the device, so no
   * one's changes or reads reach the server under someone else's name.
   */
  public void pushAs(String token) throws SyncException {
    pushAs(token, null);
  }

  /**
   * Like {@link #pushAs(String)}, each batch taken only while {@code userEpoch} is still the
   * device's ({@link LocalStore#userEpoch()}): the hand-over of a user who signed out, which must
   * stop once someone else has signed in and the queue may hold her changes.
   *
   * @throws SyncCancelledException when someone signed in meanwhile (what went before is sent)
   */
  public void pushAs(String token, String userEpoch) throws SyncException {
    lock.lock();
    // The hand-over runs even when the sign-in that asked for it has just cancelled the sync it
    // interrupts (from that sync's own progress callback); that sync still stops afterwards.
    boolean cancelledOuter = cancelled && lock.getHoldCount() > 1;
    cancelled = false;
    try {
      push(token, SyncProgress.NONE, userEpoch);
    } catch (LocalStore.UserChanged e) {
      throw new SyncCancelledException("hand-over stopped: another user signed in on this device meanwhile");
    } finally {
      cancelled |= cancelledOuter;
      lock.unlock();
    }
  }

  /**
   * Nödåtkomst with the stored token. It does not wait for a sync in progress, and nothing it
   * returns enters the local store.
   */
  public se.nara.sdk.protocol.EmergencyAccessResponse emergencyAccess(se.nara.sdk.protocol.EmergencyAccessRequest request)
      throws SyncException {
    String token = store.meta("token");
    if (token == null) {
      throw new AuthenticationException("not signed in on this device", 0, ErrorCode.UNAUTHENTICATED.name());
    }
    return api.emergencyAccess(request, token);
  }

  /**
   * Recovers from a server restored from an older backup: offers the server this device's copies
   * of its records (what the server lost is kept there for a team leader's review), then pulls
   * everything afresh and syncs. Returns how many records the server had lost (kept now, by this
   * device's offer or an earlier one of another device).
   */
  public int recover(SyncProgress progress) throws SyncException {
    lock.lock();
    try {
      startUnlessNested();
      String token = store.meta("token");
      if (token == null) {
        throw new AuthenticationException("not signed in on this device", 0, ErrorCode.UNAUTHENTICATED.name());
      }
      int lost = 0;
      if (!store.refetching()) {
        // Whether the restored server still holds the conflict records of the changes held for
        // review is unknown here: they go out again, numbered as unsent work (a change it had
        // answered gets its recorded answer again; one it lost is merged anew).
        LocalStore.Changes requeued = store.requeueHeld();
        if (requeued.requeued > 0) {
          notifier.fire(requeued.types, requeued.patients);
        }
        long lastAnswered = store.lastAnsweredMutationId();
        String after = null;
        while (true) {
          checkCancelled();
          List<se.nara.sdk.protocol.SyncRecord> batch = store.serverCopies(after, se.nara.sdk.protocol.RecoveryRequest.MAX_RECORDS);
          if (batch.isEmpty() && after != null) {
            break;
          }
          se.nara.sdk.protocol.RecoveryResponse answer =
              api.recover(new se.nara.sdk.protocol.RecoveryRequest(deviceId, lastAnswered, batch), token);
          lost += answer.kept() + answer.keptBefore();
          if (batch.isEmpty()) {
            break;
          }
          after = batch.get(batch.size() - 1).id();
        }
        store.beginRefetch();
        LOG.warning("server restored from an older backup: " + lost + " records it lost are kept there for review;"
            + " pulling everything again");
      }
      sync(progress);
      return lost;
    } finally {
      lock.unlock();
    }
  }

  private void finishRefetch() {
    LocalStore.Removed removed = store.finishRefetch();
    if (removed.removed > 0) {
      LOG.warning(removed.removed + " records the restored server no longer has left this device (kept there for review)");
      notifier.fire(removed.changes.types, removed.changes.patients);
    }
  }

  private boolean verifyDue() {
    String last = store.meta(VERIFIED_AT);
    return last == null || clock.millis() - Long.parseLong(last) >= verifyInterval.toMillis();
  }

  private static final String VERIFIED_AT = "verified_at";

  /**
   * Compares the device's copies of server records with the server's digests up to the cursor
   * (per patient, and for the directory; records changed since are left out on both sides). Should
   * they differ (a record missing, or at another version than the server has: a damaged local file,
   * a fault on either side), the device pulls everything afresh, as after a server restore, keeping
   * its queued and refused work. Returns how many records it pulled again.
   */
  private int verify(String token, SyncProgress progress, String epoch) throws SyncException {
    String cursor = store.meta("cursor");
    if (cursor == null) {
      return 0;
    }
    se.nara.sdk.protocol.VerifyResponse server;
    try {
      server = api.verify(cursor, token);
    } catch (se.nara.sdk.ProtocolException | se.nara.sdk.ServerException | se.nara.sdk.OfflineException e) {
      // The push and the pull went through; a check that could not run now does not undo them.
      if (e.httpStatus() == 404) {
        store.setMeta(VERIFIED_AT, Long.toString(clock.millis())); // a server from before verification
      }
      LOG.log(Level.FINE, "verification skipped: " + e.getMessage(), e);
      return 0;
    }
    java.util.Map<String, long[]> local = store.serverCopyDigests(new java.util.HashSet<>(server.changedSince()));
    int differing = 0;
    for (se.nara.sdk.protocol.VerifyResponse.ScopeDigest scope : server.scopes()) {
      long[] mine = local.get(scope.patientId() == null ? "" : scope.patientId());
      long count = mine == null ? 0 : mine[0];
      String digest = se.nara.sdk.protocol.RecordDigest.hex(mine == null ? 0 : mine[1]);
      if (count != scope.count() || !digest.equals(scope.digest())) {
        differing++;
      }
    }
    store.setMeta(VERIFIED_AT, Long.toString(clock.millis()));
    if (differing == 0) {
      return 0;
    }
    LOG.warning("this device's copies differ from the server's for " + differing
        + " patient(s) or the directory; pulling everything afresh (queued and refused work stays)");
    store.checkUserEpoch(epoch);
    store.beginRefetch();
    int pulled = pull(token, progress, epoch);
    finishRefetch();
    return pulled;
  }

  /** Whether a sync is running right now. */
  public boolean isRunning() {
    return lock.isLocked();
  }

  /** Trades a token that expires within two hours for a fresh one, so a shift never stalls. */
  private String refreshIfExpiring(String token, final String epoch) throws SyncException {
    String expires = store.meta("token_expires_at");
    if (expires == null || Instant.parse(expires).isAfter(clock.instant().plusSeconds(2 * 3600))) {
      return token;
    }
    final se.nara.sdk.protocol.LoginResponse fresh = api.refresh(token);
    store.inTransaction(
        () -> {
          store.checkUserEpoch(epoch); // never the previous user's token over the new user's
          store.setMeta("token", fresh.token());
          store.setMeta("token_expires_at", fresh.expiresAt() == null ? null : fresh.expiresAt().toString());
          return null;
        });
    return fresh.token();
  }

  /**
   * A new sync or recovery starts uncancelled; one called from inside another (from a progress
   * callback, on the sync's own thread) must not clear a cancel meant for the outer one.
   */
  private void startUnlessNested() throws SyncCancelledException {
    if (lock.getHoldCount() == 1) {
      cancelled = false;
    }
    if (shutDown) {
      throw closed(null);
    }
  }

  private void checkCancelled() throws SyncCancelledException {
    if (shutDown) {
      throw closed(null);
    }
    if (cancelled) {
      throw new SyncCancelledException();
    }
  }

  private static SyncCancelledException closed(Exception cause) {
    return new SyncCancelledException("sync stopped: the client was closed", cause);
  }


  /**
   * Sends the queued changes with {@code token}. With a {@code userEpoch}, each batch is taken only
   * while that user is still the one signed in: after another user signs in, the queue holds the
   * new user's changes, which must never go out with the previous user's token.
   */
  private int[] push(String token, SyncProgress progress, final String userEpoch) throws SyncException {
    int total = (int) store.pendingStats()[0];
    int sent = 0;
    int applied = 0;
    int merged = 0;
    int conflicts = 0;
    int rejected = 0;
    int renumbered = 0;
    while (true) {
      checkCancelled();
      List<OutboxEntry> batch =
          userEpoch == null
              ? store.pendingBatch(PUSH_BATCH)
              : store.inTransaction(() -> {
                  store.checkUserEpoch(userEpoch);
                  return store.pendingBatch(PUSH_BATCH);
                });
      if (batch.isEmpty()) {
        break;
      }
      List<Mutation> mutations = new ArrayList<>(batch.size());
      Set<Long> audits = new HashSet<>();
      for (OutboxEntry e : batch) {
        mutations.add(
            new Mutation(deviceId, e.mutationId, e.entityType, e.entityId, e.op, e.baseVersion, e.fields, e.reason, e.deviceTime));
        if (EntityType.AUDIT_ENTRY.wireName().equals(e.entityType)) {
          audits.add(e.mutationId);
        }
      }
      long[] remaining = store.remainingAfter(batch.get(batch.size() - 1).mutationId);
      PushResponse response =
          api.push(
              new PushRequest(deviceId, mutations, (int) remaining[0], remaining[1] < 0 ? null : Instant.ofEpochMilli(remaining[1])),
              token);
      if (response.results().size() != mutations.size()) {
        throw new ProtocolException(
            "the server answered " + response.results().size() + " of " + mutations.size() + " mutations", 200, null, null);
      }
      Set<Long> sentIds = new HashSet<>();
      for (OutboxEntry e : batch) {
        sentIds.add(e.mutationId);
      }
      for (MutationResult r : response.results()) {
        if (r.status() == null || !sentIds.remove(r.mutationId())) {
          throw new ProtocolException(
              "the server's answer to mutation " + r.mutationId() + " has no status or answers no mutation of the batch",
              200, null, null);
        }
      }
      Set<Long> reused = store.applyPushResults(response.results(), response.lastMutationId());
      if (!reused.isEmpty()) {
        // The server knew these numbers as other changes (a database restored from an older copy):
        // they stay queued, numbered again, and go out as new changes.
        LOG.warning("mutation numbers " + reused + " were used before on this device; the changes are queued again as new ones");
        if (++renumbered > 2) {
          throw new ProtocolException("the server keeps answering queued changes as other changes", 200, null, null);
        }
      }
      for (MutationResult r : response.results()) {
        if (reused.contains(r.mutationId())) {
          continue;
        }
        if (audits.contains(r.mutationId())) {
          if (r.status() == se.nara.sdk.protocol.MutationStatus.REJECTED) {
            LOG.warning("the server refused an access-log entry: " + r.code() + " " + r.message());
          }
          continue; // access-log uploads are not the user's changes
        }
        sent++;
        switch (r.status()) {
          case APPLIED:
            applied++;
            break;
          case MERGED:
            merged++;
            break;
          case CONFLICT:
            conflicts++;
            break;
          default:
            rejected++;
        }
      }
      progress.pushed(sent, Math.max(total, sent));
    }
    return new int[] {sent, applied, merged, conflicts, rejected};
  }

  private int pull(String token, SyncProgress progress, String epoch) throws SyncException {
    int pulled = 0;
    String cursor = store.meta("cursor");
    if (cursor == null) {
      expiry.freshPullStarted(clock.millis());
      // First sync: today's visits and their patients first, so the nurse can start at once.
      PullResponse today = api.pullToday(token);
      LocalStore.Changes changes = store.applyPriorityRecords(today, epoch);
      notifier.fire(changes.types, changes.patients);
      progress.priorityDataReady(today.records().size());
    }
    long expected = -1;
    while (true) {
      checkCancelled();
      PullResponse page = api.pull(cursor, PULL_PAGE, token);
      if (expected < 0 && page.estimatedTotal() >= 0) {
        expected = page.estimatedTotal();
      }
      LocalStore.Changes changes = store.applyPullPage(page, epoch);
      requeuedByPull += changes.requeued;
      notifier.fire(changes.types, changes.patients);
      pulled += page.records().size();
      progress.pulled(pulled, (int) expected);
      if (!page.hasMore()) {
        return pulled;
      }
      if (page.nextCursor() == null || page.nextCursor().equals(cursor)) {
        throw new ProtocolException("the server said there is more but did not advance the cursor", 200, null, null);
      }
      cursor = page.nextCursor();
    }
  }

}
