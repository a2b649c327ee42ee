package se.nara.sdk.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The SDK's shape as rules the build checks: a small public API in {@code se.nara.sdk}, immutable
 * model and wire types that depend on nothing else, and everything else under {@code internal},
 * never leaking into a public signature (as OkHttp keeps it).
 */
class SdkArchitectureTest {
  private static final String ROOT = "se.nara.sdk";
  private static final String INTERNAL = ROOT + ".internal..";
  private static JavaClasses sdk;

  @BeforeAll
  static void importClasses() {
    sdk = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
  }

  @Test
  @DisplayName("the domain model depends only on itself, the JDK and Gson's annotations")
  void modelStandsAlone() {
    classes().that().resideInAPackage(ROOT + ".model..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(ROOT + ".model..", "java..", "com.google.gson..")
        .check(sdk);
  }

  @Test
  @DisplayName("the wire protocol depends only on the model, the JDK and Gson")
  void protocolOnlyOnTheModel() {
    classes().that().resideInAPackage(ROOT + ".protocol..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(ROOT + ".protocol..", ROOT + ".model..", "java..", "com.google.gson..")
        .check(sdk);
  }

  @Test
  @DisplayName("the local store knows nothing of HTTP or the sync engine")
  void storeIsTheBottom() {
    noClasses().that().resideInAPackage(ROOT + ".internal.store..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".internal.sync..", "okhttp3..", "okio..")
        .check(sdk);
  }

  @Test
  @DisplayName("no public method returns an internal type")
  void noInternalReturnTypes() {
    methods().that().arePublic().and().areDeclaredInClassesThat().arePublic()
        .and().areDeclaredInClassesThat().resideOutsideOfPackage(INTERNAL)
        .should().notHaveRawReturnType(JavaClass.Predicates.resideInAPackage(INTERNAL))
        .check(sdk);
  }

  @Test
  @DisplayName("no public method or constructor takes an internal type")
  void noInternalParameterTypes() {
    codeUnits().that().arePublic().and().areDeclaredInClassesThat().arePublic()
        .and().areDeclaredInClassesThat().resideOutsideOfPackage(INTERNAL)
        .should(new ArchCondition<JavaCodeUnit>("take no internal types") {
          @Override
          public void check(JavaCodeUnit unit, ConditionEvents events) {
            for (JavaClass type : unit.getRawParameterTypes()) {
              if (type.getPackageName().startsWith(ROOT + ".internal")) {
                events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " takes " + type.getName()));
              }
            }
          }
        })
        .check(sdk);
  }
}
