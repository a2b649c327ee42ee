package se.nara.sdk.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The digest of a set of records for {@code GET /api/v1/sync/verify}, computed the same way on the
 * server and on the device: the sum (modulo 2^64) of each record's {@link #of} value. A sum does
 * not depend on order, so each side adds up what it holds however it reads it.
 */
public final class RecordDigest {
  private RecordDigest() {}

  /**
   * One record's contribution: the first 8 bytes of SHA-256 over {@code id:version:tombstone}.
   * What a record holds is fixed by its id and version, so the data itself need not be hashed.
   */
  public static long of(String id, long version, boolean tombstone) {
    byte[] hash;
    try {
      hash =
          MessageDigest.getInstance("SHA-256")
              .digest((id + ":" + version + ":" + (tombstone ? 1 : 0)).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (hash[i] & 0xFF);
    }
    return value;
  }

  /** A sum of {@link #of} values as the protocol writes it: 16 lowercase hex digits. */
  public static String hex(long sum) {
    String digits = Long.toHexString(sum);
    StringBuilder padded = new StringBuilder(16);
    for (int i = digits.length(); i < 16; i++) {
      padded.append('0');
    }
    return padded.append(digits).toString();
  }
}
