package se.nara.server.sync;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import se.nara.server.store.PageRow;

/**
 * Writes a {@link PullPage} in exactly the JSON shape of the protocol's {@code PullResponse}
 * (field names, explicit nulls, ISO-8601 instants, Gson's string escapes), straight into UTF-8
 * bytes, with each record's stored field JSON copied through byte for byte. {@code
 * PullPageJsonTest} holds it to what Gson writes for a PullResponse.
 *
 * <p>It lives with the sync service because it is the pull protocol's encoding of what the store
 * read; the HTTP edge only sends the bytes.
 *
 * <p>Why not Gson's {@code JsonWriter}: it writes characters, so every record's stored bytes were
 * decoded into a string and encoded back, which cost more than the rest of the page put together.
 */
public final class PullPageJson {
  private PullPageJson() {}

  /** The page as UTF-8 JSON bytes. */
  public static byte[] toBytes(PullPage page) {
    return write(page).toByteArray();
  }

  /** The page as a stream over the written bytes, without copying them (a page is about a megabyte). */
  public static InputStream toStream(PullPage page) {
    Out out = write(page);
    return new ByteArrayInputStream(out.buf, 0, out.size);
  }

  private static Out write(PullPage page) {
    int estimate = 256;
    for (PageRow row : page.records()) {
      estimate += row.dataUtf8().length + 256;
    }
    Out out = new Out(estimate);
    out.ascii("{\"records\":[");
    boolean first = true;
    for (PageRow row : page.records()) {
      out.ascii(first ? "{\"type\":" : ",{\"type\":");
      first = false;
      out.string(row.entityType());
      out.ascii(",\"id\":");
      out.string(row.id());
      out.ascii(",\"version\":");
      out.ascii(Long.toString(row.version()));
      out.ascii(",\"seq\":");
      out.ascii(Long.toString(row.seq()));
      out.ascii(",\"patientId\":");
      out.string(row.patientId());
      out.ascii(row.tombstone() ? ",\"tombstone\":true" : ",\"tombstone\":false");
      out.ascii(",\"updatedAt\":");
      out.string(Instant.ofEpochMilli(row.updatedAt()).toString());
      out.ascii(",\"updatedBy\":");
      out.string(row.updatedBy());
      out.ascii(",\"data\":");
      out.raw(row.dataUtf8());
      out.ascii("}");
    }
    out.ascii("],\"nextCursor\":");
    out.string(page.nextCursor());
    out.ascii(page.hasMore() ? ",\"hasMore\":true" : ",\"hasMore\":false");
    out.ascii(",\"lastMutationId\":");
    out.ascii(Long.toString(page.lastMutationId()));
    out.ascii(",\"serverTime\":");
    out.string(page.serverTime() == null ? null : page.serverTime().toString());
    out.ascii(",\"purgePatientIds\":[");
    boolean firstId = true;
    for (String patientId : page.purgePatientIds()) {
      if (!firstId) {
        out.ascii(",");
      }
      firstId = false;
      out.string(patientId);
    }
    out.ascii("],\"estimatedTotal\":");
    out.ascii(Long.toString(page.estimatedTotal()));
    out.ascii("}");
    return out;
  }

  /** A growing byte buffer with the few writes a page needs. */
  private static final class Out {
    private byte[] buf;
    private int size;

    Out(int capacity) {
      buf = new byte[Math.max(64, capacity)];
    }

    private void room(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    /** Text known to be plain ASCII that needs no escaping: keys, numbers, punctuation. */
    void ascii(String s) {
      int n = s.length();
      room(n);
      for (int i = 0; i < n; i++) {
        buf[size++] = (byte) s.charAt(i);
      }
    }

    void raw(byte[] bytes) {
      room(bytes.length);
      System.arraycopy(bytes, 0, buf, size, bytes.length);
      size += bytes.length;
    }

    /** A JSON string value (or null) with the escapes Gson uses when HTML-safety is off. */
    void string(String s) {
      if (s == null) {
        ascii("null");
        return;
      }
      int n = s.length();
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
          raw(escaped(s).getBytes(StandardCharsets.UTF_8));
          return;
        }
      }
      room(n + 2);
      buf[size++] = '"';
      for (int i = 0; i < n; i++) {
        buf[size++] = (byte) s.charAt(i);
      }
      buf[size++] = '"';
    }

    /** The rare value with quotes, control or non-ASCII characters, quoted and escaped. */
    private static String escaped(String s) {
      StringBuilder b = new StringBuilder(s.length() + 8).append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\t' -> b.append("\\t");
          case '\b' -> b.append("\\b");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          case '\f' -> b.append("\\f");
          case '\u2028' -> b.append("\\u2028");
          case '\u2029' -> b.append("\\u2029");
          default -> {
            if (c < 0x20) {
              b.append(String.format("\\u%04x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
      return b.append('"').toString();
    }

    byte[] toByteArray() {
      return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }
  }
}
