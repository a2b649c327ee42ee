package se.nara.sdk.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Utskrivningschecklista – the checks a nurse makes in the home on the discharge day.
 *
 * <p>The template id and version are kept so an old checklist can still be read after the template
 * has changed.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class DischargeChecklist {
  private final String id;
  private final long version;
  private final String patientId;
  private final String episodeId;
  private final List<String> seenItemVersions;
  private final String templateId;
  private final int templateVersion;
  private final String visitId;
  private final ChecklistStatus status;
  /**
   * Which local copy this value was read from (see {@link #localRevision()}). Not part of the
   * record: never sent, and left out of {@code equals}, {@code hashCode} and {@code toString}.
   */
  private final long localRevision;

  /** For Gson, which fills the fields by reflection. */
  private DischargeChecklist() {
    this.id = null;
    this.version = 0L;
    this.patientId = null;
    this.episodeId = null;
    this.seenItemVersions = Collections.emptyList();
    this.templateId = null;
    this.templateVersion = 0;
    this.visitId = null;
    this.status = null;
    this.localRevision = 0L;
  }

  private DischargeChecklist(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.patientId = b.patientId;
    this.episodeId = b.episodeId;
    this.seenItemVersions = ModelSupport.immutableCopy(b.seenItemVersions);
    this.templateId = b.templateId;
    this.templateVersion = b.templateVersion;
    this.visitId = b.visitId;
    this.status = b.status;
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
        .seenItemVersions(seenItemVersions())
        .templateId(templateId)
        .templateVersion(templateVersion)
        .visitId(visitId)
        .status(status)
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

  /** The items the nurse saw when completing, as {@code itemId@version}: lets the server flag a completion made on stale data. */
  public List<String> seenItemVersions() {
    return ModelSupport.view(seenItemVersions);
  }

  /** Returns the id of the checklist template (mall). */
  public String templateId() {
    return templateId;
  }

  /** Returns the version of the template used. */
  public int templateVersion() {
    return templateVersion;
  }

  /** Returns the id of the visit during which the checklist is done. */
  public String visitId() {
    return visitId;
  }

  /** Returns the checklist status. */
  public ChecklistStatus status() {
    return status;
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
    if (!(o instanceof DischargeChecklist)) {
      return false;
    }
    DischargeChecklist other = (DischargeChecklist) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(patientId, other.patientId)
        && Objects.equals(episodeId, other.episodeId)
        && seenItemVersions().equals(other.seenItemVersions())
        && Objects.equals(templateId, other.templateId)
        && templateVersion == other.templateVersion
        && Objects.equals(visitId, other.visitId)
        && Objects.equals(status, other.status);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        version,
        patientId,
        episodeId,
        seenItemVersions(),
        templateId,
        templateVersion,
        visitId,
        status);
  }

  @Override
  public String toString() {
    return "DischargeChecklist{id="
        + id
        + ", version="
        + version
        + ", patientId="
        + patientId
        + ", episodeId="
        + episodeId
        + ", seenItemVersions="
        + seenItemVersions()
        + ", templateId="
        + templateId
        + ", templateVersion="
        + templateVersion
        + ", visitId="
        + visitId
        + ", status="
        + status
        + "}";
  }

  /** Builder for {@link DischargeChecklist}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String patientId;
    private String episodeId;
    private List<String> seenItemVersions = new ArrayList<>();
    private String templateId;
    private int templateVersion;
    private String visitId;
    private ChecklistStatus status;
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

    /** The items the nurse saw when completing, as {@code itemId@version}: lets the server flag a completion made on stale data. */
    public Builder seenItemVersions(List<String> seenItemVersions) {
      this.seenItemVersions = ModelSupport.mutableCopy(seenItemVersions);
      return this;
    }

    /** Sets the id of the checklist template (mall). */
    public Builder templateId(String templateId) {
      this.templateId = templateId;
      return this;
    }

    /** Sets the version of the template used. */
    public Builder templateVersion(int templateVersion) {
      this.templateVersion = templateVersion;
      return this;
    }

    /** Sets the id of the visit during which the checklist is done. */
    public Builder visitId(String visitId) {
      this.visitId = visitId;
      return this;
    }

    /** Sets the checklist status. */
    public Builder status(ChecklistStatus status) {
      this.status = status;
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

    /** Builds the immutable {@link DischargeChecklist}. */
    public DischargeChecklist build() {
      return new DischargeChecklist(this);
    }
  }
}
