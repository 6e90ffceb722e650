package dev.copyexcept.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, defect 4: a non-public top-level class declared in another class's file (an "auxiliary"
 * class) gets a copier in a file of its own, where javac's {@code auxiliaryclass} lint would warn
 * about every use of it; under {@code -Werror} that broke the build inside generated code.
 */
class AuxiliaryClassLintTest {

  @Test
  void copierOfAnAuxiliaryClass_compilesUnderXlintAllAndWerror() {
    JavaFileObject main =
        source(
            "p.Main",
            "package p;",
            "public class Main {}",
            "@dev.copyexcept.CopyExcept({})",
            "class Aux {",
            "  int x;",
            "  static class Nested { int y; }",
            "}",
            "@dev.copyexcept.CopyExcept({})",
            "class AuxUser {",
            "  final Aux.Nested[] nested = new Aux.Nested[1];",
            "}");
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new CopyExceptProcessor())
            .withOptions("-Xlint:all,-processing", "-Werror")
            .compile(main);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.AuxCopier");
    assertThat(compilation).generatedSourceFile("p.AuxUserCopier");
  }
}
