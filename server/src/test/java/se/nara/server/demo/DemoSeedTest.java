package se.nara.server.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.model.CareEpisode;
import se.nara.sdk.model.CheckStatus;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.Delregion;
import se.nara.sdk.model.Deviation;
import se.nara.sdk.model.DischargeChecklist;
import se.nara.sdk.model.Discrepancy;
import se.nara.sdk.model.IdentifierType;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.ListSource;
import se.nara.sdk.model.MedicationCheck;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.MedicationList;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.PatientIdentifier;
import se.nara.sdk.model.Personnummer;
import se.nara.sdk.model.Plan;
import se.nara.sdk.model.PlanAction;
import se.nara.sdk.model.PlanGoal;
import se.nara.sdk.model.Profession;
import se.nara.sdk.model.ResponsibleParty;
import se.nara.sdk.model.ReviewState;
import se.nara.sdk.model.Staff;
import se.nara.sdk.model.SvuStatus;
import se.nara.sdk.model.Team;
import se.nara.sdk.model.TeamType;
import se.nara.sdk.model.Visit;
import se.nara.sdk.model.VisitStatus;
import se.nara.sdk.model.VisitType;
import se.nara.sdk.protocol.Json;
import se.nara.server.auth.PasswordHasher;
import se.nara.server.store.Account;
import se.nara.server.store.AccountStore;
import se.nara.server.store.Database;
import se.nara.server.store.RecordStore;
import se.nara.server.store.ScopeStore;
import se.nara.server.sync.ServerRecords;

class DemoSeedTest {
  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  /** 10:10 in Stockholm on a Wednesday: the working day is under way. */
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-03-12T09:10:00Z"), ZoneOffset.UTC);
  private static final LocalDate TODAY = LocalDate.of(2025, 3, 12);

  @TempDir Path tempDir;

  private final RecordStore records = new RecordStore();
  private final AccountStore accounts = new AccountStore();
  private final ScopeStore scopes = new ScopeStore();
  private final PasswordHasher hasher = new PasswordHasher(1000);
  private final List<Database> opened = new ArrayList<>();
  private Database db;
  private DemoSeed.Summary summary;

  @BeforeEach
  void seed() {
    db = open("t.db");
    summary = seeder(db, CLOCK).seedIfEmpty();
    assertNotNull(summary, "an empty database gets the demo data");
  }

  @AfterEach
  void close() {
    opened.forEach(Database::close);
  }

  private Database open(String file) {
    Database database = Database.open("jdbc:sqlite:" + tempDir.resolve(file));
    opened.add(database);
    return database;
  }

  private DemoSeed seeder(Database database, Clock clock) {
    return new DemoSeed(
        database, accounts, scopes, new ServerRecords(new RecordStore(), clock), hasher, clock);
  }

  private <T> List<T> read(String type, Class<T> model) {
    return db.withReader(h -> records.findByType(h, type)).stream()
        .map(r -> Json.fromData(r.data(), model))
        .collect(Collectors.toList());
  }

  /**
   * Reads an account with plain SQL. (AccountStore's finders map locked_until with
   * getObject(..., Long.class), which sqlite-jdbc rejects for NULL; this test checks the seed, not
   * that mapping.)
   */
  private Account account(String column, String value) {
    return db.withReader(
        h ->
            h.createQuery(
                    "SELECT staff_id, username, password_hash, name, profession, active FROM"
                        + " staff_accounts WHERE " + column + " = :v")
                .bind("v", value)
                .map(
                    (rs, ctx) ->
                        new Account(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getBoolean(6),
                            0,
                            null))
                .one());
  }

  private static <T, K> Map<K, List<T>> by(List<T> values, Function<T, K> key) {
    return values.stream().collect(Collectors.groupingBy(key));
  }

  // --- seeding once ------------------------------------------------------------------------------

  @Test
  void seedsOnlyAnEmptyDatabase() {
    long recordCount = db.withReader(records::count);
    long accountCount = db.withReader(accounts::count);
    assertEquals(summary.records(), recordCount, "the summary counts every record inserted");
    assertEquals(summary.staff(), accountCount, "one account per staff member");

    assertNull(seeder(db, CLOCK).seedIfEmpty(), "a second seeding does nothing");
    assertEquals(recordCount, (long) db.withReader(records::count));
    assertEquals(accountCount, (long) db.withReader(accounts::count));
  }

  @Test
  void summaryDescribesTheDataSet() {
    assertEquals(8, summary.teams());
    assertTrue(summary.staff() >= 35 && summary.staff() <= 45, "staff: " + summary.staff());
    assertTrue(summary.patients() >= 45 && summary.patients() <= 55, "patients: " + summary.patients());
    assertEquals(
        summary.teams() + " teams, " + summary.staff() + " staff, " + summary.patients()
            + " patients, " + summary.records() + " records",
        summary.describe());
    System.out.println("Demo data: " + summary.describe());
  }

  // --- teams and staff ---------------------------------------------------------------------------

  @Test
  void teamsCoverAllDelregionerAndRequiredTypes() {
    List<Team> teams = read("team", Team.class);
    assertEquals(summary.teams(), teams.size());
    Set<Delregion> regions = EnumSet.noneOf(Delregion.class);
    Set<TeamType> types = EnumSet.noneOf(TeamType.class);
    for (Team team : teams) {
      regions.add(team.delregion());
      types.add(team.teamType());
      assertNotNull(team.huvudman());
      assertNotNull(team.municipality());
      assertTrue(team.hsaId().startsWith("SE2321000081-"), team.hsaId());
    }
    assertEquals(EnumSet.allOf(Delregion.class), regions);
    assertTrue(
        types.containsAll(
            EnumSet.of(
                TeamType.HEMTAGNINGSTEAM,
                TeamType.ASIH,
                TeamType.MOBILT_TEAM,
                TeamType.SVU_TEAM,
                TeamType.HEMSJUKVARD)),
        "types: " + types);
  }

  @Test
  void staffCoverEveryProfessionAndHaveAccountsAndOneTeam() {
    List<Staff> staff = read("staff", Staff.class);
    Set<String> teamIds = read("team", Team.class).stream().map(Team::id).collect(Collectors.toSet());
    assertEquals(summary.staff(), staff.size());
    Set<Profession> professions = EnumSet.noneOf(Profession.class);
    Set<String> usernames = new HashSet<>();
    for (Staff s : staff) {
      professions.add(s.profession());
      assertTrue(usernames.add(s.username()), "unique username " + s.username());
      assertEquals(1, s.teamIds().size(), s.username());
      assertTrue(teamIds.contains(s.teamIds().get(0)));
      Account account = account("staff_id", s.id());
      assertEquals(s.username(), account.username());
      assertEquals(s.name(), account.name());
      assertEquals(s.profession().name(), account.profession());
      assertTrue(account.active());
      assertEquals(s.teamIds(), db.withReader(h -> accounts.teamsOf(h, s.id())));
    }
    assertEquals(EnumSet.allOf(Profession.class), professions);

    // Every banner login exists and takes the demo password.
    for (DemoSeed.DemoLogin login : DemoSeed.DEMO_LOGINS) {
      Account account = account("username", login.username());
      assertTrue(hasher.verify(DemoSeed.DEMO_PASSWORD.toCharArray(), account.passwordHash()));
      Staff s = staff.stream().filter(x -> x.id().equals(account.staffId())).findFirst().orElseThrow();
      assertEquals(login.role(), s.profession().label());
    }
  }

  @Test
  void bannerLoginsHaveTheRolesTheDemoNeeds() {
    List<DemoSeed.DemoLogin> logins = DemoSeed.DEMO_LOGINS;
    assertTrue(logins.size() >= 6 && logins.size() <= 10, "a handful of logins fits the banner");
    Set<String> roles = logins.stream().map(DemoSeed.DemoLogin::role).collect(Collectors.toSet());
    for (Profession p :
        List.of(
            Profession.SJUKSKOTERSKA,
            Profession.MAS,
            Profession.ADMIN,
            Profession.TEAMLEDARE,
            Profession.LAKARE,
            Profession.UNDERSKOTERSKA,
            Profession.ARBETSTERAPEUT)) {
      assertTrue(roles.contains(p.label()), "banner has a " + p.label());
    }
    Map<String, Team> teamsByName =
        read("team", Team.class).stream().collect(Collectors.toMap(Team::name, t -> t));
    for (DemoSeed.DemoLogin login : logins) {
      assertTrue(teamsByName.containsKey(login.team()), login.team());
    }
    assertTrue(
        logins.stream()
            .anyMatch(
                l -> l.role().equals(Profession.SJUKSKOTERSKA.label())
                    && teamsByName.get(l.team()).teamType() == TeamType.ASIH),
        "a nurse in an ASIH team");
  }

  // --- patients ----------------------------------------------------------------------------------

  @Test
  void patientsHaveValidIdentifiersAndOneCareTeam() {
    List<Patient> patients = read("patient", Patient.class);
    assertEquals(summary.patients(), patients.size());
    int samordning = 0;
    int reserv = 0;
    for (Patient p : patients) {
      assertEquals(1, p.identifiers().size());
      PatientIdentifier id = p.primaryIdentifier();
      if (id.type() == IdentifierType.RESERVNUMMER_LOCAL) {
        reserv++;
        assertNotNull(id.issuerHsaId());
        continue;
      }
      assertTrue(Personnummer.isValid(id.value()), "valid " + id.type());
      Personnummer parsed = Personnummer.parse(id.value());
      assertEquals(id.type() == IdentifierType.SAMORDNINGSNUMMER, parsed.isSamordningsnummer());
      if (parsed.isSamordningsnummer()) {
        samordning++;
      }
      assertEquals(parsed.legalSex(), p.sex(), "sex matches the number");
      assertEquals(parsed.birthDate(), p.birthDate());
      assertTrue(p.birthDate().getYear() >= 1925 && p.birthDate().getYear() <= 1960);
      assertNotNull(p.name());
      assertNotNull(p.address());
    }
    assertEquals(2, samordning);
    assertEquals(1, reserv);
    assertTrue(patients.stream().anyMatch(Patient::protectedIdentity));
    assertEquals(
        patients.size(),
        patients.stream().map(Patient::name).distinct().count(),
        "patient names are unique");

    // Each patient is in the care of exactly one team.
    Map<String, Integer> relationships = new HashMap<>();
    for (Team team : read("team", Team.class)) {
      for (String patientId : db.withReader(h -> scopes.patientsOf(h, team.id()))) {
        relationships.merge(patientId, 1, Integer::sum);
      }
    }
    for (Patient p : patients) {
      assertEquals(1, relationships.getOrDefault(p.id(), 0), "one care team");
    }
  }

  @Test
  void everyPatientHasEpisodePlanChecklistAndTwoLists() {
    List<Patient> patients = read("patient", Patient.class);
    Map<String, List<CareEpisode>> episodes = by(read("care_episode", CareEpisode.class), CareEpisode::patientId);
    Map<String, List<Plan>> plans = by(read("plan", Plan.class), Plan::patientId);
    Map<String, List<PlanGoal>> goals = by(read("plan_goal", PlanGoal.class), PlanGoal::planId);
    Map<String, List<PlanAction>> actions = by(read("plan_action", PlanAction.class), PlanAction::planId);
    Map<String, List<DischargeChecklist>> checklists =
        by(read("discharge_checklist", DischargeChecklist.class), DischargeChecklist::patientId);
    Map<String, List<ChecklistItem>> items = by(read("checklist_item", ChecklistItem.class), ChecklistItem::checklistId);
    Map<String, List<MedicationList>> lists = by(read("medication_list", MedicationList.class), MedicationList::patientId);
    Map<String, List<MedicationLine>> lines = by(read("medication_line", MedicationLine.class), MedicationLine::listId);
    Set<SvuStatus> statuses = EnumSet.noneOf(SvuStatus.class);

    for (Patient p : patients) {
      List<CareEpisode> e = episodes.getOrDefault(p.id(), List.of());
      assertEquals(1, e.size(), "one care episode");
      CareEpisode episode = e.get(0);
      statuses.add(episode.status());
      assertNotNull(episode.hospital());
      assertNotNull(episode.ward());
      assertNotNull(episode.inskrivningsmeddelandeAt());
      checkEpisodeTimes(episode);

      List<Plan> plan = plans.getOrDefault(p.id(), List.of());
      assertEquals(1, plan.size(), "one plan");
      assertNotNull(plan.get(0).overallResponsible());
      assertEquals(episode.id(), plan.get(0).episodeId());
      int goalCount = goals.getOrDefault(plan.get(0).id(), List.of()).size();
      List<PlanAction> planActions = actions.getOrDefault(plan.get(0).id(), List.of());
      assertTrue(goalCount >= 2 && goalCount <= 5, "goals: " + goalCount);
      assertTrue(planActions.size() >= 3 && planActions.size() <= 10, "actions: " + planActions.size());
      Set<ResponsibleParty> responsible =
          planActions.stream().map(PlanAction::responsible).collect(Collectors.toSet());
      assertEquals(EnumSet.of(ResponsibleParty.REGION, ResponsibleParty.KOMMUN), responsible);

      List<DischargeChecklist> checklist = checklists.getOrDefault(p.id(), List.of());
      assertEquals(1, checklist.size(), "one checklist");
      int itemCount = items.getOrDefault(checklist.get(0).id(), List.of()).size();
      assertTrue(itemCount >= 15 && itemCount <= 25, "items: " + itemCount);

      List<MedicationList> medLists = lists.getOrDefault(p.id(), List.of());
      assertEquals(2, medLists.size());
      Map<ListSource, MedicationList> bySource =
          medLists.stream().collect(Collectors.toMap(MedicationList::source, l -> l));
      assertEquals(Set.of(ListSource.DISCHARGE_LIST, ListSource.HOME_LIST), bySource.keySet());
      List<String> dischargeLines = new ArrayList<>();
      List<String> homeLines = new ArrayList<>();
      for (MedicationLine l : lines.get(bySource.get(ListSource.DISCHARGE_LIST).id())) {
        dischargeLines.add(l.drugName() + "|" + l.dose() + "|" + l.frequency() + "|" + l.status());
      }
      for (MedicationLine l : lines.get(bySource.get(ListSource.HOME_LIST).id())) {
        homeLines.add(l.drugName() + "|" + l.dose() + "|" + l.frequency() + "|" + l.status());
      }
      assertTrue(dischargeLines.size() >= 10 && dischargeLines.size() <= 15, "discharge lines: " + dischargeLines.size());
      assertTrue(homeLines.size() >= 10 && homeLines.size() <= 15, "home lines: " + homeLines.size());
      assertNotEquals(
          new HashSet<>(dischargeLines), new HashSet<>(homeLines), "reconciliation has something to find");
    }
    assertEquals(EnumSet.allOf(SvuStatus.class), statuses, "every SVU state appears");
  }

  private static void checkEpisodeTimes(CareEpisode e) {
    assertNotNull(e.inskrivenAt(), "the admission time starts the inskrivningsmeddelande's 24 hours");
    assertTrue(e.inskrivenAt().isBefore(e.inskrivningsmeddelandeAt()));
    assertEquals(e.inskrivningsmeddelandeAt().isAfter(e.inskrivenAt().plus(java.time.Duration.ofHours(24))),
        e.inskrivningsmeddelandeLate(), "the flag as the server derives it");
    switch (e.status()) {
      case ADMITTED:
      case NEEDS_MAPPING:
        assertNull(e.utskrivningsklarAt());
        assertNull(e.utskrivenAt());
        break;
      case READY_FOR_DISCHARGE:
        assertNotNull(e.utskrivningsklarAt());
        assertNull(e.utskrivenAt());
        break;
      case NO_LONGER_READY:
        assertNotNull(e.ejLangreUtskrivningsklarAt());
        assertTrue(e.ejLangreUtskrivningsklarAt().isAfter(e.utskrivningsklarAt()));
        break;
      default:
        assertNotNull(e.utskrivenAt());
        assertTrue(e.utskrivningsklarAt().isBefore(e.utskrivenAt()), "klar before utskriven");
        assertTrue(e.inskrivningsmeddelandeAt().isBefore(e.utskrivningsklarAt()));
        if (e.sipHeldAt() != null) {
          assertTrue(e.sipKallelseAt().isBefore(e.sipHeldAt()));
        }
    }
  }

  @Test
  void someDischargesAreZeroDayAndSomeTakeDays() {
    int zeroDay = 0;
    int later = 0;
    for (CareEpisode e : read("care_episode", CareEpisode.class)) {
      if (e.utskrivenAt() == null) {
        continue;
      }
      LocalDate klar = LocalDate.ofInstant(e.utskrivningsklarAt(), STOCKHOLM);
      LocalDate ut = LocalDate.ofInstant(e.utskrivenAt(), STOCKHOLM);
      long days = java.time.temporal.ChronoUnit.DAYS.between(klar, ut);
      assertTrue(days >= 0 && days <= 5, "days " + days);
      if (days == 0) {
        zeroDay++;
      } else {
        later++;
      }
    }
    assertTrue(zeroDay > 0 && later > 0, zeroDay + " 0-dag, " + later + " later");
  }

  @Test
  void dischargedPatientsHaveMedicationChecksAndSomeFindingsAreOpen() {
    List<MedicationCheck> checks = read("medication_check", MedicationCheck.class);
    Map<String, List<Discrepancy>> discrepancies = by(read("discrepancy", Discrepancy.class), Discrepancy::checkId);
    Set<String> lineIds =
        read("medication_line", MedicationLine.class).stream().map(MedicationLine::id).collect(Collectors.toSet());
    assertFalse(checks.isEmpty());
    int complete = 0;
    int open = 0;
    for (MedicationCheck check : checks) {
      assertEquals(2, check.comparedListIds().size());
      List<Discrepancy> found = discrepancies.getOrDefault(check.id(), List.of());
      for (Discrepancy d : found) {
        assertTrue(lineIds.containsAll(d.lineIds()));
        assertFalse(d.lineIds().isEmpty());
      }
      if (check.status() == CheckStatus.COMPLETE) {
        complete++;
        assertNotNull(check.completedAt());
      } else {
        assertEquals(CheckStatus.OPEN_DISCREPANCIES, check.status());
        open++;
        assertTrue(found.size() >= 1 && found.size() <= 3, "open discrepancies: " + found.size());
      }
    }
    assertTrue(complete > 0 && open > 0, complete + " complete, " + open + " open");
  }

  @Test
  void missingChecklistItemsHaveDeviations() {
    Map<String, Deviation> deviations =
        read("deviation", Deviation.class).stream().collect(Collectors.toMap(Deviation::id, d -> d));
    int missing = 0;
    for (ChecklistItem item : read("checklist_item", ChecklistItem.class)) {
      if (item.state() == ItemState.DONE) {
        assertNotNull(item.confirmedBy());
        assertNotNull(item.confirmedAt());
      }
      if (item.state() == ItemState.MISSING) {
        missing++;
        Deviation d = deviations.get(item.deviationId());
        assertNotNull(d, "a MISSING item links a deviation");
        assertEquals(item.id(), d.checklistItemId());
        assertEquals(item.patientId(), d.patientId());
      }
    }
    assertTrue(missing > 0, "an occasional MISSING item");
  }

  // --- visits ------------------------------------------------------------------------------------

  @Test
  void visitsAreScheduledTodayForEveryVisitingStaffMember() {
    List<Visit> visits = read("visit", Visit.class);
    List<Staff> staff = read("staff", Staff.class);
    Map<String, CareEpisode> episodes =
        read("care_episode", CareEpisode.class).stream().collect(Collectors.toMap(CareEpisode::id, e -> e));
    Map<String, Integer> perStaff = new HashMap<>();
    int completed = 0;
    for (Visit v : visits) {
      LocalDateTime start = LocalDateTime.ofInstant(v.plannedStart(), STOCKHOLM);
      LocalDateTime end = LocalDateTime.ofInstant(v.plannedEnd(), STOCKHOLM);
      assertEquals(TODAY, start.toLocalDate());
      assertFalse(start.toLocalTime().isBefore(LocalTime.of(7, 30)), "starts " + start);
      assertFalse(end.toLocalTime().isAfter(LocalTime.of(16, 0)), "ends " + end);
      assertTrue(end.isAfter(start));
      assertEquals(ReviewState.NOT_REVIEWED, v.reviewState());
      CareEpisode episode = episodes.get(v.episodeId());
      assertEquals(v.patientId(), episode.patientId());
      assertEquals(episode.responsibleTeamId(), v.teamId());
      List<String> careTeam = db.withReader(h -> scopes.patientsOf(h, v.teamId()));
      assertTrue(careTeam.contains(v.patientId()), "the visit's team cares for the patient");
      for (String staffId : v.staffIds()) {
        Staff s = staff.stream().filter(x -> x.id().equals(staffId)).findFirst().orElseThrow();
        assertTrue(s.teamIds().contains(v.teamId()));
        perStaff.merge(staffId, 1, Integer::sum);
      }
      if (v.visitType() == VisitType.DISCHARGE_DAY) {
        if (episode.status() == SvuStatus.DISCHARGED) {
          assertTrue(episode.utskrivenAt().isBefore(v.plannedStart()), "patient home before the visit");
        } else {
          // Not discharged yet by the clock: expected home before the visit.
          assertEquals(SvuStatus.READY_FOR_DISCHARGE, episode.status());
          assertTrue(episode.beraknadUtskrivningAt().isBefore(v.plannedStart()));
          assertTrue(episode.beraknadUtskrivningAt().isAfter(CLOCK.instant()));
        }
      }
      if (v.status() == VisitStatus.COMPLETED) {
        completed++;
        assertNotNull(v.note());
        assertNotNull(v.signedBy());
      } else {
        assertEquals(VisitStatus.PLANNED, v.status());
      }
    }
    Set<Profession> visiting =
        EnumSet.of(
            Profession.SJUKSKOTERSKA,
            Profession.DISTRIKTSSKOTERSKA,
            Profession.UNDERSKOTERSKA,
            Profession.ARBETSTERAPEUT,
            Profession.FYSIOTERAPEUT);
    for (Staff s : staff) {
      int count = perStaff.getOrDefault(s.id(), 0);
      if (visiting.contains(s.profession())) {
        assertTrue(count >= 2 && count <= 5, s.username() + " has " + count + " visits");
      } else {
        assertEquals(0, count, s.username());
      }
    }
    assertTrue(completed > 0, "a few visits are already done");

    // Visits to one patient never overlap.
    for (List<Visit> own : by(visits, Visit::patientId).values()) {
      for (Visit a : own) {
        for (Visit b : own) {
          if (a != b) {
            assertFalse(
                a.plannedStart().isBefore(b.plannedEnd()) && b.plannedStart().isBefore(a.plannedEnd()),
                "overlapping visits to one patient");
          }
        }
      }
    }
    assertTrue(visits.stream().anyMatch(v -> v.visitType() == VisitType.DISCHARGE_DAY));
    assertTrue(visits.stream().anyMatch(v -> v.visitType() == VisitType.ASIH));
  }

  @Test
  void theTwoBannerNursesShareATeamWithEnoughPatientsAndAPatientToday() {
    Map<String, List<DemoSeed.DemoLogin>> nursesByTeam =
        DemoSeed.DEMO_LOGINS.stream()
            .filter(l -> l.role().equals(Profession.SJUKSKOTERSKA.label()))
            .collect(Collectors.groupingBy(DemoSeed.DemoLogin::team));
    String teamName =
        nursesByTeam.entrySet().stream()
            .filter(e -> e.getValue().size() >= 2)
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow(() -> new AssertionError("two banner nurses in one team"));
    Team team =
        read("team", Team.class).stream().filter(t -> t.name().equals(teamName)).findFirst().orElseThrow();
    assertEquals(TeamType.HEMTAGNINGSTEAM, team.teamType());
    assertTrue(db.withReader(h -> scopes.patientsOf(h, team.id())).size() >= 8);
    assertTrue(
        DemoSeed.DEMO_LOGINS.stream()
            .anyMatch(l -> l.team().equals(teamName) && l.role().equals(Profession.TEAMLEDARE.label())),
        "the team's teamledare is in the banner");

    List<String> nurseIds = new ArrayList<>();
    for (DemoSeed.DemoLogin login : nursesByTeam.get(teamName).subList(0, 2)) {
      Account account = account("username", login.username());
      assertEquals(List.of(team.id()), db.withReader(h -> accounts.teamsOf(h, account.staffId())));
      nurseIds.add(account.staffId());
    }
    Set<String> first = new HashSet<>();
    Set<String> second = new HashSet<>();
    for (Visit v : read("visit", Visit.class)) {
      if (v.staffIds().contains(nurseIds.get(0))) {
        first.add(v.patientId());
      }
      if (v.staffIds().contains(nurseIds.get(1))) {
        second.add(v.patientId());
      }
    }
    first.retainAll(second);
    assertFalse(first.isEmpty(), "both nurses visit one patient today");
  }

  // --- time -------------------------------------------------------------------------------------

  @Test
  void nothingHasHappenedAfterTheClocksNow() {
    assertNoFutureEvents(db, CLOCK.instant());
    // Seeded before the working day: no visit is done yet, today's discharges are still pending.
    Clock early = Clock.fixed(Instant.parse("2025-03-12T04:00:00Z"), ZoneOffset.UTC);
    Database other = open("early.db");
    seeder(other, early).seedIfEmpty();
    assertNoFutureEvents(other, early.instant());
    List<String> statuses =
        other.withReader(
            h ->
                h.createQuery(
                        "SELECT json_extract(data, '$.status') FROM records WHERE entity_type ="
                            + " 'visit'")
                    .mapTo(String.class)
                    .list());
    assertFalse(statuses.contains(VisitStatus.COMPLETED.name()));
  }

  @Test
  void theSipIsCalledAfterUtskrivningsklarAndTheStallningstagande() {
    // Region Skåne's order: utskrivningsklar -> ställningstagande till SIP -> kallelse. The 2026-11-25
    // clock is the one whose board showed Ingvar Olsson called to SIP 21 minutes before he was klar.
    int checked = 0;
    for (String when : List.of("2025-03-12T09:10:00Z", "2026-11-25T02:36:00Z", "2026-11-25T15:00:00Z")) {
      Database other = open("sip-" + when.substring(0, 13) + ".db");
      seeder(other, Clock.fixed(Instant.parse(when), ZoneOffset.UTC)).seedIfEmpty();
      List<String> rows = other.withReader(h -> h.createQuery(
          "SELECT data FROM records WHERE entity_type = 'care_episode'").mapTo(String.class).list());
      for (String row : rows) {
        com.google.gson.JsonObject e = com.google.gson.JsonParser.parseString(row).getAsJsonObject();
        if (!e.has("sipKallelseAt")) {
          continue;
        }
        Instant klar = Instant.parse(e.get("utskrivningsklarAt").getAsString());
        Instant needed = Instant.parse(e.get("sipNeededAt").getAsString());
        Instant kallelse = Instant.parse(e.get("sipKallelseAt").getAsString());
        assertTrue(klar.isBefore(needed), when + ": ställningstagande after utskrivningsklar: " + e);
        assertFalse(kallelse.isBefore(needed), when + ": kallelse before the ställningstagande that SIP is needed: " + e);
        checked++;
      }
      other.close();
    }
    assertTrue(checked > 10, "SIP kallelser checked: " + checked);
  }

  /** Every field that records something that happened is at or before {@code now}. */
  private static void assertNoFutureEvents(Database database, Instant now) {
    Set<String> happened =
        Set.of(
            "inskrivningsmeddelandeAt", "utskrivningsklarAt", "ejLangreUtskrivningsklarAt",
            "utskrivenAt", "sipKallelseAt", "sipHeldAt", "signedAt", "confirmedAt", "reportedAt",
            "detectedAt", "startedAt", "completedAt", "resolvedAt", "receivedAt", "actualStart",
            "actualEnd");
    List<String> rows =
        database.withReader(h -> h.createQuery("SELECT data FROM records").mapTo(String.class).list());
    for (String row : rows) {
      com.google.gson.JsonObject data = com.google.gson.JsonParser.parseString(row).getAsJsonObject();
      for (String field : happened) {
        if (data.has(field)) {
          Instant at = Instant.parse(data.get(field).getAsString());
          assertFalse(at.isAfter(now), field + " " + at + " is after " + now);
        }
      }
    }
  }

  // --- determinism -------------------------------------------------------------------------------

  @Test
  void sameClockGivesIdenticalRecords() {
    Database other = open("other.db");
    DemoSeed.Summary again = seeder(other, CLOCK).seedIfEmpty();
    assertEquals(summary, again);
    String sql = "SELECT id || ' ' || entity_type || ' ' || data FROM records ORDER BY seq";
    List<String> a = db.withReader(h -> h.createQuery(sql).mapTo(String.class).list());
    List<String> b = other.withReader(h -> h.createQuery(sql).mapTo(String.class).list());
    assertEquals(a.size(), b.size());
    assertEquals(a, b);
  }

  @Test
  void idsDoNotDependOnTheClock() {
    Database other = open("later.db");
    Clock later = Clock.fixed(Instant.parse("2026-07-01T12:00:00Z"), ZoneOffset.UTC);
    seeder(other, later).seedIfEmpty();
    String sql = "SELECT id FROM records ORDER BY seq";
    List<String> a = db.withReader(h -> h.createQuery(sql).mapTo(String.class).list());
    List<String> b = other.withReader(h -> h.createQuery(sql).mapTo(String.class).list());
    assertEquals(a, b);
  }
}
