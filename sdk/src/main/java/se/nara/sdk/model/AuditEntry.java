package se.nara.sdk.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Loggpost – one access or event in the PDL audit log.
 *
 * <p>Append-only and always uploaded, even when the write it accompanies is rejected; HSLF-FS
 * 2016:40 requires user, patient, unit, action and time, kept at least five years. Both device and
 * server time are kept because device clocks cannot be trusted.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class AuditEntry {
  private final String id;
  private final long version;
  private final String patientId;
  private final String userId;
  private final String teamId;
  private final String deviceId;
  private final AuditAction action;
  private final String resourceType;
  private final String resourceId;
  private final Instant occurredAtDevice;
  private final Instant receivedAtServer;
  private final String purpose;
  private final String outcome;

  /** For Gson, which fills the fields by reflection. */
  private AuditEntry() {
    this.id = null;
    this.version = 0L;
    this.patientId = null;
    this.userId = null;
    this.teamId = null;
    this.deviceId = null;
    this.action = null;
    this.resourceType = null;
    this.resourceId = null;
    this.occurredAtDevice = null;
    this.receivedAtServer = null;
    this.purpose = null;
    this.outcome = null;
  }

  private AuditEntry(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.patientId = b.patientId;
    this.userId = b.userId;
    this.teamId = b.teamId;
    this.deviceId = b.deviceId;
    this.action = b.action;
    this.resourceType = b.resourceType;
    this.resourceId = b.resourceId;
    this.occurredAtDevice = b.occurredAtDevice;
    this.receivedAtServer = b.receivedAtServer;
    this.purpose = b.purpose;
    this.outcome = b.outcome;
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
        .userId(userId)
        .teamId(teamId)
        .deviceId(deviceId)
        .action(action)
        .resourceType(resourceType)
        .resourceId(resourceId)
        .occurredAtDevice(occurredAtDevice)
        .receivedAtServer(receivedAtServer)
        .purpose(purpose)
        .outcome(outcome);
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

  /** Returns the staff id of the user. */
  public String userId() {
    return userId;
  }

  /** Returns the id of the team (vårdenhet/vårdprocess) the user acted for. */
  public String teamId() {
    return teamId;
  }

  /** Returns the id of the device. */
  public String deviceId() {
    return deviceId;
  }

  /** Returns what was done. */
  public AuditAction action() {
    return action;
  }

  /** Returns the type of the record touched, e.g. "Visit". */
  public String resourceType() {
    return resourceType;
  }

  /** Returns the id of the record touched. */
  public String resourceId() {
    return resourceId;
  }

  /** Returns when it happened by the device clock. */
  public Instant occurredAtDevice() {
    return occurredAtDevice;
  }

  /** Returns when the server received the entry. Null until uploaded. */
  public Instant receivedAtServer() {
    return receivedAtServer;
  }

  /** Returns the stated purpose (ändamål), if any. */
  public String purpose() {
    return purpose;
  }

  /** Returns the outcome, e.g. success or denied. */
  public String outcome() {
    return outcome;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AuditEntry)) {
      return false;
    }
    AuditEntry other = (AuditEntry) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(patientId, other.patientId)
        && Objects.equals(userId, other.userId)
        && Objects.equals(teamId, other.teamId)
        && Objects.equals(deviceId, other.deviceId)
        && Objects.equals(action, other.action)
        && Objects.equals(resourceType, other.resourceType)
        && Objects.equals(resourceId, other.resourceId)
        && Objects.equals(occurredAtDevice, other.occurredAtDevice)
        && Objects.equals(receivedAtServer, other.receivedAtServer)
        && Objects.equals(purpose, other.purpose)
        && Objects.equals(outcome, other.outcome);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        version,
        patientId,
        userId,
        teamId,
        deviceId,
        action,
        resourceType,
        resourceId,
        occurredAtDevice,
        receivedAtServer,
        purpose,
        outcome);
  }

  @Override
  public String toString() {
    return "AuditEntry{id="
        + id
        + ", version="
        + version
        + ", patientId="
        + patientId
        + ", userId="
        + userId
        + ", teamId="
        + teamId
        + ", deviceId="
        + deviceId
        + ", action="
        + action
        + ", resourceType="
        + resourceType
        + ", resourceId="
        + resourceId
        + ", occurredAtDevice="
        + occurredAtDevice
        + ", receivedAtServer="
        + receivedAtServer
        + ", purpose="
        + purpose
        + ", outcome="
        + outcome
        + "}";
  }

  /** Builder for {@link AuditEntry}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String patientId;
    private String userId;
    private String teamId;
    private String deviceId;
    private AuditAction action;
    private String resourceType;
    private String resourceId;
    private Instant occurredAtDevice;
    private Instant receivedAtServer;
    private String purpose;
    private String outcome;

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

    /** Sets the staff id of the user. */
    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    /** Sets the id of the team (vårdenhet/vårdprocess) the user acted for. */
    public Builder teamId(String teamId) {
      this.teamId = teamId;
      return this;
    }

    /** Sets the id of the device. */
    public Builder deviceId(String deviceId) {
      this.deviceId = deviceId;
      return this;
    }

    /** Sets what was done. */
    public Builder action(AuditAction action) {
      this.action = action;
      return this;
    }

    /** Sets the type of the record touched, e.g. "Visit". */
    public Builder resourceType(String resourceType) {
      this.resourceType = resourceType;
      return this;
    }

    /** Sets the id of the record touched. */
    public Builder resourceId(String resourceId) {
      this.resourceId = resourceId;
      return this;
    }

    /** Sets when it happened by the device clock. */
    public Builder occurredAtDevice(Instant occurredAtDevice) {
      this.occurredAtDevice = occurredAtDevice;
      return this;
    }

    /** Sets when the server received the entry. */
    public Builder receivedAtServer(Instant receivedAtServer) {
      this.receivedAtServer = receivedAtServer;
      return this;
    }

    /** Sets the stated purpose (ändamål), if any. */
    public Builder purpose(String purpose) {
      this.purpose = purpose;
      return this;
    }

    /** Sets the outcome, e.g. success or denied. */
    public Builder outcome(String outcome) {
      this.outcome = outcome;
      return this;
    }

    /** Builds the immutable {@link AuditEntry}. */
    public AuditEntry build() {
      return new AuditEntry(this);
    }
  }
}
