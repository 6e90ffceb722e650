package dev.copyexcept;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The annotations jar is what every user puts on their compile path, so it depends on nothing: its
 * classes use only {@code java.lang} and {@code java.lang.annotation}.
 */
@AnalyzeClasses(packages = "dev.copyexcept", importOptions = ImportOption.DoNotIncludeTests.class)
class AnnotationsArchitectureTest {
  @ArchTest
  static final ArchRule depends_on_nothing_but_java_lang_and_java_lang_annotation =
      classes()
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("dev.copyexcept", "java.lang", "java.lang.annotation");
}
