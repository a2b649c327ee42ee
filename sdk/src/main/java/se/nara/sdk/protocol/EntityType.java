package se.nara.sdk.protocol;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import se.nara.sdk.model.AuditEntry;
import se.nara.sdk.model.CareEpisode;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.ConflictRecord;
import se.nara.sdk.model.Deviation;
import se.nara.sdk.model.Discrepancy;
import se.nara.sdk.model.DischargeChecklist;
import se.nara.sdk.model.MedicationCheck;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.MedicationLineCheck;
import se.nara.sdk.model.MedicationList;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.Plan;
import se.nara.sdk.model.PlanAction;
import se.nara.sdk.model.PlanGoal;
import se.nara.sdk.model.Staff;
import se.nara.sdk.model.Team;
import se.nara.sdk.model.Visit;

/**
 * Every kind of entity that syncs, with its wire name, its model class, whom it is visible to and
 * what devices may do with it. The server enforces the access column; the SDK uses it to refuse
 * writes the server would reject anyway.
 */
public enum EntityType {
  /** Team (team): directory data, visible to all signed-in staff. */
  TEAM("team", Team.class, Scope.DIRECTORY, Access.SERVER_ONLY, null),
  /** Personal (staff): directory data, visible to all signed-in staff. */
  STAFF("staff", Staff.class, Scope.DIRECTORY, Access.SERVER_ONLY, null),
  /** Patient. Identity changes are explicit server-side events, never device edits. */
  PATIENT("patient", Patient.class, Scope.PATIENT, Access.SERVER_ONLY, null),
  /** Vårdepisod / utskrivningsärende: the SVU case. */
  CARE_EPISODE("care_episode", CareEpisode.class, Scope.PATIENT, Access.READ_WRITE, null),
  /** SIP, patientkontrakt or vårdplan. */
  PLAN("plan", Plan.class, Scope.PATIENT, Access.READ_WRITE, "episodeId"),
  /** Mål in a plan. */
  PLAN_GOAL("plan_goal", PlanGoal.class, Scope.PATIENT, Access.READ_WRITE, "planId"),
  /** Insats/åtgärd in a plan, with its responsible party. */
  PLAN_ACTION("plan_action", PlanAction.class, Scope.PATIENT, Access.READ_WRITE, "planId"),
  /** Utskrivningschecklista. */
  DISCHARGE_CHECKLIST("discharge_checklist", DischargeChecklist.class, Scope.PATIENT, Access.READ_WRITE, "episodeId"),
  /** One item of a discharge checklist. */
  CHECKLIST_ITEM("checklist_item", ChecklistItem.class, Scope.PATIENT, Access.READ_WRITE, "checklistId"),
  /** Läkemedelslista from one source. */
  MEDICATION_LIST("medication_list", MedicationList.class, Scope.PATIENT, Access.READ_WRITE, null),
  /** One line of a medication list. */
  MEDICATION_LINE("medication_line", MedicationLine.class, Scope.PATIENT, Access.READ_WRITE, "listId"),
  /** Läkemedelsavstämning. */
  MEDICATION_CHECK("medication_check", MedicationCheck.class, Scope.PATIENT, Access.READ_WRITE, "episodeId"),
  /** The check of one medication line within a läkemedelsavstämning. */
  MEDICATION_LINE_CHECK("medication_line_check", MedicationLineCheck.class, Scope.PATIENT, Access.READ_WRITE, "checkId"),
  /** Avvikelse i läkemedelslista. */
  DISCREPANCY("discrepancy", Discrepancy.class, Scope.PATIENT, Access.READ_WRITE, "checkId"),
  /** Besök. */
  VISIT("visit", Visit.class, Scope.PATIENT, Access.READ_WRITE, "episodeId"),
  /** Avvikelse (deviation report). */
  DEVIATION("deviation", Deviation.class, Scope.PATIENT, Access.READ_WRITE, "episodeId"),
  /** Loggpost: devices upload their local reads; never pulled back. */
  AUDIT_ENTRY("audit_entry", AuditEntry.class, Scope.SERVER_PRIVATE, Access.APPEND_ONLY, null),
  /** A conflict record: the values a merge did not choose, for a person to review. */
  CONFLICT("conflict", ConflictRecord.class, Scope.PATIENT, Access.SERVER_ONLY, "entityId");

  /** Who can see records of a type. */
  public enum Scope {
    /** Every signed-in staff member (team and staff directory, no patient data). */
    DIRECTORY,
    /** Staff of teams with an active care relationship to the record's patient. */
    PATIENT,
    /** Nobody pulls these; they are read through dedicated server endpoints. */
    SERVER_PRIVATE
  }

  /** What devices may do with records of a type. */
  public enum Access {
    /** Create, update and mark entered-in-error. */
    READ_WRITE,
    /** Create only; never changed afterwards. */
    APPEND_ONLY,
    /** Written by the server only. */
    SERVER_ONLY
  }

  /** Fields the server manages; a mutation may never set them. */
  public static final Set<String> SERVER_MANAGED_FIELDS =
      Collections.unmodifiableSet(new LinkedHashSet<>(java.util.Arrays.asList("id", "version")));

  private static final Map<String, EntityType> BY_WIRE_NAME = new HashMap<>();

  static {
    for (EntityType type : values()) {
      BY_WIRE_NAME.put(type.wireName, type);
    }
  }

  private final String wireName;
  private final Class<?> modelClass;
  private final Scope scope;
  private final Access access;
  private final String parentField;
  private volatile Set<String> fieldNames;

  EntityType(String wireName, Class<?> modelClass, Scope scope, Access access, String parentField) {
    this.wireName = wireName;
    this.modelClass = modelClass;
    this.scope = scope;
    this.access = access;
    this.parentField = parentField;
  }

  /**
   * The field that links a record to the record it belongs to (an item to its checklist, a line
   * to its list, a conflict to the entity in conflict), or null. Devices index it for lookups.
   */
  public String parentField() {
    return parentField;
  }

  /** The name used on the wire and in storage, e.g. {@code checklist_item}. */
  public String wireName() {
    return wireName;
  }

  /** The immutable model class that the record's data decodes to. */
  public Class<?> modelClass() {
    return modelClass;
  }

  /** Who may see records of this type. */
  public Scope scope() {
    return scope;
  }

  /** What devices may do with records of this type. */
  public Access access() {
    return access;
  }

  /** Whether records of this type belong to one patient. */
  public boolean isPatientScoped() {
    return scope == Scope.PATIENT || (scope == Scope.SERVER_PRIVATE && this == AUDIT_ENTRY);
  }

  /** The data field names of the model class, the wire format of its records. */
  public Set<String> fieldNames() {
    Set<String> names = fieldNames;
    if (names == null) {
      Set<String> collected = new LinkedHashSet<>();
      for (Field field : modelClass.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)) {
          collected.add(field.getName());
        }
      }
      names = Collections.unmodifiableSet(collected);
      fieldNames = names;
    }
    return names;
  }

  /** The type with this wire name, or null if there is none. */
  public static EntityType fromWireName(String wireName) {
    return wireName == null ? null : BY_WIRE_NAME.get(wireName);
  }

  /** The type whose model class is {@code modelClass}, or null. */
  public static EntityType forModel(Class<?> modelClass) {
    for (EntityType type : values()) {
      if (type.modelClass == modelClass) {
        return type;
      }
    }
    return null;
  }
}
