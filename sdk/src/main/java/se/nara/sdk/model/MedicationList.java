package se.nara.sdk.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Läkemedelslista from one source (utskrivningslista, hemmalista, NLL, dosunderlag or
 * patientuppgift).
 *
 * <p>Lists from different sources are never merged into one: a refresh of one source must not
 * overwrite another, because reconciliation compares them.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class MedicationList {
  private final String id;
  private final long version;
  private final String patientId;
  private final ListSource source;
  private final LocalDate documentDate;
  private final Instant receivedAt;

  /** For Gson, which fills the fields by reflection. */
  private MedicationList() {
    this.id = null;
    this.version = 0L;
    this.patientId = null;
    this.source = null;
    this.documentDate = null;
    this.receivedAt = null;
  }

  private MedicationList(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.patientId = b.patientId;
    this.source = b.source;
    this.documentDate = b.documentDate;
    this.receivedAt = b.receivedAt;
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
        .source(source)
        .documentDate(documentDate)
        .receivedAt(receivedAt);
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

  /** Returns where the list comes from (källa). */
  public ListSource source() {
    return source;
  }

  /** Returns the date printed on the source document. */
  public LocalDate documentDate() {
    return documentDate;
  }

  /** Returns when the list was received or recorded. */
  public Instant receivedAt() {
    return receivedAt;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MedicationList)) {
      return false;
    }
    MedicationList other = (MedicationList) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(patientId, other.patientId)
        && Objects.equals(source, other.source)
        && Objects.equals(documentDate, other.documentDate)
        && Objects.equals(receivedAt, other.receivedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version, patientId, source, documentDate, receivedAt);
  }

  @Override
  public String toString() {
    return "MedicationList{id="
        + id
        + ", version="
        + version
        + ", patientId="
        + patientId
        + ", source="
        + source
        + ", documentDate="
        + documentDate
        + ", receivedAt="
        + receivedAt
        + "}";
  }

  /** Builder for {@link MedicationList}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String patientId;
    private ListSource source;
    private LocalDate documentDate;
    private Instant receivedAt;

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

    /** Sets where the list comes from (källa). */
    public Builder source(ListSource source) {
      this.source = source;
      return this;
    }

    /** Sets the date printed on the source document. */
    public Builder documentDate(LocalDate documentDate) {
      this.documentDate = documentDate;
      return this;
    }

    /** Sets when the list was received or recorded. */
    public Builder receivedAt(Instant receivedAt) {
      this.receivedAt = receivedAt;
      return this;
    }

    /** Builds the immutable {@link MedicationList}. */
    public MedicationList build() {
      return new MedicationList(this);
    }
  }
}
