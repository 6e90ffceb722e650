package dev.copyexcept.processor.scan;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.compileAgainst;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import dev.copyexcept.processor.CopierHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A superclass from a library compiled against another version of {@code @CopyExcept} than the one
 * on the class path now: its class file holds the annotation as that version declared it, and javac
 * reads it as it is (an element the current annotation lacks, a single string, ints). The scanner
 * reads the strings of {@code value} only, and whatever else the file holds makes the class
 * unresolved instead of crashing the processor.
 */
class AnnotationVersionSkewTest {

  @Test
  void anElementTheAnnotationDoesNotDeclare_isIgnored(@TempDir Path dir) throws IOException {
    Path lib =
        library(
            dir,
            "String[] value() default {}; String[] also() default {};",
            "@dev.copyexcept.CopyExcept(value = \"a\", also = \"b\")");
    Compilation compilation = compileAgainst(lib, sub());
    assertThat(compilation).succeeded();
    String copier =
        compilation
            .generatedSourceFile("p.SubCopier")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    assertThat(copier).contains("dest.b = src.b;");
    assertThat(copier).doesNotContain("dest.a = src.a;");
  }

  @Test
  void aSingleStringValue_isReadAsOneName(@TempDir Path dir) throws IOException {
    Path lib = library(dir, "String value();", "@dev.copyexcept.CopyExcept(\"a\")");
    Compilation compilation = compileAgainst(lib, sub());
    assertThat(compilation).succeeded();
    String copier =
        compilation
            .generatedSourceFile("p.SubCopier")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    assertThat(copier).contains("dest.b = src.b;");
    assertThat(copier).doesNotContain("dest.a = src.a;");
  }

  @Test
  void aValueThatIsNoString_makesTheClassUnresolved_noCrash(@TempDir Path dir) throws IOException {
    Path lib = library(dir, "int[] value();", "@dev.copyexcept.CopyExcept(1)");
    JavaFileObject sub = sub();
    Compilation compilation = compileAgainst(lib, sub);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.unresolvedType] no copier was generated for p.Sub because a value of"
                + " @CopyExcept on lib.Base could not be resolved")
        .inFile(sub)
        .onLineContaining("class Sub");
    assertThat(CopierHarness.processorDiagnostics(compilation)).hasSize(1);
  }

  private static JavaFileObject sub() {
    return source(
        "p.Sub",
        "package p;",
        "@dev.copyexcept.CopyExcept",
        "public class Sub extends lib.Base {",
        "  int own;",
        "}");
  }

  /**
   * Compiles {@code lib.Base} against an annotation {@code dev.copyexcept.CopyExcept} with {@code
   * elements}, and returns the directory of lib.Base's class file only (that annotation's class
   * file removed, so the real one is the one found).
   */
  private static Path library(Path dir, String elements, String annotation) throws IOException {
    Path src = dir.resolve("src");
    Path out = dir.resolve("out");
    Path ann = src.resolve("dev/copyexcept/CopyExcept.java");
    Path base = src.resolve("lib/Base.java");
    Files.createDirectories(ann.getParent());
    Files.createDirectories(base.getParent());
    Files.writeString(
        ann,
        "package dev.copyexcept;\n"
            + "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.CLASS)\n"
            + "public @interface CopyExcept { "
            + elements
            + " }\n");
    Files.writeString(
        base,
        "package lib;\n" + annotation + "\npublic class Base { public int a; public int b; }\n");
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-proc:none",
                "-d",
                out.toString(),
                ann.toString(),
                base.toString());
    assertThat(rc).isEqualTo(0);
    try (Stream<Path> files = Files.walk(out.resolve("dev"))) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    assertThat(Files.exists(out.resolve("lib/Base.class"))).isTrue();
    return out;
  }
}
