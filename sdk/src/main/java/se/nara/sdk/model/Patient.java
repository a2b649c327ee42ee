package se.nara.sdk.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Patient – a person cared for at home by one or more teams.
 *
 * <p>Identity fields are never auto-merged by sync; two devices creating the same person produce a
 * duplicate for a human to merge. toString() masks identity because values end up in logs.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class Patient {
  private final String id;
  private final long version;
  private final List<PatientIdentifier> identifiers;
  private final String name;
  private final LocalDate birthDate;
  private final Sex sex;
  private final String address;
  private final boolean protectedIdentity;

  /** For Gson, which fills the fields by reflection; lists start empty so they are never null. */
  private Patient() {
    this.id = null;
    this.version = 0L;
    this.identifiers = Collections.emptyList();
    this.name = null;
    this.birthDate = null;
    this.sex = null;
    this.address = null;
    this.protectedIdentity = false;
  }

  private Patient(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.identifiers = ModelSupport.immutableCopy(b.identifiers);
    this.name = b.name;
    this.birthDate = b.birthDate;
    this.sex = b.sex;
    this.address = b.address;
    this.protectedIdentity = b.protectedIdentity;
  }

  /**
   * Returns the preferred identifier (the first one), or null if the patient has none yet, e.g. an
   * unidentified patient before a reservnummer is issued.
   */
  public PatientIdentifier primaryIdentifier() {
    List<PatientIdentifier> ids = identifiers();
    return ids.isEmpty() ? null : ids.get(0);
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
        .identifiers(identifiers())
        .name(name)
        .birthDate(birthDate)
        .sex(sex)
        .address(address)
        .protectedIdentity(protectedIdentity);
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

  /** Returns every identifier the patient has had, preferred first. Never null; unmodifiable. */
  public List<PatientIdentifier> identifiers() {
    return ModelSupport.view(identifiers);
  }

  /** Returns the patient's name. */
  public String name() {
    return name;
  }

  /** Returns the date of birth. */
  public LocalDate birthDate() {
    return birthDate;
  }

  /** Returns the legal sex (juridiskt kön). */
  public Sex sex() {
    return sex;
  }

  /** Returns the address used for home visits (folkbokföringsadress or vistelseadress). */
  public String address() {
    return address;
  }

  /**
   * Returns whether the patient has skyddad identitet (e.g. sekretessmarkering). When set, the
   * address must not be shown outside the visit context.
   */
  public boolean protectedIdentity() {
    return protectedIdentity;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Patient)) {
      return false;
    }
    Patient other = (Patient) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && identifiers().equals(other.identifiers())
        && Objects.equals(name, other.name)
        && Objects.equals(birthDate, other.birthDate)
        && Objects.equals(sex, other.sex)
        && Objects.equals(address, other.address)
        && protectedIdentity == other.protectedIdentity;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id, version, identifiers(), name, birthDate, sex, address, protectedIdentity);
  }

  @Override
  public String toString() {
    return "Patient{id="
        + id
        + ", version="
        + version
        + ", identifiers="
        + identifiers()
        + ", name="
        + ModelSupport.redact(name)
        + ", birthDate="
        + birthDate
        + ", sex="
        + sex
        + ", address="
        + ModelSupport.redact(address)
        + ", protectedIdentity="
        + protectedIdentity
        + "}";
  }

  /** Builder for {@link Patient}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private List<PatientIdentifier> identifiers = new ArrayList<>();
    private String name;
    private LocalDate birthDate;
    private Sex sex;
    private String address;
    private boolean protectedIdentity;

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

    /**
     * Sets every identifier the patient has had, preferred first; the list is copied, and null
     * means empty.
     */
    public Builder identifiers(List<PatientIdentifier> identifiers) {
      this.identifiers = ModelSupport.mutableCopy(identifiers);
      return this;
    }

    /** Sets the patient's name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Sets the date of birth. */
    public Builder birthDate(LocalDate birthDate) {
      this.birthDate = birthDate;
      return this;
    }

    /** Sets the legal sex (juridiskt kön). */
    public Builder sex(Sex sex) {
      this.sex = sex;
      return this;
    }

    /** Sets the address used for home visits (folkbokföringsadress or vistelseadress). */
    public Builder address(String address) {
      this.address = address;
      return this;
    }

    /** Sets whether the patient has skyddad identitet (e.g. sekretessmarkering). */
    public Builder protectedIdentity(boolean protectedIdentity) {
      this.protectedIdentity = protectedIdentity;
      return this;
    }

    /** Builds the immutable {@link Patient}. */
    public Patient build() {
      return new Patient(this);
    }
  }
}
