package se.nara.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer: runs every write transaction on its own thread, and commits the ones that
 * arrive together as one SQLite transaction (group commit).
 *
 * <p>Why: SQLite has a single writer, so write transactions queue anyway. When 200 tablets sync at
 * shift start, each small push and each pull's access-log entry paid for its own BEGIN IMMEDIATE,
 * commit and fsync in turn, and the last tablet waited for all of them. Here each piece of work
 * still runs alone and atomically inside its own savepoint (an exception rolls back only that
 * work and is thrown to its caller), but the commit and its fsync are shared. No caller gets its
 * answer before the commit that holds its work is durable, and a failed commit fails every caller
 * in it, so no one is told "saved" for something that is not.
 *
 * <p>A batch takes whatever is queued while it runs, up to {@link #MAX_TASKS} pieces of work or
 * {@link #MAX_BATCH_MILLIS} of running time, so one caller's wait for others stays short.
 */
final class GroupCommit implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
  static final int MAX_TASKS = 64;
  static final long MAX_BATCH_MILLIS = 20;

  private final Jdbi writer;
  private final LinkedBlockingQueue<Task<?, ?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  /** The open handle of the running batch; touched only on the writer thread. */
  private Handle current;

  GroupCommit(Jdbi writer) {
    this.writer = writer;
    this.thread = new Thread(this::loop, "nara-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Runs {@code work} in a write transaction and returns once it is committed. */
  <R, X extends Exception> R run(HandleCallback<R, X> work) throws X {
    if (Thread.currentThread() == thread) {
      // Work that itself needs a write joins the transaction it is already part of.
      return work.withHandle(current);
    }
    if (closed) {
      throw new IllegalStateException("the database is closed");
    }
    Task<R, X> task = new Task<>(work);
    queue.add(task);
    return task.await();
  }

  private void loop() {
    while (!closed || !queue.isEmpty()) {
      Task<?, ?> first;
      try {
        first = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        continue;
      }
      if (first != null) {
        runBatch(first);
      }
    }
  }

  private void runBatch(Task<?, ?> first) {
    List<Task<?, ?>> batch = new ArrayList<>();
    try (Handle h = writer.open()) {
      current = h;
      h.useTransaction(
          tx -> {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_BATCH_MILLIS);
            Task<?, ?> next = first;
            while (next != null) {
              batch.add(next);
              next.runIn(tx);
              next = batch.size() < MAX_TASKS && System.nanoTime() < deadline ? queue.poll() : null;
            }
          });
      for (Task<?, ?> task : batch) {
        task.committed();
      }
    } catch (RuntimeException | Error e) {
      // The transaction did not commit: nobody in it may be told their work was saved.
      LOG.warn("a write transaction of {} piece(s) of work failed: {}", Math.max(1, batch.size()), e.toString());
      if (batch.isEmpty()) {
        batch.add(first);
      }
      for (Task<?, ?> task : batch) {
        task.abort(e);
      }
    } finally {
      current = null;
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Task<?, ?> left;
    while ((left = queue.poll()) != null) {
      left.abort(new IllegalStateException("the database closed before this write ran"));
    }
  }

  /** One caller's work and, once the batch is decided, its outcome. */
  private static final class Task<R, X extends Exception> {
    private final HandleCallback<R, X> work;
    private final CompletableFuture<R> outcome = new CompletableFuture<>();
    private R result;
    private Throwable failure;

    Task(HandleCallback<R, X> work) {
      this.work = work;
    }

    /** Runs the work in its own savepoint; its own failure undoes only its own changes. */
    void runIn(Handle h) {
      h.savepoint("task");
      try {
        result = work.withHandle(h);
      } catch (Exception | Error e) {
        failure = e;
        // If SQLite already rolled the whole transaction back (disk full, I/O error), this throws
        // and the batch fails as a whole, which is the truth. (A savepoint rolled back to stays
        // open until the commit; Jdbi forgets it, so it is not released here.)
        h.rollbackToSavepoint("task");
        return;
      }
      h.release("task");
    }

    void committed() {
      if (failure != null) {
        outcome.completeExceptionally(failure);
      } else {
        outcome.complete(result);
      }
    }

    void abort(Throwable batchFailure) {
      outcome.completeExceptionally(failure != null ? failure : batchFailure);
    }

    R await() throws X {
      try {
        return outcome.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a write to commit", e);
      } catch (ExecutionException e) {
        throw GroupCommit.<X>rethrow(e.getCause());
      }
    }
  }

  /** Throws the work's own exception, checked or not, as the caller's callback declared it. */
  @SuppressWarnings("unchecked")
  private static <X extends Exception> X rethrow(Throwable t) throws X {
    if (t instanceof Error) {
      throw (Error) t;
    }
    throw (X) t;
  }
}
