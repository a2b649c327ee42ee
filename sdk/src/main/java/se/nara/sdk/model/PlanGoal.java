package se.nara.sdk.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Mål in a plan.
 *
 * <p>Kept apart from the plan so that goals can be followed up one by one.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class PlanGoal {
  private final String id;
  private final long version;
  private final String patientId;
  private final String planId;
  private final String description;
  private final GoalOwner owner;
  private final String measure;
  private final LocalDate targetDate;
  private final GoalStatus status;

  /** For Gson, which fills the fields by reflection. */
  private PlanGoal() {
    this.id = null;
    this.version = 0L;
    this.patientId = null;
    this.planId = null;
    this.description = null;
    this.owner = null;
    this.measure = null;
    this.targetDate = null;
    this.status = null;
  }

  private PlanGoal(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.patientId = b.patientId;
    this.planId = b.planId;
    this.description = b.description;
    this.owner = b.owner;
    this.measure = b.measure;
    this.targetDate = b.targetDate;
    this.status = b.status;
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
        .owner(owner)
        .measure(measure)
        .targetDate(targetDate)
        .status(status);
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

  /** Returns the goal as written in the plan. */
  public String description() {
    return description;
  }

  /** Returns whose goal it is. */
  public GoalOwner owner() {
    return owner;
  }

  /** Returns how achievement is judged (mått). */
  public String measure() {
    return measure;
  }

  /** Returns when the goal should be reached. */
  public LocalDate targetDate() {
    return targetDate;
  }

  /** Returns the goal status (måluppfyllelse). */
  public GoalStatus status() {
    return status;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PlanGoal)) {
      return false;
    }
    PlanGoal other = (PlanGoal) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(patientId, other.patientId)
        && Objects.equals(planId, other.planId)
        && Objects.equals(description, other.description)
        && Objects.equals(owner, other.owner)
        && Objects.equals(measure, other.measure)
        && Objects.equals(targetDate, other.targetDate)
        && Objects.equals(status, other.status);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id, version, patientId, planId, description, owner, measure, targetDate, status);
  }

  @Override
  public String toString() {
    return "PlanGoal{id="
        + id
        + ", version="
        + version
        + ", patientId="
        + patientId
        + ", planId="
        + planId
        + ", description="
        + ModelSupport.redact(description)
        + ", owner="
        + owner
        + ", measure="
        + ModelSupport.redact(measure)
        + ", targetDate="
        + targetDate
        + ", status="
        + status
        + "}";
  }

  /** Builder for {@link PlanGoal}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String patientId;
    private String planId;
    private String description;
    private GoalOwner owner;
    private String measure;
    private LocalDate targetDate;
    private GoalStatus status;

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

    /** Sets the goal as written in the plan. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** Sets whose goal it is. */
    public Builder owner(GoalOwner owner) {
      this.owner = owner;
      return this;
    }

    /** Sets how achievement is judged (mått). */
    public Builder measure(String measure) {
      this.measure = measure;
      return this;
    }

    /** Sets when the goal should be reached. */
    public Builder targetDate(LocalDate targetDate) {
      this.targetDate = targetDate;
      return this;
    }

    /** Sets the goal status (måluppfyllelse). */
    public Builder status(GoalStatus status) {
      this.status = status;
      return this;
    }

    /** Builds the immutable {@link PlanGoal}. */
    public PlanGoal build() {
      return new PlanGoal(this);
    }
  }
}
