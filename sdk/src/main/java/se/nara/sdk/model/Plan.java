package se.nara.sdk.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Plan – a SIP (samordnad individuell plan), patientkontrakt or vårdplan.
 *
 * <p>Goals and actions are separate records ({@link PlanGoal}, {@link PlanAction}) so that region
 * and kommun staff can edit different parts offline without conflicting.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class Plan {
  private final String id;
  private final long version;
  private final String patientId;
  private final String episodeId;
  private final String amendsId;
  private final PlanType planType;
  private final PlanStatus status;
  private final Huvudman overallResponsible;
  private final String patientOwnGoals;
  private final LocalDate followUpDate;
  private final String signedBy;
  private final Instant signedAt;
  private final List<String> seenPartVersions;
  /**
   * Which local copy this value was read from (see {@link #localRevision()}). Not part of the
   * record: never sent, and left out of {@code equals}, {@code hashCode} and {@code toString}.
   */
  private final long localRevision;

  /** For Gson, which fills the fields by reflection. */
  private Plan() {
    this.id = null;
    this.version = 0L;
    this.patientId = null;
    this.episodeId = null;
    this.amendsId = null;
    this.planType = null;
    this.status = null;
    this.overallResponsible = null;
    this.patientOwnGoals = null;
    this.followUpDate = null;
    this.signedBy = null;
    this.signedAt = null;
    this.seenPartVersions = Collections.emptyList();
    this.localRevision = 0L;
  }

  private Plan(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.patientId = b.patientId;
    this.episodeId = b.episodeId;
    this.amendsId = b.amendsId;
    this.planType = b.planType;
    this.status = b.status;
    this.overallResponsible = b.overallResponsible;
    this.patientOwnGoals = b.patientOwnGoals;
    this.followUpDate = b.followUpDate;
    this.signedBy = b.signedBy;
    this.signedAt = b.signedAt;
    this.seenPartVersions = ModelSupport.immutableCopy(b.seenPartVersions);
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
        .planType(planType)
        .status(status)
        .overallResponsible(overallResponsible)
        .patientOwnGoals(patientOwnGoals)
        .followUpDate(followUpDate)
        .signedBy(signedBy)
        .signedAt(signedAt)
        .seenPartVersions(seenPartVersions())
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

  /**
   * Returns the id of the care episode the plan was made for. Null for a plan made outside a
   * discharge.
   */
  public String episodeId() {
    return episodeId;
  }

  /** The signed plan this one corrects (a new version linked to it), or null. */
  public String amendsId() {
    return amendsId;
  }

  /** Returns the kind of plan. */
  public PlanType planType() {
    return planType;
  }

  /** Returns the plan status. */
  public PlanStatus status() {
    return status;
  }

  /**
   * Returns the huvudman with overall responsibility (övergripande ansvar). A SIP must name it; a
   * concurrent change is a conflict that needs both parties.
   */
  public Huvudman overallResponsible() {
    return overallResponsible;
  }

  /** Returns the patient's own words on what matters ("vad är viktigt för dig?"). */
  public String patientOwnGoals() {
    return patientOwnGoals;
  }

  /** Returns the agreed date for uppföljning. */
  public LocalDate followUpDate() {
    return followUpDate;
  }

  /**
   * Returns the staff id of the person who signed the plan. Signed plans are immutable; a change
   * becomes a new linked version.
   */
  public String signedBy() {
    return signedBy;
  }

  /** Returns when the plan was signed. */
  public Instant signedAt() {
    return signedAt;
  }

  /**
   * The goals and actions the signer saw when signing, as "id@version": the server names any that
   * another device changed since, so the signature never silently covers them.
   */
  public List<String> seenPartVersions() {
    return ModelSupport.view(seenPartVersions);
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
    if (!(o instanceof Plan)) {
      return false;
    }
    Plan other = (Plan) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(patientId, other.patientId)
        && Objects.equals(episodeId, other.episodeId)
        && Objects.equals(amendsId, other.amendsId)
        && Objects.equals(planType, other.planType)
        && Objects.equals(status, other.status)
        && Objects.equals(overallResponsible, other.overallResponsible)
        && Objects.equals(patientOwnGoals, other.patientOwnGoals)
        && Objects.equals(followUpDate, other.followUpDate)
        && Objects.equals(signedBy, other.signedBy)
        && Objects.equals(signedAt, other.signedAt)
        && seenPartVersions().equals(other.seenPartVersions());
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        version,
        patientId,
        episodeId,
        amendsId,
        planType,
        status,
        overallResponsible,
        patientOwnGoals,
        followUpDate,
        signedBy,
        signedAt,
        seenPartVersions());
  }

  @Override
  public String toString() {
    return "Plan{id="
        + id
        + ", version="
        + version
        + ", patientId="
        + patientId
        + ", episodeId="
        + episodeId
        + ", amendsId="
        + amendsId
        + ", planType="
        + planType
        + ", status="
        + status
        + ", overallResponsible="
        + overallResponsible
        + ", patientOwnGoals="
        + ModelSupport.redact(patientOwnGoals)
        + ", followUpDate="
        + followUpDate
        + ", signedBy="
        + signedBy
        + ", signedAt="
        + signedAt
        + ", seenPartVersions="
        + seenPartVersions()
        + "}";
  }

  /** Builder for {@link Plan}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String patientId;
    private String episodeId;
    private String amendsId;
    private PlanType planType;
    private PlanStatus status;
    private Huvudman overallResponsible;
    private String patientOwnGoals;
    private LocalDate followUpDate;
    private String signedBy;
    private Instant signedAt;
    private List<String> seenPartVersions = new ArrayList<>();

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

    /** Sets the id of the care episode the plan was made for. */
    public Builder episodeId(String episodeId) {
      this.episodeId = episodeId;
      return this;
    }

    /** The signed plan this one corrects (a new version linked to it), or null. */
    public Builder amendsId(String amendsId) {
      this.amendsId = amendsId;
      return this;
    }

    /** Sets the kind of plan. */
    public Builder planType(PlanType planType) {
      this.planType = planType;
      return this;
    }

    /** Sets the plan status. */
    public Builder status(PlanStatus status) {
      this.status = status;
      return this;
    }

    /** Sets the huvudman with overall responsibility (övergripande ansvar). */
    public Builder overallResponsible(Huvudman overallResponsible) {
      this.overallResponsible = overallResponsible;
      return this;
    }

    /** Sets the patient's own words on what matters ("vad är viktigt för dig?"). */
    public Builder patientOwnGoals(String patientOwnGoals) {
      this.patientOwnGoals = patientOwnGoals;
      return this;
    }

    /** Sets the agreed date for uppföljning. */
    public Builder followUpDate(LocalDate followUpDate) {
      this.followUpDate = followUpDate;
      return this;
    }

    /** Sets the staff id of the person who signed the plan. */
    public Builder signedBy(String signedBy) {
      this.signedBy = signedBy;
      return this;
    }

    /** Sets when the plan was signed. */
    public Builder signedAt(Instant signedAt) {
      this.signedAt = signedAt;
      return this;
    }

    /** Sets the goals and actions the signer saw, as "id@version". */
    public Builder seenPartVersions(List<String> seenPartVersions) {
      this.seenPartVersions = ModelSupport.mutableCopy(seenPartVersions);
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

    /** Builds the immutable {@link Plan}. */
    public Plan build() {
      return new Plan(this);
    }
  }
}
