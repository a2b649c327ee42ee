/**
 * The Nära domain model: immutable values for teams, staff, patients, SVU care episodes
 * (utskrivningsärenden), plans (SIP, patientkontrakt), discharge checklists, medication lists and
 * läkemedelsavstämning, visits, avvikelser, the PDL audit log and sync conflicts.
 *
 * <p>Gson serialises these classes by field name and enums by constant name, so renaming a field or
 * a constant changes the wire format and the stored data. Swedish labels for the UI come from each
 * enum's {@code label()}.
 *
 * <p>Every synced entity starts with {@code id} (a UUID made on the device, so records can be
 * created offline) and {@code version} (the server version, 0 until first synced); patient-scoped
 * entities carry {@code patientId} next, so all of a patient's data can be purged from a device
 * when the care relationship ends.
 *
 * <p>This package must stay usable on Android API 26: Java 11 language level and no Java 9+ library
 * APIs.
 */
package se.nara.sdk.model;
