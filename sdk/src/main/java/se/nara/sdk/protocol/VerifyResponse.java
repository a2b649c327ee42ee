package se.nara.sdk.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code GET /api/v1/sync/verify?cursor=…}: what the server holds for the caller up to the device's
 * cursor, per patient, so the device can tell whether its copies drifted from the server's (a
 * record missing or at another version) without downloading them again.
 */
public final class VerifyResponse {
  private final List<ScopeDigest> scopes;
  private final List<String> changedSince;

  /** Creates a response. */
  public VerifyResponse(List<ScopeDigest> scopes, List<String> changedSince) {
    this.scopes = Collections.unmodifiableList(new ArrayList<>(scopes));
    this.changedSince = Collections.unmodifiableList(new ArrayList<>(changedSince));
  }

  /**
   * One entry per patient the caller may see now, and one for the team and staff directory
   * ({@link ScopeDigest#patientId()} null), over the records at or before the cursor.
   */
  public List<ScopeDigest> scopes() {
    return scopes == null ? Collections.<ScopeDigest>emptyList() : Collections.unmodifiableList(scopes);
  }

  /**
   * Ids of visible records changed after the cursor: left out of every digest, on both sides,
   * since the next pull brings them anyway.
   */
  public List<String> changedSince() {
    return changedSince == null ? Collections.<String>emptyList() : Collections.unmodifiableList(changedSince);
  }

  /** The records of one patient (or of the directory) at or before the cursor: how many, and their digest. */
  public static final class ScopeDigest {
    private final String patientId;
    private final long count;
    private final String digest;

    /** Creates an entry. */
    public ScopeDigest(String patientId, long count, String digest) {
      this.patientId = patientId;
      this.count = count;
      this.digest = digest;
    }

    /** The patient, or null for the team and staff directory. */
    public String patientId() {
      return patientId;
    }

    /** How many records. */
    public long count() {
      return count;
    }

    /** Their {@link RecordDigest} sum, as {@link RecordDigest#hex}. */
    public String digest() {
      return digest;
    }
  }
}
