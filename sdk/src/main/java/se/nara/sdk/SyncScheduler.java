package se.nara.sdk;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs syncs in the background: when the app starts, when the app reports that the network is
 * back, and on a timer. Failed syncs retry with exponential backoff and full jitter up to a cap,
 * so a thousand tablets coming out of a tunnel do not hit the server at once. Never two syncs at
 * once (one thread, and the client's own lock). An authentication failure stops the schedule
 * until {@link #start()}: retrying cannot fix it, the user must sign in.
 *
 * <p>On Android, call {@link #start()} from your Application or a WorkManager job and {@link
 * #onConnectivityRestored()} from your network callback.
 */
public final class SyncScheduler {
  private static final Logger LOG = Logger.getLogger("se.nara.sdk.scheduler");

  /**
   * Hears about each background sync. Called on the scheduler's thread; an exception it throws is
   * logged and changes nothing in the schedule.
   */
  public interface Listener {
    /** A sync completed. */
    default void onSyncSucceeded(SyncResult result) {}

    /** A sync failed; {@code nextAttemptMillis} is when it retries, or -1 if it stopped until {@link SyncScheduler#start()}. */
    default void onSyncFailed(SyncException error, long nextAttemptMillis) {}
  }

  private final NaraClient client;
  private final long intervalMillis;
  private final long baseBackoffMillis;
  private final long maxBackoffMillis;
  private final Listener listener;
  private final SyncProgress progress;
  private ScheduledExecutorService executor;
  private ScheduledFuture<?> next;
  private int failures;

  SyncScheduler(
      NaraClient client, long intervalMillis, long baseBackoffMillis, long maxBackoffMillis, Listener listener, SyncProgress progress) {
    this.client = client;
    this.intervalMillis = intervalMillis;
    this.baseBackoffMillis = baseBackoffMillis;
    this.maxBackoffMillis = maxBackoffMillis;
    this.listener = listener == null ? new Listener() {} : listener;
    this.progress = progress == null ? SyncProgress.NONE : progress;
  }

  /**
   * Starts (or restarts) the schedule with an immediate sync: call at app start.
   *
   * @throws IllegalStateException when the client is closed ({@link NaraClient#close()} stops its
   *     schedulers for good)
   */
  public synchronized void start() {
    if (client.isClosed()) {
      throw new IllegalStateException("the NaraClient of this scheduler is closed");
    }
    if (executor == null) {
      executor =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "nara-sync");
                t.setDaemon(true);
                return t;
              });
    }
    failures = 0;
    schedule(0);
  }

  /** The network is back: sync now and forget the backoff. */
  public synchronized void onConnectivityRestored() {
    if (executor != null) {
      failures = 0;
      schedule(0);
    }
  }

  /** Asks for a sync soon (for example after the user saved something important). */
  public synchronized void requestSync() {
    if (executor != null) {
      schedule(0);
    }
  }

  /** Stops the schedule and cancels a sync in progress. Nothing queued is lost. */
  public synchronized void stop() {
    if (executor == null) {
      return;
    }
    if (next != null) {
      next.cancel(false);
    }
    client.cancelSync();
    executor.shutdownNow();
    executor = null;
  }

  /**
   * Whether the schedule runs: false before {@link #start()}, after {@link #stop()}, and after a
   * failure retrying cannot cure (the listener got {@code nextAttemptMillis = -1}).
   */
  public synchronized boolean isRunning() {
    return executor != null;
  }

  /** The delay before retry number {@code failures}: full jitter below an exponential cap. */
  static long backoff(int failures, long base, long cap, double random) {
    long ceiling = cap;
    if (failures < 30) {
      ceiling = Math.min(cap, base * (1L << Math.max(0, failures - 1)));
    }
    return (long) (random * ceiling);
  }

  /** Schedules the next run, never later than one already pending (a requested sync wins). */
  private synchronized void schedule(long delayMillis) {
    if (executor == null) {
      return;
    }
    if (next != null && !next.isDone()) {
      if (next.getDelay(TimeUnit.MILLISECONDS) <= delayMillis) {
        return;
      }
      next.cancel(false);
    }
    next = executor.schedule(this::runOnce, delayMillis, TimeUnit.MILLISECONDS);
  }

  private void runOnce() {
    synchronized (this) {
      next = null; // this run is under way; a request from now on schedules a new one
    }
    try {
      SyncResult result = client.sync(progress);
      synchronized (this) {
        failures = 0;
      }
      tell(() -> listener.onSyncSucceeded(result));
      schedule(intervalMillis);
    } catch (SyncCancelledException cancelled) {
      // Someone else cancelled this sync (the app, or the system stopping background work): the
      // schedule goes on. After stop() there is no executor, and this schedules nothing.
      LOG.fine("background sync cancelled");
      schedule(intervalMillis);
    } catch (SyncException e) {
      if (!e.isRetryable()) {
        LOG.log(Level.INFO, "background sync stopped: " + e.getMessage());
        // Stopped until start(): network events and requests no longer run it, and isRunning()
        // says so. This run's thread ends after it; a start() from the listener makes a new one.
        synchronized (this) {
          if (next != null) {
            next.cancel(false);
            next = null;
          }
          if (executor != null) {
            executor.shutdown();
            executor = null;
          }
        }
        tell(() -> listener.onSyncFailed(e, -1));
        return;
      }
      long delay;
      synchronized (this) {
        failures++;
        delay = backoff(failures, baseBackoffMillis, maxBackoffMillis, ThreadLocalRandom.current().nextDouble());
      }
      final long retryIn = delay;
      tell(() -> listener.onSyncFailed(e, retryIn));
      schedule(delay);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "background sync failed unexpectedly", e);
      schedule(maxBackoffMillis);
    }
  }

  /**
   * Calls the app's listener. One that throws (a screen that is gone) must not end the schedule:
   * thrown out of a run, it left the next run unscheduled while {@link #isRunning()} said true.
   */
  private static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a SyncScheduler listener failed", e);
    }
  }

  /** Configures a {@link SyncScheduler}. */
  public static final class Builder {
    private final NaraClient client;
    private long intervalMillis = TimeUnit.MINUTES.toMillis(15);
    private long baseBackoffMillis = TimeUnit.SECONDS.toMillis(5);
    private long maxBackoffMillis = TimeUnit.MINUTES.toMillis(5);
    private Listener listener;
    private SyncProgress progress;

    Builder(NaraClient client) {
      this.client = client;
    }

    /** Time between syncs when all is well (default 15 minutes). */
    public Builder interval(long time, TimeUnit unit) {
      this.intervalMillis = unit.toMillis(time);
      return this;
    }

    /** First retry delay ceiling after a failure (default 5 seconds); doubles per failure. */
    public Builder baseBackoff(long time, TimeUnit unit) {
      this.baseBackoffMillis = unit.toMillis(time);
      return this;
    }

    /** The most a retry waits (default 5 minutes). */
    public Builder maxBackoff(long time, TimeUnit unit) {
      this.maxBackoffMillis = unit.toMillis(time);
      return this;
    }

    /** Hears about each background sync. */
    public Builder listener(Listener listener) {
      this.listener = listener;
      return this;
    }

    /** Progress of background syncs. */
    public Builder progress(SyncProgress progress) {
      this.progress = progress;
      return this;
    }

    /** Creates the scheduler (not started). */
    public SyncScheduler build() {
      if (intervalMillis <= 0 || baseBackoffMillis <= 0 || maxBackoffMillis < baseBackoffMillis) {
        throw new IllegalArgumentException("intervals must be positive and maxBackoff >= baseBackoff");
      }
      SyncScheduler scheduler = new SyncScheduler(client, intervalMillis, baseBackoffMillis, maxBackoffMillis, listener, progress);
      client.register(scheduler); // close() stops it
      return scheduler;
    }
  }
}
