package se.nara.sdk.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Läkemedelsrad – one medicine on a {@link MedicationList}.
 *
 * <p>Dose, frequency, route, dates and drug are never merged by last-writer-wins; conflicts on them
 * go to manual review.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class MedicationLine {
  private final String id;
  private final long version;
  private final String patientId;
  private final String listId;
  private final String drugName;
  private final String nplId;
  private final String atc;
  private final String substance;
  private final String strength;
  private final String form;
  private final String dose;
  private final String dosageText;
  private final String route;
  private final String frequency;
  private final boolean asNeeded;
  private final LocalDate startDate;
  private final LocalDate stopDate;
  private final String reason;
  private final String prescriber;
  private final boolean doseDispensed;
  private final LineStatus status;
  /**
   * Which local copy this value was read from (see {@link #localRevision()}). Not part of the
   * record: never sent, and left out of {@code equals}, {@code hashCode} and {@code toString}.
   */
  private final long localRevision;

  /** For Gson, which fills the fields by reflection. */
  private MedicationLine() {
    this.id = null;
    this.version = 0L;
    this.patientId = null;
    this.listId = null;
    this.drugName = null;
    this.nplId = null;
    this.atc = null;
    this.substance = null;
    this.strength = null;
    this.form = null;
    this.dose = null;
    this.dosageText = null;
    this.route = null;
    this.frequency = null;
    this.asNeeded = false;
    this.startDate = null;
    this.stopDate = null;
    this.reason = null;
    this.prescriber = null;
    this.doseDispensed = false;
    this.status = null;
    this.localRevision = 0L;
  }

  private MedicationLine(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.patientId = b.patientId;
    this.listId = b.listId;
    this.drugName = b.drugName;
    this.nplId = b.nplId;
    this.atc = b.atc;
    this.substance = b.substance;
    this.strength = b.strength;
    this.form = b.form;
    this.dose = b.dose;
    this.dosageText = b.dosageText;
    this.route = b.route;
    this.frequency = b.frequency;
    this.asNeeded = b.asNeeded;
    this.startDate = b.startDate;
    this.stopDate = b.stopDate;
    this.reason = b.reason;
    this.prescriber = b.prescriber;
    this.doseDispensed = b.doseDispensed;
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
        .listId(listId)
        .drugName(drugName)
        .nplId(nplId)
        .atc(atc)
        .substance(substance)
        .strength(strength)
        .form(form)
        .dose(dose)
        .dosageText(dosageText)
        .route(route)
        .frequency(frequency)
        .asNeeded(asNeeded)
        .startDate(startDate)
        .stopDate(stopDate)
        .reason(reason)
        .prescriber(prescriber)
        .doseDispensed(doseDispensed)
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

  /** Returns the id of the medication list. */
  public String listId() {
    return listId;
  }

  /** Returns the drug name (läkemedelsnamn) as written on the list. */
  public String drugName() {
    return drugName;
  }

  /** Returns the NPL-id from Läkemedelsverket's product register. */
  public String nplId() {
    return nplId;
  }

  /** Returns the ATC code. */
  public String atc() {
    return atc;
  }

  /** Returns the active substance. Used to find duplications between brand names. */
  public String substance() {
    return substance;
  }

  /** Returns the strength (styrka), e.g. "500 mg". */
  public String strength() {
    return strength;
  }

  /** Returns the pharmaceutical form (beredningsform). */
  public String form() {
    return form;
  }

  /** Returns the dose per occasion. */
  public String dose() {
    return dose;
  }

  /** Returns the dosage instruction as written (doseringsanvisning). */
  public String dosageText() {
    return dosageText;
  }

  /** Returns the route of administration (administreringsväg). */
  public String route() {
    return route;
  }

  /** Returns how often the medicine is taken. */
  public String frequency() {
    return frequency;
  }

  /** Returns whether the medicine is taken vid behov (as needed). */
  public boolean asNeeded() {
    return asNeeded;
  }

  /** Returns the start date (insättningsdatum). */
  public LocalDate startDate() {
    return startDate;
  }

  /** Returns the stop date (utsättningsdatum). */
  public LocalDate stopDate() {
    return stopDate;
  }

  /** Returns the reason for the prescription (ordinationsorsak). */
  public String reason() {
    return reason;
  }

  /** Returns the prescriber (förskrivare). */
  public String prescriber() {
    return prescriber;
  }

  /** Returns whether the medicine comes through dosdispensering. */
  public boolean doseDispensed() {
    return doseDispensed;
  }

  /**
   * Returns the line status. A stopped, completed or entered-in-error line is never reverted to
   * active by a stale device.
   */
  public LineStatus status() {
    return status;
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
    if (!(o instanceof MedicationLine)) {
      return false;
    }
    MedicationLine other = (MedicationLine) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(patientId, other.patientId)
        && Objects.equals(listId, other.listId)
        && Objects.equals(drugName, other.drugName)
        && Objects.equals(nplId, other.nplId)
        && Objects.equals(atc, other.atc)
        && Objects.equals(substance, other.substance)
        && Objects.equals(strength, other.strength)
        && Objects.equals(form, other.form)
        && Objects.equals(dose, other.dose)
        && Objects.equals(dosageText, other.dosageText)
        && Objects.equals(route, other.route)
        && Objects.equals(frequency, other.frequency)
        && asNeeded == other.asNeeded
        && Objects.equals(startDate, other.startDate)
        && Objects.equals(stopDate, other.stopDate)
        && Objects.equals(reason, other.reason)
        && Objects.equals(prescriber, other.prescriber)
        && doseDispensed == other.doseDispensed
        && Objects.equals(status, other.status);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        version,
        patientId,
        listId,
        drugName,
        nplId,
        atc,
        substance,
        strength,
        form,
        dose,
        dosageText,
        route,
        frequency,
        asNeeded,
        startDate,
        stopDate,
        reason,
        prescriber,
        doseDispensed,
        status);
  }

  @Override
  public String toString() {
    return "MedicationLine{id="
        + id
        + ", version="
        + version
        + ", patientId="
        + patientId
        + ", listId="
        + listId
        + ", drugName="
        + drugName
        + ", nplId="
        + nplId
        + ", atc="
        + atc
        + ", substance="
        + substance
        + ", strength="
        + strength
        + ", form="
        + form
        + ", dose="
        + dose
        + ", dosageText="
        + dosageText
        + ", route="
        + route
        + ", frequency="
        + frequency
        + ", asNeeded="
        + asNeeded
        + ", startDate="
        + startDate
        + ", stopDate="
        + stopDate
        + ", reason="
        + reason
        + ", prescriber="
        + prescriber
        + ", doseDispensed="
        + doseDispensed
        + ", status="
        + status
        + "}";
  }

  /** Builder for {@link MedicationLine}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String patientId;
    private String listId;
    private String drugName;
    private String nplId;
    private String atc;
    private String substance;
    private String strength;
    private String form;
    private String dose;
    private String dosageText;
    private String route;
    private String frequency;
    private boolean asNeeded;
    private LocalDate startDate;
    private LocalDate stopDate;
    private String reason;
    private String prescriber;
    private boolean doseDispensed;
    private LineStatus status;

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

    /** Sets the id of the medication list. */
    public Builder listId(String listId) {
      this.listId = listId;
      return this;
    }

    /** Sets the drug name (läkemedelsnamn) as written on the list. */
    public Builder drugName(String drugName) {
      this.drugName = drugName;
      return this;
    }

    /** Sets the NPL-id from Läkemedelsverket's product register. */
    public Builder nplId(String nplId) {
      this.nplId = nplId;
      return this;
    }

    /** Sets the ATC code. */
    public Builder atc(String atc) {
      this.atc = atc;
      return this;
    }

    /** Sets the active substance. */
    public Builder substance(String substance) {
      this.substance = substance;
      return this;
    }

    /** Sets the strength (styrka), e.g. "500 mg". */
    public Builder strength(String strength) {
      this.strength = strength;
      return this;
    }

    /** Sets the pharmaceutical form (beredningsform). */
    public Builder form(String form) {
      this.form = form;
      return this;
    }

    /** Sets the dose per occasion. */
    public Builder dose(String dose) {
      this.dose = dose;
      return this;
    }

    /** Sets the dosage instruction as written (doseringsanvisning). */
    public Builder dosageText(String dosageText) {
      this.dosageText = dosageText;
      return this;
    }

    /** Sets the route of administration (administreringsväg). */
    public Builder route(String route) {
      this.route = route;
      return this;
    }

    /** Sets how often the medicine is taken. */
    public Builder frequency(String frequency) {
      this.frequency = frequency;
      return this;
    }

    /** Sets whether the medicine is taken vid behov (as needed). */
    public Builder asNeeded(boolean asNeeded) {
      this.asNeeded = asNeeded;
      return this;
    }

    /** Sets the start date (insättningsdatum). */
    public Builder startDate(LocalDate startDate) {
      this.startDate = startDate;
      return this;
    }

    /** Sets the stop date (utsättningsdatum). */
    public Builder stopDate(LocalDate stopDate) {
      this.stopDate = stopDate;
      return this;
    }

    /** Sets the reason for the prescription (ordinationsorsak). */
    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    /** Sets the prescriber (förskrivare). */
    public Builder prescriber(String prescriber) {
      this.prescriber = prescriber;
      return this;
    }

    /** Sets whether the medicine comes through dosdispensering. */
    public Builder doseDispensed(boolean doseDispensed) {
      this.doseDispensed = doseDispensed;
      return this;
    }

    /** Sets the line status. */
    public Builder status(LineStatus status) {
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

    /** Builds the immutable {@link MedicationLine}. */
    public MedicationLine build() {
      return new MedicationLine(this);
    }
  }
}
