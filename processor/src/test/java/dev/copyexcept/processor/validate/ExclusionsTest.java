package dev.copyexcept.processor.validate;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.compileAgainst;
import static dev.copyexcept.processor.CopierHarness.compileToClassFiles;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exclusions a copier inherits from a superclass's {@code @CopyExcept} that was never checked
 * (a library compiled without the processor): only names of instance fields count, each class is
 * named once, and the copier's Javadoc lists exactly those.
 */
class ExclusionsTest {

  @Test
  void inheritedNamesOfAnUncheckedSuperclass_countOnlyForInstanceFields_eachClassNamedOnce(
      @TempDir Path library) {
    compileToClassFiles(
        library,
        source(
            "q.Base",
            "package q;",
            "@dev.copyexcept.CopyExcept({\"x\", \"x\", \"s\", \"nosuch\"})",
            "public class Base {",
            "  public int x;",
            "  public static int s;",
            "  public int y;",
            "}"));
    Compilation compilation =
        compileAgainst(
            library,
            source(
                "p.Sub",
                "package p;",
                "@dev.copyexcept.CopyExcept(\"x\")",
                "public class Sub extends q.Base {",
                "  public int z;",
                "}"));

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.SubCopier")
        .contentsAsUtf8String()
        .contains(
            "<p>Not copied, every field of each name (the destination keeps its own values):\n"
                + " * <ul>\n"
                + " *   <li>{@code x}: excluded by {@code @CopyExcept} on {@code Base}, {@code"
                + " Sub}\n"
                + " * </ul>\n"
                + " */");
  }
}
