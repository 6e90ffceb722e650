package dev.copyexcept.processor.diag;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.copyexcept.processor.CopierHarness;
import dev.copyexcept.processor.CopyExceptProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the {@link Reporter} puts a diagnostic when the compiler cannot place it the usual way: a
 * record under ecj (whose {@code Messager} finds no position for a record, so the reporter uses the
 * canonical constructor), an {@code extends} clause under ecj (no javac tree API), and an {@code
 * extends} clause of a class javac reads from a class file (no tree). Unlike {@code
 * DiagnosticsTest}, whose ecj run depends on the {@code copyexcept.compiler} property of the POM's
 * {@code ecj} execution, these tests pick their compiler themselves, so every run (PIT's too)
 * exercises the ecj paths.
 */
class ReporterPlacementTest {

  private static final String NOT_A_RECORD =
      " is a record (its fields are final, so a copier cannot assign them); remove the annotation";

  @TempDir Path dir;

  @Test
  void ecj_recordError_isOnTheRecordHeader_inTheRightFile() throws IOException {
    JavaFileObject r =
        ecjSource("p.R", "package p;", "@dev.copyexcept.CopyExcept", "record R(int x) {}");
    Compilation compilation = CopierHarness.compileWithEcj(r);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.notAClass] @CopyExcept applies to classes only, but p.R" + NOT_A_RECORD)
        .inFile(r)
        .onLineContaining("record R(int x)");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void ecj_recordWithAnExplicitCanonicalConstructor_errorIsOnThatConstructor_notTheFirstOne()
      throws IOException {
    JavaFileObject r =
        ecjSource(
            "p.R",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "record R(int x) {",
            "  R() { this(0); }",
            "",
            "  R(int x) { this.x = x; }",
            "}");
    Compilation compilation = CopierHarness.compileWithEcj(r);
    assertThat(compilation)
        .hadErrorContaining("p.R" + NOT_A_RECORD)
        .inFile(r)
        .onLineContaining("R(int x) { this.x = x; }");
    assertThat(compilation).hadErrorCount(1);
  }

  /**
   * ecj keeps one component of a header that repeats a name, but gives the implicit canonical
   * constructor both parameters: no constructor has the components' types, and the error goes on
   * the first constructor (the implicit one, on the header) rather than on the record, for which
   * ecj would print no position, or on the last one.
   */
  @Test
  void ecj_recordWhoseHeaderRepeatsAComponent_errorIsOnTheFirstConstructor_theHeader()
      throws IOException {
    JavaFileObject r =
        ecjSource(
            "p.R",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "record R(int x, int x) {",
            "  R() { this(0, 0); }",
            "}");
    Compilation compilation = CopierHarness.compileWithEcj(r);
    assertThat(compilation)
        .hadErrorContaining("p.R" + NOT_A_RECORD)
        .inFile(r)
        .onLineContaining("record R(int x, int x)");
    assertThat(processorErrors(compilation)).hasSize(1);
  }

  @Test
  void ecj_fieldError_isOnTheField() throws IOException {
    JavaFileObject c =
        ecjSource(
            "p.C",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "class C {",
            "  final int limit = 1;",
            "}");
    Compilation compilation = CopierHarness.compileWithEcj(c);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.finalField] field limit of p.C is final and is neither an array nor a"
                + " @CopyExcept class, so CCopier cannot assign it; add it to @CopyExcept or make"
                + " it non-final")
        .inFile(c)
        .onLineContaining("final int limit");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void ecj_jdkSuperclass_isOnTheClass() throws IOException {
    JavaFileObject f =
        ecjSource(
            "p.Failure",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "public class Failure",
            "    extends IllegalStateException {",
            "  private static final long serialVersionUID = 1L;",
            "  int code;",
            "}");
    Compilation compilation = CopierHarness.compileWithEcj(f);
    assertThat(compilation)
        .hadErrorContaining(jdkSuperclassError("Failure"))
        .inFile(f)
        .onLineContaining("public class Failure");
    assertThat(compilation).hadErrorCount(1);
  }

  /** javac places it on the annotation, as on any class; the ecj detour is for ecj only. */
  @Test
  void javac_recordError_isOnTheAnnotation_notOnTheCanonicalConstructor() {
    JavaFileObject r =
        JavaFileObjects.forSourceLines(
            "p.R",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "record R(int x) {",
            "  R() { this(0); }",
            "",
            "  R(int x) { this.x = x; }",
            "}");
    Compilation compilation = CopierHarness.compileWithOptions(List.of(), r);
    assertThat(compilation)
        .hadErrorContaining("p.R" + NOT_A_RECORD)
        .inFile(r)
        .onLineContaining("@dev.copyexcept.CopyExcept");
    assertThat(compilation).hadErrorCount(1);
  }

  /**
   * {@code javac -proc:only -cp lib p.Failure} processes a class read from a class file: it has no
   * tree, so no {@code extends} clause to point at, and the error is printed on the class (javac
   * gives it no file).
   */
  @Test
  void javac_jdkSuperclassOfAClassFromAClassFile_isAnErrorOnTheClass() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    CopierHarness.compileToClassFiles(
        lib,
        JavaFileObjects.forSourceLines(
            "p.Failure",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "public class Failure extends IllegalStateException {",
            "  private static final long serialVersionUID = 1L;",
            "  int code;",
            "}"));
    Path out = Files.createDirectories(dir.resolve("out"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      files.setLocation(
          StandardLocation.CLASS_PATH, List.of(CopierHarness.annotationsClasspath(), lib.toFile()));
      files.setLocation(StandardLocation.SOURCE_OUTPUT, List.of(out.toFile()));
      files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
      JavaCompiler.CompilationTask task =
          javac.getTask(
              null, files, diagnostics, List.of("-proc:only"), List.of("p.Failure"), null);
      task.setProcessors(List.of(new CopyExceptProcessor()));
      assertThat(task.call()).isFalse();
    }
    assertThat(diagnostics.getDiagnostics()).hasSize(1);
    Diagnostic<? extends JavaFileObject> error = diagnostics.getDiagnostics().get(0);
    assertThat(error.getKind()).isEqualTo(Diagnostic.Kind.ERROR);
    assertThat(error.getMessage(Locale.ROOT)).isEqualTo(jdkSuperclassError("Failure"));
    assertThat(error.getSource()).isNull();
    try (var generated = Files.walk(out)) {
      assertThat(generated.filter(Files::isRegularFile).toList()).isEmpty();
    }
  }

  private static String jdkSuperclassError(String simpleName) {
    return "[CopyExcept.jdkSuperclass] p."
        + simpleName
        + " extends java.lang.IllegalStateException, a JDK class: its fields are the JDK's private"
        + " state, which "
        + simpleName
        + "Copier cannot copy (and which javac does not even see when compiling with --release),"
        + " so a copier would silently copy only part of the object; extend java.lang.Object or a"
        + " class of your own instead (holding the IllegalStateException in a field), or remove"
        + " @CopyExcept";
  }

  private static List<Diagnostic<? extends JavaFileObject>> processorErrors(
      Compilation compilation) {
    return CopierHarness.processorDiagnostics(compilation).stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .toList();
  }

  /** A real file (ecj opens compilation units through their file URIs). */
  private JavaFileObject ecjSource(String qualifiedName, String... lines) throws IOException {
    Path file =
        Files.createTempDirectory(dir, "src").resolve(qualifiedName.replace('.', '/') + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines));
    return JavaFileObjects.forResource(file.toUri().toURL());
  }
}
