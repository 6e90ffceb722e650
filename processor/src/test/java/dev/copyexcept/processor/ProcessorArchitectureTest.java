package dev.copyexcept.processor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The processor's layout as rules: the steps depend one way (scan, then validate, then the model,
 * then code generation), diagnostics and the shared helpers depend on no step, code generation
 * reads only the model, and no package cycle exists. The package documentation explains why.
 */
@AnalyzeClasses(
    packages = "dev.copyexcept.processor",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ProcessorArchitectureTest {
  private static final String ENTRY = "dev.copyexcept.processor";
  private static final String SCAN = "dev.copyexcept.processor.scan..";
  private static final String VALIDATE = "dev.copyexcept.processor.validate..";
  private static final String MODEL = "dev.copyexcept.processor.model..";
  private static final String CODEGEN = "dev.copyexcept.processor.codegen..";
  private static final String DIAG = "dev.copyexcept.processor.diag..";
  private static final String UTIL = "dev.copyexcept.processor.util..";

  @ArchTest
  static final ArchRule codegen_never_uses_scan_or_validate =
      noClasses()
          .that()
          .resideInAPackage(CODEGEN)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ENTRY, SCAN, VALIDATE, DIAG)
          .because("code generation reads only the model: every decision is taken before it");

  @ArchTest
  static final ArchRule model_and_codegen_ask_the_compiler_nothing =
      noClasses()
          .that()
          .resideInAnyPackage(MODEL, CODEGEN)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("javax.lang.model.util..", "javax.lang.model.type..")
          .because("the model holds names only, so the writer cannot query Elements or Types");

  @ArchTest
  static final ArchRule diag_depends_on_no_other_step =
      noClasses()
          .that()
          .resideInAPackage(DIAG)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ENTRY, SCAN, VALIDATE, MODEL, CODEGEN, UTIL);

  @ArchTest
  static final ArchRule util_depends_on_no_step =
      noClasses()
          .that()
          .resideInAPackage(UTIL)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ENTRY, SCAN, VALIDATE, MODEL, CODEGEN, DIAG);

  @ArchTest
  static final ArchRule no_package_cycles =
      slices().matching("dev.copyexcept.(**)").should().beFreeOfCycles();

  /** Who may use each step: the one-way graph the package documentation draws. */
  @ArchTest
  static final ArchRule steps_depend_one_way =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Entry")
          .definedBy(ENTRY)
          .layer("Scan")
          .definedBy(SCAN)
          .layer("Validate")
          .definedBy(VALIDATE)
          .layer("Model")
          .definedBy(MODEL)
          .layer("Codegen")
          .definedBy(CODEGEN)
          .layer("Diag")
          .definedBy(DIAG)
          .layer("Util")
          .definedBy(UTIL)
          .whereLayer("Entry")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("Validate")
          .mayOnlyAccessLayers("Scan", "Model", "Diag", "Util")
          .whereLayer("Scan")
          .mayOnlyAccessLayers("Util")
          .whereLayer("Codegen")
          .mayOnlyAccessLayers("Model", "Util")
          .whereLayer("Model")
          .mayNotAccessAnyLayer()
          .whereLayer("Diag")
          .mayNotAccessAnyLayer()
          .whereLayer("Util")
          .mayNotAccessAnyLayer();

  @ArchTest
  static final ArchRule the_entry_package_exposes_only_the_processor =
      classes()
          .that()
          .resideInAPackage(ENTRY)
          .and()
          .arePublic()
          .should()
          .haveFullyQualifiedName(CopyExceptProcessor.class.getName());
}
