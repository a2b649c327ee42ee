package se.nara.sdk.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Vårdepisod / utskrivningsärende – one hospital stay followed under lag (2017:612) om samverkan
 * vid utskrivning (SVU).
 *
 * <p>The SVU timestamps come from the source messages and never from a tablet clock, because SIP
 * deadlines and the kommun's betalningsansvar are computed from them.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class CareEpisode {
  private final String id;
  private final long version;
  private final String patientId;
  private final String hospital;
  private final String ward;
  private final SvuStatus status;
  private final String responsibleTeamId;
  private final String fastVardkontakt;
  private final Instant inskrivenAt;
  private final Instant insatsbehovBedomtAt;
  private final Instant inskrivningsmeddelandeAt;
  private final Boolean inskrivningsmeddelandeLate;
  private final Instant beraknadUtskrivningAt;
  private final Instant utskrivningsklarAt;
  private final Instant ejLangreUtskrivningsklarAt;
  private final Instant utskrivenAt;
  private final Instant sipKallelseAt;
  private final Instant sipHeldAt;
  private final Instant sipNeededAt;
  private final Instant sipNotNeededAt;
  private final PalliativeResponsibility palliativeResponsibility;

  /** For Gson, which fills the fields by reflection. */
  private CareEpisode() {
    this.id = null;
    this.version = 0L;
    this.patientId = null;
    this.hospital = null;
    this.ward = null;
    this.status = null;
    this.responsibleTeamId = null;
    this.fastVardkontakt = null;
    this.inskrivenAt = null;
    this.insatsbehovBedomtAt = null;
    this.inskrivningsmeddelandeAt = null;
    this.inskrivningsmeddelandeLate = null;
    this.beraknadUtskrivningAt = null;
    this.utskrivningsklarAt = null;
    this.ejLangreUtskrivningsklarAt = null;
    this.utskrivenAt = null;
    this.sipKallelseAt = null;
    this.sipHeldAt = null;
    this.sipNeededAt = null;
    this.sipNotNeededAt = null;
    this.palliativeResponsibility = null;
  }

  private CareEpisode(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.patientId = b.patientId;
    this.hospital = b.hospital;
    this.ward = b.ward;
    this.status = b.status;
    this.responsibleTeamId = b.responsibleTeamId;
    this.fastVardkontakt = b.fastVardkontakt;
    this.inskrivenAt = b.inskrivenAt;
    this.insatsbehovBedomtAt = b.insatsbehovBedomtAt;
    this.inskrivningsmeddelandeAt = b.inskrivningsmeddelandeAt;
    this.inskrivningsmeddelandeLate = b.inskrivningsmeddelandeLate;
    this.beraknadUtskrivningAt = b.beraknadUtskrivningAt;
    this.utskrivningsklarAt = b.utskrivningsklarAt;
    this.ejLangreUtskrivningsklarAt = b.ejLangreUtskrivningsklarAt;
    this.utskrivenAt = b.utskrivenAt;
    this.sipKallelseAt = b.sipKallelseAt;
    this.sipHeldAt = b.sipHeldAt;
    this.sipNeededAt = b.sipNeededAt;
    this.sipNotNeededAt = b.sipNotNeededAt;
    this.palliativeResponsibility = b.palliativeResponsibility;
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
        .hospital(hospital)
        .ward(ward)
        .status(status)
        .responsibleTeamId(responsibleTeamId)
        .fastVardkontakt(fastVardkontakt)
        .inskrivenAt(inskrivenAt)
        .insatsbehovBedomtAt(insatsbehovBedomtAt)
        .inskrivningsmeddelandeAt(inskrivningsmeddelandeAt)
        .inskrivningsmeddelandeLate(inskrivningsmeddelandeLate)
        .beraknadUtskrivningAt(beraknadUtskrivningAt)
        .utskrivningsklarAt(utskrivningsklarAt)
        .ejLangreUtskrivningsklarAt(ejLangreUtskrivningsklarAt)
        .utskrivenAt(utskrivenAt)
        .sipKallelseAt(sipKallelseAt)
        .sipHeldAt(sipHeldAt)
        .sipNeededAt(sipNeededAt)
        .sipNotNeededAt(sipNotNeededAt)
        .palliativeResponsibility(palliativeResponsibility);
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

  /** Returns the hospital where the patient is admitted. */
  public String hospital() {
    return hospital;
  }

  /** Returns the ward (avdelning). */
  public String ward() {
    return ward;
  }

  /** Returns the SVU status. */
  public SvuStatus status() {
    return status;
  }

  /** Returns the id of the team responsible for the home-coming. */
  public String responsibleTeamId() {
    return responsibleTeamId;
  }

  /**
   * Returns the fast vårdkontakt (staff id or unit) appointed in öppen vård. Must be appointed
   * before discharge and is the one who calls the SIP.
   */
  public String fastVardkontakt() {
    return fastVardkontakt;
  }

  /**
   * Returns when the patient was admitted (inskrivning) to sluten vård, or null when the hospital's
   * system has not said. Starts the 24-hour clock of the inskrivningsmeddelande.
   */
  public Instant inskrivenAt() {
    return inskrivenAt;
  }

  /**
   * Returns when the treating physician judged that the patient will need insatser after
   * discharge, when that was judged after admission; null otherwise. The inskrivningsmeddelande is
   * then due within 24 h of this judgement instead of 24 h of admission.
   */
  public Instant insatsbehovBedomtAt() {
    return insatsbehovBedomtAt;
  }

  /**
   * Returns when the (first) inskrivningsmeddelande was sent. Due within 24 h of admission, or of a
   * later judgement that insatser will be needed.
   */
  public Instant inskrivningsmeddelandeAt() {
    return inskrivningsmeddelandeAt;
  }

  /**
   * Returns whether the inskrivningsmeddelande was sent more than 24 hours after the time that
   * started its clock (admission, or a later judgement that insatser will be needed), as the
   * server worked it out from the SVU messages. Null while it cannot be decided: no admission time
   * or no inskrivningsmeddelande yet.
   */
  public Boolean inskrivningsmeddelandeLate() {
    return inskrivningsmeddelandeLate;
  }

  /** Returns the latest beräknad tidpunkt för utskrivning (expected discharge). */
  public Instant beraknadUtskrivningAt() {
    return beraknadUtskrivningAt;
  }

  /**
   * Returns when the patient was judged utskrivningsklar. Starts the 3-day SIP kallelse deadline
   * and the payment clock.
   */
  public Instant utskrivningsklarAt() {
    return utskrivningsklarAt;
  }

  /**
   * Returns when the patient was declared ej längre utskrivningsklar. Supersedes an earlier
   * utskrivningsklar by event time, whatever the arrival order.
   */
  public Instant ejLangreUtskrivningsklarAt() {
    return ejLangreUtskrivningsklarAt;
  }

  /**
   * Returns when the patient actually left hospital. Kept exact so that same-day ("0-dag")
   * discharges count in the average model.
   */
  public Instant utskrivenAt() {
    return utskrivenAt;
  }

  /** Returns when the kallelse till SIP was sent. */
  public Instant sipKallelseAt() {
    return sipKallelseAt;
  }

  /** Returns when the latest "SIP behövs" position was taken, or null. */
  public Instant sipNeededAt() {
    return sipNeededAt;
  }

  /** Returns when the latest "SIP behövs inte" position was taken, or null. */
  public Instant sipNotNeededAt() {
    return sipNotNeededAt;
  }

  /**
   * Returns the ställningstagande till SIP that stands: the later of the two positions, or
   * NOT_ASSESSED when neither was taken.
   */
  public SipAssessment sipAssessment() {
    if (sipNotNeededAt != null && (sipNeededAt == null || sipNotNeededAt.isAfter(sipNeededAt))) {
      return SipAssessment.NOT_NEEDED;
    }
    return sipNeededAt != null ? SipAssessment.NEEDED : SipAssessment.NOT_ASSESSED;
  }

  /** Returns when the SIP meeting was held. */
  public Instant sipHeldAt() {
    return sipHeldAt;
  }

  /**
   * Returns who carries palliative responsibility (palliativt ansvar). Null when the patient is not
   * in palliative care.
   */
  public PalliativeResponsibility palliativeResponsibility() {
    return palliativeResponsibility;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CareEpisode)) {
      return false;
    }
    CareEpisode other = (CareEpisode) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(patientId, other.patientId)
        && Objects.equals(hospital, other.hospital)
        && Objects.equals(ward, other.ward)
        && Objects.equals(status, other.status)
        && Objects.equals(responsibleTeamId, other.responsibleTeamId)
        && Objects.equals(fastVardkontakt, other.fastVardkontakt)
        && Objects.equals(inskrivenAt, other.inskrivenAt)
        && Objects.equals(insatsbehovBedomtAt, other.insatsbehovBedomtAt)
        && Objects.equals(inskrivningsmeddelandeAt, other.inskrivningsmeddelandeAt)
        && Objects.equals(inskrivningsmeddelandeLate, other.inskrivningsmeddelandeLate)
        && Objects.equals(beraknadUtskrivningAt, other.beraknadUtskrivningAt)
        && Objects.equals(utskrivningsklarAt, other.utskrivningsklarAt)
        && Objects.equals(ejLangreUtskrivningsklarAt, other.ejLangreUtskrivningsklarAt)
        && Objects.equals(utskrivenAt, other.utskrivenAt)
        && Objects.equals(sipKallelseAt, other.sipKallelseAt)
        && Objects.equals(sipHeldAt, other.sipHeldAt)
        && Objects.equals(sipNeededAt, other.sipNeededAt)
        && Objects.equals(sipNotNeededAt, other.sipNotNeededAt)
        && Objects.equals(palliativeResponsibility, other.palliativeResponsibility);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        version,
        patientId,
        hospital,
        ward,
        status,
        responsibleTeamId,
        fastVardkontakt,
        inskrivenAt,
        insatsbehovBedomtAt,
        inskrivningsmeddelandeAt,
        inskrivningsmeddelandeLate,
        beraknadUtskrivningAt,
        utskrivningsklarAt,
        ejLangreUtskrivningsklarAt,
        utskrivenAt,
        sipKallelseAt,
        sipHeldAt,
        sipNeededAt,
        sipNotNeededAt,
        palliativeResponsibility);
  }

  @Override
  public String toString() {
    return "CareEpisode{id="
        + id
        + ", version="
        + version
        + ", patientId="
        + patientId
        + ", hospital="
        + hospital
        + ", ward="
        + ward
        + ", status="
        + status
        + ", responsibleTeamId="
        + responsibleTeamId
        + ", fastVardkontakt="
        + fastVardkontakt
        + ", inskrivenAt="
        + inskrivenAt
        + ", insatsbehovBedomtAt="
        + insatsbehovBedomtAt
        + ", inskrivningsmeddelandeAt="
        + inskrivningsmeddelandeAt
        + ", inskrivningsmeddelandeLate="
        + inskrivningsmeddelandeLate
        + ", beraknadUtskrivningAt="
        + beraknadUtskrivningAt
        + ", utskrivningsklarAt="
        + utskrivningsklarAt
        + ", ejLangreUtskrivningsklarAt="
        + ejLangreUtskrivningsklarAt
        + ", utskrivenAt="
        + utskrivenAt
        + ", sipKallelseAt="
        + sipKallelseAt
        + ", sipHeldAt="
        + sipHeldAt
        + ", sipNeededAt="
        + sipNeededAt
        + ", sipNotNeededAt="
        + sipNotNeededAt
        + ", palliativeResponsibility="
        + palliativeResponsibility
        + "}";
  }

  /** Builder for {@link CareEpisode}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String patientId;
    private String hospital;
    private String ward;
    private SvuStatus status;
    private String responsibleTeamId;
    private String fastVardkontakt;
    private Instant inskrivenAt;
    private Instant insatsbehovBedomtAt;
    private Instant inskrivningsmeddelandeAt;
    private Boolean inskrivningsmeddelandeLate;
    private Instant beraknadUtskrivningAt;
    private Instant utskrivningsklarAt;
    private Instant ejLangreUtskrivningsklarAt;
    private Instant utskrivenAt;
    private Instant sipKallelseAt;
    private Instant sipHeldAt;
    private Instant sipNeededAt;
    private Instant sipNotNeededAt;
    private PalliativeResponsibility palliativeResponsibility;

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

    /** Sets the hospital where the patient is admitted. */
    public Builder hospital(String hospital) {
      this.hospital = hospital;
      return this;
    }

    /** Sets the ward (avdelning). */
    public Builder ward(String ward) {
      this.ward = ward;
      return this;
    }

    /** Sets the SVU status. */
    public Builder status(SvuStatus status) {
      this.status = status;
      return this;
    }

    /** Sets the id of the team responsible for the home-coming. */
    public Builder responsibleTeamId(String responsibleTeamId) {
      this.responsibleTeamId = responsibleTeamId;
      return this;
    }

    /** Sets the fast vårdkontakt (staff id or unit) appointed in öppen vård. */
    public Builder fastVardkontakt(String fastVardkontakt) {
      this.fastVardkontakt = fastVardkontakt;
      return this;
    }

    /** Sets when the patient was admitted (inskrivning). */
    public Builder inskrivenAt(Instant inskrivenAt) {
      this.inskrivenAt = inskrivenAt;
      return this;
    }

    /** Sets when the treating physician judged that insatser will be needed after discharge. */
    public Builder insatsbehovBedomtAt(Instant insatsbehovBedomtAt) {
      this.insatsbehovBedomtAt = insatsbehovBedomtAt;
      return this;
    }

    /** Sets when the inskrivningsmeddelande was sent. */
    public Builder inskrivningsmeddelandeAt(Instant inskrivningsmeddelandeAt) {
      this.inskrivningsmeddelandeAt = inskrivningsmeddelandeAt;
      return this;
    }

    /** Sets whether the inskrivningsmeddelande was late (server-derived; null while undecided). */
    public Builder inskrivningsmeddelandeLate(Boolean inskrivningsmeddelandeLate) {
      this.inskrivningsmeddelandeLate = inskrivningsmeddelandeLate;
      return this;
    }

    /** Sets the latest beräknad tidpunkt för utskrivning (expected discharge). */
    public Builder beraknadUtskrivningAt(Instant beraknadUtskrivningAt) {
      this.beraknadUtskrivningAt = beraknadUtskrivningAt;
      return this;
    }

    /** Sets when the patient was judged utskrivningsklar. */
    public Builder utskrivningsklarAt(Instant utskrivningsklarAt) {
      this.utskrivningsklarAt = utskrivningsklarAt;
      return this;
    }

    /** Sets when the patient was declared ej längre utskrivningsklar. */
    public Builder ejLangreUtskrivningsklarAt(Instant ejLangreUtskrivningsklarAt) {
      this.ejLangreUtskrivningsklarAt = ejLangreUtskrivningsklarAt;
      return this;
    }

    /** Sets when the patient actually left hospital. */
    public Builder utskrivenAt(Instant utskrivenAt) {
      this.utskrivenAt = utskrivenAt;
      return this;
    }

    /** Sets when the kallelse till SIP was sent. */
    public Builder sipKallelseAt(Instant sipKallelseAt) {
      this.sipKallelseAt = sipKallelseAt;
      return this;
    }

    /** Sets when the SIP meeting was held. */
    public Builder sipHeldAt(Instant sipHeldAt) {
      this.sipHeldAt = sipHeldAt;
      return this;
    }

    /** Sets when the latest "SIP behövs" position was taken. */
    public Builder sipNeededAt(Instant sipNeededAt) {
      this.sipNeededAt = sipNeededAt;
      return this;
    }

    /** Sets when the latest "SIP behövs inte" position was taken. */
    public Builder sipNotNeededAt(Instant sipNotNeededAt) {
      this.sipNotNeededAt = sipNotNeededAt;
      return this;
    }

    /** Sets who carries palliative responsibility (palliativt ansvar). */
    public Builder palliativeResponsibility(PalliativeResponsibility palliativeResponsibility) {
      this.palliativeResponsibility = palliativeResponsibility;
      return this;
    }

    /** Builds the immutable {@link CareEpisode}. */
    public CareEpisode build() {
      return new CareEpisode(this);
    }
  }
}
