package se.nara.server.sync;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Optional;
import java.util.function.Function;
import se.nara.sdk.protocol.EntityType;
import se.nara.server.rules.ReviewBinding;
import se.nara.server.store.StoredRecord;

/**
 * The visit whose review covers a changed record (its discharge checklist and items, its
 * medication checks with their line checks and discrepancies), for making that review stale
 * (DOMAIN rule 12). Shared by the push path and by server-made changes, which read records
 * differently (the push from its batch's view, a decision from the store).
 */
final class LinkedVisit {
  private LinkedVisit() {}

  /**
   * The live visit {@code data} links to, directly or through its parent, or empty. A link is a
   * tablet's value and may name any record, also one of a patient outside the writer's care: only
   * the changed record's own patient's visit is content its review covered, and following a link
   * further would write to a record the writer may not touch.
   */
  static Optional<StoredRecord> of(
      EntityType type, String patientId, JsonObject data, Function<String, Optional<StoredRecord>> find) {
    String link = ReviewBinding.linkToVisit(type);
    if (link == null || patientId == null) {
      return Optional.empty();
    }
    String visitId = idIn(data, link);
    if (visitId != null && !"visitId".equals(link)) {
      visitId = find.apply(visitId).filter(parent -> patientId.equals(parent.patientId()))
          .map(parent -> idIn(parent.data(), "visitId")).orElse(null);
    }
    return (visitId == null ? Optional.<StoredRecord>empty() : find.apply(visitId))
        .filter(v -> !v.tombstone() && EntityType.VISIT.wireName().equals(v.entityType()) && patientId.equals(v.patientId()));
  }

  private static String idIn(JsonObject data, String field) {
    JsonElement value = data.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
  }
}
