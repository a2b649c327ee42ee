package se.nara.sdk.model;

import java.util.Objects;

/**
 * Vårdteam (team), e.g. a hemtagningsteam, ASIH or hemsjukvård team.
 *
 * <p>Teams are the unit of access: a device only syncs patients with an active care relationship to
 * the user's team.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class Team {
  private final String id;
  private final long version;
  private final String name;
  private final TeamType teamType;
  private final Huvudman huvudman;
  private final Delregion delregion;
  private final String municipality;
  private final String hsaId;

  /** For Gson, which fills the fields by reflection. */
  private Team() {
    this.id = null;
    this.version = 0L;
    this.name = null;
    this.teamType = null;
    this.huvudman = null;
    this.delregion = null;
    this.municipality = null;
    this.hsaId = null;
  }

  private Team(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.name = b.name;
    this.teamType = b.teamType;
    this.huvudman = b.huvudman;
    this.delregion = b.delregion;
    this.municipality = b.municipality;
    this.hsaId = b.hsaId;
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
        .name(name)
        .teamType(teamType)
        .huvudman(huvudman)
        .delregion(delregion)
        .municipality(municipality)
        .hsaId(hsaId);
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

  /** Returns the team's name as shown to staff. */
  public String name() {
    return name;
  }

  /** Returns the kind of team (teamtyp). */
  public TeamType teamType() {
    return teamType;
  }

  /** Returns the huvudman that runs the team. */
  public Huvudman huvudman() {
    return huvudman;
  }

  /** Returns the Skåne delregion the team belongs to. */
  public Delregion delregion() {
    return delregion;
  }

  /**
   * Returns the municipality (kommun) the team works in. One of Skåne's 33; text rather than an
   * enum because a region team can span several.
   */
  public String municipality() {
    return municipality;
  }

  /**
   * Returns the team's HSA-id (vårdenhet). The PDL log must show at which vårdenhet data was
   * accessed.
   */
  public String hsaId() {
    return hsaId;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Team)) {
      return false;
    }
    Team other = (Team) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(name, other.name)
        && Objects.equals(teamType, other.teamType)
        && Objects.equals(huvudman, other.huvudman)
        && Objects.equals(delregion, other.delregion)
        && Objects.equals(municipality, other.municipality)
        && Objects.equals(hsaId, other.hsaId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version, name, teamType, huvudman, delregion, municipality, hsaId);
  }

  @Override
  public String toString() {
    return "Team{id="
        + id
        + ", version="
        + version
        + ", name="
        + name
        + ", teamType="
        + teamType
        + ", huvudman="
        + huvudman
        + ", delregion="
        + delregion
        + ", municipality="
        + municipality
        + ", hsaId="
        + hsaId
        + "}";
  }

  /** Builder for {@link Team}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String name;
    private TeamType teamType;
    private Huvudman huvudman;
    private Delregion delregion;
    private String municipality;
    private String hsaId;

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

    /** Sets the team's name as shown to staff. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Sets the kind of team (teamtyp). */
    public Builder teamType(TeamType teamType) {
      this.teamType = teamType;
      return this;
    }

    /** Sets the huvudman that runs the team. */
    public Builder huvudman(Huvudman huvudman) {
      this.huvudman = huvudman;
      return this;
    }

    /** Sets the Skåne delregion the team belongs to. */
    public Builder delregion(Delregion delregion) {
      this.delregion = delregion;
      return this;
    }

    /** Sets the municipality (kommun) the team works in. */
    public Builder municipality(String municipality) {
      this.municipality = municipality;
      return this;
    }

    /** Sets the team's HSA-id (vårdenhet). */
    public Builder hsaId(String hsaId) {
      this.hsaId = hsaId;
      return this;
    }

    /** Builds the immutable {@link Team}. */
    public Team build() {
      return new Team(this);
    }
  }
}
