package se.nara.sdk.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Avstämning av en läkemedelsrad within a {@link MedicationCheck}.
 *
 * <p>One record per line so that several staff can check lines in parallel offline.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class MedicationLineCheck {
  private final String id;
  private final long version;
  private final String patientId;
  private final String checkId;
  private final String lineId;
  private final LineCheckOutcome outcome;
  private final String checkedBy;
  private final Instant checkedAt;
  private final String discrepancyId;
  private final String note;

  /** For Gson, which fills the fields by reflection. */
  private MedicationLineCheck() {
    this.id = null;
    this.version = 0L;
    this.patientId = null;
    this.checkId = null;
    this.lineId = null;
    this.outcome = null;
    this.checkedBy = null;
    this.checkedAt = null;
    this.discrepancyId = null;
    this.note = null;
  }

  private MedicationLineCheck(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.patientId = b.patientId;
    this.checkId = b.checkId;
    this.lineId = b.lineId;
    this.outcome = b.outcome;
    this.checkedBy = b.checkedBy;
    this.checkedAt = b.checkedAt;
    this.discrepancyId = b.discrepancyId;
    this.note = b.note;
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
        .lineId(lineId)
        .outcome(outcome)
        .checkedBy(checkedBy)
        .checkedAt(checkedAt)
        .discrepancyId(discrepancyId)
        .note(note);
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

  /** Returns the id of the medication line checked. */
  public String lineId() {
    return lineId;
  }

  /** Returns the outcome of the comparison. */
  public LineCheckOutcome outcome() {
    return outcome;
  }

  /** Returns the staff id of the person who checked the line. */
  public String checkedBy() {
    return checkedBy;
  }

  /** Returns when the line was checked. */
  public Instant checkedAt() {
    return checkedAt;
  }

  /** Returns the id of the discrepancy recorded for this line. */
  public String discrepancyId() {
    return discrepancyId;
  }

  /** Returns a free-text note. */
  public String note() {
    return note;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MedicationLineCheck)) {
      return false;
    }
    MedicationLineCheck other = (MedicationLineCheck) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(patientId, other.patientId)
        && Objects.equals(checkId, other.checkId)
        && Objects.equals(lineId, other.lineId)
        && Objects.equals(outcome, other.outcome)
        && Objects.equals(checkedBy, other.checkedBy)
        && Objects.equals(checkedAt, other.checkedAt)
        && Objects.equals(discrepancyId, other.discrepancyId)
        && Objects.equals(note, other.note);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        version,
        patientId,
        checkId,
        lineId,
        outcome,
        checkedBy,
        checkedAt,
        discrepancyId,
        note);
  }

  @Override
  public String toString() {
    return "MedicationLineCheck{id="
        + id
        + ", version="
        + version
        + ", patientId="
        + patientId
        + ", checkId="
        + checkId
        + ", lineId="
        + lineId
        + ", outcome="
        + outcome
        + ", checkedBy="
        + checkedBy
        + ", checkedAt="
        + checkedAt
        + ", discrepancyId="
        + discrepancyId
        + ", note="
        + ModelSupport.redact(note)
        + "}";
  }

  /** Builder for {@link MedicationLineCheck}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String patientId;
    private String checkId;
    private String lineId;
    private LineCheckOutcome outcome;
    private String checkedBy;
    private Instant checkedAt;
    private String discrepancyId;
    private String note;

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

    /** Sets the id of the medication line checked. */
    public Builder lineId(String lineId) {
      this.lineId = lineId;
      return this;
    }

    /** Sets the outcome of the comparison. */
    public Builder outcome(LineCheckOutcome outcome) {
      this.outcome = outcome;
      return this;
    }

    /** Sets the staff id of the person who checked the line. */
    public Builder checkedBy(String checkedBy) {
      this.checkedBy = checkedBy;
      return this;
    }

    /** Sets when the line was checked. */
    public Builder checkedAt(Instant checkedAt) {
      this.checkedAt = checkedAt;
      return this;
    }

    /** Sets the id of the discrepancy recorded for this line. */
    public Builder discrepancyId(String discrepancyId) {
      this.discrepancyId = discrepancyId;
      return this;
    }

    /** Sets a free-text note. */
    public Builder note(String note) {
      this.note = note;
      return this;
    }

    /** Builds the immutable {@link MedicationLineCheck}. */
    public MedicationLineCheck build() {
      return new MedicationLineCheck(this);
    }
  }
}
