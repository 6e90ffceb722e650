package dev.copyexcept.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code @Generated} appears exactly when the target release has it. */
class GeneratedAnnotationTest {
  private static final JavaFileObject VMA =
      source(
          "p.Vma",
          "package p;",
          "import dev.copyexcept.CopyExcept;",
          "@CopyExcept",
          "class Vma {",
          "  int x;",
          "}");

  @Test
  void release17_hasGenerated() {
    Compilation compilation = CopierHarness.compileWithOptions(List.of("--release", "17"), VMA);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.VmaCopier")
        .contentsAsUtf8String()
        .contains("@Generated(\"dev.copyexcept.processor.CopyExceptProcessor\")");
  }

  @Test
  void release8_hasNoGenerated_andStillCompiles() {
    Compilation compilation =
        CopierHarness.compileWithOptions(List.of("--release", "8", "-Xlint:-options"), VMA);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .generatedSourceFile("p.VmaCopier")
        .contentsAsUtf8String()
        .doesNotContain("Generated(");
  }
}
