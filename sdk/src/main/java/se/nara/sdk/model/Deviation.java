package se.nara.sdk.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Avvikelse – a patient-safety deviation report.
 *
 * <p>Deviations are append-only and merged as a union by sync, because reporting them is a legal
 * duty.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class Deviation {
  private final String id;
  private final long version;
  private final String patientId;
  private final String episodeId;
  private final DeviationCategory category;
  private final String description;
  private final DeviationSeverity severity;
  private final String reportedBy;
  private final Instant reportedAt;
  private final Instant detectedAt;
  private final DeviationStatus status;
  private final String statusReason;
  private final LexMariaAssessment lexMaria;
  private final String immediateAction;
  private final String checklistItemId;
  private final String discrepancyId;
  /**
   * Which local copy this value was read from (see {@link #localRevision()}). Not part of the
   * record: never sent, and left out of {@code equals}, {@code hashCode} and {@code toString}.
   */
  private final long localRevision;

  /** For Gson, which fills the fields by reflection. */
  private Deviation() {
    this.id = null;
    this.version = 0L;
    this.patientId = null;
    this.episodeId = null;
    this.category = null;
    this.description = null;
    this.severity = null;
    this.reportedBy = null;
    this.reportedAt = null;
    this.detectedAt = null;
    this.status = null;
    this.statusReason = null;
    this.lexMaria = null;
    this.immediateAction = null;
    this.checklistItemId = null;
    this.discrepancyId = null;
    this.localRevision = 0L;
  }

  private Deviation(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.patientId = b.patientId;
    this.episodeId = b.episodeId;
    this.category = b.category;
    this.description = b.description;
    this.severity = b.severity;
    this.reportedBy = b.reportedBy;
    this.reportedAt = b.reportedAt;
    this.detectedAt = b.detectedAt;
    this.status = b.status;
    this.statusReason = b.statusReason;
    this.lexMaria = b.lexMaria;
    this.immediateAction = b.immediateAction;
    this.checklistItemId = b.checklistItemId;
    this.discrepancyId = b.discrepancyId;
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
        .category(category)
        .description(description)
        .severity(severity)
        .reportedBy(reportedBy)
        .reportedAt(reportedAt)
        .detectedAt(detectedAt)
        .status(status)
        .statusReason(statusReason)
        .lexMaria(lexMaria)
        .immediateAction(immediateAction)
        .checklistItemId(checklistItemId)
        .discrepancyId(discrepancyId)
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

  /** Returns the category. */
  public DeviationCategory category() {
    return category;
  }

  /** Returns what happened. */
  public String description() {
    return description;
  }

  /** Returns how severe it was. */
  public DeviationSeverity severity() {
    return severity;
  }

  /** Returns the staff id of the reporter. */
  public String reportedBy() {
    return reportedBy;
  }

  /** Returns when it was reported. */
  public Instant reportedAt() {
    return reportedAt;
  }

  /** Returns when it was detected. */
  public Instant detectedAt() {
    return detectedAt;
  }

  /** Returns the handling status. */
  public DeviationStatus status() {
    return status;
  }

  /**
   * Returns why the status last moved back (e.g. åtgärdad back to under utredning), or null. A
   * deviation's status only moves forward unless a reason is recorded with the change (DOMAIN
   * rule 11); the server refuses a backward move without one.
   */
  public String statusReason() {
    return statusReason;
  }

  /** Returns the Lex Maria assessment. */
  public LexMariaAssessment lexMaria() {
    return lexMaria;
  }

  /** Returns the immediate action taken (omedelbar åtgärd). */
  public String immediateAction() {
    return immediateAction;
  }

  /** Returns the id of the checklist item that raised the deviation. */
  public String checklistItemId() {
    return checklistItemId;
  }

  /** Returns the id of the medication discrepancy that raised the deviation. */
  public String discrepancyId() {
    return discrepancyId;
  }

  /**
   * Returns the stamp of the local copy this value was read from. The SDK moves a record's stamp
   * on at every change made to it on this device and keeps the copies the recent stamps named, so
   * a save diffs against exactly the copy the app read: a screen opened before the device's own
   * later change does not send that change back at its old value. 0 for a value the app built
   * itself, and for one read before the record's first change on this device. {@link
   * #toBuilder()} keeps it. It is not part of the record: never sent, and not in {@code equals},
   * so two reads of the same record are equal whichever local copy they came from.
   */
  public long localRevision() {
    return localRevision;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Deviation)) {
      return false;
    }
    Deviation other = (Deviation) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(patientId, other.patientId)
        && Objects.equals(episodeId, other.episodeId)
        && Objects.equals(category, other.category)
        && Objects.equals(description, other.description)
        && Objects.equals(severity, other.severity)
        && Objects.equals(reportedBy, other.reportedBy)
        && Objects.equals(reportedAt, other.reportedAt)
        && Objects.equals(detectedAt, other.detectedAt)
        && Objects.equals(status, other.status)
        && Objects.equals(statusReason, other.statusReason)
        && Objects.equals(lexMaria, other.lexMaria)
        && Objects.equals(immediateAction, other.immediateAction)
        && Objects.equals(checklistItemId, other.checklistItemId)
        && Objects.equals(discrepancyId, other.discrepancyId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        version,
        patientId,
        episodeId,
        category,
        description,
        severity,
        reportedBy,
        reportedAt,
        detectedAt,
        status,
        statusReason,
        lexMaria,
        immediateAction,
        checklistItemId,
        discrepancyId);
  }

  @Override
  public String toString() {
    return "Deviation{id="
        + id
        + ", version="
        + version
        + ", patientId="
        + patientId
        + ", episodeId="
        + episodeId
        + ", category="
        + category
        + ", description="
        + ModelSupport.redact(description)
        + ", severity="
        + severity
        + ", reportedBy="
        + reportedBy
        + ", reportedAt="
        + reportedAt
        + ", detectedAt="
        + detectedAt
        + ", status="
        + status
        + ", statusReason="
        + ModelSupport.redact(statusReason)
        + ", lexMaria="
        + lexMaria
        + ", immediateAction="
        + ModelSupport.redact(immediateAction)
        + ", checklistItemId="
        + checklistItemId
        + ", discrepancyId="
        + discrepancyId
        + "}";
  }

  /** Builder for {@link Deviation}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String patientId;
    private String episodeId;
    private DeviationCategory category;
    private String description;
    private DeviationSeverity severity;
    private String reportedBy;
    private Instant reportedAt;
    private Instant detectedAt;
    private DeviationStatus status;
    private String statusReason;
    private LexMariaAssessment lexMaria;
    private String immediateAction;
    private String checklistItemId;
    private String discrepancyId;
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

    /** Sets the category. */
    public Builder category(DeviationCategory category) {
      this.category = category;
      return this;
    }

    /** Sets what happened. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** Sets how severe it was. */
    public Builder severity(DeviationSeverity severity) {
      this.severity = severity;
      return this;
    }

    /** Sets the staff id of the reporter. */
    public Builder reportedBy(String reportedBy) {
      this.reportedBy = reportedBy;
      return this;
    }

    /** Sets when it was reported. */
    public Builder reportedAt(Instant reportedAt) {
      this.reportedAt = reportedAt;
      return this;
    }

    /** Sets when it was detected. */
    public Builder detectedAt(Instant detectedAt) {
      this.detectedAt = detectedAt;
      return this;
    }

    /** Sets the handling status. */
    public Builder status(DeviationStatus status) {
      this.status = status;
      return this;
    }

    /** Sets why the status moves back; required with a backward move (see {@link Deviation#statusReason()}). */
    public Builder statusReason(String statusReason) {
      this.statusReason = statusReason;
      return this;
    }

    /** Sets the Lex Maria assessment. */
    public Builder lexMaria(LexMariaAssessment lexMaria) {
      this.lexMaria = lexMaria;
      return this;
    }

    /** Sets the immediate action taken (omedelbar åtgärd). */
    public Builder immediateAction(String immediateAction) {
      this.immediateAction = immediateAction;
      return this;
    }

    /** Sets the id of the checklist item that raised the deviation. */
    public Builder checklistItemId(String checklistItemId) {
      this.checklistItemId = checklistItemId;
      return this;
    }

    /** Sets the id of the medication discrepancy that raised the deviation. */
    public Builder discrepancyId(String discrepancyId) {
      this.discrepancyId = discrepancyId;
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

    /** Builds the immutable {@link Deviation}. */
    public Deviation build() {
      return new Deviation(this);
    }
  }
}
