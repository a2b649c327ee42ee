package se.nara.sdk.model;

import java.util.Objects;

/**
 * Patientidentitet – one identifier a patient has had: personnummer, samordningsnummer or
 * reservnummer.
 *
 * <p>Not an entity of its own: it is stored inside {@link Patient}. A patient keeps every
 * identifier they have had, because a reservnummer is later linked to a personnummer by an
 * explicit, audited merge and never by overwriting. Create new identifiers with the factories,
 * which validate; the builder does not, so that stored identifiers still load if the rules change.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class PatientIdentifier {
  private final IdentifierType type;
  private final String value;
  private final String issuerHsaId;

  /** For Gson, which fills the fields by reflection. */
  private PatientIdentifier() {
    this.type = null;
    this.value = null;
    this.issuerHsaId = null;
  }

  private PatientIdentifier(Builder b) {
    this.type = b.type;
    this.value = b.value;
    this.issuerHsaId = b.issuerHsaId;
  }

  /**
   * Creates a personnummer identifier, normalised to 12 digits.
   *
   * @throws IllegalArgumentException if the text is not a valid personnummer, or is a
   *     samordningsnummer
   */
  public static PatientIdentifier personnummer(String personnummer) {
    Personnummer parsed = Personnummer.parse(personnummer);
    if (parsed.isSamordningsnummer()) {
      // Mixing the two up would file the patient under the wrong HL7 identifier system.
      throw new IllegalArgumentException(
          "Invalid personnummer: this is a samordningsnummer (day + 60); use samordningsnummer()");
    }
    return new PatientIdentifier(IdentifierType.PERSONNUMMER, parsed.value(), null);
  }

  /**
   * Creates a samordningsnummer identifier, normalised to 12 digits.
   *
   * @throws IllegalArgumentException if the text is not a valid samordningsnummer, or is a
   *     personnummer
   */
  public static PatientIdentifier samordningsnummer(String samordningsnummer) {
    Personnummer parsed = Personnummer.parse(samordningsnummer);
    if (!parsed.isSamordningsnummer()) {
      throw new IllegalArgumentException(
          "Invalid samordningsnummer: the day is not increased by 60; use personnummer()");
    }
    return new PatientIdentifier(IdentifierType.SAMORDNINGSNUMMER, parsed.value(), null);
  }

  /**
   * Creates a reservnummer identifier. The value is kept as given (only surrounding whitespace is
   * removed): reservnummer formats differ between regions and may contain letters, so they are
   * never checked like a personnummer.
   *
   * @param value the reservnummer
   * @param issuerHsaId the HSA-id of the issuing unit; required for a lokalt reservnummer, which is
   *     only unique within that unit
   * @param national true for a nationellt reservnummer, false for a lokalt
   * @throws IllegalArgumentException if the value is empty, or a local number has no issuer
   */
  public static PatientIdentifier reservnummer(String value, String issuerHsaId, boolean national) {
    if (value == null || value.trim().isEmpty()) {
      throw new IllegalArgumentException("Invalid reservnummer: value is empty");
    }
    if (!national && (issuerHsaId == null || issuerHsaId.trim().isEmpty())) {
      throw new IllegalArgumentException(
          "Invalid lokalt reservnummer: the issuing unit's HSA-id is required");
    }
    return new PatientIdentifier(
        national ? IdentifierType.RESERVNUMMER_NATIONAL : IdentifierType.RESERVNUMMER_LOCAL,
        value.trim(),
        issuerHsaId);
  }

  private PatientIdentifier(IdentifierType type, String value, String issuerHsaId) {
    this.type = type;
    this.value = value;
    this.issuerHsaId = issuerHsaId;
  }

  /** Masks the value for logs: keeps the birth date of a 12-digit number, hides everything else. */
  private String maskedValue() {
    if (value == null) {
      return "null";
    }
    if ((type == IdentifierType.PERSONNUMMER || type == IdentifierType.SAMORDNINGSNUMMER)
        && value.length() == 12) {
      return value.substring(0, 8) + "-****";
    }
    return "<" + value.length() + " chars>";
  }

  /** Returns a new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this value's fields, for making a changed copy. */
  public Builder toBuilder() {
    return new Builder().type(type).value(value).issuerHsaId(issuerHsaId);
  }

  /** Returns the kind of identifier. */
  public IdentifierType type() {
    return type;
  }

  /**
   * Returns the identifier text. 12 digits for personnummer and samordningsnummer; opaque text (may
   * contain letters) for reservnummer.
   */
  public String value() {
    return value;
  }

  /**
   * Returns the HSA-id of the unit that issued a reservnummer. A lokalt reservnummer is only unique
   * within its issuing unit; null for personnummer and samordningsnummer.
   */
  public String issuerHsaId() {
    return issuerHsaId;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PatientIdentifier)) {
      return false;
    }
    PatientIdentifier other = (PatientIdentifier) o;
    return Objects.equals(type, other.type)
        && Objects.equals(value, other.value)
        && Objects.equals(issuerHsaId, other.issuerHsaId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, value, issuerHsaId);
  }

  @Override
  public String toString() {
    return "PatientIdentifier{type="
        + type
        + ", value="
        + maskedValue()
        + ", issuerHsaId="
        + issuerHsaId
        + "}";
  }

  /** Builder for {@link PatientIdentifier}; not thread-safe. */
  public static final class Builder {
    private IdentifierType type;
    private String value;
    private String issuerHsaId;

    private Builder() {}

    /** Sets the kind of identifier. */
    public Builder type(IdentifierType type) {
      this.type = type;
      return this;
    }

    /** Sets the identifier text. */
    public Builder value(String value) {
      this.value = value;
      return this;
    }

    /** Sets the HSA-id of the unit that issued a reservnummer. */
    public Builder issuerHsaId(String issuerHsaId) {
      this.issuerHsaId = issuerHsaId;
      return this;
    }

    /** Builds the immutable {@link PatientIdentifier}. */
    public PatientIdentifier build() {
      return new PatientIdentifier(this);
    }
  }
}
