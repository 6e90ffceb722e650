package dev.copyexcept.example;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package layout of the example, as rules (ArchUnit, on the main classes only, the generated
 * {@code VmAreaStructCopier} included). The dependency direction, top to bottom:
 *
 * <pre>
 *   demo                      the runnable demo; nothing depends on it
 *   mm                        the model and the public facade (Kernel is the composition root)
 *   tree    slab              the range index; the slab allocator
 *           rcu               the RCU domain
 *   debug                     warnings and interleaving points
 * </pre>
 *
 * <p>{@code demo} uses {@code mm}, and {@code slab} and {@code debug} for the facade types that
 * live there ({@code SlabMode}, {@code SlabInfo}, {@code Warning}). {@code tree} depends on nothing
 * of the example (only {@code java.base}); {@code slab} uses {@code rcu} and {@code debug}; {@code
 * rcu} uses {@code debug} (its warnings sink); {@code debug} uses no other package of the example.
 * Every rule here was seen to fail once, with a violating import added by hand (see the example
 * README).
 */
@AnalyzeClasses(
    packages = "dev.copyexcept.example",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private static final String EXAMPLE = "dev.copyexcept.example";
  private static final String DEMO = EXAMPLE + ".demo..";
  private static final String MM = EXAMPLE + ".mm..";
  private static final String TREE = EXAMPLE + ".tree..";
  private static final String SLAB = EXAMPLE + ".slab..";
  private static final String RCU = EXAMPLE + ".rcu..";
  private static final String DEBUG = EXAMPLE + ".debug..";

  @ArchTest
  static final ArchRule noPackageCycles =
      slices()
          .matching(EXAMPLE + ".(*)..")
          .should()
          .beFreeOfCycles()
          .because("dependencies between the example's packages run one way");

  @ArchTest
  static final ArchRule lowerPackagesNeverUseTheModelOrTheDemo =
      noClasses()
          .that()
          .resideInAnyPackage(RCU, SLAB, DEBUG)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(MM, TREE, DEMO)
          .because("rcu, slab and debug sit below the model: they must not know mm, tree or demo");

  @ArchTest
  static final ArchRule nothingUsesTheDemo =
      noClasses()
          .that()
          .resideOutsideOfPackage(DEMO)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(DEMO)
          .because("the demo is a program on top of the model, not a library");

  @ArchTest
  static final ArchRule treeUsesOnlyTheJdk =
      classes()
          .that()
          .resideInAPackage(TREE)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(TREE, "java..")
          .because("VmaTree is a generic, self-contained index (it has its own jcstress test)");

  @ArchTest
  static final ArchRule debugUsesNoOtherPackage =
      noClasses()
          .that()
          .resideInAPackage(DEBUG)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(DEMO, MM, TREE, SLAB, RCU)
          .because(
              "warnings and interleaving points are the bottom layer: every package uses them");

  @ArchTest
  static final ArchRule layersRunOneWay =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("demo")
          .definedBy(DEMO)
          .layer("mm")
          .definedBy(MM)
          .layer("tree")
          .definedBy(TREE)
          .layer("slab")
          .definedBy(SLAB)
          .layer("rcu")
          .definedBy(RCU)
          .layer("debug")
          .definedBy(DEBUG)
          .whereLayer("demo")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("mm")
          .mayOnlyBeAccessedByLayers("demo")
          .whereLayer("tree")
          .mayOnlyBeAccessedByLayers("mm")
          .whereLayer("slab")
          .mayOnlyBeAccessedByLayers("demo", "mm") // demo: the facade's SlabMode, SlabInfo
          .whereLayer("rcu")
          .mayOnlyBeAccessedByLayers("mm", "slab")
          .whereLayer("debug")
          .mayOnlyBeAccessedByLayers("demo", "mm", "slab", "rcu");
}
