package se.nara.sdk.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Avvikelse i läkemedelslista – a difference found during a läkemedelsavstämning.
 *
 * <p>Discrepancies are append-only and never dropped by sync: every one must reach the prescriber
 * and be resolved.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class Discrepancy {
  private final String id;
  private final long version;
  private final String patientId;
  private final String checkId;
  private final List<String> lineIds;
  private final DiscrepancyType type;
  private final DiscrepancyIntent intent;
  private final DiscrepancySeverity severity;
  private final DiscrepancyResolution resolution;
  private final String resolvedBy;
  private final Instant resolvedAt;
  private final String communicatedTo;
  private final String note;
  /**
   * Which local copy this value was read from (see {@link #localRevision()}). Not part of the
   * record: never sent, and left out of {@code equals}, {@code hashCode} and {@code toString}.
   */
  private final long localRevision;

  /** For Gson, which fills the fields by reflection; lists start empty so they are never null. */
  private Discrepancy() {
    this.id = null;
    this.version = 0L;
    this.patientId = null;
    this.checkId = null;
    this.lineIds = Collections.emptyList();
    this.type = null;
    this.intent = null;
    this.severity = null;
    this.resolution = null;
    this.resolvedBy = null;
    this.resolvedAt = null;
    this.communicatedTo = null;
    this.note = null;
    this.localRevision = 0L;
  }

  private Discrepancy(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.patientId = b.patientId;
    this.checkId = b.checkId;
    this.lineIds = ModelSupport.immutableCopy(b.lineIds);
    this.type = b.type;
    this.intent = b.intent;
    this.severity = b.severity;
    this.resolution = b.resolution;
    this.resolvedBy = b.resolvedBy;
    this.resolvedAt = b.resolvedAt;
    this.communicatedTo = b.communicatedTo;
    this.note = b.note;
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
        .checkId(checkId)
        .lineIds(lineIds())
        .type(type)
        .intent(intent)
        .severity(severity)
        .resolution(resolution)
        .resolvedBy(resolvedBy)
        .resolvedAt(resolvedAt)
        .communicatedTo(communicatedTo)
        .note(note)
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

  /** Returns the id of the medication check. */
  public String checkId() {
    return checkId;
  }

  /**
   * Returns the ids of the medication lines involved. Never null; unmodifiable. Usually one line
   * per compared list.
   */
  public List<String> lineIds() {
    return ModelSupport.view(lineIds);
  }

  /** Returns the kind of discrepancy. */
  public DiscrepancyType type() {
    return type;
  }

  /** Returns whether the difference was intended. */
  public DiscrepancyIntent intent() {
    return intent;
  }

  /** Returns the clinical severity. */
  public DiscrepancySeverity severity() {
    return severity;
  }

  /** Returns how the discrepancy was handled. */
  public DiscrepancyResolution resolution() {
    return resolution;
  }

  /** Returns the staff id of the person who resolved it. */
  public String resolvedBy() {
    return resolvedBy;
  }

  /** Returns when it was resolved. */
  public Instant resolvedAt() {
    return resolvedAt;
  }

  /** Returns the prescriber or unit it was communicated to. */
  public String communicatedTo() {
    return communicatedTo;
  }

  /** Returns a free-text note. */
  public String note() {
    return note;
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
    if (!(o instanceof Discrepancy)) {
      return false;
    }
    Discrepancy other = (Discrepancy) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(patientId, other.patientId)
        && Objects.equals(checkId, other.checkId)
        && lineIds().equals(other.lineIds())
        && Objects.equals(type, other.type)
        && Objects.equals(intent, other.intent)
        && Objects.equals(severity, other.severity)
        && Objects.equals(resolution, other.resolution)
        && Objects.equals(resolvedBy, other.resolvedBy)
        && Objects.equals(resolvedAt, other.resolvedAt)
        && Objects.equals(communicatedTo, other.communicatedTo)
        && Objects.equals(note, other.note);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        version,
        patientId,
        checkId,
        lineIds(),
        type,
        intent,
        severity,
        resolution,
        resolvedBy,
        resolvedAt,
        communicatedTo,
        note);
  }

  @Override
  public String toString() {
    return "Discrepancy{id="
        + id
        + ", version="
        + version
        + ", patientId="
        + patientId
        + ", checkId="
        + checkId
        + ", lineIds="
        + lineIds()
        + ", type="
        + type
        + ", intent="
        + intent
        + ", severity="
        + severity
        + ", resolution="
        + resolution
        + ", resolvedBy="
        + resolvedBy
        + ", resolvedAt="
        + resolvedAt
        + ", communicatedTo="
        + communicatedTo
        + ", note="
        + ModelSupport.redact(note)
        + "}";
  }

  /** Builder for {@link Discrepancy}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String patientId;
    private String checkId;
    private List<String> lineIds = new ArrayList<>();
    private DiscrepancyType type;
    private DiscrepancyIntent intent;
    private DiscrepancySeverity severity;
    private DiscrepancyResolution resolution;
    private String resolvedBy;
    private Instant resolvedAt;
    private String communicatedTo;
    private String note;

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

    /** Sets the id of the medication check. */
    public Builder checkId(String checkId) {
      this.checkId = checkId;
      return this;
    }

    /** Sets the ids of the medication lines involved; the list is copied, and null means empty. */
    public Builder lineIds(List<String> lineIds) {
      this.lineIds = ModelSupport.mutableCopy(lineIds);
      return this;
    }

    /** Sets the kind of discrepancy. */
    public Builder type(DiscrepancyType type) {
      this.type = type;
      return this;
    }

    /** Sets whether the difference was intended. */
    public Builder intent(DiscrepancyIntent intent) {
      this.intent = intent;
      return this;
    }

    /** Sets the clinical severity. */
    public Builder severity(DiscrepancySeverity severity) {
      this.severity = severity;
      return this;
    }

    /** Sets how the discrepancy was handled. */
    public Builder resolution(DiscrepancyResolution resolution) {
      this.resolution = resolution;
      return this;
    }

    /** Sets the staff id of the person who resolved it. */
    public Builder resolvedBy(String resolvedBy) {
      this.resolvedBy = resolvedBy;
      return this;
    }

    /** Sets when it was resolved. */
    public Builder resolvedAt(Instant resolvedAt) {
      this.resolvedAt = resolvedAt;
      return this;
    }

    /** Sets the prescriber or unit it was communicated to. */
    public Builder communicatedTo(String communicatedTo) {
      this.communicatedTo = communicatedTo;
      return this;
    }

    /** Sets a free-text note. */
    public Builder note(String note) {
      this.note = note;
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

    /** Builds the immutable {@link Discrepancy}. */
    public Discrepancy build() {
      return new Discrepancy(this);
    }
  }
}
