package se.nara.server;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the server logs while it is open. slf4j-simple writes to whatever {@code System.err} is at
 * the time of each entry, so this swaps it for a stream that keeps a copy (and still prints).
 * Tests run one at a time, so the copy holds the server's log for the requests in between.
 */
public final class LogCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  private LogCapture() {
    OutputStream both =
        new OutputStream() {
          @Override
          public synchronized void write(int b) {
            original.write(b);
            copy.write(b);
          }

          @Override
          public synchronized void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            copy.write(b, off, len);
          }
        };
    System.setErr(new PrintStream(both, true, StandardCharsets.UTF_8));
  }

  /** Starts capturing. */
  public static LogCapture start() {
    return new LogCapture();
  }

  /** Everything logged so far. */
  public synchronized String text() {
    return copy.toString(StandardCharsets.UTF_8);
  }

  /** The ERROR entries logged so far. */
  public List<String> errors() {
    return text().lines().filter(l -> l.contains(" ERROR ")).toList();
  }

  /** The WARN entries logged so far. */
  public List<String> warnings() {
    return text().lines().filter(l -> l.contains(" WARN ")).toList();
  }

  /** Whether a stack trace was logged. */
  public boolean hasStackTrace() {
    return text().contains("\tat ");
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
