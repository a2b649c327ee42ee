package se.nara.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.nio.charset.StandardCharsets;
import se.nara.sdk.model.ActionStatus;
import se.nara.sdk.model.CareEpisode;
import se.nara.sdk.model.CheckStatus;
import se.nara.sdk.model.ChecklistGroup;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.ChecklistStatus;
import se.nara.sdk.model.Delregion;
import se.nara.sdk.model.DischargeChecklist;
import se.nara.sdk.model.GoalOwner;
import se.nara.sdk.model.GoalStatus;
import se.nara.sdk.model.Huvudman;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.LineCheckOutcome;
import se.nara.sdk.model.LineStatus;
import se.nara.sdk.model.ListSource;
import se.nara.sdk.model.MedicationCheck;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.MedicationLineCheck;
import se.nara.sdk.model.MedicationList;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.PatientIdentifier;
import se.nara.sdk.model.Personnummer;
import se.nara.sdk.model.Plan;
import se.nara.sdk.model.PlanAction;
import se.nara.sdk.model.PlanGoal;
import se.nara.sdk.model.PlanStatus;
import se.nara.sdk.model.PlanType;
import se.nara.sdk.model.Profession;
import se.nara.sdk.model.ResponsibleParty;
import se.nara.sdk.model.ReviewState;
import se.nara.sdk.model.Sex;
import se.nara.sdk.model.Staff;
import se.nara.sdk.model.SvuStatus;
import se.nara.sdk.model.Team;
import se.nara.sdk.model.TeamType;
import se.nara.sdk.model.Visit;
import se.nara.sdk.model.VisitStatus;
import se.nara.sdk.model.VisitType;

/**
 * Deterministic benchmark data, per DOMAIN.md (c): per patient a care episode, a plan with 2-5
 * goals and 3-10 actions, a discharge checklist of 18-22 items, a discharge list and a home list
 * of 10-15 medication lines each, a medication check with one line check per discharge line, and
 * five visits with notes of 200-500 characters. Every value comes from a random generator seeded
 * with (seed, team, patient), and ids are name-based UUIDs, so the same arguments always give
 * byte-identical records.
 */
public final class DataGen {
  /** Password of every bench account. */
  public static final String PASSWORD = "bench-password";
  /** Fixed "now" of the data set, so records do not depend on the day the bench runs. */
  static final Instant BASE = Instant.parse("2026-11-23T07:00:00Z");
  static final int VISITS_PER_PATIENT = 5;

  private static final String[] WORDS = {
    "patienten", "mår", "bra", "idag", "trött", "efter", "natten", "smärta", "skattad", "till", "i",
    "vila", "och", "vid", "rörelse", "blodtryck", "puls", "saturation", "utan", "syrgas", "ödem",
    "underben", "minskat", "sedan", "igår", "vikt", "kontrollerad", "dosett", "delad", "enligt",
    "ordination", "anhörig", "närvarande", "informerad", "om", "nästa", "besök", "sår", "omlagt",
    "läker", "fint", "aptit", "nedsatt", "dricker", "ordentligt", "mobiliseras", "med", "rollator",
    "fallrisk", "bedömd", "låg", "hemtjänst", "kontaktad", "angående", "insatser", "på", "kvällen",
    "läkare", "ska", "ringa", "efter", "lunch", "provtagning", "planerad", "torsdag", "andning",
    "lugn", "hosta", "slem", "sover", "oroliga", "nätter", "sömntablett", "vid", "behov", "given"
  };
  private static final String[] DRUGS = {
    "Alvedon", "Metoprolol", "Furix", "Eliquis", "Omeprazol", "Atorvastatin", "Enalapril", "Kaleorid",
    "Levaxin", "Citalopram", "Oxynorm", "Movicol", "Laktulos", "Zopiklon", "Waran", "Trombyl",
    "Spironolakton", "Amlodipin", "Metformin", "Insulatard", "Sobril", "Paracetamol", "Bisoprolol",
    "Pantoprazol", "Simvastatin", "Candesartan", "Lergigan", "Mirtazapin", "Tramadol", "Kalcipos"
  };
  private static final String[] FORMS = {"tablett", "kapsel", "oral lösning", "injektion", "plåster"};
  private static final String[] FIRST = {
    "Anna", "Karin", "Maria", "Eva", "Kerstin", "Ingrid", "Birgitta", "Margareta", "Lars", "Karl",
    "Erik", "Bengt", "Sven", "Nils", "Göran", "Anders", "Per", "Gunnel", "Britt", "Olle"
  };
  private static final String[] LAST = {
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jönsson", "Lindberg", "Holm", "Bergström", "Lindqvist"
  };
  private static final ChecklistGroup[] GROUPS = ChecklistGroup.values();

  private final long seed;

  /** A generator for {@code seed}. */
  public DataGen(long seed) {
    this.seed = seed;
  }

  /** A name-based UUID: the same key always gives the same id. */
  static String id(String kind, Object... parts) {
    StringBuilder key = new StringBuilder("nara-bench:").append(kind);
    for (Object p : parts) {
      key.append(':').append(p);
    }
    return UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The team with index {@code t}. */
  public Team team(int t) {
    return Team.builder()
        .id(id("team", t))
        .name("Hemtagningsteam " + (t + 1))
        .teamType(TeamType.HEMTAGNINGSTEAM)
        .huvudman(Huvudman.KOMMUN)
        .delregion(Delregion.values()[t % Delregion.values().length])
        .municipality("Kommun " + (t / 3 + 1))
        .hsaId("SE2321000255-BT" + t)
        .build();
  }

  /** The staff member {@code s} of team {@code t}. */
  public StaffMember staff(int t, int s) {
    Profession p =
        s % 5 == 4 ? Profession.UNDERSKOTERSKA : s == 0 ? Profession.TEAMLEDARE : Profession.SJUKSKOTERSKA;
    String username = "bench.t" + t + ".s" + s;
    Staff model =
        Staff.builder()
            .id(id("staff", t, s))
            .hsaId("SE2321000255-BS" + t + "x" + s)
            .name(FIRST[(t + s) % FIRST.length] + " " + LAST[(t * 7 + s) % LAST.length])
            .username(username)
            .profession(p)
            .teamIds(List.of(id("team", t)))
            .build();
    return new StaffMember(model, id("team", t));
  }

  /** A staff member's model and team. */
  public record StaffMember(Staff model, String teamId) {}

  /** One patient's records and the ids the workloads need. */
  public record PatientData(
      String patientId,
      String teamId,
      String episodeId,
      List<Object> models,
      List<String> checklistItemIds,
      List<String> planActionIds) {}

  /** Patient {@code i} of team {@code t}, with all clinical records. */
  public PatientData patient(int t, int i, int staffPerTeam) {
    Random rnd = new Random(seed * 1_000_003L + t * 100_003L + i);
    String teamId = id("team", t);
    String pid = id("patient", t, i);
    String episodeId = id("episode", t, i);
    String nurse = id("staff", t, 1 + i % Math.max(1, staffPerTeam - 1));
    List<Object> models = new ArrayList<>(96);
    Sex sex = rnd.nextBoolean() ? Sex.FEMALE : Sex.MALE;
    LocalDate born = LocalDate.of(1926 + rnd.nextInt(35), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28));
    int birthNumber = 2 * rnd.nextInt(499) + (sex == Sex.MALE ? 1 : 2);
    models.add(
        Patient.builder()
            .id(pid)
            .identifiers(List.of(PatientIdentifier.personnummer(Personnummer.generate(born, birthNumber, false))))
            .name(FIRST[rnd.nextInt(FIRST.length)] + " " + LAST[rnd.nextInt(LAST.length)])
            .birthDate(born)
            .sex(sex)
            .address("Storgatan " + (1 + rnd.nextInt(120)) + ", 2" + (1000 + rnd.nextInt(8999)) + " Kommun " + (t / 3 + 1))
            .protectedIdentity(false)
            .build());
    Instant admitted = BASE.minus(Duration.ofDays(3 + rnd.nextInt(10)));
    Instant discharged = admitted.plus(Duration.ofDays(2 + rnd.nextInt(3)));
    models.add(
        CareEpisode.builder()
            .id(episodeId)
            .patientId(pid)
            .hospital("Skånes universitetssjukhus")
            .ward("Avdelning " + (10 + rnd.nextInt(40)))
            .status(SvuStatus.DISCHARGED)
            .responsibleTeamId(teamId)
            .fastVardkontakt(nurse)
            .inskrivningsmeddelandeAt(admitted.plus(Duration.ofHours(20)))
            .beraknadUtskrivningAt(discharged)
            .utskrivningsklarAt(discharged.minus(Duration.ofHours(6)))
            .utskrivenAt(discharged)
            .build());

    String planId = id("plan", t, i);
    LocalDate followUp = LocalDate.of(2026, 12, 1 + rnd.nextInt(28));
    models.add(
        Plan.builder()
            .id(planId)
            .patientId(pid)
            .episodeId(episodeId)
            .planType(PlanType.SIP)
            .status(PlanStatus.ACTIVE)
            .overallResponsible(Huvudman.KOMMUN)
            .patientOwnGoals(text(rnd, 80, 200))
            .followUpDate(followUp)
            .build());
    int goals = 2 + rnd.nextInt(4);
    List<String> goalIds = new ArrayList<>();
    for (int g = 0; g < goals; g++) {
      String goalId = id("goal", t, i, g);
      goalIds.add(goalId);
      models.add(
          PlanGoal.builder()
              .id(goalId)
              .patientId(pid)
              .planId(planId)
              .description(text(rnd, 40, 120))
              .owner(g == 0 ? GoalOwner.PATIENT : GoalOwner.SHARED)
              .measure(text(rnd, 20, 60))
              .targetDate(followUp.plusDays(rnd.nextInt(30)))
              .status(GoalStatus.IN_PROGRESS)
              .build());
    }
    int actions = 3 + rnd.nextInt(8);
    List<String> actionIds = new ArrayList<>();
    for (int a = 0; a < actions; a++) {
      String actionId = id("action", t, i, a);
      actionIds.add(actionId);
      models.add(
          PlanAction.builder()
              .id(actionId)
              .patientId(pid)
              .planId(planId)
              .description(text(rnd, 40, 120))
              .responsible(a % 2 == 0 ? ResponsibleParty.KOMMUN : ResponsibleParty.REGION)
              .responsibleUnit(a % 2 == 0 ? "Hemsjukvården" : "Vårdcentralen")
              .performer(a % 3 == 0 ? "Arbetsterapeut" : "Sjuksköterska")
              .dueDate(followUp.minusDays(rnd.nextInt(14)))
              .status(ActionStatus.PLANNED)
              .linkedGoalIds(List.of(goalIds.get(rnd.nextInt(goalIds.size()))))
              .build());
    }

    String checklistId = id("checklist", t, i);
    models.add(
        DischargeChecklist.builder()
            .id(checklistId)
            .patientId(pid)
            .episodeId(episodeId)
            .templateId("hemgang-standard")
            .templateVersion(3)
            .status(ChecklistStatus.IN_PROGRESS)
            .build());
    int items = 18 + rnd.nextInt(5);
    List<String> itemIds = new ArrayList<>();
    for (int k = 0; k < items; k++) {
      String itemId = id("item", t, i, k);
      itemIds.add(itemId);
      models.add(
          ChecklistItem.builder()
              .id(itemId)
              .patientId(pid)
              .checklistId(checklistId)
              .itemKey("item-" + k)
              .group(GROUPS[k % GROUPS.length])
              .label(text(rnd, 25, 70))
              .requiredProfession(k % 4 == 0 ? Profession.SJUKSKOTERSKA : null)
              .sortOrder(k)
              .state(ItemState.UNCHECKED)
              .build());
    }

    List<String> listIds = new ArrayList<>();
    List<String> dischargeLines = new ArrayList<>();
    for (ListSource source : new ListSource[] {ListSource.DISCHARGE_LIST, ListSource.HOME_LIST}) {
      String listId = id("medlist", t, i, source);
      listIds.add(listId);
      models.add(
          MedicationList.builder()
              .id(listId)
              .patientId(pid)
              .source(source)
              .documentDate(LocalDate.of(2026, 11, 15 + rnd.nextInt(8)))
              .receivedAt(discharged.minus(Duration.ofHours(2)))
              .build());
      int lines = 10 + rnd.nextInt(6);
      for (int l = 0; l < lines; l++) {
        String lineId = id("medline", t, i, source, l);
        if (source == ListSource.DISCHARGE_LIST) {
          dischargeLines.add(lineId);
        }
        String drug = DRUGS[rnd.nextInt(DRUGS.length)];
        models.add(
            MedicationLine.builder()
                .id(lineId)
                .patientId(pid)
                .listId(listId)
                .drugName(drug + " " + (5 * (1 + rnd.nextInt(20))) + " mg")
                .nplId("2010" + (10_000_000 + rnd.nextInt(89_999_999)))
                .atc("C0" + (1 + rnd.nextInt(9)) + "AA0" + (1 + rnd.nextInt(9)))
                .substance(drug.toLowerCase(java.util.Locale.ROOT))
                .strength((5 * (1 + rnd.nextInt(20))) + " mg")
                .form(FORMS[rnd.nextInt(FORMS.length)])
                .dose((1 + rnd.nextInt(2)) + " st")
                .dosageText((1 + rnd.nextInt(2)) + " tablett " + (1 + rnd.nextInt(3)) + " gånger dagligen")
                .route("oral")
                .frequency((1 + rnd.nextInt(3)) + " ggr/dag")
                .asNeeded(rnd.nextInt(6) == 0)
                .startDate(LocalDate.of(2020 + rnd.nextInt(6), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)))
                .reason(text(rnd, 10, 40))
                .prescriber("Dr " + LAST[rnd.nextInt(LAST.length)])
                .doseDispensed(false)
                .status(LineStatus.ACTIVE)
                .build());
      }
    }
    String checkId = id("medcheck", t, i);
    models.add(
        MedicationCheck.builder()
            .id(checkId)
            .patientId(pid)
            .episodeId(episodeId)
            .comparedListIds(listIds)
            .performedBy(nurse)
            .status(CheckStatus.IN_PROGRESS)
            .startedAt(discharged.plus(Duration.ofHours(3)))
            .build());
    for (int l = 0; l < dischargeLines.size(); l++) {
      models.add(
          MedicationLineCheck.builder()
              .id(id("linecheck", t, i, l))
              .patientId(pid)
              .checkId(checkId)
              .lineId(dischargeLines.get(l))
              .outcome(LineCheckOutcome.MATCH)
              .checkedBy(nurse)
              .checkedAt(discharged.plus(Duration.ofHours(3)).plusSeconds(30L * l))
              .build());
    }

    for (int v = 0; v < VISITS_PER_PATIENT; v++) {
      Instant start = discharged.plus(Duration.ofDays(v)).plus(Duration.ofMinutes(rnd.nextInt(480)));
      models.add(
          Visit.builder()
              .id(id("visit", t, i, v))
              .patientId(pid)
              .episodeId(episodeId)
              .teamId(teamId)
              .staffIds(List.of(nurse))
              .visitType(v == 0 ? VisitType.DISCHARGE_DAY : VisitType.FOLLOW_UP)
              .plannedStart(start)
              .plannedEnd(start.plus(Duration.ofMinutes(45)))
              .actualStart(start.plus(Duration.ofMinutes(rnd.nextInt(10))))
              .actualEnd(start.plus(Duration.ofMinutes(40 + rnd.nextInt(20))))
              .status(VisitStatus.COMPLETED)
              .note(text(rnd, 200, 500))
              .reviewState(ReviewState.NOT_REVIEWED)
              .build());
    }
    return new PatientData(pid, teamId, episodeId, models, itemIds, actionIds);
  }

  /** Free text of {@code min}..{@code max} characters from a care vocabulary. */
  static String text(Random rnd, int min, int max) {
    int target = min + rnd.nextInt(max - min + 1);
    StringBuilder sb = new StringBuilder(target + 16);
    boolean capital = true;
    while (sb.length() < target) {
      String w = WORDS[rnd.nextInt(WORDS.length)];
      if (capital) {
        w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
        capital = false;
      }
      sb.append(w);
      if (rnd.nextInt(9) == 0) {
        sb.append(". ");
        capital = true;
      } else {
        sb.append(' ');
      }
    }
    sb.setLength(target);
    return sb.toString().trim() + ".";
  }
}
