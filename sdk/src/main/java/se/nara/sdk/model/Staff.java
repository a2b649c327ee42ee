package se.nara.sdk.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Personal – a staff member who uses the app.
 *
 * <p>Access is individual (PDL 4 kap. 2 §), so every audit entry and signature points to a staff
 * id.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class Staff {
  private final String id;
  private final long version;
  private final String hsaId;
  private final String name;
  private final String username;
  private final Profession profession;
  private final List<String> teamIds;

  /** For Gson, which fills the fields by reflection; lists start empty so they are never null. */
  private Staff() {
    this.id = null;
    this.version = 0L;
    this.hsaId = null;
    this.name = null;
    this.username = null;
    this.profession = null;
    this.teamIds = Collections.emptyList();
  }

  private Staff(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.hsaId = b.hsaId;
    this.name = b.name;
    this.username = b.username;
    this.profession = b.profession;
    this.teamIds = ModelSupport.immutableCopy(b.teamIds);
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
        .hsaId(hsaId)
        .name(name)
        .username(username)
        .profession(profession)
        .teamIds(teamIds());
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

  /** Returns the staff member's personal HSA-id. */
  public String hsaId() {
    return hsaId;
  }

  /** Returns the staff member's name. */
  public String name() {
    return name;
  }

  /** Returns the login name. */
  public String username() {
    return username;
  }

  /** Returns the profession (yrkesroll). */
  public Profession profession() {
    return profession;
  }

  /**
   * Returns the ids of the teams the staff member works in. Never null; unmodifiable. Decides which
   * patients the device may sync.
   */
  public List<String> teamIds() {
    return ModelSupport.view(teamIds);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Staff)) {
      return false;
    }
    Staff other = (Staff) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(hsaId, other.hsaId)
        && Objects.equals(name, other.name)
        && Objects.equals(username, other.username)
        && Objects.equals(profession, other.profession)
        && teamIds().equals(other.teamIds());
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version, hsaId, name, username, profession, teamIds());
  }

  @Override
  public String toString() {
    return "Staff{id="
        + id
        + ", version="
        + version
        + ", hsaId="
        + hsaId
        + ", name="
        + name
        + ", username="
        + username
        + ", profession="
        + profession
        + ", teamIds="
        + teamIds()
        + "}";
  }

  /** Builder for {@link Staff}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String hsaId;
    private String name;
    private String username;
    private Profession profession;
    private List<String> teamIds = new ArrayList<>();

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

    /** Sets the staff member's personal HSA-id. */
    public Builder hsaId(String hsaId) {
      this.hsaId = hsaId;
      return this;
    }

    /** Sets the staff member's name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Sets the login name. */
    public Builder username(String username) {
      this.username = username;
      return this;
    }

    /** Sets the profession (yrkesroll). */
    public Builder profession(Profession profession) {
      this.profession = profession;
      return this;
    }

    /**
     * Sets the ids of the teams the staff member works in; the list is copied, and null means
     * empty.
     */
    public Builder teamIds(List<String> teamIds) {
      this.teamIds = ModelSupport.mutableCopy(teamIds);
      return this;
    }

    /** Builds the immutable {@link Staff}. */
    public Staff build() {
      return new Staff(this);
    }
  }
}
