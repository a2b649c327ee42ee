package se.nara.sdk.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Synkkonflikt – a record of a concurrent edit the sync resolver met.
 *
 * <p>Kept even when resolved automatically, so every resolution can be traced. The value fields are
 * JSON text and may hold any clinical data, so toString() only prints their length.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class ConflictRecord {
  private final String id;
  private final long version;
  private final String patientId;
  private final String entityType;
  private final String entityId;
  private final List<String> fields;
  private final long baseVersion;
  private final long serverVersion;
  private final long deviceVersion;
  private final String baseValue;
  private final String serverValue;
  private final String deviceValue;
  private final String deviceAuthor;
  private final String deviceId;
  private final Instant deviceTime;
  private final String serverAuthor;
  private final String serverDeviceId;
  private final Instant serverDeviceTime;
  private final String rule;
  private final String ruleLabel;
  private final String resultValue;
  private final ConflictStatus status;
  private final String resolvedBy;
  private final Instant resolvedAt;
  private final String resolution;

  /** For Gson, which fills the fields by reflection; lists start empty so they are never null. */
  private ConflictRecord() {
    this.id = null;
    this.version = 0L;
    this.patientId = null;
    this.entityType = null;
    this.entityId = null;
    this.fields = Collections.emptyList();
    this.baseVersion = 0L;
    this.serverVersion = 0L;
    this.deviceVersion = 0L;
    this.baseValue = null;
    this.serverValue = null;
    this.deviceValue = null;
    this.deviceAuthor = null;
    this.deviceId = null;
    this.deviceTime = null;
    this.serverAuthor = null;
    this.serverDeviceId = null;
    this.serverDeviceTime = null;
    this.rule = null;
    this.ruleLabel = null;
    this.resultValue = null;
    this.status = null;
    this.resolvedBy = null;
    this.resolvedAt = null;
    this.resolution = null;
  }

  private ConflictRecord(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.patientId = b.patientId;
    this.entityType = b.entityType;
    this.entityId = b.entityId;
    this.fields = ModelSupport.immutableCopy(b.fields);
    this.baseVersion = b.baseVersion;
    this.serverVersion = b.serverVersion;
    this.deviceVersion = b.deviceVersion;
    this.baseValue = b.baseValue;
    this.serverValue = b.serverValue;
    this.deviceValue = b.deviceValue;
    this.deviceAuthor = b.deviceAuthor;
    this.deviceId = b.deviceId;
    this.deviceTime = b.deviceTime;
    this.serverAuthor = b.serverAuthor;
    this.serverDeviceId = b.serverDeviceId;
    this.serverDeviceTime = b.serverDeviceTime;
    this.rule = b.rule;
    this.ruleLabel = b.ruleLabel;
    this.resultValue = b.resultValue;
    this.status = b.status;
    this.resolvedBy = b.resolvedBy;
    this.resolvedAt = b.resolvedAt;
    this.resolution = b.resolution;
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
        .entityType(entityType)
        .entityId(entityId)
        .fields(fields())
        .baseVersion(baseVersion)
        .serverVersion(serverVersion)
        .deviceVersion(deviceVersion)
        .baseValue(baseValue)
        .serverValue(serverValue)
        .deviceValue(deviceValue)
        .deviceAuthor(deviceAuthor)
        .deviceId(deviceId)
        .deviceTime(deviceTime)
        .serverAuthor(serverAuthor)
        .serverDeviceId(serverDeviceId)
        .serverDeviceTime(serverDeviceTime)
        .rule(rule)
        .ruleLabel(ruleLabel)
        .resultValue(resultValue)
        .status(status)
        .resolvedBy(resolvedBy)
        .resolvedAt(resolvedAt)
        .resolution(resolution);
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

  /** Returns the type of the conflicting record, e.g. "MedicationLine". */
  public String entityType() {
    return entityType;
  }

  /** Returns the id of the conflicting record. */
  public String entityId() {
    return entityId;
  }

  /** Returns the names of the conflicting fields. Never null; unmodifiable. */
  public List<String> fields() {
    return ModelSupport.view(fields);
  }

  /** Returns the version the device's edit was based on. */
  public long baseVersion() {
    return baseVersion;
  }

  /** Returns the server version at the time of the conflict. */
  public long serverVersion() {
    return serverVersion;
  }

  /**
   * The server version the tablet's value was, where it was one: set on conflicts kept after a
   * restore from an older backup (the version the tablet held and the server lost); 0 otherwise.
   */
  public long deviceVersion() {
    return deviceVersion;
  }

  /** JSON text of the conflicting fields as they were at the device's base version. */
  public String baseValue() {
    return baseValue;
  }

  /**
   * Returns the server's values for the fields when the device's change met them, as JSON text. Not
   * necessarily what stands: where a rule lets the device's side win, this is the value kept aside
   * (see {@link #resultValue()}).
   */
  public String serverValue() {
    return serverValue;
  }

  /** Returns the device's values for the fields, as JSON text. */
  public String deviceValue() {
    return deviceValue;
  }

  /** Returns the staff id of the device edit's author. */
  public String deviceAuthor() {
    return deviceAuthor;
  }

  /** Returns the id of the device that made the edit. */
  public String deviceId() {
    return deviceId;
  }

  /** Returns when the device edit was made, by the device clock. */
  public Instant deviceTime() {
    return deviceTime;
  }

  /** Returns the staff id of the author of the server's version. */
  public String serverAuthor() {
    return serverAuthor;
  }

  /** The device that wrote the server's value, or null when the server wrote it. */
  public String serverDeviceId() {
    return serverDeviceId;
  }

  /** When the server's value was written, by that device's clock (display only). */
  public Instant serverDeviceTime() {
    return serverDeviceTime;
  }

  /** Returns the name of the resolver rule that applied. */
  public String rule() {
    return rule;
  }

  /**
   * The rule in Swedish, as staff should see it ("Läkemedel: aldrig senaste-vinner …"); null on
   * conflict records made by a server from before this field (show {@link #rule()} then).
   */
  public String ruleLabel() {
    return ruleLabel;
  }

  /** Returns the values the rule decided for the fields, as JSON text (later changes may follow). */
  public String resultValue() {
    return resultValue;
  }

  /** Returns the conflict status. */
  public ConflictStatus status() {
    return status;
  }

  /** Returns the staff id of the person who resolved it. Null when resolved automatically. */
  public String resolvedBy() {
    return resolvedBy;
  }

  /** Returns when it was resolved. */
  public Instant resolvedAt() {
    return resolvedAt;
  }

  /** Returns how it was resolved. */
  public String resolution() {
    return resolution;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ConflictRecord)) {
      return false;
    }
    ConflictRecord other = (ConflictRecord) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(patientId, other.patientId)
        && Objects.equals(entityType, other.entityType)
        && Objects.equals(entityId, other.entityId)
        && fields().equals(other.fields())
        && baseVersion == other.baseVersion
        && serverVersion == other.serverVersion
        && deviceVersion == other.deviceVersion
        && Objects.equals(baseValue, other.baseValue)
        && Objects.equals(serverValue, other.serverValue)
        && Objects.equals(deviceValue, other.deviceValue)
        && Objects.equals(deviceAuthor, other.deviceAuthor)
        && Objects.equals(deviceId, other.deviceId)
        && Objects.equals(deviceTime, other.deviceTime)
        && Objects.equals(serverAuthor, other.serverAuthor)
        && Objects.equals(serverDeviceId, other.serverDeviceId)
        && Objects.equals(serverDeviceTime, other.serverDeviceTime)
        && Objects.equals(rule, other.rule)
        && Objects.equals(ruleLabel, other.ruleLabel)
        && Objects.equals(resultValue, other.resultValue)
        && Objects.equals(status, other.status)
        && Objects.equals(resolvedBy, other.resolvedBy)
        && Objects.equals(resolvedAt, other.resolvedAt)
        && Objects.equals(resolution, other.resolution);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        version,
        patientId,
        entityType,
        entityId,
        fields(),
        baseVersion,
        serverVersion,
        deviceVersion,
        baseValue,
        serverValue,
        deviceValue,
        deviceAuthor,
        deviceId,
        deviceTime,
        serverAuthor,
        serverDeviceId,
        serverDeviceTime,
        rule,
        ruleLabel,
        resultValue,
        status,
        resolvedBy,
        resolvedAt,
        resolution);
  }

  @Override
  public String toString() {
    return "ConflictRecord{id="
        + id
        + ", version="
        + version
        + ", patientId="
        + patientId
        + ", entityType="
        + entityType
        + ", entityId="
        + entityId
        + ", fields="
        + fields()
        + ", baseVersion="
        + baseVersion
        + ", serverVersion="
        + serverVersion
        + ", deviceVersion="
        + deviceVersion
        + ", baseValue="
        + ModelSupport.redact(baseValue)
        + ", serverValue="
        + ModelSupport.redact(serverValue)
        + ", deviceValue="
        + ModelSupport.redact(deviceValue)
        + ", deviceAuthor="
        + deviceAuthor
        + ", deviceId="
        + deviceId
        + ", deviceTime="
        + deviceTime
        + ", serverAuthor="
        + serverAuthor
        + ", serverDeviceId="
        + serverDeviceId
        + ", serverDeviceTime="
        + serverDeviceTime
        + ", rule="
        + rule
        + ", ruleLabel="
        + ruleLabel
        + ", resultValue="
        + ModelSupport.redact(resultValue)
        + ", status="
        + status
        + ", resolvedBy="
        + resolvedBy
        + ", resolvedAt="
        + resolvedAt
        + ", resolution="
        + ModelSupport.redact(resolution)
        + "}";
  }

  /** Builder for {@link ConflictRecord}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String patientId;
    private String entityType;
    private String entityId;
    private List<String> fields = new ArrayList<>();
    private long baseVersion;
    private long serverVersion;
    private long deviceVersion;
    private String baseValue;
    private String serverValue;
    private String deviceValue;
    private String deviceAuthor;
    private String deviceId;
    private Instant deviceTime;
    private String serverAuthor;
    private String serverDeviceId;
    private Instant serverDeviceTime;
    private String rule;
    private String ruleLabel;
    private String resultValue;
    private ConflictStatus status;
    private String resolvedBy;
    private Instant resolvedAt;
    private String resolution;

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

    /** Sets the type of the conflicting record, e.g. "MedicationLine". */
    public Builder entityType(String entityType) {
      this.entityType = entityType;
      return this;
    }

    /** Sets the id of the conflicting record. */
    public Builder entityId(String entityId) {
      this.entityId = entityId;
      return this;
    }

    /** Sets the names of the conflicting fields; the list is copied, and null means empty. */
    public Builder fields(List<String> fields) {
      this.fields = ModelSupport.mutableCopy(fields);
      return this;
    }

    /** Sets the version the device's edit was based on. */
    public Builder baseVersion(long baseVersion) {
      this.baseVersion = baseVersion;
      return this;
    }

    /** Sets the server version at the time of the conflict. */
    public Builder serverVersion(long serverVersion) {
      this.serverVersion = serverVersion;
      return this;
    }

    /** See {@link ConflictRecord#deviceVersion()}. */
    public Builder deviceVersion(long deviceVersion) {
      this.deviceVersion = deviceVersion;
      return this;
    }

    /** Sets the JSON text of the conflicting fields at the base version. */
    public Builder baseValue(String baseValue) {
      this.baseValue = baseValue;
      return this;
    }

    /** Sets the server's values for the fields, as JSON text. */
    public Builder serverValue(String serverValue) {
      this.serverValue = serverValue;
      return this;
    }

    /** Sets the device's values for the fields, as JSON text. */
    public Builder deviceValue(String deviceValue) {
      this.deviceValue = deviceValue;
      return this;
    }

    /** Sets the staff id of the device edit's author. */
    public Builder deviceAuthor(String deviceAuthor) {
      this.deviceAuthor = deviceAuthor;
      return this;
    }

    /** Sets the id of the device that made the edit. */
    public Builder deviceId(String deviceId) {
      this.deviceId = deviceId;
      return this;
    }

    /** Sets when the device edit was made, by the device clock. */
    public Builder deviceTime(Instant deviceTime) {
      this.deviceTime = deviceTime;
      return this;
    }

    /** Sets the staff id of the author of the server's version. */
    public Builder serverAuthor(String serverAuthor) {
      this.serverAuthor = serverAuthor;
      return this;
    }

    /** The device that wrote the server's value, or null when the server wrote it. */
    public Builder serverDeviceId(String serverDeviceId) {
      this.serverDeviceId = serverDeviceId;
      return this;
    }

    /** When the server's value was written, by that device's clock (display only). */
    public Builder serverDeviceTime(Instant serverDeviceTime) {
      this.serverDeviceTime = serverDeviceTime;
      return this;
    }

    /** Sets the name of the resolver rule that applied. */
    public Builder rule(String rule) {
      this.rule = rule;
      return this;
    }

    /** Sets the rule in Swedish, as staff see it. */
    public Builder ruleLabel(String ruleLabel) {
      this.ruleLabel = ruleLabel;
      return this;
    }

    /** Sets the resulting values for the fields, as JSON text. */
    public Builder resultValue(String resultValue) {
      this.resultValue = resultValue;
      return this;
    }

    /** Sets the conflict status. */
    public Builder status(ConflictStatus status) {
      this.status = status;
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

    /** Sets how it was resolved. */
    public Builder resolution(String resolution) {
      this.resolution = resolution;
      return this;
    }

    /** Builds the immutable {@link ConflictRecord}. */
    public ConflictRecord build() {
      return new ConflictRecord(this);
    }
  }
}
