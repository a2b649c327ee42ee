package se.nara.server.svu;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import se.nara.sdk.model.AuditAction;
import se.nara.sdk.model.CareEpisode;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.Json;
import se.nara.server.ApiException;
import se.nara.server.TimeBounds;
import se.nara.server.audit.AuditService;
import se.nara.server.auth.Principal;
import se.nara.server.rules.SvuTimeline;
import se.nara.server.store.Database;
import se.nara.server.store.RecordStore;
import se.nara.server.store.StoredRecord;
import se.nara.server.sync.ServerRecords;

/** Applies SVU messages to care episodes; the result syncs to the team's tablets. */
public final class SvuService {
  /** Messages from further in the future than this are refused as clock errors. */
  static final Duration MAX_FUTURE = Duration.ofMinutes(10);

  private final Database db;
  private final RecordStore records;
  private final ServerRecords serverRecords;
  private final AuditService audit;
  private final Clock clock;

  /** Creates the service. */
  public SvuService(Database db, RecordStore records, ServerRecords serverRecords, AuditService audit, Clock clock) {
    this.db = db;
    this.records = records;
    this.serverRecords = serverRecords;
    this.audit = audit;
    this.clock = clock;
  }

  /** Applies one message and returns the episode as it is now. */
  public CareEpisode receive(Principal principal, SvuMessage message) {
    if (!"ADMIN".equals(principal.profession())) {
      throw new ApiException(ErrorCode.FORBIDDEN, "SVU messages come from the integration account only");
    }
    SvuTimeline.MessageType type;
    try {
      type = SvuTimeline.MessageType.valueOf(String.valueOf(message.type()));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("type", "type must be one of " + java.util.Arrays.toString(SvuTimeline.MessageType.values()));
    }
    if (message.eventTime() == null) {
      throw ApiException.invalid("eventTime", "eventTime is required");
    }
    TimeBounds.require("eventTime", message.eventTime());
    boolean estimate = type == SvuTimeline.MessageType.BERAKNAD_UTSKRIVNING;
    if (!estimate && message.eventTime().isAfter(Instant.ofEpochMilli(clock.millis()).plus(MAX_FUTURE))) {
      throw ApiException.invalid("eventTime", "eventTime lies in the future");
    }
    if (!se.nara.server.Uuids.isUuid(message.episodeId())) {
      throw ApiException.invalid("episodeId", "episodeId must be a UUID");
    }
    return db.inWriteTransaction(
        h -> {
          StoredRecord episode =
              records.find(h, message.episodeId())
                  .filter(r -> r.entityType().equals(EntityType.CARE_EPISODE.wireName()))
                  .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no care episode " + message.episodeId()));
          JsonObject next = SvuTimeline.apply(episode.data(), type, message.eventTime());
          JsonObject changes = new JsonObject();
          for (String field : next.keySet()) {
            if (!next.get(field).equals(episode.data().get(field))) {
              changes.add(field, next.get(field));
            }
          }
          for (String field : episode.data().keySet()) {
            if (!next.has(field)) { // e.g. a kallelse that no longer counts for the readiness period
              changes.add(field, JsonNull.INSTANCE);
            }
          }
          StoredRecord after = episode;
          if (changes.size() > 0) {
            after = serverRecords.update(h, episode, changes, false, principal.staffId(), "SVU_" + type, null);
          }
          audit.batch(principal)
              .add(episode.patientId(), null, AuditAction.UPDATE, "care_episode", episode.id(),
                  message.eventTime().toEpochMilli(), "SVU " + type)
              .write(h);
          JsonObject data = after.data().deepCopy();
          data.addProperty("version", after.version());
          return Json.fromData(data, CareEpisode.class);
        });
  }
}
