package se.nara.sdk.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelValuesTest {
  private static final Instant T0 = Instant.parse("2025-06-15T08:30:00Z");

  /** ISO-8601 adapters like the protocol's; Gson cannot reflect into java.time on Java 17. */
  private static final Gson GSON =
      new GsonBuilder()
          .registerTypeAdapter(
              Instant.class,
              new TypeAdapter<Instant>() {
                @Override
                public void write(JsonWriter out, Instant value) throws IOException {
                  out.value(value.toString());
                }

                @Override
                public Instant read(JsonReader in) throws IOException {
                  return Instant.parse(in.nextString());
                }
              }.nullSafe())
          .registerTypeAdapter(
              LocalDate.class,
              new TypeAdapter<LocalDate>() {
                @Override
                public void write(JsonWriter out, LocalDate value) throws IOException {
                  out.value(value.toString());
                }

                @Override
                public LocalDate read(JsonReader in) throws IOException {
                  return LocalDate.parse(in.nextString());
                }
              }.nullSafe())
          .create();

  // ---------------------------------------------------------------- explicit examples

  private static Visit sampleVisit() {
    return Visit.builder()
        .id("6f1c9a52-1d7e-4c44-9a3e-0c1f8f3b2a10")
        .version(4)
        .patientId("p-1")
        .episodeId("e-1")
        .teamId("t-1")
        .staffIds(Arrays.asList("s-1", "s-2"))
        .visitType(VisitType.DISCHARGE_DAY)
        .plannedStart(T0)
        .plannedEnd(T0.plusSeconds(3600))
        .actualStart(T0.plusSeconds(300))
        .status(VisitStatus.IN_PROGRESS)
        .note("Hemkomst, nycklar överlämnade")
        .reviewState(ReviewState.NOT_REVIEWED)
        .reviewedVersion(0)
        .build();
  }

  @Test
  void sipAssessmentIsTheLaterPositionAndUndecidedUntilOneIsTaken() {
    Instant t1 = Instant.parse("2026-11-20T08:00:00Z");
    Instant t2 = Instant.parse("2026-11-21T08:00:00Z");
    assertEquals(SipAssessment.NOT_ASSESSED, CareEpisode.builder().build().sipAssessment());
    assertEquals(SipAssessment.NEEDED, CareEpisode.builder().sipNeededAt(t1).build().sipAssessment());
    assertEquals(SipAssessment.NOT_NEEDED, CareEpisode.builder().sipNotNeededAt(t1).build().sipAssessment());
    assertEquals(SipAssessment.NOT_NEEDED, CareEpisode.builder().sipNeededAt(t1).sipNotNeededAt(t2).build().sipAssessment());
    assertEquals(SipAssessment.NEEDED, CareEpisode.builder().sipNeededAt(t2).sipNotNeededAt(t1).build().sipAssessment());
    assertEquals(SipAssessment.NEEDED, CareEpisode.builder().sipNeededAt(t1).sipNotNeededAt(t1).build().sipAssessment(),
        "a tie keeps the deadline running");
  }

  @Test
  void visitBuilderRoundTrip() {
    Visit visit = sampleVisit();
    Visit copy = visit.toBuilder().build();
    assertEquals(visit, copy);
    assertEquals(visit.hashCode(), copy.hashCode());
    assertEquals(visit.toString(), copy.toString());
    assertEquals(Arrays.asList("s-1", "s-2"), copy.staffIds());

    Visit signed = visit.toBuilder().signedBy("s-1").signedAt(T0).version(5).build();
    assertNotEquals(visit, signed);
    assertNull(visit.signedBy()); // the original is untouched
  }

  @Test
  void patientBuilderRoundTripAndPrimaryIdentifier() {
    PatientIdentifier pnr = PatientIdentifier.personnummer("19121212-1212");
    PatientIdentifier reserv =
        PatientIdentifier.reservnummer("20210325K069", "SE2321000255-ABCD", false);
    Patient patient =
        Patient.builder()
            .id("p-1")
            .version(1)
            .identifiers(Arrays.asList(pnr, reserv))
            .name("Tolvan Tolvansson")
            .birthDate(LocalDate.of(1912, 12, 12))
            .sex(Sex.MALE)
            .address("Storgatan 1, Lund")
            .protectedIdentity(true)
            .build();
    assertEquals(patient, patient.toBuilder().build());
    assertSame(pnr, patient.primaryIdentifier());
    assertNull(Patient.builder().build().primaryIdentifier());
  }

  @Test
  void patientToStringHidesIdentity() {
    Patient patient =
        Patient.builder()
            .identifiers(Arrays.asList(PatientIdentifier.personnummer("19121212-1212")))
            .name("Tolvan Tolvansson")
            .address("Storgatan 1, Lund")
            .build();
    String text = patient.toString();
    assertFalse(text.contains("Tolvan"), text);
    assertFalse(text.contains("Storgatan"), text);
    assertFalse(text.contains("1212121212"), text);
    assertTrue(text.contains("19121212-****"), text);
  }

  @Test
  void listsAreCopiedAndUnmodifiable() {
    List<String> staff = new ArrayList<>(Arrays.asList("s-1"));
    Visit visit = Visit.builder().staffIds(staff).build();
    staff.add("s-2");
    assertEquals(Arrays.asList("s-1"), visit.staffIds());
    assertThrows(UnsupportedOperationException.class, () -> visit.staffIds().add("s-3"));

    Visit fromGson = GSON.fromJson("{\"staffIds\":[\"s-1\"]}", Visit.class);
    assertThrows(UnsupportedOperationException.class, () -> fromGson.staffIds().clear());
  }

  @Test
  void listAccessorsNeverNull() {
    assertTrue(Visit.builder().build().staffIds().isEmpty());
    assertTrue(Visit.builder().staffIds(null).build().staffIds().isEmpty());
    assertTrue(GSON.fromJson("{}", Visit.class).staffIds().isEmpty());
    assertTrue(GSON.fromJson("{\"staffIds\":null}", Visit.class).staffIds().isEmpty());
    assertTrue(GSON.fromJson("{\"identifiers\":null}", Patient.class).identifiers().isEmpty());
    // Null and empty lists mean the same, so they must compare equal.
    assertEquals(
        Visit.builder().build(), GSON.fromJson("{\"staffIds\":null,\"version\":0}", Visit.class));
  }

  @Test
  void wireFormatUsesFieldNamesAndConstantNames() {
    JsonObject json = GSON.toJsonTree(sampleVisit()).getAsJsonObject();
    assertEquals("6f1c9a52-1d7e-4c44-9a3e-0c1f8f3b2a10", json.get("id").getAsString());
    assertEquals(4, json.get("version").getAsLong());
    assertEquals("DISCHARGE_DAY", json.get("visitType").getAsString());
    assertEquals("2025-06-15T08:30:00Z", json.get("plannedStart").getAsString());
    assertEquals(2, json.get("staffIds").getAsJsonArray().size());
  }

  @Test
  void conflictRecordToStringHidesValues() {
    ConflictRecord conflict =
        ConflictRecord.builder()
            .id("c-1")
            .entityType("MedicationLine")
            .fields(Arrays.asList("dose"))
            .serverValue("{\"dose\":\"1 tablett\"}")
            .deviceValue("{\"dose\":\"2 tabletter\"}")
            .status(ConflictStatus.NEEDS_REVIEW)
            .build();
    assertFalse(conflict.toString().contains("tablett"), conflict.toString());
    assertEquals(conflict, conflict.toBuilder().build());
  }

  // ---------------------------------------------------------------- patient identifiers

  @Test
  void personnummerIdentifierIsNormalised() {
    PatientIdentifier id = PatientIdentifier.personnummer("640823-3234");
    assertEquals(IdentifierType.PERSONNUMMER, id.type());
    assertEquals("196408233234", id.value());
    assertNull(id.issuerHsaId());
    assertEquals(
        "PatientIdentifier{type=PERSONNUMMER, value=19640823-****, issuerHsaId=null}",
        id.toString());
  }

  @Test
  void samordningsnummerIdentifierIsNormalised() {
    PatientIdentifier id = PatientIdentifier.samordningsnummer("701063-2391");
    assertEquals(IdentifierType.SAMORDNINGSNUMMER, id.type());
    assertEquals("197010632391", id.value());
  }

  @Test
  void identifierFactoriesRejectTheWrongKindAndInvalidNumbers() {
    assertThrows(
        IllegalArgumentException.class, () -> PatientIdentifier.personnummer("701063-2391"));
    assertThrows(
        IllegalArgumentException.class, () -> PatientIdentifier.samordningsnummer("640823-3234"));
    assertThrows(
        IllegalArgumentException.class, () -> PatientIdentifier.personnummer("640823-3235"));
    assertThrows(IllegalArgumentException.class, () -> PatientIdentifier.personnummer(null));
    assertThrows(IllegalArgumentException.class, () -> PatientIdentifier.samordningsnummer(""));
  }

  @Test
  void reservnummerIsOpaqueButNeedsAnIssuerWhenLocal() {
    PatientIdentifier local =
        PatientIdentifier.reservnummer(" 98240301AA06 ", "SE2321000255-ABCD", false);
    assertEquals(IdentifierType.RESERVNUMMER_LOCAL, local.type());
    assertEquals("98240301AA06", local.value());
    assertEquals("SE2321000255-ABCD", local.issuerHsaId());
    assertFalse(local.toString().contains("AA06"), local.toString());

    PatientIdentifier national = PatientIdentifier.reservnummer("20210325K069", null, true);
    assertEquals(IdentifierType.RESERVNUMMER_NATIONAL, national.type());

    assertThrows(
        IllegalArgumentException.class,
        () -> PatientIdentifier.reservnummer("20210325K069", null, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> PatientIdentifier.reservnummer("20210325K069", " ", false));
    assertThrows(
        IllegalArgumentException.class, () -> PatientIdentifier.reservnummer("  ", "SE1", true));
    assertThrows(
        IllegalArgumentException.class, () -> PatientIdentifier.reservnummer(null, "SE1", true));
  }

  // ---------------------------------------------------------------- every class in the package

  /** All top-level classes in the model package, found from the compiled class files. */
  private static List<Class<?>> modelClasses() throws URISyntaxException, ClassNotFoundException {
    File dir = new File(Team.class.getResource("Team.class").toURI()).getParentFile();
    Set<String> names = new TreeSet<>();
    for (String file : dir.list()) {
      if (file.endsWith(".class") && !file.contains("$") && !file.equals("package-info.class")) {
        names.add(file.substring(0, file.length() - ".class".length()));
      }
    }
    List<Class<?>> classes = new ArrayList<>();
    for (String name : names) {
      classes.add(Class.forName("se.nara.sdk.model." + name));
    }
    return classes;
  }

  static List<Class<?>> valueClasses() throws Exception {
    List<Class<?>> result = new ArrayList<>();
    for (Class<?> c : modelClasses()) {
      if (!c.isEnum() && Modifier.isPublic(c.getModifiers()) && hasBuilder(c)) {
        result.add(c);
      }
    }
    return result;
  }

  static List<Class<?>> enumClasses() throws Exception {
    List<Class<?>> result = new ArrayList<>();
    for (Class<?> c : modelClasses()) {
      if (c.isEnum()) {
        result.add(c);
      }
    }
    return result;
  }

  private static boolean hasBuilder(Class<?> c) {
    try {
      c.getMethod("builder");
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  @Test
  void packageHasAllClasses() throws Exception {
    assertEquals(35, enumClasses().size(), "enums: " + enumClasses());
    assertEquals(19, valueClasses().size(), "value classes: " + valueClasses());
  }

  @ParameterizedTest
  @MethodSource("enumClasses")
  void enumsHaveDistinctNonEmptySwedishLabels(Class<?> enumClass) throws Exception {
    Method label = enumClass.getMethod("label");
    Set<String> seen = new HashSet<>();
    for (Object constant : enumClass.getEnumConstants()) {
      String text = (String) label.invoke(constant);
      assertNotNull(text, constant.toString());
      assertFalse(text.trim().isEmpty(), constant.toString());
      assertTrue(seen.add(text), "duplicate label " + text + " in " + enumClass.getSimpleName());
      assertTrue(((Enum<?>) constant).name().matches("[A-Z][A-Z0-9_]*"), constant.toString());
    }
  }

  @Test
  void someLabelsAreAsSpecified() {
    assertEquals("Utskrivningsklar", SvuStatus.READY_FOR_DISCHARGE.label());
    assertEquals("ASIH – avancerad sjukvård i hemmet", TeamType.ASIH.label());
    assertEquals("Oklar – väntar på förskrivare", DiscrepancyIntent.UNCLEAR.label());
    assertEquals("Samverkan region–kommun", DeviationCategory.COLLABORATION.label());
    assertEquals("Information", ChecklistGroup.EDUCATION.label());
  }

  /**
   * Fills every builder setter with a distinct value, then checks: accessors return what was set,
   * toBuilder().build() is equal, Gson round-trips it, and the JSON members are the field names.
   */
  @ParameterizedTest
  @MethodSource("valueClasses")
  void fullyPopulatedValueRoundTrips(Class<?> type) throws Exception {
    Object builder = type.getMethod("builder").invoke(null);
    List<Method> setters = new ArrayList<>();
    for (Method m : builder.getClass().getMethods()) {
      if (m.getParameterCount() == 1 && m.getReturnType() == builder.getClass()) {
        setters.add(m);
      }
    }
    List<String> expectedFields = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        assertTrue(
            Modifier.isPrivate(f.getModifiers()) && Modifier.isFinal(f.getModifiers()),
            f.toString());
        expectedFields.add(f.getName());
      }
    }
    Set<String> setterNames = new LinkedHashSet<>();
    int n = 0;
    for (Method setter : setters) {
      setterNames.add(setter.getName());
      setter.invoke(builder, sample(setter.getGenericParameterTypes()[0], ++n));
    }
    assertEquals(new TreeSet<>(expectedFields), new TreeSet<>(setterNames), "one setter per field");

    Object value = builder.getClass().getMethod("build").invoke(builder);
    n = 0;
    for (Method setter : setters) {
      Object expected = sample(setter.getGenericParameterTypes()[0], ++n);
      assertEquals(expected, type.getMethod(setter.getName()).invoke(value), setter.getName());
    }

    Object copy = type.getMethod("toBuilder").invoke(value);
    copy = copy.getClass().getMethod("build").invoke(copy);
    assertEquals(value, copy);
    assertEquals(value.hashCode(), copy.hashCode());

    JsonObject json = GSON.toJsonTree(value).getAsJsonObject();
    assertEquals(new TreeSet<>(expectedFields), new TreeSet<>(json.keySet()), "wire names");
    assertEquals(value, GSON.fromJson(json, type));

    // An empty value from Gson: no nulls from list accessors, and equal to an empty builder's.
    Object empty = GSON.fromJson("{}", type);
    Object emptyBuilder = type.getMethod("builder").invoke(null);
    assertEquals(emptyBuilder.getClass().getMethod("build").invoke(emptyBuilder), empty);
    for (Method accessor : type.getMethods()) {
      if (accessor.getParameterCount() == 0 && accessor.getReturnType() == List.class) {
        assertNotNull(accessor.invoke(empty), accessor.getName());
      }
    }
  }

  /** The models the SDK's repositories save through an update (every caller of TypedRecords.update). */
  static List<Class<?>> updatedModels() {
    return Arrays.asList(ChecklistItem.class, Deviation.class, DischargeChecklist.class, Discrepancy.class,
        MedicationCheck.class, MedicationLine.class, Plan.class, PlanAction.class, Visit.class);
  }

  /**
   * A saved model must say which local copy it was read from: without it, a save after the
   * record's first local change was diffed against the pulled copy, and a field set back to its
   * pulled value was dropped as no change.
   */
  @ParameterizedTest
  @MethodSource("updatedModels")
  void savedModelsCarryTheirLocalRevisionOutsideTheRecord(Class<?> type) throws Exception {
    Object builder = type.getMethod("builder").invoke(null);
    builder.getClass().getMethod("id", String.class).invoke(builder, "r1");
    Object plain = builder.getClass().getMethod("build").invoke(builder);
    builder.getClass().getMethod("localRevision", long.class).invoke(builder, 7L);
    Object stamped = builder.getClass().getMethod("build").invoke(builder);
    assertEquals(7L, type.getMethod("localRevision").invoke(stamped));
    Object copy = type.getMethod("toBuilder").invoke(stamped);
    assertEquals(7L, type.getMethod("localRevision").invoke(copy.getClass().getMethod("build").invoke(copy)), "toBuilder keeps it");
    assertEquals(plain, stamped, "not in equals");
    assertEquals(plain.hashCode(), stamped.hashCode());
    assertEquals(plain.toString(), stamped.toString());
    assertFalse(se.nara.sdk.protocol.Json.toData(stamped).has("localRevision"), "never sent");
  }

  @ParameterizedTest
  @MethodSource("valueClasses")
  void syncedEntitiesStartWithIdAndVersion(Class<?> type) {
    if (type == PatientIdentifier.class) {
      return; // embedded in Patient, not synced on its own
    }
    Field[] fields = type.getDeclaredFields();
    assertEquals("id", fields[0].getName());
    assertEquals(String.class, fields[0].getType());
    assertEquals("version", fields[1].getName());
    assertEquals(long.class, fields[1].getType());
    boolean patientScoped = false;
    for (Field f : fields) {
      patientScoped |= f.getName().equals("patientId");
    }
    if (patientScoped) {
      assertEquals("patientId", fields[2].getName());
    }
  }

  /** A value of the given type that differs with {@code n}, so swapped fields would be noticed. */
  private static Object sample(Type type, int n) {
    if (type == String.class) {
      return "v" + n;
    }
    if (type == long.class) {
      return (long) n * 10;
    }
    if (type == int.class) {
      return n;
    }
    if (type == boolean.class) {
      return true;
    }
    if (type == Boolean.class) {
      return Boolean.TRUE; // not false, so a field left at null would be noticed
    }
    if (type == Instant.class) {
      return T0.plusSeconds(n);
    }
    if (type == LocalDate.class) {
      return LocalDate.of(2025, 1, 1).plusDays(n);
    }
    if (type instanceof Class && ((Class<?>) type).isEnum()) {
      Object[] constants = ((Class<?>) type).getEnumConstants();
      return constants[n % constants.length];
    }
    if (type instanceof ParameterizedType
        && ((ParameterizedType) type).getRawType() == List.class) {
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      if (element == String.class) {
        return Arrays.asList("a" + n, "b" + n);
      }
      if (element == PatientIdentifier.class) {
        return Arrays.asList(
            PatientIdentifier.personnummer("19121212-1212"),
            PatientIdentifier.reservnummer("r" + n, "SE2321000255-ABCD", false));
      }
    }
    throw new AssertionError("no sample for " + type);
  }
}
