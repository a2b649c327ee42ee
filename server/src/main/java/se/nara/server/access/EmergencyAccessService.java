package se.nara.server.access;

import com.google.gson.JsonParser;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.nara.sdk.model.AuditAction;
import se.nara.sdk.model.Personnummer;
import se.nara.sdk.protocol.EmergencyAccessRequest;
import se.nara.sdk.protocol.EmergencyAccessResponse;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.SyncRecord;
import se.nara.server.ApiException;
import se.nara.server.audit.AuditService;
import se.nara.server.auth.Capabilities;
import se.nara.server.auth.Principal;
import se.nara.server.store.Database;
import se.nara.server.store.PageRow;
import se.nara.server.store.RecordStore;
import se.nara.server.store.ScopeStore;
import se.nara.server.sync.ProtectedIdentity;

/**
 * Nödåtkomst. A nurse covering for another team stands at the door of a patient her team does not
 * care for, the patient's own team cannot be reached, and she needs the medication list now. She
 * states why, and reads the patient's records as the server holds them.
 *
 * <p>What keeps it honest: only clinical professions may ask; the reason is required; every
 * attempt is in the access log as {@link AuditAction#EMERGENCY_ACCESS} with the reason, for the
 * MAS's follow-up ({@code GET /api/v1/audit?action=EMERGENCY_ACCESS}); the read is logged before
 * the answer leaves; nothing enters the tablet's sync, so nothing lingers on it; a spärr toward the
 * caller's team is not lifted (the most restrictive setting wins), and a protected identity's
 * address stays on the server as in every pull. Writing for the patient still needs a care
 * relationship, which an administrator starts.
 */
public final class EmergencyAccessService {
  private static final Logger LOG = LoggerFactory.getLogger(EmergencyAccessService.class);
  private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");

  private final Database db;
  private final RecordStore records;
  private final ScopeStore scopes;
  private final AuditService audit;
  private final Clock clock;

  /** Creates the service. */
  public EmergencyAccessService(Database db, RecordStore records, ScopeStore scopes, AuditService audit, Clock clock) {
    this.db = db;
    this.records = records;
    this.scopes = scopes;
    this.audit = audit;
    this.clock = clock;
  }

  /** How an attempt ends, as the access log records it and the caller hears it. */
  private enum Outcome {
    OK("OK", null, null),
    NOT_FOUND("REFUSED NOT_FOUND", ErrorCode.NOT_FOUND, "no patient with this personnummer in Nära"),
    // Two patient records with one number: showing either could be the wrong person's list.
    AMBIGUOUS("REFUSED AMBIGUOUS", ErrorCode.INTERNAL_ERROR,
        "more than one patient record carries this personnummer; ask an administrator to correct the records"),
    IN_CARE("REFUSED IN_CARE", ErrorCode.ALREADY_IN_CARE,
        "your team already cares for this patient: the records come with a normal sync"),
    SPARR("REFUSED SPARR", ErrorCode.FORBIDDEN,
        "the patient has blocked (spärrat) your team's access; nödåtkomst does not lift a spärr");

    final String logged;
    final ErrorCode code;
    final String message;

    Outcome(String logged, ErrorCode code, String message) {
      this.logged = logged;
      this.code = code;
      this.message = message;
    }
  }

  /**
   * How many characters of {@code text} say something: not blanks, control or invisible
   * formatting characters, which would let ten NULs or zero-width spaces pass as a reason the
   * MAS cannot read.
   */
  static int meaningful(String text) {
    return (int) text.codePoints()
        .filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c) && !Character.isISOControl(c)
            && Character.getType(c) != Character.FORMAT)
        .count();
  }

  /** What the read found, before anything is logged or answered. */
  private record Found(List<String> patients, Outcome outcome, List<PageRow> rows) {}

  /** Reads one patient's records for {@code principal} outside the care relationship, and logs it. */
  public EmergencyAccessResponse open(Principal principal, EmergencyAccessRequest request) {
    if (!Capabilities.canUseEmergencyAccess(principal)) {
      throw new ApiException(ErrorCode.FORBIDDEN, "nödåtkomst is for clinical staff caring for patients");
    }
    if (request == null) {
      throw new ApiException(ErrorCode.MALFORMED_REQUEST, "the body must be a JSON object with personnummer and reason");
    }
    Personnummer number;
    try {
      number = Personnummer.parse(request.personnummer(), LocalDate.now(clock.withZone(ZONE)));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("personnummer", e.getMessage());
    }
    String reason = request.reason() == null ? "" : request.reason().strip();
    if (meaningful(reason) < EmergencyAccessRequest.MIN_REASON || reason.length() > EmergencyAccessRequest.MAX_REASON) {
      throw ApiException.invalid("reason", "state why you need access now, in " + EmergencyAccessRequest.MIN_REASON
          + " to " + EmergencyAccessRequest.MAX_REASON + " characters, at least " + EmergencyAccessRequest.MIN_REASON
          + " of them neither blanks nor control characters");
    }
    Found found =
        db.withReader(
            h -> {
              List<String> patients = records.patientsWithIdentifier(h, number.value());
              if (patients.size() != 1) {
                return new Found(patients, patients.isEmpty() ? Outcome.NOT_FOUND : Outcome.AMBIGUOUS, List.of());
              }
              String id = patients.get(0);
              if (scopes.inScope(h, id, principal.teamIds())) {
                return new Found(patients, Outcome.IN_CARE, List.of());
              }
              if (scopes.blockedFor(h, id, principal.teamIds())) {
                return new Found(patients, Outcome.SPARR, List.of());
              }
              return new Found(patients, Outcome.OK, records.rowsOfPatient(h, id));
            });
    String patientId = found.patients().size() == 1 ? found.patients().get(0) : null;
    Outcome outcome = found.outcome();
    if (outcome == Outcome.AMBIGUOUS) {
      LOG.error("nödåtkomst refused: {} patient records carry one personnummer; an administrator must merge them",
          found.patients().size());
    }
    long now = clock.millis();
    db.inWriteTransaction(
        h -> {
          audit.batch(principal)
              .add(patientId, null, AuditAction.EMERGENCY_ACCESS, "patient", patientId, null, outcome.logged, reason)
              .write(h);
          return null;
        });
    LOG.warn("nödåtkomst staff={} device={} patient={} outcome={}", principal.staffId(), principal.deviceId(), patientId,
        outcome.logged);
    if (outcome != Outcome.OK) {
      throw new ApiException(outcome.code, outcome.message);
    }
    List<SyncRecord> out = new ArrayList<>(found.rows().size());
    for (PageRow raw : found.rows()) {
      PageRow row = ProtectedIdentity.forDevice(raw);
      out.add(new SyncRecord(row.entityType(), row.id(), row.version(), row.seq(), row.patientId(), row.tombstone(),
          Instant.ofEpochMilli(row.updatedAt()), row.updatedBy(), JsonParser.parseString(row.dataJson()).getAsJsonObject()));
    }
    return new EmergencyAccessResponse(patientId, Instant.ofEpochMilli(now), out);
  }
}
