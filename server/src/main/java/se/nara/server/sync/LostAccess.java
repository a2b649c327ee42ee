package se.nara.server.sync;

/** The caller's team had the patient and lost it: the write is quarantined, not rejected. */
final class LostAccess extends Exception {
  final String patientId;

  LostAccess(String patientId) {
    super(null, null, false, false);
    this.patientId = patientId;
  }
}
