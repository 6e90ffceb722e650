package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.compile;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, defect 1: a final field whose type is a {@code @CopyExcept} class is copied by value
 * with that class's copier, so when that copier will not exist (the class failed validation, or it
 * comes from a jar built without the processor) the embedding class is refused on its field, and no
 * generated code calls the missing copier.
 */
class MissingCopierTest {
  private static final JavaFileObject FAILING_A =
      source(
          "q.A",
          "package q;",
          "@dev.copyexcept.CopyExcept({})",
          "public class A {",
          "  public final Object x = null;",
          "}");

  private static final JavaFileObject B =
      source(
          "p.B",
          "package p;",
          "@dev.copyexcept.CopyExcept({})",
          "public class B {",
          "  public final q.A a = new q.A();",
          "  public int n;",
          "}");

  @Test
  void structThatFailsValidation_inAnotherPackage_refusesTheEmbeddingClassOnItsField(
      @TempDir Path dir) throws IOException {
    Compilation compilation = compile(FAILING_A, B);
    assertThat(compilation).hadErrorContaining("[CopyExcept.finalField]").inFile(FAILING_A);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.missingCopier] field a of p.B is the final @CopyExcept struct q.A, but"
                + " q.ACopier will not exist: q.A has errors of its own")
        .inFile(B)
        .onLineContaining("q.A a");
    assertThat(compilation).hadErrorCount(2);
    assertThat(generatedDespiteErrors(dir, FAILING_A, B)).isEmpty();
    noErrorInGeneratedCode(compilation);
  }

  @Test
  void structThatFailsValidation_processedAfterTheEmbeddingClass_stillRefusesIt(@TempDir Path dir)
      throws IOException {
    // B comes first in the compilation, so its field is planned before A is validated.
    Compilation compilation = compile(B, FAILING_A);
    assertThat(compilation).hadErrorContaining("[CopyExcept.missingCopier]").inFile(B);
    assertThat(compilation).hadErrorCount(2);
    assertThat(generatedDespiteErrors(dir, B, FAILING_A)).isEmpty();
  }

  @Test
  void failureCascades_throughAChainOfEmbeddedStructs(@TempDir Path dir) throws IOException {
    JavaFileObject c =
        source(
            "p.C",
            "package p;",
            "@dev.copyexcept.CopyExcept({})",
            "public class C {",
            "  public final B b = new B();",
            "}");
    Compilation compilation = compile(c, B, FAILING_A);
    assertThat(compilation)
        .hadErrorContaining("field b of p.C is the final @CopyExcept struct p.B, but p.BCopier")
        .inFile(c)
        .onLineContaining("B b");
    assertThat(compilation).hadErrorCount(3);
    assertThat(generatedDespiteErrors(dir, c, B, FAILING_A)).isEmpty();
    noErrorInGeneratedCode(compilation);
  }

  @Test
  void structFromAJarBuiltWithoutTheProcessor_refusesTheEmbeddingClass(@TempDir Path library)
      throws IOException {
    CopierHarness.compileToClassFiles(
        library,
        source(
            "q.A",
            "package q;",
            "@dev.copyexcept.CopyExcept({})",
            "public class A {",
            "  public int x;",
            "}"));
    Compilation compilation = CopierHarness.compileAgainst(library, B);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.missingCopier] field a of p.B is the final @CopyExcept struct q.A, but"
                + " q.ACopier will not exist: q.A comes from a class file and there is no q.ACopier"
                + " beside it (was it compiled without the processor?)")
        .inFile(B)
        .onLineContaining("q.A a");
    assertThat(compilation).hadErrorCount(1);
    noErrorInGeneratedCode(compilation);
  }

  @Test
  void structFromAJarWithACopierWithoutCopyAfterCheck_refusesTheEmbeddingClass(
      @TempDir Path library) throws IOException {
    // A copier as an older processor wrote it: copy and check, but no copyAfterCheck, which an
    // embedding copier calls.
    CopierHarness.compileToClassFiles(
        library,
        source(
            "q.A",
            "package q;",
            "@dev.copyexcept.CopyExcept({})",
            "public class A {",
            "  public int x;",
            "}"),
        source(
            "q.ACopier",
            "package q;",
            "public final class ACopier {",
            "  public static void copy(A src, A dest) { dest.x = src.x; }",
            "  public static void check(A src, A dest) {}",
            "}"));
    Compilation compilation = CopierHarness.compileAgainst(library, B);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.missingCopier] field a of p.B is the final @CopyExcept struct q.A, but"
                + " q.ACopier will not exist: q.ACopier in the class file has no copyAfterCheck"
                + " method (it was generated by an older @CopyExcept processor)")
        .inFile(B)
        .onLineContaining("q.A a");
    assertThat(compilation).hadErrorCount(1);
    noErrorInGeneratedCode(compilation);
  }

  @Test
  void structFromAJarBuiltWithTheProcessor_isEmbeddedWithItsCopier(@TempDir Path library)
      throws IOException {
    Compilation lib =
        Compiler.javac()
            .withProcessors(new CopyExceptProcessor())
            .compile(
                source(
                    "q.A",
                    "package q;",
                    "@dev.copyexcept.CopyExcept({})",
                    "public class A {",
                    "  public int x;",
                    "}"));
    assertThat(lib).succeededWithoutWarnings();
    for (JavaFileObject file : lib.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        String path = file.toUri().getPath();
        Path target = library.resolve(path.substring(path.indexOf("/CLASS_OUTPUT/") + 14));
        Files.createDirectories(target.getParent());
        try (InputStream in = file.openInputStream()) {
          Files.copy(in, target);
        }
      }
    }
    Compilation compilation = CopierHarness.compileAgainst(library, B);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.BCopier")
        .contentsAsUtf8String()
        .contains("ACopier.copyAfterCheck(src.a, dest.a);");
  }

  /**
   * The sources javac generated (paths under the source output, sorted), which compile-testing does
   * not show once the compilation failed.
   */
  private static List<String> generatedDespiteErrors(Path dir, JavaFileObject... sources)
      throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path generated = Files.createDirectories(dir.resolve("generated"));
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
      files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
      JavaCompiler.CompilationTask task =
          javac.getTask(null, files, diagnostic -> {}, null, null, List.of(sources));
      task.setProcessors(List.of(new CopyExceptProcessor()));
      task.call();
    }
    try (Stream<Path> walk = Files.walk(generated)) {
      return walk.filter(Files::isRegularFile)
          .map(f -> generated.relativize(f).toString())
          .sorted()
          .toList();
    }
  }

  private static void noErrorInGeneratedCode(Compilation compilation) {
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      if (d.getSource() != null) {
        assertThat(d.getSource().getName()).doesNotContain("Copier");
      }
    }
  }
}
