package se.nara.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The server's layers as rules the build checks (docs/architecture.md): the HTTP edge
 * ({@code web}) calls application services, services call the conflict rules and the stores, the
 * rules are pure functions of their input, and SQL lives only in the stores.
 */
class ArchitectureTest {
  private static final String ROOT = "se.nara.server";
  private static final String[] SERVICES = {
    ROOT + ".access..", ROOT + ".admin..", ROOT + ".audit..", ROOT + ".auth..", ROOT + ".demo..",
    ROOT + ".review..", ROOT + ".svu..", ROOT + ".sync..", ROOT + ".teamlead.."
  };
  private static JavaClasses server;

  @BeforeAll
  static void importClasses() {
    server = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
  }

  @Test
  @DisplayName("the conflict rules are pure: no HTTP, no database, no clock, no service or store")
  void rulesArePure() {
    classes().that().resideInAPackage(ROOT + ".rules..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            ROOT + ".rules..", "se.nara.sdk.model..", "se.nara.sdk.protocol..", "com.google.gson..", "java.lang..", "java.util..",
            "java.time..", "java.math..")
        .check(server);
  }

  @Test
  @DisplayName("the stores depend on no layer above them and know nothing of HTTP")
  void storesAreTheBottom() {
    noClasses().that().resideInAPackage(ROOT + ".store..")
        .should().dependOnClassesThat().resideInAnyPackage(
            concat(SERVICES, ROOT + ".web..", ROOT + ".rules..", "io.javalin..", "jakarta.servlet..", "org.eclipse.jetty.."))
        .check(server);
  }

  @Test
  @DisplayName("only the HTTP edge (and the server's assembly) knows Javalin and Jetty")
  void onlyTheEdgeSpeaksHttp() {
    noClasses().that().resideOutsideOfPackage(ROOT + ".web..")
        .and().doNotHaveFullyQualifiedName(ROOT + ".NaraServer")
        .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "jakarta.servlet..", "org.eclipse.jetty..")
        .check(server);
  }

  @Test
  @DisplayName("nothing below the HTTP edge calls up into it")
  void nothingCallsTheEdge() {
    noClasses().that().resideInAnyPackage(concat(SERVICES, ROOT + ".rules..", ROOT + ".store.."))
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".web..")
        .check(server);
  }

  @Test
  @DisplayName("the HTTP edge goes through the services, never straight to a store's SQL")
  void theEdgeDoesNotReachAroundTheServices() {
    noClasses().that().resideInAPackage(ROOT + ".web..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".store..")
        .check(server);
  }

  @Test
  @DisplayName("SQL is written only in the stores")
  void sqlOnlyInStores() {
    noClasses().that().resideOutsideOfPackage(ROOT + ".store..")
        .should().callMethod(Handle.class, "createQuery", CharSequence.class)
        .orShould().callMethod(Handle.class, "createQuery", String.class)
        .orShould().callMethod(Handle.class, "createUpdate", CharSequence.class)
        .orShould().callMethod(Handle.class, "createUpdate", String.class)
        .orShould().callMethod(Handle.class, "execute", String.class, Object[].class)
        .orShould().callMethod(Handle.class, "prepareBatch", String.class)
        .check(server);
  }

  @Test
  @DisplayName("no two packages depend on each other in a circle")
  void noCycles() {
    com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices().matching(ROOT + ".(*)..")
        .should().beFreeOfCycles()
        .check(server);
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
