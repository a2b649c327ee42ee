package se.nara.server.demo;

import java.util.List;
import java.util.Map;
import se.nara.sdk.model.ChecklistGroup;
import se.nara.sdk.model.Delregion;
import se.nara.sdk.model.DeviationCategory;
import se.nara.sdk.model.DeviationSeverity;
import se.nara.sdk.model.Huvudman;
import se.nara.sdk.model.Profession;
import se.nara.sdk.model.ResponsibleParty;
import se.nara.sdk.model.TeamType;

/**
 * The fixed texts and tables behind {@link DemoSeed}: teams, staff, names, streets, hospitals,
 * medicines, the discharge-day checklist template and plan goals and actions. Everything here is
 * made up; HSA-ids use a fictitious prefix, and the people do not exist.
 */
final class DemoCatalogue {
  private DemoCatalogue() {}

  /** Fictitious HSA-id prefix for every demo unit and person. */
  static final String HSA_PREFIX = "SE2321000081-";

  // ---------------------------------------------------------------------------------------------
  // Teams
  // ---------------------------------------------------------------------------------------------

  /** Where a patient is in the SVU process, in the demo's own finer terms. */
  enum Stage {
    /** Admitted, inskrivningsmeddelande sent. */
    ADMITTED,
    /** Kartläggning under way. */
    MAPPING,
    /** Utskrivningsklar, not yet discharged. */
    READY,
    /** Was utskrivningsklar, then no longer. */
    NO_LONGER_READY,
    /** Discharged today: the discharge-day visit is on today's schedule. */
    DISCHARGED_TODAY,
    /** Discharged 1–10 days ago, at home. */
    DISCHARGED_EARLIER,
    /** The SVU case is closed; the patient is still in the team's care. */
    CLOSED
  }

  /**
   * A demo team.
   *
   * @param hsaSuffix the part after {@link #HSA_PREFIX}
   * @param hospitals the hospitals the team's patients come from
   * @param stages one stage per patient of the team; the number of patients is its length
   */
  record TeamDef(
      String name,
      TeamType type,
      Huvudman huvudman,
      Delregion delregion,
      String municipality,
      String hsaSuffix,
      List<String> hospitals,
      List<Stage> stages) {}

  private static final Stage AD = Stage.ADMITTED;
  private static final Stage MA = Stage.MAPPING;
  private static final Stage RE = Stage.READY;
  private static final Stage NL = Stage.NO_LONGER_READY;
  private static final Stage DT = Stage.DISCHARGED_TODAY;
  private static final Stage DE = Stage.DISCHARGED_EARLIER;
  private static final Stage CL = Stage.CLOSED;

  static final List<TeamDef> TEAMS =
      List.of(
          new TeamDef(
              "Hemtagningsteam Malmö",
              TeamType.HEMTAGNINGSTEAM,
              Huvudman.KOMMUN,
              Delregion.MALMO,
              "Malmö",
              "HTMA",
              List.of("Skånes universitetssjukhus Malmö"),
              List.of(DT, DT, DE, DE, DE, DE, RE, DE, RE, MA, AD, NL)),
          new TeamDef(
              "ASIH Lund",
              TeamType.ASIH,
              Huvudman.REGION,
              Delregion.MELLERSTA,
              "Lund",
              "ASLU",
              List.of("Skånes universitetssjukhus Lund"),
              List.of(DT, DE, DE, DE, CL, RE)),
          new TeamDef(
              "Mobilt team Kristianstad",
              TeamType.MOBILT_TEAM,
              Huvudman.REGION,
              Delregion.NORDOSTRA,
              "Kristianstad",
              "MTKR",
              List.of("Centralsjukhuset Kristianstad"),
              List.of(DT, DE, DE, DE, CL, MA)),
          new TeamDef(
              "SVU-team Helsingborg",
              TeamType.SVU_TEAM,
              Huvudman.REGION,
              Delregion.NORDVASTRA,
              "Helsingborg",
              "SVHB",
              List.of("Helsingborgs lasarett", "Ängelholms sjukhus"),
              List.of(DT, DT, DE, DE, RE, MA)),
          new TeamDef(
              "Hemsjukvård Ystad",
              TeamType.HEMSJUKVARD,
              Huvudman.KOMMUN,
              Delregion.SYDOSTRA,
              "Ystad",
              "HSYS",
              List.of("Ystad lasarett"),
              List.of(DT, DE, DE, CL, AD)),
          new TeamDef(
              "Hemsjukvård Trelleborg",
              TeamType.HEMSJUKVARD,
              Huvudman.KOMMUN,
              Delregion.SYDVASTRA,
              "Trelleborg",
              "HSTB",
              List.of("Trelleborgs lasarett", "Skånes universitetssjukhus Malmö"),
              List.of(DT, DE, DE, CL, NL)),
          new TeamDef(
              "Hemsjukvård Eslöv",
              TeamType.HEMSJUKVARD,
              Huvudman.KOMMUN,
              Delregion.MELLERSTA,
              "Eslöv",
              "HSES",
              List.of("Skånes universitetssjukhus Lund"),
              List.of(DT, DE, DE, DE, MA)),
          new TeamDef(
              "ASIH Hässleholm",
              TeamType.ASIH,
              Huvudman.REGION,
              Delregion.NORDOSTRA,
              "Hässleholm",
              "ASHL",
              List.of("Hässleholms sjukhus", "Centralsjukhuset Kristianstad"),
              List.of(DT, DE, DE, DE, RE)));

  /** The municipality's own name, as used for a responsible unit. */
  static final Map<String, String> KOMMUN_NAMES =
      Map.of(
          "Malmö", "Malmö stad",
          "Lund", "Lunds kommun",
          "Kristianstad", "Kristianstads kommun",
          "Helsingborg", "Helsingborgs stad",
          "Ystad", "Ystads kommun",
          "Trelleborg", "Trelleborgs kommun",
          "Eslöv", "Eslövs kommun",
          "Hässleholm", "Hässleholms kommun");

  // ---------------------------------------------------------------------------------------------
  // Staff
  // ---------------------------------------------------------------------------------------------

  /** A demo staff member; {@code team} indexes {@link #TEAMS}. */
  record StaffDef(String username, String name, Profession profession, int team) {}

  private static final Profession SSK = Profession.SJUKSKOTERSKA;
  private static final Profession DSK = Profession.DISTRIKTSSKOTERSKA;
  private static final Profession USK = Profession.UNDERSKOTERSKA;
  private static final Profession AT = Profession.ARBETSTERAPEUT;
  private static final Profession FT = Profession.FYSIOTERAPEUT;
  private static final Profession LAK = Profession.LAKARE;
  private static final Profession BH = Profession.BISTANDSHANDLAGGARE;
  private static final Profession TL = Profession.TEAMLEDARE;

  static final List<StaffDef> STAFF =
      List.of(
          // 0 Hemtagningsteam Malmö: the two nurses share patients so two tablets can edit them
          new StaffDef("karin.tl", "Karin Lindqvist", TL, 0),
          new StaffDef("anna.ssk", "Anna Svensson", SSK, 0),
          new StaffDef("erik.ssk", "Erik Johansson", SSK, 0),
          new StaffDef("fatima.usk", "Fatima Hassan", USK, 0),
          new StaffDef("sara.at", "Sara Nilsson", AT, 0),
          new StaffDef("johan.ft", "Johan Berg", FT, 0),
          new StaffDef("lena.bh", "Lena Persson", BH, 0),
          // 1 ASIH Lund
          new StaffDef("helena.tl", "Helena Borg", TL, 1),
          new StaffDef("per.lak", "Per Holm", LAK, 1),
          new StaffDef("maja.ssk", "Maja Lindgren", SSK, 1),
          new StaffDef("jonas.ssk", "Jonas Wallin", SSK, 1),
          new StaffDef("amira.usk", "Amira Begović", USK, 1),
          new StaffDef("oskar.ft", "Oskar Friberg", FT, 1),
          // 2 Mobilt team Kristianstad
          new StaffDef("ulrika.tl", "Ulrika Sandberg", TL, 2),
          new StaffDef("mikael.lak", "Mikael Ström", LAK, 2),
          new StaffDef("camilla.dsk", "Camilla Nyberg", DSK, 2),
          new StaffDef("henrik.ssk", "Henrik Dahl", SSK, 2),
          new StaffDef("linnea.usk", "Linnea Holmqvist", USK, 2),
          // 3 SVU-team Helsingborg
          new StaffDef("annika.tl", "Annika Möller", TL, 3),
          new StaffDef("petra.ssk", "Petra Lundberg", SSK, 3),
          new StaffDef("sofia.dsk", "Sofia Axelsson", DSK, 3),
          new StaffDef("emma.at", "Emma Jönsson", AT, 3),
          new StaffDef("ahmed.admin", "Ahmed Yusuf", Profession.ADMIN, 3),
          // 4 Hemsjukvård Ystad
          new StaffDef("eva.tl", "Eva Mårtensson", TL, 4),
          new StaffDef("ingrid.dsk", "Ingrid Olofsson", DSK, 4),
          new StaffDef("magnus.ssk", "Magnus Åkesson", SSK, 4),
          new StaffDef("jessica.usk", "Jessica Andersson", USK, 4),
          new StaffDef("elin.at", "Elin Håkansson", AT, 4),
          new StaffDef("gustav.ft", "Gustav Lind", FT, 4),
          new StaffDef("therese.bh", "Therese Bengtsson", BH, 4),
          // 5 Hemsjukvård Trelleborg
          new StaffDef("malin.tl", "Malin Olsson", TL, 5),
          new StaffDef("kristina.dsk", "Kristina Månsson", DSK, 5),
          new StaffDef("daniel.ssk", "Daniel Eriksson", SSK, 5),
          new StaffDef("jelena.usk", "Jelena Petrović", USK, 5),
          new StaffDef("hanna.at", "Hanna Larsson", AT, 5),
          // 6 Hemsjukvård Eslöv
          new StaffDef("cecilia.tl", "Cecilia Wikström", TL, 6),
          new StaffDef("louise.ssk", "Louise Gustafsson", SSK, 6),
          new StaffDef("marcus.usk", "Marcus Pettersson", USK, 6),
          new StaffDef("ida.ft", "Ida Sjöberg", FT, 6),
          new StaffDef("monica.mas", "Monica Ohlsson", Profession.MAS, 6),
          // 7 ASIH Hässleholm
          new StaffDef("jenny.tl", "Jenny Karlsson", TL, 7),
          new StaffDef("anders.lak", "Anders Nordin", LAK, 7),
          new StaffDef("lisa.ssk", "Lisa Jakobsson", SSK, 7),
          new StaffDef("robert.ssk", "Robert Svärd", SSK, 7),
          new StaffDef("emelie.usk", "Emelie Paulsson", USK, 7));

  /** The logins printed in the startup banner, in banner order. */
  static final List<String> LOGIN_USERNAMES =
      List.of("anna.ssk", "erik.ssk", "karin.tl", "fatima.usk", "sara.at", "per.lak", "maja.ssk", "monica.mas", "ahmed.admin");

  // ---------------------------------------------------------------------------------------------
  // Patients
  // ---------------------------------------------------------------------------------------------

  static final List<String> FEMALE_NAMES =
      List.of(
          "Margareta", "Elisabeth", "Ingrid", "Birgitta", "Kerstin", "Marianne", "Gunilla", "Ulla",
          "Britt", "Inger", "Gun", "Barbro", "Solveig", "Maj-Britt", "Astrid", "Ingegerd", "Elsa",
          "Gunnel", "Signe", "Sonja", "Ann-Marie", "Siv", "Berit", "Agneta", "Yvonne", "Gerd",
          "Märta", "Vera", "Rut", "Karin");

  static final List<String> MALE_NAMES =
      List.of(
          "Lars", "Karl-Erik", "Bengt", "Sven", "Kjell", "Rolf", "Göran", "Lennart", "Bo", "Åke",
          "Leif", "Nils", "Gunnar", "Stig", "Ingvar", "Hans", "Bertil", "Sten", "Olof", "Tage",
          "Arne", "Per-Olof", "Evert", "Roland", "Sune", "Ivar", "Folke", "Curt", "Allan", "Gösta");

  static final List<String> SURNAMES =
      List.of(
          "Persson", "Nilsson", "Jönsson", "Månsson", "Mårtensson", "Håkansson", "Ohlsson",
          "Bengtsson", "Svensson", "Olsson", "Hansson", "Lundgren", "Åkesson", "Tufvesson",
          "Ingvarsson", "Andersson", "Johansson", "Karlsson", "Larsson", "Pålsson", "Nordström",
          "Lindgren", "Sjöström", "Jeppsson", "Mattsson", "Rosén", "Holmberg", "Ekberg",
          "Truedsson", "Nordin");

  /** Streets with their postcode, per municipality. */
  static final Map<String, List<String[]>> STREETS =
      Map.of(
          "Malmö",
          List.of(
              new String[] {"Södra Förstadsgatan", "211 43"},
              new String[] {"Lorensborgsgatan", "217 61"},
              new String[] {"Zenithgatan", "212 14"},
              new String[] {"Västra Rönneholmsvägen", "217 41"},
              new String[] {"Ystadvägen", "214 45"},
              new String[] {"Kronborgsvägen", "217 42"},
              new String[] {"Bellevuevägen", "217 72"},
              new String[] {"Amiralsgatan", "214 37"}),
          "Lund",
          List.of(
              new String[] {"Bredgatan", "222 21"},
              new String[] {"Nöbbelövsvägen", "226 52"},
              new String[] {"Vårfrugatan", "222 20"},
              new String[] {"Tornavägen", "223 63"},
              new String[] {"Östra Vallgatan", "223 61"},
              new String[] {"Järnåkravägen", "222 25"}),
          "Kristianstad",
          List.of(
              new String[] {"Västra Storgatan", "291 31"},
              new String[] {"Tivoligatan", "291 32"},
              new String[] {"Östra Boulevarden", "291 31"},
              new String[] {"Gamla Åhusvägen", "291 59"},
              new String[] {"Blekingevägen", "291 33"}),
          "Helsingborg",
          List.of(
              new String[] {"Drottninggatan", "252 21"},
              new String[] {"Södergatan", "252 25"},
              new String[] {"Fältarpsvägen", "254 49"},
              new String[] {"Ringstorpsvägen", "254 44"},
              new String[] {"Planteringsvägen", "252 29"},
              new String[] {"Furutorpsgatan", "252 47"}),
          "Ystad",
          List.of(
              new String[] {"Stora Östergatan", "271 34"},
              new String[] {"Lilla Västergatan", "271 31"},
              new String[] {"Regementsgatan", "271 39"},
              new String[] {"Surbrunnsvägen", "271 41"}),
          "Trelleborg",
          List.of(
              new String[] {"Algatan", "231 42"},
              new String[] {"Hedvägen", "231 66"},
              new String[] {"Östergatan", "231 31"},
              new String[] {"Västergatan", "231 64"}),
          "Eslöv",
          List.of(
              new String[] {"Storgatan", "241 30"},
              new String[] {"Bruksgatan", "241 38"},
              new String[] {"Västergatan", "241 31"},
              new String[] {"Trollsjögatan", "241 32"}),
          "Hässleholm",
          List.of(
              new String[] {"Frykholmsgatan", "281 31"},
              new String[] {"Tormestorpsvägen", "281 43"},
              new String[] {"Norra Kungsgatan", "281 32"},
              new String[] {"Stobygatan", "281 39"}));

  /** The address shown for a patient with skyddad folkbokföring. */
  static final String PROTECTED_ADDRESS = "Skyddad folkbokföring – adress visas ej";

  /** Made-up hospital doctors who sign discharge lists. */
  static final List<String> HOSPITAL_DOCTORS =
      List.of(
          "Jakob Rydén", "Lina Ekdahl", "Tobias Malmqvist", "Sanna Öberg", "Fredrik Alm",
          "Nora Sandell", "Viktor Lund", "Hanna Ek");

  // ---------------------------------------------------------------------------------------------
  // Clinical profiles
  // ---------------------------------------------------------------------------------------------

  /** Why the patient was in hospital; drives ward, medicines and plan content. */
  enum Profile {
    HJARTSVIKT(
        List.of("Kardiologiavdelning", "Medicinavdelning 2"),
        List.of("furosemid", "metoprolol", "enalapril", "atorvastatin"),
        List.of("spironolakton", "eliquis", "kaleorid"),
        "Att orka gå ut med hunden igen och slippa åka in akut."),
    HOFTFRAKTUR(
        List.of("Ortopedavdelning", "Akutgeriatrisk avdelning"),
        List.of("alvedon", "kalcipos", "alendronat"),
        List.of("oxynorm", "movicol", "eliquis"),
        "Att kunna gå till affären med rollatorn och klara mig hemma."),
    KOL(
        List.of("Lungmedicinsk avdelning", "Medicinavdelning 2"),
        List.of("spiriva", "bricanyl"),
        List.of("betapred", "omeprazol", "furadantin"),
        "Att kunna andas lugnt och få bo kvar i mitt hus."),
    STROKE(
        List.of("Strokeavdelning", "Neurologiavdelning"),
        List.of("atorvastatin", "amlodipin", "enalapril"),
        List.of("eliquis", "omeprazol"),
        "Att klara mig själv i köket och kunna läsa tidningen igen."),
    INFEKTION(
        List.of("Infektionsavdelning", "Akutgeriatrisk avdelning"),
        List.of("alvedon"),
        List.of("furadantin", "movicol", "kaleorid"),
        "Att bli mig själv igen och komma tillbaka till kören."),
    PALLIATIV(
        List.of("Onkologiavdelning", "Medicinavdelning 2"),
        List.of("oxycontin", "oxynorm", "movicol", "primperan", "betapred"),
        List.of("morfin", "zopiklon-ny"),
        "Att få vara hemma hos familjen och inte ha ont.");

    final List<String> wards;
    final List<String> coreDrugs;
    final List<String> newDrugs;
    final String ownGoals;

    Profile(List<String> wards, List<String> coreDrugs, List<String> newDrugs, String ownGoals) {
      this.wards = wards;
      this.coreDrugs = coreDrugs;
      this.newDrugs = newDrugs;
      this.ownGoals = ownGoals;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Medicines
  // ---------------------------------------------------------------------------------------------

  /**
   * A medicine as it appears on a list. {@code group} keeps two drugs of one kind off the same
   * list; {@code oldDose} / {@code oldFrequency}, when set, are what the home list still says after
   * the hospital changed the dose or frequency.
   */
  record Drug(
      String key,
      String name,
      String substance,
      String atc,
      String strength,
      String form,
      String dose,
      String frequency,
      String route,
      boolean asNeeded,
      String reason,
      String group,
      String oldDose,
      String oldFrequency) {

    String dosageText(String d, String f) {
      return d + " " + f;
    }
  }

  private static Drug oral(
      String key, String name, String substance, String atc, String strength, String form,
      String dose, String frequency, String reason, String group, String oldDose,
      String oldFrequency) {
    return new Drug(
        key, name, substance, atc, strength, form, dose, frequency, "oral", false, reason, group,
        oldDose, oldFrequency);
  }

  private static Drug prn(
      String key, String name, String substance, String atc, String strength, String form,
      String dose, String frequency, String route, String reason, String group) {
    return new Drug(
        key, name, substance, atc, strength, form, dose, frequency, route, true, reason, group,
        null, null);
  }

  static final List<Drug> DRUGS =
      List.of(
          oral("alvedon", "Alvedon", "paracetamol", "N02BE01", "500 mg", "tablett", "2 tabletter",
              "3 gånger dagligen", "Smärta", "paracetamol", null, "4 gånger dagligen"),
          oral("metoprolol", "Metoprolol", "metoprolol", "C07AB02", "50 mg", "depottablett",
              "1 tablett", "morgon", "Förmaksflimmer, frekvensreglering", "betablockerare",
              "½ tablett", null),
          oral("furosemid", "Furosemid", "furosemid", "C03CA01", "40 mg", "tablett",
              "2 tabletter", "morgon", "Hjärtsvikt, ödem", "diuretikum", "1 tablett", null),
          oral("eliquis", "Eliquis", "apixaban", "B01AF02", "5 mg", "filmdragerad tablett",
              "1 tablett", "morgon och kväll", "Förmaksflimmer, strokeprofylax", "antitrombotisk",
              null, null),
          oral("trombyl", "Trombyl", "acetylsalicylsyra", "B01AC06", "75 mg", "tablett",
              "1 tablett", "morgon", "Sekundärprevention hjärt-kärlsjukdom", "antitrombotisk",
              null, null),
          oral("atorvastatin", "Atorvastatin", "atorvastatin", "C10AA05", "40 mg",
              "filmdragerad tablett", "1 tablett", "kväll", "Hyperlipidemi", "statin", null, null),
          oral("omeprazol", "Omeprazol", "omeprazol", "A02BC01", "20 mg", "enterokapsel",
              "1 kapsel", "morgon", "Ulcusprofylax", "ppi", "2 kapslar", null),
          oral("levaxin", "Levaxin", "levotyroxin", "H03AA01", "100 mikrogram", "tablett",
              "1 tablett", "morgon, fastande", "Hypotyreos", "tyroidea", "1 ½ tablett", null),
          oral("sertralin", "Sertralin", "sertralin", "N06AB06", "50 mg", "filmdragerad tablett",
              "1 tablett", "morgon", "Depression", "antidepressiv", "2 tabletter", null),
          oral("mirtazapin", "Mirtazapin", "mirtazapin", "N06AX11", "15 mg",
              "filmdragerad tablett", "1 tablett", "till natten", "Depression, sömnstörning",
              "antidepressiv", null, null),
          oral("enalapril", "Enalapril", "enalapril", "C09AA02", "10 mg", "tablett", "1 tablett",
              "morgon och kväll", "Hypertoni, hjärtsvikt", "raas", null, "morgon"),
          oral("candesartan", "Candesartan", "kandesartan", "C09CA06", "8 mg", "tablett",
              "1 tablett", "morgon", "Hypertoni", "raas", "2 tabletter", null),
          oral("amlodipin", "Amlodipin", "amlodipin", "C08CA01", "5 mg", "tablett", "1 tablett",
              "morgon", "Hypertoni", "kalciumantagonist", "2 tabletter", null),
          oral("metformin", "Metformin", "metformin", "A10BA02", "500 mg", "filmdragerad tablett",
              "1 tablett", "morgon och kväll", "Diabetes typ 2", "metformin", null,
              "3 gånger dagligen"),
          new Drug("lantus", "Lantus", "insulin glargin", "A10AE04", "100 E/ml",
              "injektionsvätska, förfylld injektionspenna", "14 E", "kväll", "subkutan", false,
              "Diabetes typ 2", "insulin", "18 E", null),
          oral("movicol", "Movicol", "makrogol, kombinationer", "A06AD65", "13,8 g",
              "pulver till oral lösning, dospåse", "1 dospåse", "morgon", "Förstoppning",
              "laxantia-bulk", "2 dospåsar", null),
          prn("laxoberal", "Laxoberal", "natriumpikosulfat", "A06AB08", "7,5 mg/ml",
              "orala droppar", "10 droppar", "till natten vid behov", "oral", "Förstoppning",
              "laxantia-stim"),
          prn("zopiklon", "Zopiklon", "zopiklon", "N05CF01", "5 mg", "filmdragerad tablett",
              "1 tablett", "till natten vid behov", "oral", "Sömnbesvär", "somn"),
          prn("zopiklon-ny", "Zopiklon", "zopiklon", "N05CF01", "5 mg", "filmdragerad tablett",
              "1 tablett", "till natten vid behov", "oral", "Sömnbesvär", "somn"),
          prn("oxascand", "Oxascand", "oxazepam", "N05BA04", "5 mg", "tablett", "1 tablett",
              "vid behov, högst 3 per dygn", "oral", "Oro", "bensodiazepin"),
          oral("kalcipos", "Kalcipos-D", "kalciumkarbonat, kolekalciferol", "A12AX",
              "500 mg/800 IE", "tuggtablett", "1 tablett", "morgon", "Osteoporosprofylax",
              "kalcium", null, null),
          oral("alendronat", "Alendronat", "alendronsyra", "M05BA04", "70 mg", "tablett",
              "1 tablett", "en gång per vecka (måndag), fastande", "Osteoporos", "bisfosfonat",
              null, null),
          oral("spironolakton", "Spironolakton", "spironolakton", "C03DA01", "25 mg",
              "filmdragerad tablett", "1 tablett", "morgon", "Hjärtsvikt", "mra", null, null),
          oral("kaleorid", "Kaleorid", "kaliumklorid", "A12BA01", "750 mg", "depottablett",
              "1 tablett", "morgon och kväll", "Hypokalemi", "kalium", null, null),
          oral("donepezil", "Donepezil", "donepezil", "N06DA02", "10 mg", "filmdragerad tablett",
              "1 tablett", "till natten", "Alzheimers sjukdom", "demens", null, null),
          oral("behepan", "Behepan", "cyanokobalamin", "B03BA01", "1 mg", "tablett",
              "1 tablett", "morgon", "B12-brist", "b12", null, null),
          new Drug("spiriva", "Spiriva Respimat", "tiotropiumbromid", "R03BB04",
              "2,5 mikrogram/dos", "inhalationsvätska", "2 inhalationer", "morgon", "inhalation",
              false, "KOL", "lama", null, null),
          prn("bricanyl", "Bricanyl Turbuhaler", "terbutalin", "R03AC03", "0,5 mg/dos",
              "inhalationspulver", "1 inhalation", "vid behov, högst 6 per dygn", "inhalation",
              "KOL, andnöd", "saba"),
          oral("betapred", "Betapred", "betametason", "H02AB01", "0,5 mg", "tablett",
              "4 tabletter", "morgon", "Aptit, ork (palliativ)", "kortison", "8 tabletter", null),
          prn("primperan", "Primperan", "metoklopramid", "A03FA01", "10 mg", "tablett",
              "1 tablett", "vid behov, högst 3 per dygn", "oral", "Illamående", "antiemetika"),
          oral("oxycontin", "OxyContin", "oxikodon", "N02AA05", "10 mg", "depottablett",
              "2 tabletter", "kl 08 och kl 20", "Smärta", "opioid-depot", "1 tablett", null),
          prn("oxynorm", "OxyNorm", "oxikodon", "N02AA05", "5 mg", "kapsel", "1 kapsel",
              "vid behov, högst 6 per dygn", "oral", "Genombrottssmärta", "opioid-snabb"),
          prn("morfin", "Morfin Meda", "morfin", "N02AA01", "10 mg/ml", "injektionsvätska",
              "0,25 ml (2,5 mg)", "vid behov, högst var 4:e timme", "subkutan",
              "Smärta, andnöd (palliativ)", "opioid-inj"),
          oral("furadantin", "Furadantin", "nitrofurantoin", "J01XE01", "50 mg", "tablett",
              "1 tablett", "3 gånger dagligen i 5 dagar", "Urinvägsinfektion", "antibiotika",
              null, null),
          prn("ipren", "Ipren", "ibuprofen", "M01AE01", "200 mg", "filmdragerad tablett",
              "1 tablett", "vid behov (receptfritt, egenvård)", "oral", "Värk", "nsaid"),
          oral("propavan", "Propavan", "propiomazin", "N05CM06", "25 mg", "tablett", "1 tablett",
              "till natten", "Sömnbesvär", "somn-propavan", null, null));

  /** Drugs that fill up a list after the profile's core drugs. */
  static final List<String> FILLER_DRUGS =
      List.of(
          "alvedon", "metoprolol", "furosemid", "atorvastatin", "omeprazol", "levaxin",
          "sertralin", "mirtazapin", "candesartan", "amlodipin", "metformin", "lantus", "movicol",
          "laxoberal", "kalcipos", "behepan", "donepezil", "trombyl", "enalapril");

  /** Drugs the hospital may stop (they then linger on the home list). */
  static final List<String> STOPPABLE_DRUGS =
      List.of("zopiklon", "oxascand", "trombyl", "amlodipin", "metformin");

  /** Drugs only on the home list: bought over the counter or from another prescriber. */
  static final List<String> HOME_ONLY_DRUGS = List.of("ipren", "propavan");

  /** Why a drug was stopped during the stay, by drug key. */
  static final Map<String, String> STOP_REASONS =
      Map.of(
          "zopiklon", "Utsatt under vårdtiden på grund av fallrisk",
          "oxascand", "Utsatt under vårdtiden på grund av fallrisk och förvirring",
          "trombyl", "Utsatt: ersatt av Eliquis",
          "amlodipin", "Utsatt på grund av lågt blodtryck och yrsel",
          "metformin", "Utsatt på grund av nedsatt njurfunktion (eGFR 28)");

  // ---------------------------------------------------------------------------------------------
  // Discharge-day checklist (DOMAIN.md 2.4)
  // ---------------------------------------------------------------------------------------------

  /**
   * One item of the checklist template.
   *
   * @param profession who typically confirms it; null for "the team" or someone outside it
   * @param canBeNotApplicable whether "ej aktuell" is a sensible answer for it
   */
  record ItemDef(
      String key,
      ChecklistGroup group,
      String label,
      Profession profession,
      boolean canBeNotApplicable) {}

  static final String CHECKLIST_TEMPLATE_ID = "skane-hemgang-dag1";
  static final int CHECKLIST_TEMPLATE_VERSION = 1;

  static final List<ItemDef> CHECKLIST =
      List.of(
          new ItemDef("arrival.identity", ChecklistGroup.ARRIVAL,
              "Patienten hemma, identitet kontrollerad", SSK, false),
          new ItemDef("documents.discharge_summary", ChecklistGroup.DOCUMENTS,
              "Epikris/utskrivningsinformation mottagen", SSK, false),
          new ItemDef("documents.medication_report", ChecklistGroup.DOCUMENTS,
              "Läkemedelsberättelse och uppdaterad läkemedelslista mottagen", SSK, false),
          new ItemDef("medicines.available", ChecklistGroup.MEDICINES,
              "Läkemedel finns hemma (inga avbrott i behandlingen)", SSK, false),
          new ItemDef("medicines.dose_dispensing", ChecklistGroup.MEDICINES,
              "Dosett/APO-dos ordnad, dosändring meddelad dosapoteket", SSK, true),
          new ItemDef("medicines.reconciliation", ChecklistGroup.MEDICINES,
              "Läkemedelsavstämning gjord (utskrivningslista mot hemmalista)", SSK, false),
          new ItemDef("medicines.locked_cabinet", ChecklistGroup.MEDICINES,
              "Låst läkemedelsskåp vid behov", SSK, true),
          new ItemDef("aids.delivered", ChecklistGroup.AIDS,
              "Hjälpmedel levererade och provade", AT, true),
          new ItemDef("home.environment", ChecklistGroup.HOME,
              "Hemmiljö bedömd (fallrisk, framkomlighet)", AT, false),
          new ItemDef("services.home_help", ChecklistGroup.SERVICES,
              "Hemtjänstinsatser startade", BH, true),
          new ItemDef("services.food", ChecklistGroup.SERVICES,
              "Mat/matdistribution ordnad", null, true),
          new ItemDef("access.keys", ChecklistGroup.ACCESS_SAFETY,
              "Nyckelhantering/digitalt lås ordnat", null, true),
          new ItemDef("access.safety_alarm", ChecklistGroup.ACCESS_SAFETY,
              "Trygghetslarm fungerar", null, true),
          new ItemDef("contact.phone_numbers", ChecklistGroup.CONTACT,
              "Telefonnummer till sjuksköterska dag/kväll/natt lämnat", SSK, false),
          new ItemDef("contact.care_coordinator", ChecklistGroup.CONTACT,
              "Fast vårdkontakt känd av patienten", null, false),
          new ItemDef("follow_up.booked", ChecklistGroup.FOLLOW_UP,
              "Återbesök/uppföljning bokad", null, false),
          new ItemDef("follow_up.pending_tests", ChecklistGroup.FOLLOW_UP,
              "Väntade provsvar kända", LAK, true),
          new ItemDef("follow_up.sip_called", ChecklistGroup.FOLLOW_UP,
              "SIP kallad inom 3 dagar vid behov", null, true),
          new ItemDef("education.warning_signs", ChecklistGroup.EDUCATION,
              "Varningssignaler och vart man ringer genomgånget", SSK, false),
          new ItemDef("education.teach_back", ChecklistGroup.EDUCATION,
              "Förståelse kontrollerad (teach-back)", SSK, false),
          new ItemDef("relatives.informed", ChecklistGroup.RELATIVES,
              "Närstående informerade (med samtycke)", SSK, true),
          new ItemDef("transport.arranged", ChecklistGroup.TRANSPORT,
              "Transport/sjukresa ordnad", null, false),
          new ItemDef("closure.deviation_recorded", ChecklistGroup.CLOSURE,
              "Avvikelse registrerad om något saknades", null, true));

  /** A finding that turns a checklist item MISSING and raises a deviation. */
  record MissingDef(
      String itemKey,
      DeviationCategory category,
      DeviationSeverity severity,
      String note,
      String description,
      String immediateAction) {}

  static final List<MissingDef> MISSING_FINDINGS =
      List.of(
          new MissingDef("aids.delivered", DeviationCategory.AID_MISSING, DeviationSeverity.RISK,
              "Rollator och duschpall ej levererade.",
              "Rollator och duschpall som beställts vid vårdplaneringen var inte levererade när"
                  + " patienten kom hem. Patienten kunde inte förflytta sig säkert.",
              "Hjälpmedelsförrådet kontaktat; lånerollator lämnad samma eftermiddag."),
          new MissingDef("medicines.available", DeviationCategory.MEDICATION,
              DeviationSeverity.RISK,
              "Nyinsatta läkemedel fanns inte hemma.",
              "Läkemedel som satts in under vårdtiden fanns inte i hemmet vid ankomst; recepten"
                  + " var inte uthämtade och ingen medgiven dos skickades med.",
              "Läkemedel hämtade ur kommunens akutläkemedelsförråd; närstående hämtar ut recepten."),
          new MissingDef("documents.medication_report", DeviationCategory.HANDOVER_INFORMATION,
              DeviationSeverity.RISK,
              "Läkemedelsberättelse saknades.",
              "Endast epikris mottagen vid hemkomst. Läkemedelsberättelse och uppdaterad"
                  + " läkemedelslista saknades.",
              "Avdelningen kontaktad per telefon; läkemedelsberättelsen skickad samma dag."),
          new MissingDef("transport.arranged", DeviationCategory.TRANSPORT,
              DeviationSeverity.NO_HARM,
              "Sjukresa inte bokad i tid.",
              "Sjukresa var inte bokad vid utskrivningen; patienten väntade fyra timmar på"
                  + " avdelningen och kom hem efter att hemtjänstens kvällsbesök passerat.",
              "Extra kvällsbesök av hemtjänsten ordnat."),
          new MissingDef("access.safety_alarm", DeviationCategory.COLLABORATION,
              DeviationSeverity.RISK,
              "Trygghetslarm ej installerat.",
              "Trygghetslarmet var inte installerat trots beställning vid planeringsmötet.",
              "Trygghetsjouren kontaktad; installation samma kväll, tillsyn via telefon tills"
                  + " dess."));

  // ---------------------------------------------------------------------------------------------
  // Plans
  // ---------------------------------------------------------------------------------------------

  /** A plan goal: what and how it is measured. */
  record GoalDef(String description, String measure) {}

  static final Map<Profile, List<GoalDef>> PROFILE_GOALS =
      Map.of(
          Profile.HJARTSVIKT,
          List.of(
              new GoalDef("Kunna gå till brevlådan utan att bli andfådd",
                  "Patientens egen skattning vid uppföljning"),
              new GoalDef("Stabil vikt utan ökande ödem",
                  "Daglig vägning; ökning högst 2 kg på 3 dagar"),
              new GoalDef("Undvika återinläggning för hjärtsvikt",
                  "Ingen återinläggning inom 30 dagar")),
          Profile.HOFTFRAKTUR,
          List.of(
              new GoalDef("Gå inomhus med rollator utan att falla", "Inga fall inom 4 veckor"),
              new GoalDef("Klara förflyttning säng–rullstol med stöd av en person",
                  "Arbetsterapeutens bedömning vid uppföljning"),
              new GoalDef("Kunna duscha själv med duschpall", "ADL-bedömning av arbetsterapeut")),
          Profile.KOL,
          List.of(
              new GoalDef("Klara morgonrutinerna utan andnöd", "Saturation över 90 % i vila"),
              new GoalDef("Kunna ta sina inhalationer rätt på egen hand",
                  "Inhalationsteknik kontrollerad av sjuksköterska"),
              new GoalDef("Färre akuta försämringar",
                  "Ingen försämring som kräver sjukhusvård inom 2 månader")),
          Profile.STROKE,
          List.of(
              new GoalDef("Kunna äta själv med anpassade bestick",
                  "Arbetsterapeutens bedömning"),
              new GoalDef("Gå kortare sträckor utomhus med stöd", "Gångtest vid uppföljning"),
              new GoalDef("Blodtryck under 140/90", "Blodtryckskontroll varannan vecka")),
          Profile.INFEKTION,
          List.of(
              new GoalDef("Återfå sin tidigare ork och aptit",
                  "Vikt och egen skattning vid uppföljning"),
              new GoalDef("Infektionen läkt ut utan ny antibiotikakur",
                  "Symtom och CRP kontrolleras efter 2 veckor"),
              new GoalDef("Dricka minst 1,5 liter per dag", "Vätskelista första veckan")),
          Profile.PALLIATIV,
          List.of(
              new GoalDef("Få vara hemma med god symtomlindring",
                  "Smärtskattning (VAS under 4) vid varje besök"),
              new GoalDef("Känna sig trygg nattetid", "Patientens och närståendes skattning"),
              new GoalDef("Närstående ska orka och få avlastning",
                  "Samtal med närstående varannan vecka")));

  static final List<GoalDef> GENERAL_GOALS =
      List.of(
          new GoalDef("Bo kvar i det egna hemmet",
              "Ingen flytt till särskilt boende under planperioden"),
          new GoalDef("Ta sina läkemedel rätt med hjälp av dosett",
              "Inga missade doser vid sjuksköterskans kontroll"),
          new GoalDef("Äta minst tre mål om dagen", "Vägning varje vecka, stabil vikt"),
          new GoalDef("Träffa vänner på mötesplatsen en gång i veckan",
              "Patientens egen skattning"));

  /** A SIP insats: what, which huvudman answers for it, who carries it out. */
  record ActionDef(String description, ResponsibleParty responsible, String performer) {}

  private static ActionDef kommun(String description, String performer) {
    return new ActionDef(description, ResponsibleParty.KOMMUN, performer);
  }

  private static ActionDef region(String description, String performer) {
    return new ActionDef(description, ResponsibleParty.REGION, performer);
  }

  static final List<ActionDef> KOMMUN_ACTIONS =
      List.of(
          kommun("Hemtjänst morgon och kväll: hjälp med personlig hygien och påklädning",
              "Hemtjänsten"),
          kommun("Matdistribution av lunch fem dagar i veckan", "Hemtjänsten"),
          kommun("Trygghetslarm installeras och testas", "Trygghetsjouren"),
          kommun("Dosett delas varannan vecka; läkemedelsövervakning vid besök",
              "Sjuksköterska i hemsjukvården"),
          kommun("Hembesök av arbetsterapeut: hjälpmedel och bostadsanpassning",
              "Arbetsterapeut"),
          kommun("Träningsprogram för gång och balans tre gånger i veckan", "Fysioterapeut"),
          kommun("Biståndsbedömning av hemtjänstinsatser", "Biståndshandläggare"),
          kommun("Avlösning för närstående en dag i veckan", "Hemtjänsten"),
          kommun("Såromläggning två gånger i veckan", "Sjuksköterska i hemsjukvården"));

  static final List<ActionDef> REGION_ACTIONS =
      List.of(
          region("Läkemedelsgenomgång på vårdcentralen inom två veckor",
              "Läkare, vårdcentralen"),
          region("Uppföljande telefonsamtal 48 timmar efter hemgång", "Fast vårdkontakt"),
          region("Provtagning (Hb, kreatinin, elektrolyter) om en vecka",
              "Distriktssköterska, vårdcentralen"));

  static final Map<Profile, ActionDef> PROFILE_REGION_ACTIONS =
      Map.of(
          Profile.HJARTSVIKT,
          region("Återbesök på hjärtsviktsmottagningen om tre veckor",
              "Sjuksköterska, hjärtsviktsmottagningen"),
          Profile.HOFTFRAKTUR,
          region("Återbesök på ortopedmottagningen med röntgen om sex veckor",
              "Ortopedmottagningen"),
          Profile.KOL,
          region("Spirometri och genomgång av inhalationsteknik", "KOL-sjuksköterska"),
          Profile.STROKE,
          region("Logopedbedömning av sväljförmåga", "Logoped"),
          Profile.INFEKTION,
          region("Uppföljning av symtom och CRP efter avslutad antibiotikakur",
              "Distriktssköterska, vårdcentralen"),
          Profile.PALLIATIV,
          region("Brytpunktssamtal och symtomlindring enligt ordination", "Läkare, ASIH"));

  // ---------------------------------------------------------------------------------------------
  // Visit notes
  // ---------------------------------------------------------------------------------------------

  static final List<String> VISIT_NOTES =
      List.of(
          "Hembesök genomfört. Patienten piggare än vid förra besöket, äter och dricker bra."
              + " Dosett kontrollerad, alla morgondoser tagna. Ny kontroll enligt plan.",
          "Läkemedelsövervakning morgon. Tabletterna tagna med stöd. Blodtryck 132/78, puls 72."
              + " Inga nya besvär.",
          "Patienten uppger smärta VAS 3 i vila, 5 vid rörelse. Vid behovsdos given 07.50 med"
              + " god effekt efter 30 min. Närstående närvarande.",
          "Vägning 71,4 kg (+0,3 kg). Lätta underbensödem, oförändrat. Patienten informerad om"
              + " att höra av sig vid ökad andfåddhet.",
          "Gångträning med rollator i lägenheten, 3 x 10 m utan paus. Ingen yrsel. Mattor i"
              + " hallen borttagna i samråd med patienten.",
          "Såromläggning höger underben. Sårkanter rena, ingen rodnad. Nästa omläggning om tre"
              + " dagar.");
}
