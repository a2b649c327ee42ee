package se.nara.sdk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import se.nara.sdk.internal.store.AccessLog;
import se.nara.sdk.internal.store.ChangeNotifier;
import se.nara.sdk.internal.store.LocalStore;
import se.nara.sdk.internal.store.TypedRecords;
import se.nara.sdk.internal.sync.ApiClient;
import se.nara.sdk.internal.sync.SyncEngine;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.LoginRequest;
import se.nara.sdk.protocol.LoginResponse;

/**
 * The entry point of the SDK: one per device database. Every read and write works offline
 * against the local SQLite store; {@link #sync()} exchanges changes with the server.
 *
 * <pre>{@code
 * NaraClient nara = NaraClient.builder()
 *     .serverUrl("https://nara.example.se")
 *     .databasePath("/data/nara.db")
 *     .build();
 * nara.login("anna.ssk", password);
 * nara.sync();
 * for (Patient p : nara.patients().all()) { ... }
 * nara.signOut(); // end of the shift: works offline too
 * }</pre>
 *
 * <p>Threading: all methods are thread-safe. {@link #sync()} and {@link #login} do network I/O
 * and every other method does disk I/O: call them off the UI thread.
 */
public final class NaraClient implements AutoCloseable {
  private final LocalStore store;
  private final ApiClient api;
  private final SyncEngine engine;
  private final String deviceId;
  private final String deviceName;
  private final Patients patients;
  private final Plans plans;
  private final Checklists checklists;
  private final Medications medications;
  private final Visits visits;
  private final Conflicts conflicts;
  private final Directory directory;
  private final TypedRecords records;
  private final AccessLog accessLog;
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(NaraClient.class.getName());
  private final ChangeNotifier notifier;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  /** The schedulers built for this client, stopped by {@link #close()}; a stopped one may be collected. */
  private final java.util.Set<SyncScheduler> schedulers =
      java.util.Collections.synchronizedSet(
          java.util.Collections.newSetFromMap(new java.util.WeakHashMap<SyncScheduler, Boolean>()));

  /**
   * The database files ({@link Builder#databasePath}) a client of this process has open. Two
   * clients on one file each run their own transactions and syncs: their saves met in SQLite and
   * failed at random with {@code SQLITE_BUSY} ("database is locked") as {@link StorageException}.
   */
  private static final java.util.Set<String> OPEN_FILES = new java.util.HashSet<>();
  /** This client's entry in {@link #OPEN_FILES}, or null for a {@link Builder#storage} provider. */
  private final String openFile;

  private static String claim(String file) {
    if (file == null) {
      return null;
    }
    synchronized (OPEN_FILES) {
      if (!OPEN_FILES.add(file)) {
        throw new IllegalStateException("another NaraClient of this app has " + file + " open: use one client per database"
            + " file for the life of the app (or close() the other first)");
      }
    }
    return file;
  }

  private static void release(String file) {
    if (file != null) {
      synchronized (OPEN_FILES) {
        OPEN_FILES.remove(file);
      }
    }
  }

  private NaraClient(Builder b) {
    Clock clock = b.clock == null ? Clock.systemUTC() : b.clock;
    OkHttpClient http =
        b.httpClient != null
            ? b.httpClient
            : new OkHttpClient.Builder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .callTimeout(60, TimeUnit.SECONDS)
                .build();
    this.openFile = claim(b.databaseFile);
    LocalStore opened = null;
    // Whatever fails from here on (the database, a server URL that is no URL, the first expiry
    // check) must leave the file closed and free again: a claim that outlived a failed build()
    // refused every later build() on the file for the life of the process.
    try {
      opened = LocalStore.open(b.storage);
      this.store = opened;
      this.deviceId = store.deviceId(b.deviceId);
      this.deviceName = b.deviceName;
      this.api = new ApiClient(http, b.serverUrl);
      this.notifier = new ChangeNotifier();
      this.engine = new SyncEngine(store, api, clock, deviceId, notifier, b.maxOffline, b.verifyInterval);
      this.accessLog = new AccessLog(store, clock);
      this.records = new TypedRecords(store, clock, accessLog, notifier, engine::expireIfOfflineTooLong);
      this.patients = new Patients(records, this);
      this.plans = new Plans(records, this, clock);
      this.checklists = new Checklists(records, this, clock);
      this.medications = new Medications(records, this, clock);
      this.visits = new Visits(records, this, clock, b.zone == null ? java.time.ZoneId.of("Europe/Stockholm") : b.zone);
      this.conflicts = new Conflicts(records);
      this.directory = new Directory(records);
      engine.expireIfOfflineTooLong(); // a tablet opened after days in a drawer shows nothing stale
    } catch (RuntimeException | Error e) {
      if (opened != null) {
        try {
          opened.close();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      release(openFile);
      throw e;
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Signs in: checks the credentials with the server, registers this device at its first login,
   * and keeps the token in the local database so later syncs work after an app restart.
   *
   * <p>When someone else was signed in here, or signed out ({@link #signOut()}) before their
   * work could be sent, and left queued changes or local reads, they are first pushed with that
   * user's own stored token, so each person's work reaches the server under their own name. A
   * sync still running for the previous user stops with {@link SyncCancelledException} and writes
   * nothing after the switch, so the new user never sees what it would have pulled for the
   * previous user's teams. A token kept aside at a sign-out is ended on the server once the
   * sign-in is committed, also when the same user signs in again.
   *
   * <p>The teams this answer names are the user's scope until her first sync. When they differ
   * from the previous sign-in's (another team's colleague, or the same user after a change of
   * teams), the data pulled for the previous teams is removed before this returns, and change
   * listeners are told. Records that queued or refused work still needs stay with it, readable
   * only by that work's author until a pull shows their patient in the reader's scope: no read
   * through this client returns, or logs, a patient outside the signed-in user's known scope.
   *
   * @throws AuthenticationException with code {@link #UNSYNCED_CHANGES_OF_ANOTHER_USER} when the
   *     previous user's queue could not be sent (no network, or their token has expired): nothing
   *     is switched, and the previous user must sign in and sync first
   */
  public Session login(String username, char[] password) throws SyncException {
    LoginResponse response;
    try {
      response = api.login(new LoginRequest(username, new String(password), deviceId, deviceName, store.deviceSecret()));
    } catch (AuthenticationException e) {
      if (ErrorCode.DEVICE_REVOKED.name().equals(e.code())) {
        wipe();
      }
      throw e;
    }
    // The previous user: the one signed in, or, after a sign-out, the one who signed out last.
    LocalStore.LastUser last = store.lastUser();
    String previous = last.staffId;
    boolean newUser = !response.staffId().equals(previous);
    boolean forget = otherTeams(previous, last.teamIds, response);
    if ((newUser && previous != null || forget) && engine.isRunning()) {
      // The running sync works for someone who is leaving, or for teams she has left; it writes
      // nothing more once the switch below is committed, and need not go on fetching.
      engine.cancel();
    }
    handOver(response, last);
    // Read after the hand-over, which may have refreshed it. A token kept aside at a sign-out is
    // replaced by any sign-in, hers too: her queue goes with her new token from now on.
    LocalStore.LastUser before = store.lastUser();
    String replacedToken =
        ((newUser && previous != null) || !before.signedIn) && !response.token().equals(before.token) ? before.token : null;
    Session session =
        new Session(response.staffId(), response.staffName(), response.profession(), response.teamIds());
    // One transaction: a crash must never leave one user's token with another user's name, and a
    // sync still running for the previous user must never see the new token with the old teams'
    // data or cursor. It does not wait for that sync (its progress callback may be what signs the
    // next user in); the new user epoch makes it stop before it writes anything more.
    LocalStore.Removed removed =
        store.switchUser(
            forget,
            newUser || !last.signedIn || forget,
            () -> {
              // A reinstalled app on a known device must not reuse mutation numbers the server has seen.
              store.ensureMutationCounterAbove(response.lastMutationId());
              store.setMeta("token", response.token());
              store.setMeta("token_expires_at", response.expiresAt() == null ? null : response.expiresAt().toString());
              store.setMeta("staff_id", session.staffId());
              store.setMeta("staff_name", session.staffName());
              store.setMeta("profession", session.profession());
              store.setMeta("team_ids", String.join(",", session.teamIds()));
              return null;
            });
    continueNumberingAfterRename(response);
    if (replacedToken != null) {
      endSessionOnServer(replacedToken);
    }
    if (forget) {
      LOG.info("signed in for other teams than the previous sign-in's: removed " + removed.removed
          + " records of the previous teams; what stays for unsettled work is readable only by its author");
      notifier.fire(removed.changes.types, removed.changes.patients);
    }
    // Whoever signs in now has had none of their reads logged here yet.
    accessLog.forget();
    return session;
  }

  /**
   * The first sign-in after this database's upper-case device id was rewritten in lower case: to
   * a server that compares ids as text that may be a device it has never seen, whose numbering
   * starts at 0, while this device's queued changes carry the numbers it used before. Their push
   * would be stopped with {@code MUTATION_GAP}, as after a restore, although nothing was lost.
   * The server is told where the numbering stands instead (a recovery that offers no records).
   * Should that fail, the next sign-in tries again, and meanwhile a push stopped with {@code
   * MUTATION_GAP} is recovered as after a restore.
   */
  private void continueNumberingAfterRename(LoginResponse response) {
    if (store.meta(LocalStore.DEVICE_ID_RENAMED_FROM) == null) {
      return;
    }
    long lastAnswered = store.lastAnsweredMutationId();
    try {
      if (response.lastMutationId() < lastAnswered) {
        api.recover(new se.nara.sdk.protocol.RecoveryRequest(deviceId, lastAnswered,
            java.util.Collections.<se.nara.sdk.protocol.SyncRecord>emptyList()), response.token());
      }
      store.setMeta(LocalStore.DEVICE_ID_RENAMED_FROM, null);
    } catch (SyncException e) {
      LOG.warning("could not tell the server where this device's numbering stands after its id was written in lower case: "
          + e.getMessage());
    }
  }

  /**
   * Signs the current user out, for the end of a shift on a shared tablet: afterwards nobody is
   * signed in, and nothing on the tablet reads, writes or syncs as her. It never loses her work
   * and never sends it under anyone else's name, and it works without network.
   *
   * <ol>
   *   <li>A sync still running for her is cancelled (it writes nothing more; see {@link
   *       SyncCancelledException}).
   *   <li>Her local session ends, in one local transaction: {@link #session()} returns null,
   *       {@link #hasToken()} false, and every read or write of the local data ({@code
   *       patients()}, {@code checklists()}, {@link #serverCopy}, {@link #syncStateOf}, {@link
   *       #discardRejected}…) throws {@link NotSignedInException} (code {@code UNAUTHENTICATED}),
   *       so no read goes unlogged or is logged under someone who is not there; {@link #sync()},
   *       {@link #recoverFromServerRestore()} and {@link #emergencyAccess} throw {@link
   *       AuthenticationException} code {@code UNAUTHENTICATED}. A process killed during the
   *       sign-out leaves her signed in or signed out, never half of each. Her token is kept
   *       aside in the local database, for the hand-over alone. Then, on the calling thread and
   *       before any network call, every {@link ChangeListener} is told, with every entity type
   *       and every patient that has data on the tablet, so screens showing her patients clear
   *       themselves (a read they make to refresh throws {@link NotSignedInException}).
   *   <li>Her queued changes and local reads are sent with her own kept token (as a colleague's
   *       {@link #login} would), then her session is ended on the server ({@code POST
   *       /api/v1/auth/logout}) and the kept token is deleted.
   * </ol>
   *
   * <p>When step 3 cannot be done now (no network, the server down), the sign-out has still
   * happened, and her queue waits on the tablet under her name with her kept token:
   *
   * <ul>
   *   <li>{@link #sync()} while nobody is signed in (a {@link SyncScheduler} keeps calling it)
   *       tries the hand-over again; it never pulls and never syncs as her.
   *   <li>The next {@link #login} of anyone hands her queue over first, as for a user who did
   *       not sign out. When it cannot (her token expired after its 12 hours, or was ended
   *       elsewhere), a colleague's sign-in is refused with {@link
   *       #UNSYNCED_CHANGES_OF_ANOTHER_USER}; she can always sign in herself (her queue then goes
   *       with her new token) and sign out again.
   * </ul>
   *
   * <p>The data pulled for her teams stays on the tablet for the next user of the same teams;
   * the next sign-in for other teams (a colleague's, or her own after a change of teams)
   * removes it first, as at any sign-in.
   * Signing out while nobody is signed in only retries the hand-over.
   *
   * @return true when nothing of hers is left waiting on the tablet (her queue was sent under
   *     her name, her session ended on the server, her token deleted); false when her queue or
   *     her kept token waits for a later hand-over: tell her ("Dina ändringar skickas i ditt namn
   *     när plattan får nät"). Also false when the server answered that this device is revoked:
   *     the device has then been wiped (records, queue, kept token), as at any contact after a
   *     revocation
   * @throws StorageException when the local database failed; she is then still signed in
   */
  public boolean signOut() {
    // Her sync is cancelled before the switch and again after it: one that read her token just
    // before the switch stops at its next step instead of pulling (which the server logs as
    // her reads) for nobody.
    engine.cancel();
    LocalStore.Changes shown = new LocalStore.Changes();
    boolean signedOut = store.signOut(shown);
    engine.cancel();
    if (signedOut) {
      accessLog.forget();
      LOG.info("signed out; handing the user's queued work over under her own name");
      // Screens still show her patients: told now, before the hand-over's network calls (which
      // may take their full timeout offline), and after the commit, so a screen that reads to
      // refresh is refused (NotSignedInException) and turns to the sign-in screen.
      notifier.fire(shown.types, shown.patients);
    }
    try {
      return finishSignOut();
    } catch (SyncException e) {
      LOG.info("the signed-out user's work waits on the device for a later hand-over: " + e.getMessage());
      return false;
    }
  }

  /**
   * While nobody is signed in: sends what the user who signed out left queued with her kept
   * token, then ends her session on the server and deletes the token. Stops (cancelled) if
   * someone signs in meanwhile: his sign-in has done the hand-over.
   *
   * @return true when nothing of hers waits any more; false when her work waits without a token
   *     (she must sign in) or her session could not be ended yet
   * @throws SyncException when her queue could not be sent now (it waits)
   */
  private boolean finishSignOut() throws SyncException {
    LocalStore.LastUser last = store.lastUser();
    if (last.signedIn) {
      return true; // someone signed in meanwhile, after handing her work over
    }
    if (last.token == null) {
      return store.remainingAfter(0)[0] == 0;
    }
    if (store.remainingAfter(0)[0] > 0) {
      try {
        engine.pushAs(last.token, last.userEpoch);
      } catch (SyncException e) {
        wipeIfRevoked(e);
        throw e;
      }
      if (store.remainingAfter(0)[0] > 0) {
        return false;
      }
    }
    try {
      api.logout(last.token);
    } catch (SyncException e) {
      wipeIfRevoked(e);
      LOG.info("could not end the signed-out user's session on the server yet: " + e.getMessage());
      return false;
    }
    return store.forgetSignedOutToken(last.token, last.userEpoch);
  }

  /**
   * A lost tablet is usually found signed out: the hand-over with the kept token is then its only
   * contact with the server, and a revocation it meets wipes the device as a signed-in sync's does
   * (records, queue, the kept token).
   */
  private void wipeIfRevoked(SyncException e) {
    if (ErrorCode.DEVICE_REVOKED.name().equals(e.code())) {
      LOG.warning("this device was revoked; wiping its local data");
      accessLog.forget();
      wipe();
    }
  }

  /** Wipes the revoked device, then tells the change listeners that everything it held is gone. */
  private void wipe() {
    LocalStore.Changes shown = new LocalStore.Changes();
    store.wipe(shown);
    notifier.fire(shown.types, shown.patients);
  }

  private AuthenticationException notSignedIn(boolean nothingWaits) {
    return new AuthenticationException(
        "not signed in on this device" + (nothingWaits ? "" : " (the work of the user who signed out still waits here for"
            + " a hand-over under her own name)"),
        0,
        ErrorCode.UNAUTHENTICATED.name());
  }

  /**
   * Ends the previous user's session on the server once the tablet is someone else's: their token
   * is no longer needed here (the hand-over has sent their work), and left live it would work for
   * the rest of its 12 hours for anyone who copied it from the tablet. Best effort: the sign-in
   * has succeeded either way, and a token the server never hears about still expires.
   */
  private void endSessionOnServer(String token) {
    try {
      api.logout(token);
    } catch (SyncException e) {
      LOG.warning("could not end the previous user's session on the server (it expires by itself): " + e.getMessage());
    }
  }

  /** The client-side code of a sign-in refused because another user's changes still wait here. */
  public static final String UNSYNCED_CHANGES_OF_ANOTHER_USER = "UNSYNCED_CHANGES_OF_ANOTHER_USER";

  /**
   * Whether this sign-in is for other teams than the previous one's, whoever signs in: the
   * patients the previous teams care for are not this user's to see (PDL), also when she is the
   * previous user and has changed teams since, and the cursor would skip her own teams' records.
   * The teams are the only scope the tablet knows before a sync (the sign-in answer names them),
   * so the server's copies then go and the next sync pulls from the start; the device's queued or
   * refused work stays (the hand-over has sent what it could), readable only by its author.
   */
  private boolean otherTeams(String previous, String teams, LoginResponse next) {
    if (previous == null) {
      return false; // a new or wiped database: nothing was pulled for anyone
    }
    java.util.Set<String> before =
        new java.util.HashSet<>(java.util.Arrays.asList(teams == null || teams.isEmpty() ? new String[0] : teams.split(",")));
    return !before.equals(new java.util.HashSet<>(next.teamIds()));
  }

  /**
   * On a shared tablet, sends what the previous user queued (changes and local reads) with that
   * user's own stored token before {@code next}'s user takes over: the server attributes what a
   * push carries to whoever signed the request, so sending it under the next user's token would
   * put her name on his notes and his reads in her access log. If that cannot be done (no
   * network, or his token has expired), the sign-in is refused and nothing is switched.
   */
  private void handOver(LoginResponse next, LocalStore.LastUser last) throws AuthenticationException {
    String previous = last.staffId;
    if (previous == null || previous.equals(next.staffId()) || store.remainingAfter(0)[0] == 0) {
      return;
    }
    String token = last.token;
    SyncException failure = null;
    if (token != null) {
      try {
        engine.pushAs(token);
      } catch (SyncException e) {
        failure = e;
      }
    }
    long waiting = store.remainingAfter(0)[0];
    if (waiting == 0) {
      return;
    }
    String who = last.staffName == null ? "the previous user" : last.staffName;
    AuthenticationException refused =
        new AuthenticationException(
            who + " has " + waiting + " unsynced changes or reads on this device that could not be sent under their own"
                + " name" + (failure == null ? "" : " (" + failure.getMessage() + ")") + ": " + who
                + " must sign in and sync before someone else signs in here",
            0,
            UNSYNCED_CHANGES_OF_ANOTHER_USER);
    if (failure != null) {
      refused.addSuppressed(failure);
    }
    throw refused;
  }

  /** The signed-in user, or null (before the first sign-in, after {@link #signOut()}, after a wipe). Works offline. */
  public Session session() {
    String staffId = store.meta("staff_id");
    if (staffId == null) {
      return null;
    }
    String teams = store.meta("team_ids");
    return new Session(
        staffId,
        store.meta("staff_name"),
        store.meta("profession"),
        teams == null || teams.isEmpty() ? new ArrayList<String>() : Arrays.asList(teams.split(",")));
  }

  Session requireSession() {
    Session session = session();
    if (session == null) {
      throw new NotSignedInException("nobody is signed in on this device: sign in before making changes");
    }
    return session;
  }

  /** Whether a token is stored (it may still have expired on the server). */
  public boolean hasToken() {
    return store.meta("token") != null;
  }

  /**
   * Pushes every waiting change, then pulls until caught up. Blocking; only one sync runs at a
   * time (a second call waits for the first, then runs).
   *
   * <p>While nobody is signed in ({@link #signOut()}), it never syncs: it only sends the queued
   * work of the user who signed out with her own kept token, when that could not be done at the
   * sign-out, and ends her session on the server; then (or when there is nothing to send) it
   * throws {@link AuthenticationException} code {@code UNAUTHENTICATED}. If that hand-over fails
   * for the network or the server, it throws that failure ({@link OfflineException}, {@link
   * ServerException}), so a {@link SyncScheduler} retries it and stops once it is done.
   *
   * @throws OfflineException when the server cannot be reached; nothing is lost, retry later
   * @throws AuthenticationException when the user must sign in again (code {@code
   *     UNAUTHENTICATED} when nobody is signed in)
   */
  public SyncResult sync() throws SyncException {
    return sync(SyncProgress.NONE);
  }

  /**
   * Like {@link #sync()}, reporting progress. On the first sync of a device, today's visits and
   * their patients arrive first ({@link SyncProgress#priorityDataReady}).
   */
  public SyncResult sync(SyncProgress progress) throws SyncException {
    if (session() == null) {
      SyncException failure;
      try {
        failure = notSignedIn(finishSignOut());
      } catch (SyncException e) {
        if (e.isRetryable() || ErrorCode.DEVICE_REVOKED.name().equals(e.code())) {
          // Offline, the server, or a sign-in meanwhile: the hand-over is tried again. Revoked: the
          // device has been wiped, and the app must say so (sdk-guide section 9).
          failure = e;
        } else {
          failure = notSignedIn(false);
          failure.addSuppressed(e);
        }
      }
      // No read runs the expiry check while nobody is signed in (reads are refused first): a
      // signed-out tablet's failing syncs are what remove its pulled data once too old.
      throw expireAfterFailure(failure);
    }
    try {
      return engine.sync(progress == null ? SyncProgress.NONE : progress);
    } catch (SyncException e) {
      throw expireAfterFailure(e);
    } catch (RuntimeException e) {
      throw expireAfterFailure(e);
    }
  }

  /**
   * A failed sync leaves the data as old as before: once past the maximum time offline it goes
   * now, not at the next read. Returns {@code e}, to be thrown.
   */
  private <E extends Exception> E expireAfterFailure(E e) {
    if (closed.get()) {
      return e; // closed meanwhile: nothing more is read or written
    }
    try {
      engine.expireIfOfflineTooLong();
    } catch (RuntimeException expiring) {
      e.addSuppressed(expiring);
    }
    return e;
  }

  /**
   * Recovers after the server was restored from an older backup, when {@link #sync()} stops with a
   * {@link ProtocolException} whose code is {@code CURSOR_AHEAD} or {@code MUTATION_GAP}. Tell the
   * user first ("Servern har återställts från en säkerhetskopia").
   *
   * <p>The device offers the server its copies of the server's records: every one newer than what
   * the restored server has is kept there in a conflict record for a team leader to review (nothing
   * is applied on the device's word, since others wrote those values). Conflict records the
   * server lost come back whole, waiting for review again, since the values a rule set aside live
   * nowhere else. Then it pulls everything
   * afresh, rebases its queued changes on the versions the server has now, and syncs. Records the
   * server no longer has leave the device (their values are in the review), except ones the user's
   * own queued or refused changes touch. Changes the server had answered as conflicts whose
   * conflict records have not reached the device are queued again first: the restored server may
   * have lost them, and they go out with the rest. Safe to call again after a failure: it goes on
   * where it stopped.
   *
   * @return how many records the server had lost and now keeps for review
   */
  public int recoverFromServerRestore() throws SyncException {
    if (session() == null) {
      throw new AuthenticationException("not signed in on this device", 0, ErrorCode.UNAUTHENTICATED.name());
    }
    return engine.recover(SyncProgress.NONE);
  }

  /**
   * Nödåtkomst: reads a patient outside your team's care relationship, when care cannot wait
   * (e.g. covering for another team whose patient is in need and whose staff cannot be reached).
   * Needs the network; takes the patient's personnummer or samordningsnummer, as typed, and the
   * reason, which is logged with the access for the MAS to follow up. The answer lives only in
   * memory: nothing enters the local store or the outbox, and sync does not keep it up to date.
   *
   * <p>Refusals come as exceptions with a stable {@code code()}: {@code VALIDATION_FAILED} (no
   * reason of 10 to 500 characters, or not a valid number; {@link ProtocolException}), {@code
   * NOT_FOUND} (no such patient), {@code ALREADY_IN_CARE} (your team cares for the patient: sync
   * instead), {@code FORBIDDEN} (your profession may not, or the patient has a spärr toward your
   * team; {@link AuthenticationException}). Without network, {@link OfflineException}.
   */
  public EmergencyView emergencyAccess(String personnummer, String reason) throws SyncException {
    if (session() == null) {
      throw new AuthenticationException("not signed in on this device", 0, ErrorCode.UNAUTHENTICATED.name());
    }
    return EmergencyView.of(engine.emergencyAccess(new se.nara.sdk.protocol.EmergencyAccessRequest(personnummer, reason)));
  }

  /** Cancels a sync in progress (it ends with {@link SyncCancelledException}); nothing is lost. */
  public void cancelSync() {
    engine.cancel();
  }

  /** A builder for a background {@link SyncScheduler} of this client. */
  public SyncScheduler.Builder scheduler() {
    return new SyncScheduler.Builder(this);
  }

  /**
   * Tells {@code listener} whenever local data changes or stops being readable: a local write, a
   * pulled page, data removed (a purge, the maximum time offline, another team's sign-in) and
   * {@link #signOut()}.
   */
  public void addChangeListener(ChangeListener listener) {
    notifier.add(listener);
  }

  /** Stops telling {@code listener}. */
  public void removeChangeListener(ChangeListener listener) {
    notifier.remove(listener);
  }

  /** The device's sync health. Works offline. */
  public SyncStatus syncStatus() {
    long[] pending = store.pendingStats();
    String last = store.meta("last_sync_at");
    return new SyncStatus(
        (int) pending[0],
        pending[1] < 0 ? null : Instant.ofEpochMilli(pending[1]),
        last == null ? null : Instant.ofEpochMilli(Long.parseLong(last)),
        store.meta("last_error"),
        store.meta(SyncEngine.LAST_ERROR_CODE),
        store.openConflicts(),
        store.rejected(),
        engine.dataExpiresAt(),
        engine.dataExpiredAt());
  }

  /**
   * The record with this id as the server has it: the copy this device last pulled (or had
   * acknowledged), without its own pending or refused changes; null when the server has no copy
   * here (a refused or unsent create, a record the server deleted, or one not on this device).
   * Use it beside a {@link RejectedChange} to show what stands on the server next to the refused
   * value, which stays in the record's ordinary view until {@link #discardRejected(long)}. Works
   * offline; logged as a read of the patient's data like any other read.
   *
   * @param model a model class of {@code se.nara.sdk.model}, e.g. {@code ChecklistItem.class}
   * @throws IllegalArgumentException when {@code model} is not a synced record's model
   */
  public <T> T serverCopy(Class<T> model, String id) {
    EntityType type = EntityType.forModel(model);
    if (type == null) {
      throw new IllegalArgumentException(model.getName() + " is not the model of a synced record");
    }
    return id == null ? null : records.<T>serverCopy(type, id);
  }

  /** Where one record stands with the server, or null if it is not on this device. */
  public RecordSyncState syncStateOf(String entityId) {
    return records.stateOf(entityId);
  }

  /**
   * Drops a change the server rejected, after its author has seen the reason. Only rejected
   * changes can be dropped: a change the server has not answered yet always goes out. Only the
   * user who made the change may drop it ({@link RejectedChange#authorId()}): on a shared tablet a
   * colleague sees it, but the server kept no copy of the refused value, so it stays until its
   * author has seen it.
   *
   * @return false when there is no such refused change (already discarded, say)
   * @throws NotTheAuthorException when the signed-in user did not make the change; nothing is dropped
   * @throws NotSignedInException when nobody is signed in
   */
  public boolean discardRejected(long mutationId) {
    requireSession();
    LocalStore.Changes changed = new LocalStore.Changes();
    boolean discarded = store.discardRejected(mutationId, changed);
    if (discarded) {
      // The record's view changed (the refused value is gone): screens showing it refresh.
      notifier.fire(changed.types, changed.patients);
    }
    return discarded;
  }

  /** This device's id. */
  public String deviceId() {
    return deviceId;
  }

  /** Patients and their care episodes. */
  public Patients patients() {
    return patients;
  }

  /** Plans (SIP, patientkontrakt), goals and actions. */
  public Plans plans() {
    return plans;
  }

  /** Discharge checklists and their items. */
  public Checklists checklists() {
    return checklists;
  }

  /** Medication lists and medication checks. */
  public Medications medications() {
    return medications;
  }

  /** Visits. */
  public Visits visits() {
    return visits;
  }

  /** Conflict records: what the server's clinical rules decided when changes met. */
  public Conflicts conflicts() {
    return conflicts;
  }

  /** The team and staff directory: colleagues' names by staff id. Not patient data; reads are not logged. */
  public Directory directory() {
    return directory;
  }

  /**
   * Closes the client: stops every {@link SyncScheduler} built from it, cancels a sync in progress
   * (it ends with {@link SyncCancelledException} and writes nothing more), and closes the local
   * database once the local write under way, if any, has committed. It does not wait for the sync
   * to end. Nothing committed is lost: queued changes go out at the next sync of a new client on
   * the same database. Every later call on this client throws {@link IllegalStateException}.
   * Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    SyncScheduler[] running;
    synchronized (schedulers) {
      running = schedulers.toArray(new SyncScheduler[0]);
    }
    for (SyncScheduler scheduler : running) {
      scheduler.stop();
    }
    engine.shutdown();
    try {
      store.close();
    } finally {
      release(openFile);
    }
  }

  /** Whether {@link #close()} was called. */
  boolean isClosed() {
    return closed.get();
  }

  /** Called by {@link SyncScheduler.Builder#build()}: {@link #close()} stops it. */
  void register(SyncScheduler scheduler) {
    schedulers.add(scheduler);
  }

  /**
   * The default maximum time offline: three days. That is longer than any ordinary gap between a
   * team's syncs, a weekend included, while a tablet that is lost or left unused holds patient
   * data for at most that long without the server's say.
   */
  public static final Duration DEFAULT_MAX_OFFLINE = Duration.ofHours(72);

  /** How often a sync also verifies the device's copies against the server by default: daily. */
  public static final Duration DEFAULT_VERIFY_INTERVAL = Duration.ofHours(24);

  /** Configures a {@link NaraClient}. */
  public static final class Builder {
    private String serverUrl;
    private SqliteConnectionProvider storage;
    private String databaseFile;
    private String deviceId;
    private String deviceName;
    private OkHttpClient httpClient;
    private Clock clock;
    private java.time.ZoneId zone;
    private Duration maxOffline = DEFAULT_MAX_OFFLINE;
    private Duration verifyInterval = DEFAULT_VERIFY_INTERVAL;

    private Builder() {}

    /**
     * How often a completed sync also checks that the device holds exactly what the server sent
     * (default {@link #DEFAULT_VERIFY_INTERVAL}, daily; {@link Duration#ZERO} checks at every sync).
     *
     * <p>The check asks the server for a count and a digest of the records per patient (about
     * 11 KB before gzip for a team of 120 patients), and compares them with the device's copies. Should they differ (a record
     * missing or at another version: a damaged file, a fault on either side), the sync pulls
     * everything afresh, keeping the device's queued and refused work, instead of showing a
     * patient's list with a line missing until someone notices.
     */
    public Builder verifyInterval(Duration verifyInterval) {
      if (verifyInterval == null || verifyInterval.isNegative()) {
        throw new IllegalArgumentException("verifyInterval must be zero or positive, not " + verifyInterval);
      }
      this.verifyInterval = verifyInterval;
      return this;
    }

    /**
     * How long the device may go without a completed sync before it removes the patient data it
     * pulled from the server (default {@link #DEFAULT_MAX_OFFLINE}, 72 hours).
     *
     * <p>Only the server knows whether a care relationship has ended or a spärr now blocks a
     * patient; a tablet that stays offline (lost, in a drawer, out of coverage) must not go on
     * showing them. After this long the device keeps only its own unsent changes and the records
     * they change: they go out at the next sync, which then pulls everything afresh. Checked at
     * every read, when the client opens and after a failed sync; {@link SyncStatus#dataExpiredAt()}
     * tells the app it happened.
     */
    public Builder maxOffline(Duration maxOffline) {
      if (maxOffline == null || maxOffline.isNegative() || maxOffline.isZero()) {
        throw new IllegalArgumentException("maxOffline must be a positive duration, not " + maxOffline);
      }
      this.maxOffline = maxOffline;
      return this;
    }

    /** The server's base URL, e.g. {@code https://nara.region.se}. Required. */
    public Builder serverUrl(String serverUrl) {
      this.serverUrl = serverUrl;
      return this;
    }

    /**
     * A local database file, opened with the sqlite-jdbc driver (the JVM default). Only one client
     * of the process may have a file open: {@link #build()} refuses a second until the first is
     * closed.
     */
    public Builder databasePath(String path) {
      this.storage = SqliteConnectionProvider.file(path);
      java.io.File file = new java.io.File(path);
      try {
        this.databaseFile = file.getCanonicalPath();
      } catch (java.io.IOException e) {
        this.databaseFile = file.getAbsolutePath();
      }
      return this;
    }

    /**
     * Where the local database comes from (Android apps supply their own driver here). The SDK
     * cannot tell which file such a provider opens: open one client per file yourself.
     */
    public Builder storage(SqliteConnectionProvider storage) {
      this.storage = storage;
      this.databaseFile = null;
      return this;
    }

    /**
     * This device's id (a UUID). Optional: by default one is generated on first use and kept in
     * the local database. An id given here must not be reused for a new local database (after a
     * reinstall, say): the server knows the device by its id and the secret the first database
     * made, so a new database under the old id is refused with {@code DEVICE_SECRET_MISMATCH}.
     *
     * <p>It is taken in any letter case and kept and sent in canonical lower case, the only form
     * the server accepts ({@link NaraClient#deviceId()} returns that form). A database an older
     * SDK made with the id in upper case keeps its records and outbox: it is opened with the id in
     * either case, its stored id is rewritten in lower case, and the user signs in again (the
     * session belonged to the old form).
     *
     * @throws IllegalArgumentException when {@code deviceId} is not a UUID (8-4-4-4-12 hexadecimal
     *     digits)
     */
    public Builder deviceId(String deviceId) {
      if (deviceId == null) {
        this.deviceId = null;
        return this;
      }
      String canonical = LocalStore.canonicalUuid(deviceId);
      if (canonical == null) {
        throw new IllegalArgumentException(
            "deviceId must be a UUID (8-4-4-4-12 hexadecimal digits, e.g. 6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c), not '"
                + deviceId + "'");
      }
      this.deviceId = canonical;
      return this;
    }

    /** A human label for the device in the team leader's fleet view. Optional. */
    public Builder deviceName(String deviceName) {
      this.deviceName = deviceName;
      return this;
    }

    /** The OkHttp client to use (share the app's one). Optional. */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /** The clock for device timestamps. Optional; tests use a fixed one. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The time zone that decides what "today" means (default Europe/Stockholm). */
    public Builder zone(java.time.ZoneId zone) {
      this.zone = zone;
      return this;
    }

    /**
     * Opens the local database and returns the client.
     *
     * @throws IllegalStateException when another open client of this process has the same {@link
     *     #databasePath} (one client per database file: two of them fail each other's saves with
     *     {@code SQLITE_BUSY})
     */
    public NaraClient build() {
      if (serverUrl == null) {
        throw new IllegalStateException("serverUrl is required");
      }
      if (storage == null) {
        throw new IllegalStateException("databasePath or storage is required");
      }
      return new NaraClient(this);
    }
  }
}
