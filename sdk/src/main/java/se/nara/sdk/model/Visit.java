package se.nara.sdk.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Besök – a home visit, phone or video contact.
 *
 * <p>The review fields bind a team leader's granskning to one version, so a later change can mark
 * the review stale.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class Visit {
  private final String id;
  private final long version;
  private final String patientId;
  private final String episodeId;
  private final String amendsId;
  private final String teamId;
  private final List<String> staffIds;
  private final VisitType visitType;
  private final Instant plannedStart;
  private final Instant plannedEnd;
  private final Instant actualStart;
  private final Instant actualEnd;
  private final VisitStatus status;
  private final String note;
  private final String signedBy;
  private final Instant signedAt;
  private final ReviewState reviewState;
  private final String reviewedBy;
  private final Instant reviewedAt;
  private final long reviewedVersion;
  private final String reviewNote;
  /**
   * Which local copy this value was read from (see {@link #localRevision()}). Not part of the
   * record: never sent, and left out of {@code equals}, {@code hashCode} and {@code toString}.
   */
  private final long localRevision;

  /** For Gson, which fills the fields by reflection; lists start empty so they are never null. */
  private Visit() {
    this.id = null;
    this.version = 0L;
    this.patientId = null;
    this.episodeId = null;
    this.amendsId = null;
    this.teamId = null;
    this.staffIds = Collections.emptyList();
    this.visitType = null;
    this.plannedStart = null;
    this.plannedEnd = null;
    this.actualStart = null;
    this.actualEnd = null;
    this.status = null;
    this.note = null;
    this.signedBy = null;
    this.signedAt = null;
    this.reviewState = null;
    this.reviewedBy = null;
    this.reviewedAt = null;
    this.reviewedVersion = 0L;
    this.reviewNote = null;
    this.localRevision = 0L;
  }

  private Visit(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.patientId = b.patientId;
    this.episodeId = b.episodeId;
    this.amendsId = b.amendsId;
    this.teamId = b.teamId;
    this.staffIds = ModelSupport.immutableCopy(b.staffIds);
    this.visitType = b.visitType;
    this.plannedStart = b.plannedStart;
    this.plannedEnd = b.plannedEnd;
    this.actualStart = b.actualStart;
    this.actualEnd = b.actualEnd;
    this.status = b.status;
    this.note = b.note;
    this.signedBy = b.signedBy;
    this.signedAt = b.signedAt;
    this.reviewState = b.reviewState;
    this.reviewedBy = b.reviewedBy;
    this.reviewedAt = b.reviewedAt;
    this.reviewedVersion = b.reviewedVersion;
    this.reviewNote = b.reviewNote;
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
        .amendsId(amendsId)
        .teamId(teamId)
        .staffIds(staffIds())
        .visitType(visitType)
        .plannedStart(plannedStart)
        .plannedEnd(plannedEnd)
        .actualStart(actualStart)
        .actualEnd(actualEnd)
        .status(status)
        .note(note)
        .signedBy(signedBy)
        .signedAt(signedAt)
        .reviewState(reviewState)
        .reviewedBy(reviewedBy)
        .reviewedAt(reviewedAt)
        .reviewedVersion(reviewedVersion)
        .reviewNote(reviewNote)
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

  /** Returns the id of the care episode. Null for visits outside a discharge. */
  public String episodeId() {
    return episodeId;
  }

  /** The signed visit this one corrects (a new version linked to it), or null. */
  public String amendsId() {
    return amendsId;
  }

  /** Returns the id of the team making the visit. */
  public String teamId() {
    return teamId;
  }

  /** Returns the ids of the staff taking part. Never null; unmodifiable. */
  public List<String> staffIds() {
    return ModelSupport.view(staffIds);
  }

  /** Returns the kind of visit. */
  public VisitType visitType() {
    return visitType;
  }

  /** Returns the planned start. */
  public Instant plannedStart() {
    return plannedStart;
  }

  /** Returns the planned end. */
  public Instant plannedEnd() {
    return plannedEnd;
  }

  /** Returns the actual start. */
  public Instant actualStart() {
    return actualStart;
  }

  /** Returns the actual end. */
  public Instant actualEnd() {
    return actualEnd;
  }

  /** Returns the visit status. */
  public VisitStatus status() {
    return status;
  }

  /** Returns the visit note (sammanfattning). */
  public String note() {
    return note;
  }

  /**
   * Returns the staff id of the person who signed the visit. A note counts as done only when
   * signed; after that it is corrected by a new version, never edited.
   */
  public String signedBy() {
    return signedBy;
  }

  /** Returns when the visit was signed. */
  public Instant signedAt() {
    return signedAt;
  }

  /** Returns the team leader's review state (granskning). */
  public ReviewState reviewState() {
    return reviewState;
  }

  /** Returns the staff id of the reviewing team leader. */
  public String reviewedBy() {
    return reviewedBy;
  }

  /** Returns when the visit was reviewed. */
  public Instant reviewedAt() {
    return reviewedAt;
  }

  /**
   * Returns the version that was reviewed. If the visit's version moves past it, the review is
   * stale.
   */
  public long reviewedVersion() {
    return reviewedVersion;
  }

  /**
   * Returns the team leader's comment with the latest review, or null. Set with "kräver åtgärd"
   * to tell the team what to do; a review without a comment clears it.
   */
  public String reviewNote() {
    return reviewNote;
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
    if (!(o instanceof Visit)) {
      return false;
    }
    Visit other = (Visit) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(patientId, other.patientId)
        && Objects.equals(episodeId, other.episodeId)
        && Objects.equals(amendsId, other.amendsId)
        && Objects.equals(teamId, other.teamId)
        && staffIds().equals(other.staffIds())
        && Objects.equals(visitType, other.visitType)
        && Objects.equals(plannedStart, other.plannedStart)
        && Objects.equals(plannedEnd, other.plannedEnd)
        && Objects.equals(actualStart, other.actualStart)
        && Objects.equals(actualEnd, other.actualEnd)
        && Objects.equals(status, other.status)
        && Objects.equals(note, other.note)
        && Objects.equals(signedBy, other.signedBy)
        && Objects.equals(signedAt, other.signedAt)
        && Objects.equals(reviewState, other.reviewState)
        && Objects.equals(reviewedBy, other.reviewedBy)
        && Objects.equals(reviewedAt, other.reviewedAt)
        && reviewedVersion == other.reviewedVersion
        && Objects.equals(reviewNote, other.reviewNote);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        version,
        patientId,
        episodeId,
        amendsId,
        teamId,
        staffIds(),
        visitType,
        plannedStart,
        plannedEnd,
        actualStart,
        actualEnd,
        status,
        note,
        signedBy,
        signedAt,
        reviewState,
        reviewedBy,
        reviewedAt,
        reviewedVersion,
        reviewNote);
  }

  @Override
  public String toString() {
    return "Visit{id="
        + id
        + ", version="
        + version
        + ", patientId="
        + patientId
        + ", episodeId="
        + episodeId
        + ", amendsId="
        + amendsId
        + ", teamId="
        + teamId
        + ", staffIds="
        + staffIds()
        + ", visitType="
        + visitType
        + ", plannedStart="
        + plannedStart
        + ", plannedEnd="
        + plannedEnd
        + ", actualStart="
        + actualStart
        + ", actualEnd="
        + actualEnd
        + ", status="
        + status
        + ", note="
        + ModelSupport.redact(note)
        + ", signedBy="
        + signedBy
        + ", signedAt="
        + signedAt
        + ", reviewState="
        + reviewState
        + ", reviewedBy="
        + reviewedBy
        + ", reviewedAt="
        + reviewedAt
        + ", reviewedVersion="
        + reviewedVersion
        + ", reviewNote="
        + reviewNote
        + "}";
  }

  /** Builder for {@link Visit}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String patientId;
    private String episodeId;
    private String amendsId;
    private String teamId;
    private List<String> staffIds = new ArrayList<>();
    private VisitType visitType;
    private Instant plannedStart;
    private Instant plannedEnd;
    private Instant actualStart;
    private Instant actualEnd;
    private VisitStatus status;
    private String note;
    private String signedBy;
    private Instant signedAt;
    private ReviewState reviewState;
    private String reviewedBy;
    private Instant reviewedAt;
    private long reviewedVersion;
    private String reviewNote;

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

    /** The signed visit this one corrects (a new version linked to it), or null. */
    public Builder amendsId(String amendsId) {
      this.amendsId = amendsId;
      return this;
    }

    /** Sets the id of the team making the visit. */
    public Builder teamId(String teamId) {
      this.teamId = teamId;
      return this;
    }

    /** Sets the ids of the staff taking part; the list is copied, and null means empty. */
    public Builder staffIds(List<String> staffIds) {
      this.staffIds = ModelSupport.mutableCopy(staffIds);
      return this;
    }

    /** Sets the kind of visit. */
    public Builder visitType(VisitType visitType) {
      this.visitType = visitType;
      return this;
    }

    /** Sets the planned start. */
    public Builder plannedStart(Instant plannedStart) {
      this.plannedStart = plannedStart;
      return this;
    }

    /** Sets the planned end. */
    public Builder plannedEnd(Instant plannedEnd) {
      this.plannedEnd = plannedEnd;
      return this;
    }

    /** Sets the actual start. */
    public Builder actualStart(Instant actualStart) {
      this.actualStart = actualStart;
      return this;
    }

    /** Sets the actual end. */
    public Builder actualEnd(Instant actualEnd) {
      this.actualEnd = actualEnd;
      return this;
    }

    /** Sets the visit status. */
    public Builder status(VisitStatus status) {
      this.status = status;
      return this;
    }

    /** Sets the visit note (sammanfattning). */
    public Builder note(String note) {
      this.note = note;
      return this;
    }

    /** Sets the staff id of the person who signed the visit. */
    public Builder signedBy(String signedBy) {
      this.signedBy = signedBy;
      return this;
    }

    /** Sets when the visit was signed. */
    public Builder signedAt(Instant signedAt) {
      this.signedAt = signedAt;
      return this;
    }

    /** Sets the team leader's review state (granskning). */
    public Builder reviewState(ReviewState reviewState) {
      this.reviewState = reviewState;
      return this;
    }

    /** Sets the staff id of the reviewing team leader. */
    public Builder reviewedBy(String reviewedBy) {
      this.reviewedBy = reviewedBy;
      return this;
    }

    /** Sets when the visit was reviewed. */
    public Builder reviewedAt(Instant reviewedAt) {
      this.reviewedAt = reviewedAt;
      return this;
    }

    /** Sets the version that was reviewed. */
    public Builder reviewedVersion(long reviewedVersion) {
      this.reviewedVersion = reviewedVersion;
      return this;
    }

    /** Sets the team leader's review comment. */
    public Builder reviewNote(String reviewNote) {
      this.reviewNote = reviewNote;
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

    /** Builds the immutable {@link Visit}. */
    public Visit build() {
      return new Visit(this);
    }
  }
}
