package se.nara.sdk.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Kontrollpunkt in an utskrivningschecklista.
 *
 * <p>Each item is its own record so that two staff can confirm different items offline without
 * conflicting. A confirmed item is only reverted through REOPENED with a reason.
 *
 * <p>Immutable. Gson reads and writes it by field name, so the field names are the wire format.
 */
public final class ChecklistItem {
  private final String id;
  private final long version;
  private final String patientId;
  private final String checklistId;
  private final String itemKey;
  private final ChecklistGroup group;
  private final String label;
  private final Profession requiredProfession;
  private final int sortOrder;
  private final ItemState state;
  private final String confirmedBy;
  private final Instant confirmedAt;
  private final String note;
  private final String reopenReason;
  private final String deviationId;
  /**
   * Which local copy this value was read from (see {@link #localRevision()}). Not part of the
   * record: never sent, and left out of {@code equals}, {@code hashCode} and {@code toString}.
   */
  private final long localRevision;

  /** For Gson, which fills the fields by reflection. */
  private ChecklistItem() {
    this.id = null;
    this.version = 0L;
    this.patientId = null;
    this.checklistId = null;
    this.itemKey = null;
    this.group = null;
    this.label = null;
    this.requiredProfession = null;
    this.sortOrder = 0;
    this.state = null;
    this.confirmedBy = null;
    this.confirmedAt = null;
    this.note = null;
    this.reopenReason = null;
    this.deviationId = null;
    this.localRevision = 0L;
  }

  private ChecklistItem(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.patientId = b.patientId;
    this.checklistId = b.checklistId;
    this.itemKey = b.itemKey;
    this.group = b.group;
    this.label = b.label;
    this.requiredProfession = b.requiredProfession;
    this.sortOrder = b.sortOrder;
    this.state = b.state;
    this.confirmedBy = b.confirmedBy;
    this.confirmedAt = b.confirmedAt;
    this.note = b.note;
    this.reopenReason = b.reopenReason;
    this.deviationId = b.deviationId;
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
        .checklistId(checklistId)
        .itemKey(itemKey)
        .group(group)
        .label(label)
        .requiredProfession(requiredProfession)
        .sortOrder(sortOrder)
        .state(state)
        .confirmedBy(confirmedBy)
        .confirmedAt(confirmedAt)
        .note(note)
        .reopenReason(reopenReason)
        .deviationId(deviationId)
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

  /** Returns the id of the checklist. */
  public String checklistId() {
    return checklistId;
  }

  /**
   * Returns the stable key of the item within the template. Lets items be matched across template
   * versions.
   */
  public String itemKey() {
    return itemKey;
  }

  /** Returns the section (grupp) the item belongs to. */
  public ChecklistGroup group() {
    return group;
  }

  /** Returns the item text shown to staff. */
  public String label() {
    return label;
  }

  /**
   * Returns the profession that is expected to confirm the item (from the checklist template), for
   * display; null when anyone in the team may. Advisory: neither the SDK nor the server refuses a
   * confirmation by another profession (the server checks only that the caller's profession may
   * write checklist items at all, which team leaders, the MAS and administrators may not).
   */
  public Profession requiredProfession() {
    return requiredProfession;
  }

  /** Returns the position within the group. */
  public int sortOrder() {
    return sortOrder;
  }

  /** Returns the item state. */
  public ItemState state() {
    return state;
  }

  /** Returns the staff id of the person who confirmed the item. */
  public String confirmedBy() {
    return confirmedBy;
  }

  /** Returns when the item was confirmed. */
  public Instant confirmedAt() {
    return confirmedAt;
  }

  /** Returns a free-text note. */
  public String note() {
    return note;
  }

  /**
   * Returns why the item was reopened (återöppnad). Required for REOPENED, so that no settled check
   * is undone silently.
   */
  public String reopenReason() {
    return reopenReason;
  }

  /** Returns the id of the Deviation raised when the item was missing. */
  public String deviationId() {
    return deviationId;
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
    if (!(o instanceof ChecklistItem)) {
      return false;
    }
    ChecklistItem other = (ChecklistItem) o;
    return Objects.equals(id, other.id)
        && version == other.version
        && Objects.equals(patientId, other.patientId)
        && Objects.equals(checklistId, other.checklistId)
        && Objects.equals(itemKey, other.itemKey)
        && Objects.equals(group, other.group)
        && Objects.equals(label, other.label)
        && Objects.equals(requiredProfession, other.requiredProfession)
        && sortOrder == other.sortOrder
        && Objects.equals(state, other.state)
        && Objects.equals(confirmedBy, other.confirmedBy)
        && Objects.equals(confirmedAt, other.confirmedAt)
        && Objects.equals(note, other.note)
        && Objects.equals(reopenReason, other.reopenReason)
        && Objects.equals(deviationId, other.deviationId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        version,
        patientId,
        checklistId,
        itemKey,
        group,
        label,
        requiredProfession,
        sortOrder,
        state,
        confirmedBy,
        confirmedAt,
        note,
        reopenReason,
        deviationId);
  }

  @Override
  public String toString() {
    return "ChecklistItem{id="
        + id
        + ", version="
        + version
        + ", patientId="
        + patientId
        + ", checklistId="
        + checklistId
        + ", itemKey="
        + itemKey
        + ", group="
        + group
        + ", label="
        + label
        + ", requiredProfession="
        + requiredProfession
        + ", sortOrder="
        + sortOrder
        + ", state="
        + state
        + ", confirmedBy="
        + confirmedBy
        + ", confirmedAt="
        + confirmedAt
        + ", note="
        + ModelSupport.redact(note)
        + ", reopenReason="
        + ModelSupport.redact(reopenReason)
        + ", deviationId="
        + deviationId
        + "}";
  }

  /** Builder for {@link ChecklistItem}; not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private String patientId;
    private String checklistId;
    private String itemKey;
    private ChecklistGroup group;
    private String label;
    private Profession requiredProfession;
    private int sortOrder;
    private ItemState state;
    private String confirmedBy;
    private Instant confirmedAt;
    private String note;
    private String reopenReason;
    private String deviationId;

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

    /** Sets the id of the checklist. */
    public Builder checklistId(String checklistId) {
      this.checklistId = checklistId;
      return this;
    }

    /** Sets the stable key of the item within the template. */
    public Builder itemKey(String itemKey) {
      this.itemKey = itemKey;
      return this;
    }

    /** Sets the section (grupp) the item belongs to. */
    public Builder group(ChecklistGroup group) {
      this.group = group;
      return this;
    }

    /** Sets the item text shown to staff. */
    public Builder label(String label) {
      this.label = label;
      return this;
    }

    /** Sets the profession required to confirm the item. */
    public Builder requiredProfession(Profession requiredProfession) {
      this.requiredProfession = requiredProfession;
      return this;
    }

    /** Sets the position within the group. */
    public Builder sortOrder(int sortOrder) {
      this.sortOrder = sortOrder;
      return this;
    }

    /** Sets the item state. */
    public Builder state(ItemState state) {
      this.state = state;
      return this;
    }

    /** Sets the staff id of the person who confirmed the item. */
    public Builder confirmedBy(String confirmedBy) {
      this.confirmedBy = confirmedBy;
      return this;
    }

    /** Sets when the item was confirmed. */
    public Builder confirmedAt(Instant confirmedAt) {
      this.confirmedAt = confirmedAt;
      return this;
    }

    /** Sets a free-text note. */
    public Builder note(String note) {
      this.note = note;
      return this;
    }

    /** Sets why the item was reopened (återöppnad). */
    public Builder reopenReason(String reopenReason) {
      this.reopenReason = reopenReason;
      return this;
    }

    /** Sets the id of the Deviation raised when the item was missing. */
    public Builder deviationId(String deviationId) {
      this.deviationId = deviationId;
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

    /** Builds the immutable {@link ChecklistItem}. */
    public ChecklistItem build() {
      return new ChecklistItem(this);
    }
  }
}
