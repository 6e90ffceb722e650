package dev.copyexcept.processor;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;

/**
 * Shared helpers for compiling test sources with the processor.
 *
 * <p>With {@code -Dcopyexcept.compiler=ecj} (the processor POM's {@code ecj} test execution), the
 * compilations of {@link #compile} and {@link GoldenFiles} run under the Eclipse compiler instead
 * of javac, and sources are real files (ecj opens every compilation unit through its file URI).
 */
final class Fixtures {
  /** The system property that selects the compiler: {@code javac} (default) or {@code ecj}. */
  static final String COMPILER = "copyexcept.compiler";

  private Fixtures() {}

  /** Whether this run compiles with ecj. */
  static boolean ecj() {
    return "ecj".equals(System.getProperty(COMPILER, "javac"));
  }

  /**
   * The compiler of this run, javac or ecj. ecj runs at release 17, like the project, and with
   * {@code -proc:only}: it reads every compilation unit through its file, so it cannot compile the
   * copiers compile-testing keeps in memory ("Cannot read the source from /SOURCE_OUTPUT/...").
   * What ecj makes of the generated code is the integration test {@code ecj-compiler}'s job.
   */
  static Compiler compiler() {
    return ecj()
        ? Compiler.compiler(new EclipseCompiler()).withOptions("--release", "17", "-proc:only")
        : Compiler.javac();
  }

  /**
   * The line a diagnostic placed on an annotation value is on: {@code valueLine} under javac, but
   * the annotation's own {@code annotationLine} under ecj, which ignores the position of an {@code
   * AnnotationValue}.
   */
  static String valueLine(String valueLine, String annotationLine) {
    return ecj() ? annotationLine : valueLine;
  }

  /** A source file {@code path} (such as {@code "p/Foo.java"}) with the given lines. */
  static JavaFileObject source(String path, String... lines) {
    String name = path.substring(0, path.length() - ".java".length()).replace('/', '.');
    if (!ecj()) {
      return JavaFileObjects.forSourceLines(name, lines);
    }
    try {
      Path file = Files.createTempDirectory("ecj-src").resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, List.of(lines), UTF_8);
      file.toFile().deleteOnExit();
      return JavaFileObjects.forResource(file.toUri().toURL());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Compiles with the processor only. No {@code -Xlint} option: javac's {@code -Xlint:none} would
   * also silence the processor's warnings.
   */
  static Compilation compile(JavaFileObject... sources) {
    return compile(new CopyExceptProcessor(), sources);
  }

  /** Compiles with the given processor. */
  static Compilation compile(Processor processor, JavaFileObject... sources) {
    return compiler().withProcessors(processor).compile(sources);
  }

  /** Compiles with several processors, in order. */
  static Compilation compile(List<Processor> processors, JavaFileObject... sources) {
    return compiler().withProcessors(processors).compile(sources);
  }

  /** A processor that throws {@code failure} on the class of that simple name. */
  static CopyExceptProcessor failingOn(String simpleName, RuntimeException failure) {
    Consumer<TypeElement> hook =
        type -> {
          if (type.getSimpleName().contentEquals(simpleName)) {
            throw failure;
          }
        };
    return new CopyExceptProcessor(hook);
  }

  /**
   * Compiles {@code sources} without the processor and writes the class files into {@code dir}, so
   * a later compilation sees those classes only as class files (like a library jar).
   */
  static void compileToClassFiles(Path dir, JavaFileObject... sources) throws IOException {
    Compilation compilation = Compiler.javac().withOptions("-proc:none").compile(sources);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      throw new AssertionError("library did not compile: " + compilation.diagnostics());
    }
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        String path = file.toUri().getPath();
        Path target =
            dir.resolve(path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length()));
        Files.createDirectories(target.getParent());
        try (InputStream in = file.openInputStream()) {
          Files.copy(in, target);
        }
      }
    }
  }

  /** Compiles with the processor, with {@code dir} added to the test's own class path. */
  static Compilation compileAgainst(Path dir, JavaFileObject... sources) {
    List<File> classpath = new ArrayList<>();
    classpath.add(dir.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    return Compiler.javac()
        .withProcessors(new CopyExceptProcessor())
        .withClasspath(classpath)
        .compile(sources);
  }

  /**
   * Compiles with plain {@code javac}, writing generated sources into {@code dir}, and returns
   * their paths relative to {@code dir}, sorted. Unlike compile-testing, this shows what was
   * generated when the compilation failed, as it must when one class has an error and the others
   * still get copiers.
   */
  static List<String> generatedDespiteErrors(
      Path dir, Processor processor, JavaFileObject... sources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path generated = Files.createDirectories(dir.resolve("generated"));
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, UTF_8)) {
      files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
      files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
      JavaCompiler.CompilationTask task =
          javac.getTask(null, files, diagnostic -> {}, null, null, List.of(sources));
      task.setProcessors(List.of(processor));
      task.call();
    }
    try (Stream<Path> walk = Files.walk(generated)) {
      return walk.filter(Files::isRegularFile)
          .map(f -> generated.relativize(f).toString().replace(File.separatorChar, '/'))
          .sorted()
          .toList();
    }
  }

  /** The diagnostics whose message starts with a {@code [CopyExcept.} tag. */
  static List<Diagnostic<? extends JavaFileObject>> processorDiagnostics(Compilation compilation) {
    return compilation.diagnostics().stream()
        .filter(d -> d.getMessage(null).startsWith("[CopyExcept."))
        .toList();
  }
}
