package se.nara.bench;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import se.nara.sdk.NaraClient;
import se.nara.sdk.model.ActionStatus;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.PlanAction;
import se.nara.sdk.model.ReviewState;
import se.nara.sdk.model.Visit;
import se.nara.sdk.model.VisitStatus;
import se.nara.sdk.model.VisitType;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.Json;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationOp;

/**
 * The changes a tablet makes during a shift, in a fixed cycle of five: record a new visit,
 * complete it with a note of 200-500 characters, confirm a checklist item, move a plan action
 * on, and add a note to a checklist item. 20 % creates, 80 % updates; all on the tablet's own
 * patients, so tablets do not conflict with each other (conflict detection still runs on every
 * update). The same changes can be made through the SDK's public API or sent as raw mutations.
 */
final class Workload {
  /** One change. */
  sealed interface Change permits NewVisit, CompleteVisit, ItemNote, ActionStep {}

  record NewVisit(String visitId, DataGen.PatientData patient, String staffId, Instant start) implements Change {}

  record CompleteVisit(String visitId, Instant actualStart, Instant actualEnd, String note) implements Change {}

  /** {@code first}: the item goes from unchecked to done; later: only its note and time change. */
  record ItemNote(String itemId, boolean first, String staffId, Instant at, String note) implements Change {}

  record ActionStep(String actionId, ActionStatus status) implements Change {}

  private Workload() {}

  /** {@code count} changes for tablet {@code tablet} over its patients. */
  static List<Change> shift(String runKey, int tablet, List<DataGen.PatientData> patients, String staffId, int count, long seed) {
    Random rnd = new Random(seed * 31 + tablet);
    List<Change> out = new ArrayList<>(count);
    java.util.Set<String> confirmed = new java.util.HashSet<>();
    java.util.Map<String, Integer> actionSteps = new java.util.HashMap<>();
    int n = 0;
    String openVisit = null;
    Instant clock = DataGen.BASE.plus(Duration.ofDays(1));
    while (out.size() < count) {
      DataGen.PatientData p = patients.get(n % patients.size());
      clock = clock.plusSeconds(60 + rnd.nextInt(600));
      switch (out.size() % 5) {
        case 0 -> {
          openVisit = DataGen.id("bench-visit", runKey, tablet, n);
          out.add(new NewVisit(openVisit, p, staffId, clock));
        }
        case 1 -> out.add(new CompleteVisit(openVisit, clock.minusSeconds(1800), clock, DataGen.text(rnd, 200, 500)));
        case 2, 4 -> {
          String item = p.checklistItemIds().get(rnd.nextInt(p.checklistItemIds().size()));
          out.add(new ItemNote(item, confirmed.add(item), staffId, clock, DataGen.text(rnd, 20, 120)));
          if (out.size() % 5 == 0) {
            n++;
          }
        }
        default -> {
          String action = p.planActionIds().get(rnd.nextInt(p.planActionIds().size()));
          int step = actionSteps.merge(action, 1, Integer::sum);
          out.add(new ActionStep(action, step % 2 == 1 ? ActionStatus.IN_PROGRESS : ActionStatus.DONE));
        }
      }
    }
    return out;
  }

  static Visit newVisit(NewVisit v) {
    return Visit.builder()
        .id(v.visitId())
        .patientId(v.patient().patientId())
        .episodeId(v.patient().episodeId())
        .teamId(v.patient().teamId())
        .staffIds(List.of(v.staffId()))
        .visitType(VisitType.FOLLOW_UP)
        .plannedStart(v.start())
        .plannedEnd(v.start().plus(Duration.ofMinutes(45)))
        .status(VisitStatus.PLANNED)
        .reviewState(ReviewState.NOT_REVIEWED)
        .build();
  }

  /**
   * The mutations the SDK would send for {@code changes}, numbered from {@code firstMutationId}.
   * Base versions are what the tablet saw: 1 for seeded records, 0 for its own new visits.
   */
  static List<Mutation> mutations(String deviceId, long firstMutationId, List<Change> changes, Instant deviceTime) {
    List<Mutation> out = new ArrayList<>(changes.size());
    long id = firstMutationId;
    for (Change c : changes) {
      Mutation m;
      if (c instanceof NewVisit v) {
        JsonObject fields = Json.toData(newVisit(v));
        fields.remove("id");
        fields.remove("version");
        m = new Mutation(deviceId, id, EntityType.VISIT.wireName(), v.visitId(), MutationOp.CREATE, 0, fields, null, deviceTime);
      } else if (c instanceof CompleteVisit v) {
        JsonObject fields = new JsonObject();
        fields.addProperty("actualStart", v.actualStart().toString());
        fields.addProperty("actualEnd", v.actualEnd().toString());
        fields.addProperty("status", VisitStatus.COMPLETED.name());
        fields.addProperty("note", v.note());
        m = new Mutation(deviceId, id, EntityType.VISIT.wireName(), v.visitId(), MutationOp.UPDATE, 0, fields, null, deviceTime);
      } else if (c instanceof ItemNote i) {
        JsonObject fields = new JsonObject();
        if (i.first()) {
          fields.addProperty("state", ItemState.DONE.name());
          fields.addProperty("confirmedBy", i.staffId());
        }
        fields.addProperty("confirmedAt", i.at().toString());
        fields.addProperty("note", i.note());
        m = new Mutation(deviceId, id, EntityType.CHECKLIST_ITEM.wireName(), i.itemId(), MutationOp.UPDATE, 1, fields, null, deviceTime);
      } else {
        ActionStep a = (ActionStep) c;
        JsonObject fields = new JsonObject();
        fields.addProperty("status", a.status().name());
        m = new Mutation(deviceId, id, EntityType.PLAN_ACTION.wireName(), a.actionId(), MutationOp.UPDATE, 1, fields, null, deviceTime);
      }
      out.add(m);
      id++;
    }
    return out;
  }

  /** Makes {@code changes} through the SDK's public API (each is one local transaction and outbox row). */
  static void applyWithSdk(NaraClient nara, List<Change> changes) {
    for (Change c : changes) {
      if (c instanceof NewVisit v) {
        nara.visits().create(newVisit(v));
      } else if (c instanceof CompleteVisit v) {
        Visit visit = nara.visits().get(v.visitId());
        nara.visits()
            .update(
                visit.toBuilder()
                    .status(VisitStatus.COMPLETED)
                    .actualStart(v.actualStart())
                    .actualEnd(v.actualEnd())
                    .note(v.note())
                    .build());
      } else if (c instanceof ItemNote i) {
        nara.checklists().setState(i.itemId(), ItemState.DONE, i.note());
      } else {
        ActionStep a = (ActionStep) c;
        PlanAction action = nara.plans().action(a.actionId());
        nara.plans().updateAction(action.toBuilder().status(a.status()).build());
      }
    }
  }
}
