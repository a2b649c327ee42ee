package se.nara.server.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import se.nara.sdk.model.ActionStatus;
import se.nara.sdk.model.CareEpisode;
import se.nara.sdk.model.CheckStatus;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.ChecklistStatus;
import se.nara.sdk.model.Deviation;
import se.nara.sdk.model.DeviationCategory;
import se.nara.sdk.model.DeviationSeverity;
import se.nara.sdk.model.DeviationStatus;
import se.nara.sdk.model.DischargeChecklist;
import se.nara.sdk.model.Discrepancy;
import se.nara.sdk.model.DiscrepancyIntent;
import se.nara.sdk.model.DiscrepancyResolution;
import se.nara.sdk.model.DiscrepancySeverity;
import se.nara.sdk.model.DiscrepancyType;
import se.nara.sdk.model.GoalOwner;
import se.nara.sdk.model.GoalStatus;
import se.nara.sdk.model.Huvudman;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.LexMariaAssessment;
import se.nara.sdk.model.LineStatus;
import se.nara.sdk.model.ListSource;
import se.nara.sdk.model.MedicationCheck;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.MedicationList;
import se.nara.sdk.model.PalliativeResponsibility;
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
import se.nara.server.auth.PasswordHasher;
import se.nara.server.demo.DemoCatalogue.ActionDef;
import se.nara.server.demo.DemoCatalogue.Drug;
import se.nara.server.demo.DemoCatalogue.GoalDef;
import se.nara.server.demo.DemoCatalogue.ItemDef;
import se.nara.server.demo.DemoCatalogue.MissingDef;
import se.nara.server.demo.DemoCatalogue.Profile;
import se.nara.server.demo.DemoCatalogue.Stage;
import se.nara.server.demo.DemoCatalogue.StaffDef;
import se.nara.server.demo.DemoCatalogue.TeamDef;
import se.nara.server.rules.InskrivningsmeddelandeDeadline;
import se.nara.server.store.Account;
import se.nara.server.store.AccountStore;
import se.nara.server.store.Database;
import se.nara.server.store.ScopeStore;
import se.nara.server.sync.ServerRecords;

/**
 * Loads a realistic, made-up demo data set for Skåne into an empty server: eight teams in all six
 * delregioner, their staff (with logins), about fifty patients in every SVU state with their care
 * episode, SIP or patientkontrakt, discharge-day checklist, discharge and home medication lists
 * (with differences for reconciliation to find), medication checks, deviations, and today's
 * home visits.
 *
 * <p>The data set is deterministic: a fixed random seed, ids derived from names, and every time
 * relative to "today" in Europe/Stockholm taken from the clock. Two servers seeded with the same
 * clock hold identical records.
 */
public final class DemoSeed {
  /** Shared password of all demo accounts, printed at startup. */
  public static final String DEMO_PASSWORD = "demo";

  /**
   * A login printed in the startup banner.
   *
   * @param role the Swedish profession label
   * @param team the team name
   */
  public record DemoLogin(String username, String role, String team) {}

  /**
   * The logins printed in the startup banner: two nurses of the same hemtagningsteam (two tablets
   * can edit the same patient), its teamledare, an undersköterska and an arbetsterapeut of that
   * team, an ASIH läkare and an ASIH nurse.
   */
  public static final List<DemoLogin> DEMO_LOGINS = buildLogins();

  /** What a seeding loaded. */
  public record Summary(int teams, int staff, int patients, int records) {
    /** E.g. "8 teams, 44 staff, 50 patients, 3120 records". */
    public String describe() {
      return teams + " teams, " + staff + " staff, " + patients + " patients, " + records
          + " records";
    }
  }

  /** The random seed: the day lag 2017:612 took effect. */
  static final long RANDOM_SEED = 20180101L;

  static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");

  private final Database db;
  private final AccountStore accounts;
  private final ScopeStore scopes;
  private final ServerRecords serverRecords;
  private final PasswordHasher hasher;
  private final Clock clock;

  /** Creates the seeder. */
  public DemoSeed(
      Database db,
      AccountStore accounts,
      ScopeStore scopes,
      ServerRecords serverRecords,
      PasswordHasher hasher,
      Clock clock) {
    this.db = db;
    this.accounts = accounts;
    this.scopes = scopes;
    this.serverRecords = serverRecords;
    this.hasher = hasher;
    this.clock = clock;
  }

  /**
   * The demo logins whose accounts exist and are active in this database: all of them for a demo
   * database, none for a deployment's own (the start banner must not offer logins that fail).
   */
  public List<DemoLogin> loginsPresent() {
    return db.withReader(h -> DEMO_LOGINS.stream()
        .filter(login -> accounts.findByUsername(h, login.username()).filter(Account::active).isPresent())
        .toList());
  }

  /** Loads the demo data set if the database has no accounts yet; returns null (and changes nothing) otherwise. */
  public Summary seedIfEmpty() {
    if (db.withReader(accounts::count) > 0) {
      return null;
    }
    // Hashing is deliberately slow: do it once, outside the write lock, and share the hash.
    String passwordHash = hasher.hash(DEMO_PASSWORD.toCharArray());
    DataSet data = new Generator(clock).generate();
    long now = clock.millis();
    return db.inWriteTransaction(
        h -> {
          if (accounts.count(h) > 0) {
            return null;
          }
          for (StaffRec s : data.staff) {
            accounts.upsert(
                h,
                new Account(
                    s.id,
                    s.def.username(),
                    passwordHash,
                    s.def.name(),
                    s.def.profession().name(),
                    true,
                    0,
                    null));
            accounts.addTeamMember(h, s.id, s.team.id);
          }
          serverRecords.insertAll(h, data.directory, null);
          int records = data.directory.size();
          for (PatientRec p : data.patients) {
            scopes.startRelationship(h, p.id, p.team.id, now);
            serverRecords.insertAll(h, p.models, null);
            records += p.models.size();
          }
          return new Summary(data.teams.size(), data.staff.size(), data.patients.size(), records);
        });
  }

  private static List<DemoLogin> buildLogins() {
    List<DemoLogin> logins = new ArrayList<>();
    for (String username : DemoCatalogue.LOGIN_USERNAMES) {
      StaffDef staff =
          DemoCatalogue.STAFF.stream()
              .filter(s -> s.username().equals(username))
              .findFirst()
              .orElseThrow();
      logins.add(
          new DemoLogin(
              username,
              staff.profession().label(),
              DemoCatalogue.TEAMS.get(staff.team()).name()));
    }
    return List.copyOf(logins);
  }

  // ===============================================================================================
  // In-memory data set
  // ===============================================================================================

  private static final class DataSet {
    final List<TeamRec> teams = new ArrayList<>();
    final List<StaffRec> staff = new ArrayList<>();
    final List<PatientRec> patients = new ArrayList<>();
    /** Teams and staff, inserted first. */
    final List<Object> directory = new ArrayList<>();
  }

  private static final class TeamRec {
    final TeamDef def;
    final String id;
    final List<StaffRec> staff = new ArrayList<>();
    final List<PatientRec> patients = new ArrayList<>();

    TeamRec(TeamDef def, String id) {
      this.def = def;
      this.id = id;
    }

    StaffRec first(Profession... professions) {
      for (Profession profession : professions) {
        for (StaffRec s : staff) {
          if (s.def.profession() == profession) {
            return s;
          }
        }
      }
      return null;
    }

    List<StaffRec> nurses() {
      List<StaffRec> nurses = new ArrayList<>();
      for (StaffRec s : staff) {
        if (isNurse(s.def.profession())) {
          nurses.add(s);
        }
      }
      return nurses;
    }
  }

  private static final class StaffRec {
    final StaffDef def;
    final String id;
    final TeamRec team;

    StaffRec(StaffDef def, String id, TeamRec team) {
      this.def = def;
      this.id = id;
      this.team = team;
    }
  }

  private static final class PatientRec {
    final String id;
    final TeamRec team;
    final Stage stage;
    final Profile profile;
    final String episodeId;
    final PlanType planType;
    final boolean doseDispensed;
    final String hospital;
    final String ward;
    /** The nurse who is fast vårdkontakt (and makes the discharge-day visit). */
    StaffRec nurse;
    /** Today's discharge-day visit, for patients discharged today. */
    Visit dischargeVisit;
    /**
     * For a patient discharged today: the clock has not reached the discharge time yet, so the
     * patient is still utskrivningsklar in hospital.
     */
    boolean pendingDischarge;
    final List<Visit> visits = new ArrayList<>();
    /** Everything to insert for this patient, in order. */
    final List<Object> models = new ArrayList<>();

    PatientRec(
        String id,
        TeamRec team,
        Stage stage,
        Profile profile,
        String episodeId,
        PlanType planType,
        boolean doseDispensed,
        String hospital,
        String ward) {
      this.id = id;
      this.team = team;
      this.stage = stage;
      this.profile = profile;
      this.episodeId = episodeId;
      this.planType = planType;
      this.doseDispensed = doseDispensed;
      this.hospital = hospital;
      this.ward = ward;
    }

    boolean atHome() {
      return stage == Stage.DISCHARGED_EARLIER || stage == Stage.CLOSED;
    }

    boolean discharged() {
      return (stage == Stage.DISCHARGED_TODAY && !pendingDischarge) || atHome();
    }
  }

  /** The SVU times of one episode. */
  private static final class Times {
    Instant admitted;
    Instant meddelande;
    Instant beraknad;
    Instant klar;
    Instant ejLangreKlar;
    Instant utskriven;
    Instant sipKallelse;
    Instant sipHeld;
    Instant sipNeeded;
    Instant sipNotNeeded;
  }

  private static boolean isNurse(Profession p) {
    return p == Profession.SJUKSKOTERSKA || p == Profession.DISTRIKTSSKOTERSKA;
  }

  private static final Set<Profession> VISITING =
      EnumSet.of(
          Profession.SJUKSKOTERSKA,
          Profession.DISTRIKTSSKOTERSKA,
          Profession.UNDERSKOTERSKA,
          Profession.ARBETSTERAPEUT,
          Profession.FYSIOTERAPEUT);

  // ===============================================================================================
  // Generator
  // ===============================================================================================

  /** Builds the data set in memory; one instance per seeding. */
  private static final class Generator {
    private final Random rnd = new Random(RANDOM_SEED);
    private final Instant now;
    private final LocalDate today;
    private final Map<String, Integer> counters = new HashMap<>();
    private final Map<String, Drug> drugs = new LinkedHashMap<>();
    private final DataSet data = new DataSet();

    Generator(Clock clock) {
      this.now = clock.instant();
      this.today = LocalDate.ofInstant(now, ZONE);
      for (Drug d : DemoCatalogue.DRUGS) {
        drugs.put(d.key(), d);
      }
    }

    DataSet generate() {
      createTeams();
      createStaff();
      createPatients();
      for (TeamRec team : data.teams) {
        createVisits(team);
      }
      for (PatientRec p : data.patients) {
        createClinicalData(p);
      }
      return data;
    }

    // --- ids, randomness, time ------------------------------------------------------------------

    private String id(String kind) {
      int n = counters.merge(kind, 1, Integer::sum);
      return UUID.nameUUIDFromBytes(("nara-demo:" + kind + ":" + n).getBytes(UTF_8)).toString();
    }

    private int between(int min, int max) {
      return min + rnd.nextInt(max - min + 1);
    }

    private boolean chance(double p) {
      return rnd.nextDouble() < p;
    }

    private <T> T pick(List<T> list) {
      return list.get(rnd.nextInt(list.size()));
    }

    private <T> List<T> shuffled(List<T> list) {
      List<T> copy = new ArrayList<>(list);
      Collections.shuffle(copy, rnd);
      return copy;
    }

    /** The instant of a local wall-clock time in Stockholm (daylight saving handled). */
    private Instant at(LocalDate date, int minuteOfDay) {
      return date.atStartOfDay().plusMinutes(minuteOfDay).atZone(ZONE).toInstant();
    }

    private static int minuteOfDay(Instant instant) {
      return LocalDateTime.ofInstant(instant, ZONE).toLocalTime().toSecondOfDay() / 60;
    }

    private static int hm(int hour, int minute) {
      return hour * 60 + minute;
    }

    /** The instant if it has happened by the clock's now, else null. */
    private Instant past(Instant instant) {
      return instant.isAfter(now) ? null : instant;
    }

    private LocalDate dateOf(Instant instant) {
      return LocalDate.ofInstant(instant, ZONE);
    }

    // --- teams and staff ------------------------------------------------------------------------

    private void createTeams() {
      for (TeamDef def : DemoCatalogue.TEAMS) {
        TeamRec team = new TeamRec(def, id("team"));
        data.teams.add(team);
        data.directory.add(
            Team.builder()
                .id(team.id)
                .name(def.name())
                .teamType(def.type())
                .huvudman(def.huvudman())
                .delregion(def.delregion())
                .municipality(def.municipality())
                .hsaId(DemoCatalogue.HSA_PREFIX + def.hsaSuffix())
                .build());
      }
    }

    private void createStaff() {
      int n = 0;
      for (StaffDef def : DemoCatalogue.STAFF) {
        TeamRec team = data.teams.get(def.team());
        StaffRec s = new StaffRec(def, id("staff"), team);
        team.staff.add(s);
        data.staff.add(s);
        data.directory.add(
            Staff.builder()
                .id(s.id)
                .hsaId(DemoCatalogue.HSA_PREFIX + (1003 + 7 * n++))
                .name(def.name())
                .username(def.username())
                .profession(def.profession())
                .teamIds(List.of(team.id))
                .build());
      }
    }

    // --- patients -------------------------------------------------------------------------------

    private void createPatients() {
      Set<String> names = new HashSet<>();
      Set<String> numbers = new HashSet<>();
      List<Profile> nonPalliative =
          List.of(
              Profile.HJARTSVIKT,
              Profile.HOFTFRAKTUR,
              Profile.KOL,
              Profile.STROKE,
              Profile.INFEKTION);
      for (int t = 0; t < data.teams.size(); t++) {
        TeamRec team = data.teams.get(t);
        TeamDef def = team.def;
        for (int i = 0; i < def.stages().size(); i++) {
          Stage stage = def.stages().get(i);
          boolean asih = def.type() == TeamType.ASIH;
          Profile profile =
              asih
                  ? (chance(0.8) ? Profile.PALLIATIV : pick(nonPalliative))
                  : (chance(0.08) ? Profile.PALLIATIV : pick(nonPalliative));

          Sex sex = chance(0.58) ? Sex.FEMALE : Sex.MALE;
          int year =
              profile == Profile.PALLIATIV
                  ? between(1944, 1960)
                  : (chance(0.8) ? between(1926, 1948) : between(1949, 1960));
          LocalDate birthDate = LocalDate.of(year, between(1, 12), between(1, 28));
          String name = null;
          PatientIdentifier identifier;
          boolean protectedIdentity = (t == 0 && i == 6) || (t == 5 && i == 1);

          if (t == 0 && i == 4) {
            // Not folkbokförd: a samordningsnummer.
            sex = Sex.FEMALE;
            birthDate = LocalDate.of(1957, 4, 19);
            name = "Agnieszka Nowak";
            identifier = PatientIdentifier.samordningsnummer(uniqueNumber(numbers, birthDate, sex, true));
          } else if (t == 3 && i == 3) {
            sex = Sex.MALE;
            birthDate = LocalDate.of(1949, 11, 2);
            name = "Jens Rasmussen";
            identifier = PatientIdentifier.samordningsnummer(uniqueNumber(numbers, birthDate, sex, true));
          } else if (t == 4 && i == 2) {
            // Identity not established at admission: a local reservnummer from the hospital.
            sex = Sex.MALE;
            birthDate = LocalDate.of(1941, 3, 17);
            name = "Wilhelm Brandt";
            identifier =
                PatientIdentifier.reservnummer(
                    "19410317R017", DemoCatalogue.HSA_PREFIX + "YLAK", false);
          } else {
            identifier = PatientIdentifier.personnummer(uniqueNumber(numbers, birthDate, sex, false));
          }
          while (name == null || names.contains(name)) {
            List<String> first =
                sex == Sex.FEMALE ? DemoCatalogue.FEMALE_NAMES : DemoCatalogue.MALE_NAMES;
            name = pick(first) + " " + pick(DemoCatalogue.SURNAMES);
          }
          names.add(name);

          String address =
              protectedIdentity ? DemoCatalogue.PROTECTED_ADDRESS : address(def.municipality());
          String patientId = id("patient");
          PlanType planType = chance(0.2) ? PlanType.PATIENTKONTRAKT : PlanType.SIP;
          String hospital = pick(def.hospitals());
          String ward = pick(profile.wards);
          PatientRec p =
              new PatientRec(
                  patientId,
                  team,
                  stage,
                  profile,
                  id("care_episode"),
                  planType,
                  chance(0.3),
                  hospital,
                  ward);
          List<StaffRec> nurses = team.nurses();
          p.nurse = nurses.get(i % nurses.size());
          team.patients.add(p);
          data.patients.add(p);
          p.models.add(
              Patient.builder()
                  .id(patientId)
                  .identifiers(List.of(identifier))
                  .name(name)
                  .birthDate(birthDate)
                  .sex(sex)
                  .address(address)
                  .protectedIdentity(protectedIdentity)
                  .build());
        }
      }
    }

    private String uniqueNumber(Set<String> used, LocalDate birthDate, Sex sex, boolean samordning) {
      while (true) {
        // The birth number's last digit is odd for men and even for women.
        int birthNumber = 2 * rnd.nextInt(499) + (sex == Sex.MALE ? 1 : 2);
        String number = Personnummer.generate(birthDate, birthNumber, samordning);
        if (used.add(number)) {
          return number;
        }
      }
    }

    private String address(String municipality) {
      String[] street = pick(DemoCatalogue.STREETS.get(municipality));
      StringBuilder sb = new StringBuilder().append(street[0]).append(' ').append(between(1, 64));
      if (chance(0.4)) {
        sb.append(", lgh ").append(1000 + 100 * between(0, 4) + between(1, 4));
      }
      return sb.append(", ").append(street[1]).append(' ').append(municipality).toString();
    }

    // --- visits ---------------------------------------------------------------------------------

    /**
     * Today's visits of the team: every nurse, undersköterska, arbetsterapeut and fysioterapeut
     * gets 2–5. Nurses take the discharge-day visits of the patients discharged today (in the
     * afternoon, after the patient is home); the first two nurses both visit one patient, so two
     * tablets of the team edit the same records.
     */
    private void createVisits(TeamRec team) {
      List<StaffRec> visitors = new ArrayList<>();
      for (StaffRec s : team.staff) {
        if (VISITING.contains(s.def.profession())) {
          visitors.add(s);
        }
      }
      List<StaffRec> nurses = team.nurses();
      List<PatientRec> dischargedToday = new ArrayList<>();
      List<PatientRec> home = new ArrayList<>();
      for (PatientRec p : team.patients) {
        if (p.stage == Stage.DISCHARGED_TODAY) {
          dischargedToday.add(p);
        } else if (p.atHome()) {
          home.add(p);
        }
      }
      Map<StaffRec, List<PatientRec>> dischargeVisits = new HashMap<>();
      for (int j = 0; j < dischargedToday.size(); j++) {
        PatientRec p = dischargedToday.get(j);
        p.nurse = nurses.get(j % nurses.size());
        dischargeVisits.computeIfAbsent(p.nurse, k -> new ArrayList<>()).add(p);
      }
      PatientRec shared = nurses.size() >= 2 && !home.isEmpty() ? home.get(0) : null;

      for (int si = 0; si < visitors.size(); si++) {
        StaffRec s = visitors.get(si);
        List<PatientRec> dischargeDay = dischargeVisits.getOrDefault(s, List.of());
        List<PatientRec> pool = shuffled(home);
        // Spread the day's visits: patients with fewer visits so far come first.
        pool.sort((x, y) -> Integer.compare(x.visits.size(), y.visits.size()));
        boolean first = shared != null && s == nurses.get(0);
        boolean second = shared != null && s == nurses.get(1);
        if (first || second) {
          pool.remove(shared);
        }
        int count = Math.max(between(2, 5), dischargeDay.size() + 1);
        int others = Math.min(count - dischargeDay.size(), home.size());
        List<PatientRec> chosen = new ArrayList<>();
        if (first) {
          chosen.add(shared);
        }
        for (PatientRec p : pool) {
          if (chosen.size() >= others - (second ? 1 : 0)) {
            break;
          }
          chosen.add(p);
        }
        if (second) {
          chosen.add(shared); // later in the day than the first nurse's visit
        }

        int cursor = hm(7, 30) + 5 * between(0, 3);
        boolean firstOfDay = true;
        for (PatientRec p : chosen) {
          VisitType type = visitType(team, s);
          cursor = addVisit(p, s, type, cursor, firstOfDay && si % 3 == 0);
          firstOfDay = false;
        }
        for (PatientRec p : dischargeDay) {
          cursor = Math.max(cursor, hm(11, 0) + 5 * between(0, 6));
          cursor = addVisit(p, s, VisitType.DISCHARGE_DAY, cursor, false);
        }
      }
    }

    private VisitType visitType(TeamRec team, StaffRec s) {
      Profession profession = s.def.profession();
      if (team.def.type() == TeamType.ASIH && profession != Profession.FYSIOTERAPEUT) {
        return VisitType.ASIH;
      }
      if (isNurse(profession)) {
        double r = rnd.nextDouble();
        return r < 0.35 ? VisitType.MEDICATION : r < 0.45 ? VisitType.PHONE : VisitType.FOLLOW_UP;
      }
      if (profession == Profession.UNDERSKOTERSKA) {
        return chance(0.5) ? VisitType.MEDICATION : VisitType.FOLLOW_UP;
      }
      return VisitType.FOLLOW_UP;
    }

    private int duration(VisitType type) {
      switch (type) {
        case DISCHARGE_DAY:
          return 60 + 5 * between(0, 6);
        case ASIH:
          return 45 + 5 * between(0, 3);
        case MEDICATION:
          return 20 + 5 * between(0, 2);
        case PHONE:
          return 15;
        default:
          return 30 + 5 * between(0, 3);
      }
    }

    /**
     * Adds a visit starting at {@code start} (minute of day), or after another visit to the same
     * patient if they would overlap; returns when the staff member's next visit may start. A
     * completed visit stays planned if the clock has not reached its signing time yet.
     */
    private int addVisit(PatientRec p, StaffRec s, VisitType type, int start, boolean completed) {
      int length = duration(type);
      boolean moved = true;
      while (moved) {
        moved = false;
        for (Visit other : p.visits) {
          int otherStart = minuteOfDay(other.plannedStart());
          int otherEnd = minuteOfDay(other.plannedEnd());
          if (start < otherEnd + 10 && otherStart < start + length + 10) {
            start = otherEnd + 10;
            moved = true;
          }
        }
      }
      int end = start + length;
      // Drawn for every visit, so the clock never changes how many random numbers are used.
      int actualStart = start + between(-5, 10);
      int actualEnd = actualStart + length + between(-5, 10);
      String note = pick(DemoCatalogue.VISIT_NOTES);
      Instant signedAt = at(today, actualEnd + between(5, 20));
      Visit.Builder visit =
          Visit.builder()
              .id(id("visit"))
              .patientId(p.id)
              .episodeId(p.episodeId)
              .teamId(p.team.id)
              .staffIds(List.of(s.id))
              .visitType(type)
              .plannedStart(at(today, start))
              .plannedEnd(at(today, end))
              .status(VisitStatus.PLANNED)
              .reviewState(ReviewState.NOT_REVIEWED);
      if (completed && !signedAt.isAfter(now)) {
        visit
            .status(VisitStatus.COMPLETED)
            .actualStart(at(today, actualStart))
            .actualEnd(at(today, actualEnd))
            .note(note)
            .signedBy(s.id)
            .signedAt(signedAt);
      }
      Visit built = visit.build();
      p.visits.add(built);
      if (type == VisitType.DISCHARGE_DAY && p.dischargeVisit == null) {
        p.dischargeVisit = built;
      }
      return end + 15 + 5 * between(0, 3);
    }

    // --- per patient ----------------------------------------------------------------------------

    private void createClinicalData(PatientRec p) {
      Times times = episodeTimes(p);
      p.models.add(episode(p, times));
      createPlan(p, times);
      MedicationData meds = createMedicationLists(p, times);
      List<Deviation> deviations = new ArrayList<>();
      CheckStatus checkStatus = null;
      if (p.atHome()) {
        checkStatus = createMedicationCheck(p, times, meds, deviations);
      }
      createChecklist(p, times, checkStatus, deviations);
      p.models.addAll(deviations);
      p.models.addAll(p.visits);
    }

    // --- care episode ---------------------------------------------------------------------------

    private Times episodeTimes(PatientRec p) {
      Times t = new Times();
      boolean sip = p.planType == PlanType.SIP;
      switch (p.stage) {
        case ADMITTED:
          t.admitted = at(today.minusDays(between(1, 2)), hm(8, 0) + between(0, 14 * 60));
          t.beraknad = at(today.plusDays(between(2, 5)), hm(11, 0));
          break;
        case MAPPING:
          t.admitted = at(today.minusDays(between(2, 4)), hm(8, 0) + between(0, 14 * 60));
          t.beraknad = at(today.plusDays(between(1, 3)), hm(11, 0));
          break;
        case READY:
          {
            LocalDate klarDate = today.minusDays(between(1, 2));
            t.klar = at(klarDate, hm(8, 30) + between(0, 150));
            t.admitted = at(klarDate.minusDays(between(2, 7)), hm(8, 0) + between(0, 14 * 60));
            t.beraknad = at(today.plusDays(between(0, 1)), hm(13, 0));
            Instant kallelse = at(klarDate.plusDays(1), hm(10, 0) + between(0, 240));
            if (sip) {
              t.sipKallelse = past(kallelse);
            }
            break;
          }
        case NO_LONGER_READY:
          {
            LocalDate klarDate = today.minusDays(between(2, 3));
            t.klar = at(klarDate, hm(9, 0) + between(0, 120));
            t.ejLangreKlar = at(klarDate.plusDays(1), hm(7, 0) + between(0, 180));
            t.admitted = at(klarDate.minusDays(between(3, 8)), hm(8, 0) + between(0, 14 * 60));
            t.beraknad = at(today.plusDays(between(2, 4)), hm(11, 0));
            break;
          }
        case DISCHARGED_TODAY:
          {
            int visitStart =
                p.dischargeVisit == null ? hm(12, 0) : minuteOfDay(p.dischargeVisit.plannedStart());
            int utskriven = Math.max(hm(9, 30), visitStart - between(60, 120));
            // Every value is drawn before the clock decides anything, so ids stay the same.
            boolean zeroDay = chance(0.5);
            Instant zeroDayKlar = at(today, Math.max(hm(7, 45), utskriven - between(90, 180)));
            LocalDate earlierKlarDate = today.minusDays(between(1, 3));
            Instant earlierKlar = at(earlierKlarDate, hm(8, 30) + between(0, 150));
            int admittedDaysBefore = between(2, 7);
            int admittedMinute = hm(8, 0) + between(0, 14 * 60);
            int kallelseMinutes = between(30, 60);
            Instant earlierKallelse =
                at(earlierKlarDate.plusDays(between(0, 1)), hm(10, 0) + between(0, 240));
            if (zeroDay && zeroDayKlar.isAfter(now)) {
              zeroDay = false; // not yet judged utskrivningsklar today: make it an earlier day
            }
            LocalDate klarDate = zeroDay ? today : earlierKlarDate;
            t.klar = zeroDay ? zeroDayKlar : earlierKlar;
            t.admitted = at(klarDate.minusDays(admittedDaysBefore), admittedMinute);
            if (sip) {
              t.sipKallelse =
                  past(zeroDay ? t.klar.plus(Duration.ofMinutes(kallelseMinutes)) : earlierKallelse);
            }
            Instant discharge = at(today, utskriven);
            if (discharge.isAfter(now)) {
              p.pendingDischarge = true; // still in hospital; expected home before the visit
              t.beraknad = discharge;
            } else {
              t.utskriven = discharge;
              t.beraknad = at(today, hm(11, 0));
            }
            break;
          }
        case DISCHARGED_EARLIER:
        case CLOSED:
          {
            LocalDate utDate =
                p.stage == Stage.CLOSED
                    ? today.minusDays(between(20, 45))
                    : today.minusDays(between(1, 10));
            int gap = chance(0.3) ? 0 : between(1, 5);
            LocalDate klarDate = utDate.minusDays(gap);
            int klarMinute = hm(8, 30) + between(0, 150);
            t.klar = at(klarDate, klarMinute);
            t.utskriven =
                gap == 0
                    ? at(utDate, klarMinute + between(120, 300))
                    : at(utDate, hm(10, 0) + between(0, 300));
            t.admitted = at(klarDate.minusDays(between(2, 8)), hm(8, 0) + between(0, 14 * 60));
            t.beraknad = at(utDate.minusDays(between(0, 1)), hm(11, 0));
            if (sip) {
              // One in eight kallelser goes out late (more than three days after utskrivningsklar).
              int days = chance(0.125) ? between(4, 5) : between(0, 3);
              LocalDate kallelseDate = klarDate.plusDays(days);
              if (!kallelseDate.isAfter(today)) {
                t.sipKallelse = past(at(kallelseDate, hm(10, 0) + between(0, 300)));
                LocalDate held = kallelseDate.plusDays(between(3, 7));
                if (held.isBefore(today) && t.sipKallelse != null) {
                  t.sipHeld = at(held, hm(13, 0) + 30 * between(0, 4));
                }
              }
            }
            break;
          }
        default:
          throw new IllegalStateException("unknown stage " + p.stage);
      }
      // Ställningstagande till SIP two hours after utskrivningsklar: needed for the SIP patients,
      // not for the others. No random draw, so every later value (and id) stays the same.
      if (t.klar != null) {
        Instant position = past(t.klar.plus(Duration.ofHours(2)));
        if (sip) {
          t.sipNeeded = position;
        } else {
          t.sipNotNeeded = position;
        }
        // The kallelse follows the ställningstagande (a same-day draw could put it before, even
        // before utskrivningsklar): then it goes out half an hour after, if that has happened yet.
        Instant earliest = t.klar.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(30));
        if (t.sipKallelse != null && t.sipKallelse.isBefore(earliest)) {
          t.sipKallelse = past(earliest);
          if (t.sipKallelse == null) {
            t.sipHeld = null;
          }
        }
      }
      // The inskrivningsmeddelande is due within 24 h; about one in ten is late.
      t.meddelande =
          chance(0.1)
              ? t.admitted.plus(Duration.ofMinutes(between(25 * 60, 30 * 60)))
              : t.admitted.plus(Duration.ofMinutes(between(60, 20 * 60)));
      if (t.meddelande.isAfter(now) && t.admitted.isBefore(now)) {
        t.meddelande = t.admitted.plus(Duration.between(t.admitted, now).dividedBy(2));
      }
      return t;
    }

    private CareEpisode episode(PatientRec p, Times t) {
      SvuStatus status;
      switch (p.stage) {
        case ADMITTED:
          status = SvuStatus.ADMITTED;
          break;
        case MAPPING:
          status = SvuStatus.NEEDS_MAPPING;
          break;
        case READY:
          status = SvuStatus.READY_FOR_DISCHARGE;
          break;
        case NO_LONGER_READY:
          status = SvuStatus.NO_LONGER_READY;
          break;
        case CLOSED:
          status = SvuStatus.CLOSED;
          break;
        default:
          status = p.pendingDischarge ? SvuStatus.READY_FOR_DISCHARGE : SvuStatus.DISCHARGED;
      }
      PalliativeResponsibility palliative = null;
      if (p.team.def.type() == TeamType.ASIH) {
        palliative = p.profile == Profile.PALLIATIV ? PalliativeResponsibility.REGION_ASIH : null;
      } else if (p.profile == Profile.PALLIATIV) {
        palliative =
            chance(0.5) ? PalliativeResponsibility.KOMMUN_GENERAL : PalliativeResponsibility.SHARED;
      }
      boolean coordinatorAppointed =
          p.stage != Stage.ADMITTED && p.stage != Stage.MAPPING || chance(0.3);
      return CareEpisode.builder()
          .id(p.episodeId)
          .patientId(p.id)
          .hospital(p.hospital)
          .ward(p.ward)
          .status(status)
          .responsibleTeamId(p.team.id)
          .fastVardkontakt(coordinatorAppointed ? p.nurse.id : null)
          .inskrivenAt(t.admitted)
          .inskrivningsmeddelandeAt(t.meddelande)
          .inskrivningsmeddelandeLate(InskrivningsmeddelandeDeadline.late(t.admitted, null, t.meddelande))
          .beraknadUtskrivningAt(t.beraknad)
          .utskrivningsklarAt(t.klar)
          .ejLangreUtskrivningsklarAt(t.ejLangreKlar)
          .utskrivenAt(t.utskriven)
          .sipKallelseAt(t.sipKallelse)
          .sipHeldAt(t.sipHeld)
          .sipNeededAt(t.sipNeeded)
          .sipNotNeededAt(t.sipNotNeeded)
          .palliativeResponsibility(palliative)
          .build();
    }

    // --- plan -----------------------------------------------------------------------------------

    private void createPlan(PatientRec p, Times t) {
      boolean sip = p.planType == PlanType.SIP;
      PlanStatus status;
      switch (p.stage) {
        case DISCHARGED_TODAY:
          status = sip ? PlanStatus.DRAFT : PlanStatus.ACTIVE;
          break;
        case DISCHARGED_EARLIER:
          status = PlanStatus.ACTIVE;
          break;
        case CLOSED:
          status = chance(0.5) ? PlanStatus.FOLLOWED_UP : PlanStatus.CLOSED;
          break;
        default:
          status = PlanStatus.DRAFT;
      }
      Huvudman overall;
      if (!sip) {
        overall = Huvudman.REGION; // a patientkontrakt is the region's agreement with the patient
      } else if (p.team.def.huvudman() == Huvudman.KOMMUN) {
        overall = chance(0.85) ? Huvudman.KOMMUN : Huvudman.REGION;
      } else {
        overall = chance(0.7) ? Huvudman.REGION : Huvudman.KOMMUN;
      }
      LocalDate base =
          t.sipHeld != null
              ? dateOf(t.sipHeld)
              : t.utskriven != null ? dateOf(t.utskriven) : dateOf(t.beraknad);
      LocalDate followUp = base.plusDays(between(14, 28));

      String signedBy = null;
      Instant signedAt = null;
      if (status == PlanStatus.FOLLOWED_UP || status == PlanStatus.CLOSED) {
        signedBy = p.nurse.id;
        signedAt = t.sipHeld != null ? t.sipHeld.plus(Duration.ofHours(1)) : t.utskriven;
      } else if (status == PlanStatus.ACTIVE) {
        if (sip && t.sipHeld != null) {
          signedBy = p.nurse.id;
          signedAt = t.sipHeld.plus(Duration.ofHours(1));
        } else if (!sip && p.stage == Stage.DISCHARGED_EARLIER) {
          signedBy = p.nurse.id;
          signedAt = past(at(dateOf(t.utskriven).plusDays(1), hm(10, 0) + between(0, 240)));
          if (signedAt == null) {
            signedBy = null;
          }
        }
      }

      String planId = id("plan");
      p.models.add(
          Plan.builder()
              .id(planId)
              .patientId(p.id)
              .episodeId(p.episodeId)
              .planType(p.planType)
              .status(status)
              .overallResponsible(overall)
              .patientOwnGoals(p.profile.ownGoals)
              .followUpDate(followUp)
              .signedBy(signedBy)
              .signedAt(signedAt)
              .build());

      // Goals: the profile's first, then general ones.
      List<GoalDef> goalDefs = new ArrayList<>(shuffled(DemoCatalogue.PROFILE_GOALS.get(p.profile)));
      goalDefs.addAll(shuffled(DemoCatalogue.GENERAL_GOALS));
      int goalCount = between(2, 5);
      List<String> goalIds = new ArrayList<>();
      for (int g = 0; g < goalCount; g++) {
        GoalDef def = goalDefs.get(g);
        String goalId = id("plan_goal");
        goalIds.add(goalId);
        p.models.add(
            PlanGoal.builder()
                .id(goalId)
                .patientId(p.id)
                .planId(planId)
                .description(def.description())
                .owner(g == 0 ? GoalOwner.PATIENT : GoalOwner.SHARED)
                .measure(def.measure())
                .targetDate(followUp.plusDays(between(0, 30)))
                .status(goalStatus(status))
                .build());
      }

      // Actions: at least one for each huvudman.
      List<ActionDef> regionPool = new ArrayList<>();
      regionPool.add(DemoCatalogue.PROFILE_REGION_ACTIONS.get(p.profile));
      regionPool.addAll(shuffled(DemoCatalogue.REGION_ACTIONS));
      List<ActionDef> kommunPool = shuffled(DemoCatalogue.KOMMUN_ACTIONS);
      int actionCount = between(3, 10);
      int regionCount = 1 + rnd.nextInt(Math.min(regionPool.size(), actionCount - 1));
      int kommunCount = Math.min(actionCount - regionCount, kommunPool.size());
      List<ActionDef> actions = new ArrayList<>(regionPool.subList(0, regionCount));
      actions.addAll(kommunPool.subList(0, kommunCount));
      actions = shuffled(actions);
      LocalDate start = t.utskriven != null ? dateOf(t.utskriven) : dateOf(t.beraknad);
      for (ActionDef def : actions) {
        LocalDate due = start.plusDays(between(1, 28));
        p.models.add(
            PlanAction.builder()
                .id(id("plan_action"))
                .patientId(p.id)
                .planId(planId)
                .description(def.description())
                .responsible(def.responsible())
                .responsibleUnit(responsibleUnit(p, def))
                .performer(def.performer())
                .dueDate(due)
                .status(actionStatus(status, due))
                .linkedGoalIds(List.of(pick(goalIds)))
                .build());
      }
    }

    private GoalStatus goalStatus(PlanStatus plan) {
      switch (plan) {
        case ACTIVE:
          {
            double r = rnd.nextDouble();
            return r < 0.6 ? GoalStatus.IN_PROGRESS : r < 0.85 ? GoalStatus.NOT_STARTED : GoalStatus.ACHIEVED;
          }
        case FOLLOWED_UP:
        case CLOSED:
          return chance(0.7) ? GoalStatus.ACHIEVED : GoalStatus.NOT_ACHIEVED;
        default:
          return GoalStatus.NOT_STARTED;
      }
    }

    private ActionStatus actionStatus(PlanStatus plan, LocalDate due) {
      switch (plan) {
        case ACTIVE:
          if (due.isBefore(today)) {
            double r = rnd.nextDouble();
            return r < 0.7 ? ActionStatus.DONE : r < 0.8 ? ActionStatus.NOT_DONE : ActionStatus.IN_PROGRESS;
          }
          return chance(0.6) ? ActionStatus.PLANNED : ActionStatus.IN_PROGRESS;
        case FOLLOWED_UP:
        case CLOSED:
          return chance(0.85) ? ActionStatus.DONE : ActionStatus.CANCELLED;
        default:
          return ActionStatus.PLANNED;
      }
    }

    private String responsibleUnit(PatientRec p, ActionDef def) {
      String municipality = p.team.def.municipality();
      if (def.responsible() == ResponsibleParty.KOMMUN) {
        return DemoCatalogue.KOMMUN_NAMES.get(municipality);
      }
      String performer = def.performer();
      if (performer.contains("ASIH")) {
        return p.team.def.type() == TeamType.ASIH ? p.team.def.name() : "ASIH " + municipality;
      }
      if (performer.equals("Fast vårdkontakt") && p.team.def.huvudman() == Huvudman.REGION) {
        return p.team.def.name();
      }
      if (performer.contains("mottagning") || performer.equals("Logoped")) {
        return p.hospital;
      }
      return "Vårdcentralen " + municipality;
    }

    // --- checklist ------------------------------------------------------------------------------

    private void createChecklist(
        PatientRec p, Times t, CheckStatus checkStatus, List<Deviation> deviations) {
      String checklistId = id("discharge_checklist");
      boolean sip = p.planType == PlanType.SIP;
      MissingDef missing =
          p.stage == Stage.DISCHARGED_EARLIER && chance(0.3)
              ? pick(DemoCatalogue.MISSING_FINDINGS)
              : null;
      List<ChecklistItem> items = new ArrayList<>();
      boolean open = false;
      int sort = 0;
      for (ItemDef def : DemoCatalogue.CHECKLIST) {
        sort += 10;
        ItemState state = ItemState.UNCHECKED;
        String note = null;
        String deviationId = null;
        String itemId = id("checklist_item");
        int minutesAfterDischarge = between(15, 300); // drawn for every item: clock-independent
        switch (p.stage) {
          case DISCHARGED_TODAY:
            // The discharge summary and medication report arrive with the discharge.
            if (def.key().startsWith("documents.")
                && !p.pendingDischarge
                && !t.utskriven.plus(Duration.ofMinutes(15 + minutesAfterDischarge % 26)).isAfter(now)) {
              state = ItemState.DONE;
            }
            break;
          case CLOSED:
            state = def.canBeNotApplicable() && chance(0.25) ? ItemState.NOT_APPLICABLE : ItemState.DONE;
            break;
          case DISCHARGED_EARLIER:
            {
              double r = rnd.nextDouble();
              state =
                  r < 0.7
                      ? ItemState.DONE
                      : r < 0.85 || !def.canBeNotApplicable()
                          ? ItemState.UNCHECKED
                          : ItemState.NOT_APPLICABLE;
              break;
            }
          default:
            break;
        }
        if (p.atHome()) {
          switch (def.key()) {
            case "medicines.reconciliation":
              state = ItemState.DONE;
              if (checkStatus == CheckStatus.OPEN_DISCREPANCIES) {
                note = "Avstämning gjord; avvikelser kvar, förskrivaren kontaktad.";
              }
              break;
            case "medicines.dose_dispensing":
              if (p.doseDispensed) {
                state = ItemState.DONE;
                note = "APO-dos; dosändring meddelad dosapoteket.";
              }
              break;
            case "follow_up.sip_called":
              state =
                  !sip
                      ? ItemState.NOT_APPLICABLE
                      : t.sipKallelse != null ? ItemState.DONE : ItemState.UNCHECKED;
              break;
            case "closure.deviation_recorded":
              state = missing != null ? ItemState.DONE : ItemState.NOT_APPLICABLE;
              break;
            default:
              break;
          }
          if (missing != null && def.key().equals(missing.itemKey())) {
            state = ItemState.MISSING;
            note = missing.note();
            deviationId = id("deviation");
            Instant found = t.utskriven.plus(Duration.ofMinutes(between(60, 150)));
            deviations.add(
                Deviation.builder()
                    .id(deviationId)
                    .patientId(p.id)
                    .episodeId(p.episodeId)
                    .category(missing.category())
                    .description(missing.description())
                    .severity(missing.severity())
                    .reportedBy(p.nurse.id)
                    .reportedAt(found.plus(Duration.ofMinutes(between(10, 40))))
                    .detectedAt(found)
                    .status(chance(0.5) ? DeviationStatus.REGISTERED : DeviationStatus.INVESTIGATING)
                    .lexMaria(LexMariaAssessment.NOT_ASSESSED)
                    .immediateAction(missing.immediateAction())
                    .checklistItemId(itemId)
                    .build());
          }
        }
        if (state == ItemState.UNCHECKED || state == ItemState.MISSING) {
          open = true;
        }
        ChecklistItem.Builder item =
            ChecklistItem.builder()
                .id(itemId)
                .patientId(p.id)
                .checklistId(checklistId)
                .itemKey(def.key())
                .group(def.group())
                .label(def.label())
                .requiredProfession(def.profession())
                .sortOrder(sort)
                .state(state)
                .note(note)
                .deviationId(deviationId);
        if (state == ItemState.DONE || state == ItemState.NOT_APPLICABLE || state == ItemState.MISSING) {
          int minutes =
              p.stage == Stage.DISCHARGED_TODAY
                  ? 15 + minutesAfterDischarge % 26
                  : Math.max(60, minutesAfterDischarge);
          item.confirmedBy(state == ItemState.MISSING ? p.nurse.id : confirmer(p, def).id)
              .confirmedAt(t.utskriven.plus(Duration.ofMinutes(minutes)));
        }
        items.add(item.build());
      }
      p.models.add(
          DischargeChecklist.builder()
              .id(checklistId)
              .patientId(p.id)
              .episodeId(p.episodeId)
              .templateId(DemoCatalogue.CHECKLIST_TEMPLATE_ID)
              .templateVersion(DemoCatalogue.CHECKLIST_TEMPLATE_VERSION)
              .visitId(p.dischargeVisit == null ? null : p.dischargeVisit.id())
              .status(open ? ChecklistStatus.IN_PROGRESS : ChecklistStatus.COMPLETE)
              .build());
      p.models.addAll(items);
    }

    /** Who confirms an item: a team member of the item's profession, else the patient's nurse. */
    private StaffRec confirmer(PatientRec p, ItemDef def) {
      if (def.profession() != null && !isNurse(def.profession())) {
        StaffRec s = p.team.first(def.profession());
        if (s != null) {
          return s;
        }
      }
      return p.nurse;
    }

    // --- medication lists -----------------------------------------------------------------------

    /** The two lists and what differs between them. */
    private static final class MedicationData {
      String dischargeListId;
      String homeListId;
      /** Drug key → [discharge line id, home line id]; either may be null. */
      final Map<String, String[]> lineIds = new LinkedHashMap<>();
      Drug added;
      Drug stopped;
      Drug doseChanged;
      Drug frequencyChanged;
      Drug homeOnly;
      final Set<String> activeKeys = new HashSet<>();
    }

    private MedicationData createMedicationLists(PatientRec p, Times t) {
      MedicationData m = new MedicationData();
      List<Drug> common = new ArrayList<>();
      Set<String> groups = new HashSet<>();
      for (String key : p.profile.coreDrugs) {
        Drug d = drugs.get(key);
        if (groups.add(d.group())) {
          common.add(d);
        }
      }
      // A drug started during the stay.
      for (String key : shuffled(p.profile.newDrugs)) {
        Drug d = drugs.get(key);
        if (!groups.contains(d.group())) {
          m.added = d;
          break;
        }
      }
      if (m.added == null) {
        for (String key : shuffled(List.of("omeprazol", "movicol", "kaleorid", "behepan"))) {
          Drug d = drugs.get(key);
          if (!groups.contains(d.group())) {
            m.added = d;
            break;
          }
        }
      }
      groups.add(m.added.group());
      // A drug stopped during the stay that the home list still has.
      if (m.added.key().equals("eliquis") && chance(0.8)) {
        m.stopped = drugs.get("trombyl"); // replaced by the new anticoagulant
      } else if (chance(0.8)) {
        for (String key : shuffled(DemoCatalogue.STOPPABLE_DRUGS)) {
          Drug d = drugs.get(key);
          if (!groups.contains(d.group())) {
            m.stopped = d;
            break;
          }
        }
      }
      if (m.stopped != null) {
        groups.add(m.stopped.group());
      }
      int commonCount = m.stopped != null ? between(9, 11) : between(10, 12);
      for (String key : shuffled(DemoCatalogue.FILLER_DRUGS)) {
        if (common.size() >= commonCount) {
          break;
        }
        Drug d = drugs.get(key);
        if (groups.add(d.group())) {
          common.add(d);
        }
      }
      List<Drug> withOldDose = new ArrayList<>();
      List<Drug> withOldFrequency = new ArrayList<>();
      for (Drug d : common) {
        if (d.oldDose() != null) {
          withOldDose.add(d);
        }
        if (d.oldFrequency() != null) {
          withOldFrequency.add(d);
        }
      }
      if (!withOldDose.isEmpty()) {
        m.doseChanged = pick(withOldDose);
      }
      withOldFrequency.remove(m.doseChanged);
      if (!withOldFrequency.isEmpty() && chance(0.3)) {
        m.frequencyChanged = pick(withOldFrequency);
      }
      if (chance(0.5)) {
        for (String key : shuffled(DemoCatalogue.HOME_ONLY_DRUGS)) {
          Drug d = drugs.get(key);
          if (!groups.contains(d.group())) {
            m.homeOnly = d;
            break;
          }
        }
      }

      LocalDate admitDate = dateOf(t.admitted);
      // Before discharge the hospital's list is preliminary: sent with the latest SVU message.
      Instant listReceived =
          t.utskriven != null ? t.utskriven : t.klar != null && t.klar.isAfter(t.meddelande) ? t.klar : t.meddelande;
      LocalDate listDate = dateOf(listReceived);
      String doctor =
          pick(DemoCatalogue.HOSPITAL_DOCTORS) + ", " + p.ward + ", " + p.hospital;
      String gp = "Vårdcentralen " + p.team.def.municipality();
      Map<String, LocalDate> startDates = new HashMap<>();
      for (Drug d : common) {
        startDates.put(d.key(), admitDate.minusDays(between(120, 2500)));
      }
      if (m.stopped != null) {
        startDates.put(m.stopped.key(), admitDate.minusDays(between(120, 2500)));
      }
      LocalDate addedStart = admitDate.plusDays(between(0, 2));

      // Discharge list: the common drugs (with the new dose), the new drug, then the stopped one.
      m.dischargeListId = id("medication_list");
      p.models.add(
          MedicationList.builder()
              .id(m.dischargeListId)
              .patientId(p.id)
              .source(ListSource.DISCHARGE_LIST)
              .documentDate(listDate)
              .receivedAt(listReceived)
              .build());
      List<Drug> dischargeOrder = new ArrayList<>(common);
      dischargeOrder.add(between(0, dischargeOrder.size()), m.added);
      for (Drug d : dischargeOrder) {
        boolean changed = d == m.doseChanged || d == m.frequencyChanged;
        boolean added = d == m.added;
        LocalDate start = added ? addedStart : startDates.get(d.key());
        LocalDate stop = null;
        LineStatus status = LineStatus.ACTIVE;
        if (d.key().equals("furadantin")) {
          stop = start.plusDays(4);
          if (stop.isBefore(today)) {
            status = LineStatus.COMPLETED;
          }
        }
        String lineId =
            addLine(p, m.dischargeListId, d, d.dose(), d.frequency(), start, stop,
                added || changed ? doctor : gp, status, null);
        m.lineIds.computeIfAbsent(d.key(), k -> new String[2])[0] = lineId;
        if (status == LineStatus.ACTIVE) {
          m.activeKeys.add(d.key());
        }
      }
      if (m.stopped != null) {
        String lineId =
            addLine(p, m.dischargeListId, m.stopped, m.stopped.dose(), m.stopped.frequency(),
                startDates.get(m.stopped.key()), t.klar != null ? dateOf(t.klar) : admitDate.plusDays(1),
                doctor, LineStatus.STOPPED, DemoCatalogue.STOP_REASONS.get(m.stopped.key()));
        m.lineIds.computeIfAbsent(m.stopped.key(), k -> new String[2])[0] = lineId;
      }

      // Home list: what the home still has from before the stay.
      m.homeListId = id("medication_list");
      p.models.add(
          MedicationList.builder()
              .id(m.homeListId)
              .patientId(p.id)
              .source(ListSource.HOME_LIST)
              .documentDate(admitDate.minusDays(between(20, 200)))
              .receivedAt(t.meddelande)
              .build());
      List<Drug> homeOrder = new ArrayList<>(common);
      if (m.stopped != null) {
        homeOrder.add(between(0, homeOrder.size()), m.stopped);
      }
      if (m.homeOnly != null) {
        homeOrder.add(m.homeOnly);
      }
      for (Drug d : homeOrder) {
        String dose = d == m.doseChanged ? d.oldDose() : d.dose();
        String frequency = d == m.frequencyChanged ? d.oldFrequency() : d.frequency();
        boolean own = d == m.homeOnly;
        String lineId =
            addLine(p, m.homeListId, d, dose, frequency,
                own ? null : startDates.get(d.key()), null, own ? null : gp, LineStatus.ACTIVE,
                null);
        m.lineIds.computeIfAbsent(d.key(), k -> new String[2])[1] = lineId;
      }
      return m;
    }

    private String addLine(
        PatientRec p,
        String listId,
        Drug d,
        String dose,
        String frequency,
        LocalDate start,
        LocalDate stop,
        String prescriber,
        LineStatus status,
        String stopNote) {
      String lineId = id("medication_line");
      String dosage = d.dosageText(dose, frequency);
      if (stopNote != null) {
        dosage = dosage + ". " + stopNote + ".";
      }
      boolean dispensed =
          p.doseDispensed && !d.asNeeded() && "oral".equals(d.route()) && !d.form().contains("pulver")
              && !d.form().contains("droppar") && prescriber != null;
      p.models.add(
          MedicationLine.builder()
              .id(lineId)
              .patientId(p.id)
              .listId(listId)
              .drugName(d.name())
              .atc(d.atc())
              .substance(d.substance())
              .strength(d.strength())
              .form(d.form())
              .dose(dose)
              .dosageText(dosage)
              .route(d.route())
              .frequency(frequency)
              .asNeeded(d.asNeeded())
              .startDate(start)
              .stopDate(stop)
              .reason(d.reason())
              .prescriber(prescriber)
              .doseDispensed(dispensed)
              .status(status)
              .build());
      return lineId;
    }

    // --- medication check -----------------------------------------------------------------------

    /** A difference between the lists, ready to become a Discrepancy. */
    private record Difference(
        DiscrepancyType type,
        DiscrepancySeverity severity,
        DiscrepancyIntent intent,
        DiscrepancyResolution resolution,
        List<String> lineIds,
        String note) {}

    private CheckStatus createMedicationCheck(
        PatientRec p, Times t, MedicationData m, List<Deviation> deviations) {
      CheckStatus status =
          p.stage == Stage.CLOSED || chance(0.5)
              ? CheckStatus.COMPLETE
              : CheckStatus.OPEN_DISCREPANCIES;
      List<Difference> differences = differences(m);
      String checkId = id("medication_check");
      Instant started = t.utskriven.plus(Duration.ofMinutes(between(90, 180)));
      Instant completed =
          status == CheckStatus.COMPLETE ? started.plus(Duration.ofMinutes(between(25, 90))) : null;
      StaffRec physician = p.team.first(Profession.LAKARE);
      p.models.add(
          MedicationCheck.builder()
              .id(checkId)
              .patientId(p.id)
              .episodeId(p.episodeId)
              .comparedListIds(List.of(m.dischargeListId, m.homeListId))
              .performedBy(p.nurse.id)
              .physicianDecisionBy(
                  status == CheckStatus.COMPLETE && physician != null ? physician.id : null)
              .status(status)
              .startedAt(started)
              .completedAt(completed)
              .build());

      String communicatedTo =
          p.team.def.huvudman() == Huvudman.REGION && physician != null
              ? physician.def.name() + ", " + p.team.def.name()
              : "Avdelningsläkare, " + p.ward + ", " + p.hospital;
      int count =
          status == CheckStatus.COMPLETE
              ? differences.size()
              : Math.min(differences.size(), between(1, 3));
      for (int i = 0; i < count; i++) {
        Difference d = differences.get(i);
        boolean resolved = status == CheckStatus.COMPLETE || (i > 0 && chance(0.5));
        String discrepancyId = id("discrepancy");
        Instant resolvedAt =
            resolved ? started.plus(Duration.ofMinutes(between(15, 80))) : null;
        p.models.add(
            Discrepancy.builder()
                .id(discrepancyId)
                .patientId(p.id)
                .checkId(checkId)
                .lineIds(d.lineIds())
                .type(d.type())
                .intent(resolved ? d.intent() : DiscrepancyIntent.UNCLEAR)
                .severity(d.severity())
                .resolution(resolved ? d.resolution() : DiscrepancyResolution.OPEN)
                .resolvedBy(resolved ? p.nurse.id : null)
                .resolvedAt(resolvedAt)
                .communicatedTo(communicatedTo)
                .note(d.note())
                .build());
        if (!resolved && d.severity() == DiscrepancySeverity.POTENTIALLY_SERIOUS) {
          Instant reported = started.plus(Duration.ofMinutes(between(20, 60)));
          deviations.add(
              Deviation.builder()
                  .id(id("deviation"))
                  .patientId(p.id)
                  .episodeId(p.episodeId)
                  .category(DeviationCategory.LIST_MISMATCH)
                  .description(
                      "Läkemedelslistan från sjukhuset stämmer inte med läkemedlen i hemmet. "
                          + d.note())
                  .severity(DeviationSeverity.RISK)
                  .reportedBy(p.nurse.id)
                  .reportedAt(reported)
                  .detectedAt(started)
                  .status(DeviationStatus.INVESTIGATING)
                  .lexMaria(LexMariaAssessment.NOT_ASSESSED)
                  .immediateAction("Förskrivaren kontaktad; dosetten justerad i väntan på besked.")
                  .discrepancyId(discrepancyId)
                  .build());
        }
      }
      return status;
    }

    /** The differences between the lists, most serious kinds first. */
    private List<Difference> differences(MedicationData m) {
      List<Difference> out = new ArrayList<>();
      boolean anticoagulant = m.activeKeys.contains("eliquis");
      if (m.stopped != null) {
        String[] ids = m.lineIds.get(m.stopped.key());
        boolean serious = m.stopped.key().equals("trombyl") && anticoagulant;
        out.add(
            new Difference(
                DiscrepancyType.STOPPED_BUT_CONTINUED,
                serious ? DiscrepancySeverity.POTENTIALLY_SERIOUS : DiscrepancySeverity.SIGNIFICANT,
                DiscrepancyIntent.UNINTENTIONAL,
                DiscrepancyResolution.CORRECTED_NEW_ORDER,
                List.of(ids[0], ids[1]),
                m.stopped.name() + " är utsatt under vårdtiden men finns kvar på hemmalistan och i"
                    + " dosetten."
                    + (serious ? " Risk för blödning tillsammans med Eliquis." : "")));
      }
      {
        String[] ids = m.lineIds.get(m.added.key());
        boolean serious = m.added.key().equals("eliquis") || m.added.key().equals("morfin");
        out.add(
            new Difference(
                DiscrepancyType.OMISSION,
                serious ? DiscrepancySeverity.POTENTIALLY_SERIOUS : DiscrepancySeverity.SIGNIFICANT,
                DiscrepancyIntent.UNINTENTIONAL,
                DiscrepancyResolution.CORRECTED_NEW_ORDER,
                List.of(ids[0]),
                m.added.name() + " " + m.added.strength() + " är insatt under vårdtiden men saknas"
                    + " på hemmalistan och finns inte hemma."));
      }
      if (m.doseChanged != null) {
        String[] ids = m.lineIds.get(m.doseChanged.key());
        out.add(
            new Difference(
                DiscrepancyType.WRONG_DOSE,
                DiscrepancySeverity.SIGNIFICANT,
                DiscrepancyIntent.DOCUMENTED_INTENTIONAL,
                DiscrepancyResolution.CONFIRMED_INTENTIONAL,
                List.of(ids[0], ids[1]),
                m.doseChanged.name() + ": utskrivningslistan anger " + m.doseChanged.dose() + ", "
                    + "hemmalistan " + m.doseChanged.oldDose() + ". Dosändringen beskrivs i"
                    + " läkemedelsberättelsen."));
      }
      if (m.frequencyChanged != null) {
        String[] ids = m.lineIds.get(m.frequencyChanged.key());
        out.add(
            new Difference(
                DiscrepancyType.WRONG_FREQUENCY,
                DiscrepancySeverity.SIGNIFICANT,
                DiscrepancyIntent.UNDOCUMENTED_INTENTIONAL,
                DiscrepancyResolution.CONFIRMED_INTENTIONAL,
                List.of(ids[0], ids[1]),
                m.frequencyChanged.name() + ": utskrivningslistan anger \""
                    + m.frequencyChanged.frequency() + "\", hemmalistan \""
                    + m.frequencyChanged.oldFrequency() + "\". Ändringen saknar motivering."));
      }
      if (m.homeOnly != null) {
        String[] ids = m.lineIds.get(m.homeOnly.key());
        boolean risky =
            m.homeOnly.key().equals("ipren")
                && (anticoagulant || m.activeKeys.contains("furosemid")
                    || m.activeKeys.contains("enalapril"));
        out.add(
            new Difference(
                DiscrepancyType.COMMISSION,
                risky ? DiscrepancySeverity.SIGNIFICANT : DiscrepancySeverity.NOT_SIGNIFICANT,
                DiscrepancyIntent.UNDOCUMENTED_INTENTIONAL,
                DiscrepancyResolution.ACCEPTED_WITH_RATIONALE,
                List.of(ids[1]),
                m.homeOnly.name() + " finns på hemmalistan men inte på utskrivningslistan"
                    + " (egenvård)."
                    + (risky ? " Olämpligt tillsammans med patientens övriga läkemedel." : "")));
      }
      return out;
    }
  }
}
