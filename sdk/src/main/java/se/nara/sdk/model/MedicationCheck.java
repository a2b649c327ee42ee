package se.nara.sdk.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Läkemedelsavstämning – a reconciliation of medication lists for one patient.
 *
 * <p>The compared list ids are recorded so the check shows exactly which versions of which sources
 * were compared.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class MedicationCheck {
  private final String id;
  private final long version;
  private final String patientId;
  private final String episodeId;
  private final String visitId;
  private final List<String> comparedListIds;
  private final List<String> seenLineVersions;
  private final String performedBy;
  private final String physicianDecisionBy;
  private final CheckStatus status;
  private final Instant startedAt;
  private final Instant completedAt;
  /**
   * Which local copy this value was read from (see {@link #localRevision()}). Not part of the
   * record: never sent, and left out of {@code equals}, {@code hashCode} and {@code toString}.
   */
  private final long localRevision;

  /** For Gson, which fills the fields by reflection; lists start empty so they are never null. */
  private MedicationCheck() {
    this.id = null;
    this.version = 0L;
    this.patientId = null;
    this.episodeId = null;
    this.visitId = null;
    this.comparedListIds = Collections.emptyList();
    this.seenLineVersions = Collections.emptyList();
    this.performedBy = null;
    this.physicianDecisionBy = null;
    this.status = null;
    this.startedAt = null;
    this.completedAt = null;
    this.localRevision = 0L;
  }

  private MedicationCheck(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.patientId = b.patientId;
    this.episodeId = b.episodeId;
    this.visitId = b.visitId;
    this.comparedListIds = ModelSupport.immutableCopy(b.comparedListIds);
    this.seenLineVersions = ModelSupport.immutableCopy(b.seenLineVersions);
    this.performedBy = b.performedBy;
    this.physicianDecisionBy = b.physicianDecisionBy;
    this.status = b.status;
    this.startedAt = b.startedAt;
    this.completedAt = b.completedAt;
    this.localRevision = b.localRevision;
  }

  /** Returns a new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this value's fields, for making a changed copy. */
  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .version(version)
        .patientId(patientId)
        .episodeId(episodeId)
        .visitId(visitId)
        .comparedListIds(comparedListIds())
        .seenLineVersions(seenLineVersions())
        .performedBy(performedBy)
        .physicianDecisionBy(physicianDecisionBy)
        .status(status)
        .startedAt(startedAt)
        .completedAt(completedAt)
        .localRevision(localRevision);
  }

  /**
   * Returns the client-generated UUID of this record. Generated on the device so records can be
   * created offline without a server round-trip.
   */
  public String id() {
    return id;
  }

  /**
   * Returns the server version of this record; 0 means never synced. The sync layer sends it as the
   * base version so the server can detect concurrent edits.
   */
  public long version() {
    return version;
  }

  /**
   * Returns the id of the patient this record belongs to. Lets the device purge everything about a
   * patient when the team's care relationship ends.
   */
  public String patientId() {
    return patientId;
  }

  /** Returns the id of the care episode. */
  public String episodeId() {
    return episodeId;
  }

  /** Returns the id of the visit during which the check was made. */
  public String visitId() {
    return visitId;
  }

  /** Returns the ids of the medication lists compared. Never null; unmodifiable. */
  public List<String> comparedListIds() {
    return ModelSupport.view(comparedListIds);
  }

  /** The lines the nurse saw, as {@code lineId@version}: lets the server flag a check made on a list that changed meanwhile. */
  public List<String> seenLineVersions() {
    return ModelSupport.view(seenLineVersions);
  }

  /** Returns the staff id of the person who made the check. */
  public String performedBy() {
    return performedBy;
  }

  /** Returns the staff id of the physician who decided on the discrepancies. */
  public String physicianDecisionBy() {
    return physicianDecisionBy;
  }

  /** Returns the status of the check. */
  public CheckStatus status() {
    return status;
  }

  /** Returns when the check started. */
  public Instant startedAt() {
    return startedAt;
  }

  /** Returns when the check was completed. */
  public Instant completedAt() {
    return completedAt;
  }

  /**
   * Returns the stamp of the local copy this value was read from. The SDK moves a record's stamp
   * on at every change made to it on this device and keeps the copies the recent stamps named, so
   * a save diffs against exactly the copy the app read: a screen opened before the device's own
   * later change (a "Sätt ut" on the same screen, a save on another thread) does not send that
   * change back at its old value. 0 for a value the app built itself, and for one read before the
   * record's first change on this device. {@link #toBuilder()} keeps it. It is not part of the
   * record: never sent, and not in {@code equals}, so two reads of the same record are equal
   * whichever local copy they came from.
   */
  public long localRevision() {
    return localRevision;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MedicationCheck)) {
      return false;
    }
    MedicationCheck other = (MedicationCheck) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(patientId, other.patientId)
        && Objects.equals(episodeId, other.episodeId)
        && Objects.equals(visitId, other.visitId)
        && comparedListIds().equals(other.comparedListIds())
        && seenLineVersions().equals(other.seenLineVersions())
        && Objects.equals(performedBy, other.performedBy)
        && Objects.equals(physicianDecisionBy, other.physicianDecisionBy)
        && Objects.equals(status, other.status)
        && Objects.equals(startedAt, other.startedAt)
        && Objects.equals(completedAt, other.completedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        version,
        patientId,
        episodeId,
        visitId,
        comparedListIds(),
        seenLineVersions(),
        performedBy,
        physicianDecisionBy,
        status,
        startedAt,
        completedAt);
  }

  @Override
  public String toString() {
    return "MedicationCheck{id="
        + id
        + ", version="
        + version
        + ", patientId="
        + patientId
        + ", episodeId="
        + episodeId
        + ", visitId="
        + visitId
        + ", comparedListIds="
        + comparedListIds()
        + ", seenLineVersions="
        + seenLineVersions()
        + ", performedBy="
        + performedBy
        + ", physicianDecisionBy="
        + physicianDecisionBy
        + ", status="
        + status
        + ", startedAt="
        + startedAt
        + ", completedAt="
        + completedAt
        + "}";
  }

  /** Builder for {@link MedicationCheck}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String patientId;
    private String episodeId;
    private String visitId;
    private List<String> comparedListIds = new ArrayList<>();
    private List<String> seenLineVersions = new ArrayList<>();
    private String performedBy;
    private String physicianDecisionBy;
    private CheckStatus status;
    private Instant startedAt;
    private Instant completedAt;

    private long localRevision;
    private Builder() {}

    /** Sets the client-generated UUID of this record. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Sets the server version of this record; 0 means never synced. */
    public Builder version(long version) {
      this.version = version;
      return this;
    }

    /** Sets the id of the patient this record belongs to. */
    public Builder patientId(String patientId) {
      this.patientId = patientId;
      return this;
    }

    /** Sets the id of the care episode. */
    public Builder episodeId(String episodeId) {
      this.episodeId = episodeId;
      return this;
    }

    /** Sets the id of the visit during which the check was made. */
    public Builder visitId(String visitId) {
      this.visitId = visitId;
      return this;
    }

    /** Sets the ids of the medication lists compared; the list is copied, and null means empty. */
    public Builder comparedListIds(List<String> comparedListIds) {
      this.comparedListIds = ModelSupport.mutableCopy(comparedListIds);
      return this;
    }

    /** The lines the nurse saw, as {@code lineId@version}: lets the server flag a check made on a list that changed meanwhile. */
    public Builder seenLineVersions(List<String> seenLineVersions) {
      this.seenLineVersions = ModelSupport.mutableCopy(seenLineVersions);
      return this;
    }

    /** Sets the staff id of the person who made the check. */
    public Builder performedBy(String performedBy) {
      this.performedBy = performedBy;
      return this;
    }

    /** Sets the staff id of the physician who decided on the discrepancies. */
    public Builder physicianDecisionBy(String physicianDecisionBy) {
      this.physicianDecisionBy = physicianDecisionBy;
      return this;
    }

    /** Sets the status of the check. */
    public Builder status(CheckStatus status) {
      this.status = status;
      return this;
    }

    /** Sets when the check started. */
    public Builder startedAt(Instant startedAt) {
      this.startedAt = startedAt;
      return this;
    }

    /** Sets when the check was completed. */
    public Builder completedAt(Instant completedAt) {
      this.completedAt = completedAt;
      return this;
    }

    /**
     * Sets the stamp of the local copy the value was read from; {@link #toBuilder()} copies it.
     * An app has no reason to set it.
     */
    public Builder localRevision(long localRevision) {
      this.localRevision = localRevision;
      return this;
    }

    /** Builds the immutable {@link MedicationCheck}. */
    public MedicationCheck build() {
      return new MedicationCheck(this);
    }
  }
}
