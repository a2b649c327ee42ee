package se.nara.server.admin;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.nara.sdk.model.AuditAction;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.server.ApiException;
import se.nara.server.audit.AuditService;
import se.nara.server.auth.AuthService;
import se.nara.server.auth.Capabilities;
import se.nara.server.auth.Principal;
import se.nara.server.store.AccountStore;
import se.nara.server.store.Database;
import se.nara.server.store.Device;
import se.nara.server.store.DeviceStore;
import se.nara.server.store.RecordStore;
import se.nara.server.store.ScopeStore;

/** Device revocation, care relationships and spärrar. */
public final class AdminService {
  private static final Logger LOG = LoggerFactory.getLogger(AdminService.class);

  private final Database db;
  private final DeviceStore devices;
  private final AccountStore accounts;
  private final ScopeStore scopes;
  private final RecordStore records;
  private final AuditService audit;
  private final AuthService auth;
  private final Clock clock;

  /** Creates the service; {@code auth} is told of revoked devices, so their sessions end at once. */
  public AdminService(
      Database db, DeviceStore devices, AccountStore accounts, ScopeStore scopes, RecordStore records, AuditService audit,
      AuthService auth, Clock clock) {
    this.db = db;
    this.auth = auth;
    this.devices = devices;
    this.accounts = accounts;
    this.scopes = scopes;
    this.records = records;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Revokes a lost or stolen device: the server refuses its token from now on and tells it, at
   * its next contact, to wipe its local data. A team leader may revoke devices last used by
   * staff of their teams; an administrator any device.
   */
  public void revokeDevice(Principal principal, String deviceId) {
    if (!Capabilities.canRevokeDevices(principal)) {
      throw new ApiException(ErrorCode.FORBIDDEN, "only team leaders and administrators revoke devices");
    }
    db.inWriteTransaction(
        h -> {
          Device device =
              devices.find(h, deviceId)
                  .filter(d -> Capabilities.isAdmin(principal)
                      || accounts.teamsOf(h, d.staffId()).stream().anyMatch(principal.teamIds()::contains))
                  .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no such device in your teams"));
          devices.revoke(h, device.deviceId(), clock.millis());
          audit.batch(principal).add(null, null, AuditAction.UPDATE, "device", deviceId, null, "REVOKED").write(h);
          return null;
        });
    auth.deviceRevoked(deviceId);
    LOG.warn("device {} revoked by {}", deviceId, principal.staffId());
  }

  /**
   * Starts a care relationship. The patient's records get new sequence numbers, so the team's
   * devices receive the patient's whole record on their next pull.
   */
  public void startCareRelationship(Principal principal, String patientId, String teamId) {
    requireAdmin(principal);
    db.inWriteTransaction(
        h -> {
          requirePatient(h, patientId);
          requireTeam(h, teamId);
          scopes.startRelationship(h, patientId, teamId, clock.millis());
          records.resequencePatient(h, patientId);
          audit.batch(principal).add(patientId, teamId, AuditAction.UPDATE, "care_relationship", teamId, null, "STARTED").write(h);
          return null;
        });
  }

  /** Ends a care relationship: the team's devices purge the patient at their next pull. */
  public void endCareRelationship(Principal principal, String patientId, String teamId) {
    requireAdmin(principal);
    db.inWriteTransaction(
        h -> {
          requirePatient(h, patientId);
          requireTeam(h, teamId);
          if (!scopes.endRelationship(h, patientId, teamId, clock.millis())) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no active care relationship between that patient and team");
          }
          audit.batch(principal).add(patientId, teamId, AuditAction.UPDATE, "care_relationship", teamId, null, "ENDED").write(h);
          return null;
        });
  }

  /** Records a patient's spärr toward a team: the most restrictive setting wins at once. */
  public void addSparr(Principal principal, String patientId, String teamId) {
    requireAdmin(principal);
    db.inWriteTransaction(
        h -> {
          requirePatient(h, patientId);
          requireTeam(h, teamId);
          scopes.addSparr(h, patientId, teamId, clock.millis());
          audit.batch(principal).add(patientId, teamId, AuditAction.UPDATE, "sparr", teamId, null, "ADDED").write(h);
          return null;
        });
  }

  private void requirePatient(org.jdbi.v3.core.Handle h, String patientId) {
    records.find(h, patientId)
        .filter(r -> r.entityType().equals(EntityType.PATIENT.wireName()))
        .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no such patient"));
  }

  /** A care relationship or spärr naming a team that does not exist would stand for nobody, and be read by nobody. */
  private void requireTeam(org.jdbi.v3.core.Handle h, String teamId) {
    records.find(h, teamId)
        .filter(r -> r.entityType().equals(EntityType.TEAM.wireName()) && !r.tombstone())
        .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no such team"));
  }

  private static void requireAdmin(Principal principal) {
    if (!Capabilities.isAdmin(principal)) {
      throw new ApiException(ErrorCode.FORBIDDEN, "only administrators manage care relationships and spärrar");
    }
  }
}
