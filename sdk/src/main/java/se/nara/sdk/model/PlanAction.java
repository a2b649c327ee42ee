package se.nara.sdk.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Insats/åtgärd in a plan.
 *
 * <p>A SIP must say which huvudman answers for each insats, hence the coded responsible party.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class PlanAction {
  private final String id;
  private final long version;
  private final String patientId;
  private final String planId;
  private final String description;
  private final ResponsibleParty responsible;
  private final String responsibleUnit;
  private final String performer;
  private final LocalDate dueDate;
  private final ActionStatus status;
  private final List<String> linkedGoalIds;
  /**
   * Which local copy this value was read from (see {@link #localRevision()}). Not part of the
   * record: never sent, and left out of {@code equals}, {@code hashCode} and {@code toString}.
   */
  private final long localRevision;

  /** For Gson, which fills the fields by reflection; lists start empty so they are never null. */
  private PlanAction() {
    this.id = null;
    this.version = 0L;
    this.patientId = null;
    this.planId = null;
    this.description = null;
    this.responsible = null;
    this.responsibleUnit = null;
    this.performer = null;
    this.dueDate = null;
    this.status = null;
    this.linkedGoalIds = Collections.emptyList();
    this.localRevision = 0L;
  }

  private PlanAction(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.patientId = b.patientId;
    this.planId = b.planId;
    this.description = b.description;
    this.responsible = b.responsible;
    this.responsibleUnit = b.responsibleUnit;
    this.performer = b.performer;
    this.dueDate = b.dueDate;
    this.status = b.status;
    this.linkedGoalIds = ModelSupport.immutableCopy(b.linkedGoalIds);
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
        .planId(planId)
        .description(description)
        .responsible(responsible)
        .responsibleUnit(responsibleUnit)
        .performer(performer)
        .dueDate(dueDate)
        .status(status)
        .linkedGoalIds(linkedGoalIds())
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

  /** Returns the id of the plan. */
  public String planId() {
    return planId;
  }

  /** Returns what will be done. */
  public String description() {
    return description;
  }

  /** Returns the party responsible for the insats. */
  public ResponsibleParty responsible() {
    return responsible;
  }

  /** Returns the HSA-id or name of the responsible unit. */
  public String responsibleUnit() {
    return responsibleUnit;
  }

  /** Returns who carries the insats out (person or unit). */
  public String performer() {
    return performer;
  }

  /** Returns when the insats is due. */
  public LocalDate dueDate() {
    return dueDate;
  }

  /** Returns the status of the insats. */
  public ActionStatus status() {
    return status;
  }

  /** Returns the ids of the goals this insats serves. Never null; unmodifiable. */
  public List<String> linkedGoalIds() {
    return ModelSupport.view(linkedGoalIds);
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
    if (!(o instanceof PlanAction)) {
      return false;
    }
    PlanAction other = (PlanAction) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(patientId, other.patientId)
        && Objects.equals(planId, other.planId)
        && Objects.equals(description, other.description)
        && Objects.equals(responsible, other.responsible)
        && Objects.equals(responsibleUnit, other.responsibleUnit)
        && Objects.equals(performer, other.performer)
        && Objects.equals(dueDate, other.dueDate)
        && Objects.equals(status, other.status)
        && linkedGoalIds().equals(other.linkedGoalIds());
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        version,
        patientId,
        planId,
        description,
        responsible,
        responsibleUnit,
        performer,
        dueDate,
        status,
        linkedGoalIds());
  }

  @Override
  public String toString() {
    return "PlanAction{id="
        + id
        + ", version="
        + version
        + ", patientId="
        + patientId
        + ", planId="
        + planId
        + ", description="
        + ModelSupport.redact(description)
        + ", responsible="
        + responsible
        + ", responsibleUnit="
        + responsibleUnit
        + ", performer="
        + performer
        + ", dueDate="
        + dueDate
        + ", status="
        + status
        + ", linkedGoalIds="
        + linkedGoalIds()
        + "}";
  }

  /** Builder for {@link PlanAction}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String patientId;
    private String planId;
    private String description;
    private ResponsibleParty responsible;
    private String responsibleUnit;
    private String performer;
    private LocalDate dueDate;
    private ActionStatus status;
    private List<String> linkedGoalIds = new ArrayList<>();

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

    /** Sets the id of the plan. */
    public Builder planId(String planId) {
      this.planId = planId;
      return this;
    }

    /** Sets what will be done. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** Sets the party responsible for the insats. */
    public Builder responsible(ResponsibleParty responsible) {
      this.responsible = responsible;
      return this;
    }

    /** Sets the HSA-id or name of the responsible unit. */
    public Builder responsibleUnit(String responsibleUnit) {
      this.responsibleUnit = responsibleUnit;
      return this;
    }

    /** Sets who carries the insats out (person or unit). */
    public Builder performer(String performer) {
      this.performer = performer;
      return this;
    }

    /** Sets when the insats is due. */
    public Builder dueDate(LocalDate dueDate) {
      this.dueDate = dueDate;
      return this;
    }

    /** Sets the status of the insats. */
    public Builder status(ActionStatus status) {
      this.status = status;
      return this;
    }

    /** Sets the ids of the goals this insats serves; the list is copied, and null means empty. */
    public Builder linkedGoalIds(List<String> linkedGoalIds) {
      this.linkedGoalIds = ModelSupport.mutableCopy(linkedGoalIds);
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

    /** Builds the immutable {@link PlanAction}. */
    public PlanAction build() {
      return new PlanAction(this);
    }
  }
}
