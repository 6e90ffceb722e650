package dev.copyexcept.processor;

import static java.util.stream.Collectors.joining;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.copyexcept.CopyExcept;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javax.annotation.processing.Processor;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticListener;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;

/**
 * The one compile harness of the processor's tests: compiles test sources with the {@link
 * CopyExceptProcessor} (compile-testing, with only the annotations on the class path), loads the
 * compiled classes (the annotated ones and the generated copiers) into a fresh in-memory class
 * loader, and gives the tests small reflective helpers to instantiate classes, fill fields and call
 * {@code copy}. No {@code -Xlint} option by default: javac's {@code -Xlint:none} would also silence
 * the processor's warnings.
 */
public final class CopierHarness {
  private CopierHarness() {}

  /**
   * The directory or jar holding {@code dev.copyexcept.CopyExcept}, the only compile dependency.
   */
  private static final List<File> CLASSPATH = List.of(annotationsLocation());

  private static File annotationsLocation() {
    try {
      return new File(CopyExcept.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** While {@link #recordCompilations} runs: every compilation with the processor, in order. */
  private static volatile List<Compilation> recording;

  /**
   * Runs {@code action} and returns every compilation with the processor that the harness made
   * meanwhile, in order: what the action's fixtures really emitted ({@code CatalogueTest}).
   */
  static synchronized List<Compilation> recordCompilations(Runnable action) {
    recording = new ArrayList<>();
    try {
      action.run();
      return List.copyOf(recording);
    } finally {
      recording = null;
    }
  }

  private static Compilation recorded(Compilation compilation) {
    List<Compilation> r = recording;
    if (r != null) {
      r.add(compilation);
    }
    return compilation;
  }

  /** The system property that selects the compiler: {@code javac} (default) or {@code ecj}. */
  static final String COMPILER = "copyexcept.compiler";

  /**
   * Whether this run compiles with ecj, the Eclipse compiler: {@code -Dcopyexcept.compiler=ecj}, as
   * the processor POM's {@code ecj} test execution sets for DiagnosticsTest and GoldenTest.
   */
  static boolean ecj() {
    return "ecj".equals(System.getProperty(COMPILER, "javac"));
  }

  /**
   * The compiler of {@link #compileWith}: javac, or ecj at release 17 (like the project) with
   * {@code -proc:only}, because ecj reads every compilation unit through its file and so cannot
   * compile the copiers compile-testing keeps in memory ("Cannot read the source from
   * /SOURCE_OUTPUT/..."). What ecj makes of generated code is the {@code ecj-compiler} integration
   * test's job.
   */
  static Compiler compiler() {
    return ecj() ? ecjCompiler() : Compiler.javac();
  }

  /** ecj as {@link #compiler()} runs it under {@code -Dcopyexcept.compiler=ecj}. */
  private static Compiler ecjCompiler() {
    return Compiler.compiler(new QuietEclipseCompiler())
        .withOptions("--release", "17", "-proc:only");
  }

  /**
   * Compiles with the processor under ecj whatever this run's compiler is: for tests of ecj-only
   * paths that must run in every run (PIT runs no second, ecj execution).
   */
  public static Compilation compileWithEcj(JavaFileObject... sources) {
    return recorded(
        ecjCompiler()
            .withProcessors(new CopyExceptProcessor())
            .withClasspath(CLASSPATH)
            .compile(sources));
  }

  /** The annotations jar (or classes directory) the harness compiles against. */
  public static File annotationsClasspath() {
    return CLASSPATH.get(0);
  }

  /**
   * ecj, with its console output kept off the build's console: compile-testing passes no writer,
   * and ecj then prints every problem (which the tests read as diagnostics anyway) to stdout.
   */
  private static final class QuietEclipseCompiler extends EclipseCompiler {
    @Override
    public CompilationTask getTask(
        Writer out,
        JavaFileManager fileManager,
        DiagnosticListener<? super JavaFileObject> diagnosticListener,
        Iterable<String> options,
        Iterable<String> classes,
        Iterable<? extends JavaFileObject> compilationUnits) {
      return super.getTask(
          out == null ? new StringWriter() : out,
          fileManager,
          diagnosticListener,
          options,
          classes,
          compilationUnits);
    }
  }

  /**
   * The line a diagnostic placed on an annotation value is on: {@code valueLine} under javac, but
   * the annotation's own {@code annotationLine} under ecj, which ignores the position of an {@code
   * AnnotationValue}.
   */
  static String valueLine(String valueLine, String annotationLine) {
    return ecj() ? annotationLine : valueLine;
  }

  /**
   * The line a diagnostic placed on an {@code extends} clause is on: {@code extendsLine} under
   * javac, but the class's own {@code classLine} under ecj, which has no javac tree API.
   */
  static String extendsLine(String extendsLine, String classLine) {
    return ecj() ? classLine : extendsLine;
  }

  /**
   * A source file for {@code qualifiedName} (a top-level class name, {@code p.Foo}); under ecj, a
   * real file, since ecj opens compilation units through their file URIs.
   */
  public static JavaFileObject source(String qualifiedName, String... lines) {
    if (!ecj()) {
      return JavaFileObjects.forSourceString(qualifiedName, String.join("\n", lines));
    }
    try {
      Path file =
          Files.createTempDirectory("ecj-src").resolve(qualifiedName.replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, String.join("\n", lines));
      file.toFile().deleteOnExit();
      return JavaFileObjects.forResource(file.toUri().toURL());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles with the processor; does not assert anything. */
  public static Compilation compile(List<JavaFileObject> sources) {
    return compileWith(List.of(new CopyExceptProcessor()), sources);
  }

  /** Compiles with the processor; does not assert anything. */
  public static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(sources));
  }

  /** Compiles with the processor and extra javac {@code options} (such as {@code -Xlint:all}). */
  public static Compilation compileWithOptions(List<String> options, JavaFileObject... sources) {
    return compileWithOptions(options, List.of(sources));
  }

  /** Compiles with the processor and extra javac {@code options} (such as {@code -Xlint:all}). */
  public static Compilation compileWithOptions(List<String> options, List<JavaFileObject> sources) {
    return recorded(
        Compiler.javac()
            .withProcessors(new CopyExceptProcessor())
            .withClasspath(CLASSPATH)
            .withOptions(options)
            .compile(sources));
  }

  /**
   * Compiles with the processor and {@code extraClasspath} (directories of earlier compilations).
   */
  public static Compilation compileAgainst(
      List<File> extraClasspath, List<JavaFileObject> sources) {
    List<File> classpath = new ArrayList<>(CLASSPATH);
    classpath.addAll(extraClasspath);
    return recorded(
        Compiler.javac()
            .withProcessors(new CopyExceptProcessor())
            .withClasspath(classpath)
            .compile(sources));
  }

  /** Compiles with the processor, with the class files under {@code library} on the class path. */
  public static Compilation compileAgainst(Path library, JavaFileObject... sources) {
    return compileAgainst(List.of(library.toFile()), List.of(sources));
  }

  /** Writes the class files of a successful compilation under {@code dir}, as javac -d would. */
  public static void writeClasses(Compilation compilation, Path dir) {
    classBytes(compilation)
        .forEach(
            (name, bytes) -> {
              Path file = dir.resolve(name.replace('.', '/') + ".class");
              try {
                Files.createDirectories(file.getParent());
                Files.write(file, bytes);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /**
   * Compiles {@code sources} without any processor and writes the class files into {@code dir}, so
   * a later {@link #compileAgainst} sees those classes only as class files (like a library jar).
   */
  public static void compileToClassFiles(Path dir, JavaFileObject... sources) {
    Compilation compilation =
        Compiler.javac().withClasspath(CLASSPATH).withOptions("-proc:none").compile(sources);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      throw new AssertionError("library did not compile:\n" + describe(compilation.diagnostics()));
    }
    writeClasses(compilation, dir);
  }

  /**
   * Compiles with exactly {@code processors}, in order (the processor, maybe wrapped, and test
   * processors before or after it); does not assert anything.
   */
  public static Compilation compileWith(
      List<? extends Processor> processors, List<JavaFileObject> sources) {
    return recorded(
        compiler().withProcessors(processors).withClasspath(CLASSPATH).compile(sources));
  }

  /** Compiles with exactly {@code processors}, in order. */
  public static Compilation compileWith(
      List<? extends Processor> processors, JavaFileObject... sources) {
    return compileWith(processors, List.of(sources));
  }

  /** Compiles with {@code processor} only (the processor built for a test, or wrapped). */
  public static Compilation compileWith(Processor processor, JavaFileObject... sources) {
    return compileWith(List.of(processor), List.of(sources));
  }

  /**
   * A processor that throws {@code failure} (a {@code RuntimeException} or an {@code Error}) before
   * it handles the class of that simple name.
   */
  public static CopyExceptProcessor failingOn(String simpleName, Throwable failure) {
    if (!(failure instanceof RuntimeException || failure instanceof Error)) {
      throw new IllegalArgumentException("only unchecked failures can be injected: " + failure);
    }
    Consumer<TypeElement> hook =
        type -> {
          if (type.getSimpleName().contentEquals(simpleName)) {
            if (failure instanceof RuntimeException e) {
              throw e;
            }
            throw (Error) failure;
          }
        };
    return new CopyExceptProcessor(hook);
  }

  /** The diagnostics whose message starts with a {@code [CopyExcept.} tag. */
  public static List<Diagnostic<? extends JavaFileObject>> processorDiagnostics(
      Compilation compilation) {
    return compilation.diagnostics().stream()
        .filter(d -> d.getMessage(Locale.ROOT).startsWith("[CopyExcept."))
        .toList();
  }

  /** Compiles, fails the test (with every diagnostic) unless compilation succeeded, and loads. */
  public static Compiled compileAndLoad(JavaFileObject... sources) {
    return compileAndLoad("", List.of(sources));
  }

  /** As {@link #compileAndLoad(JavaFileObject...)}; a failure message starts with context. */
  public static Compiled compileAndLoad(String context, List<JavaFileObject> sources) {
    Compilation compilation = compile(sources);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      throw new AssertionError(
          (context.isEmpty() ? "" : context + ": ")
              + "expected compilation to succeed, but it failed:\n"
              + describe(compilation.diagnostics()));
    }
    return new Compiled(compilation);
  }

  /** All diagnostics, one a line, with kind, file, line and message. */
  public static String describe(List<? extends Diagnostic<? extends JavaFileObject>> diagnostics) {
    return diagnostics.stream().map(CopierHarness::describe).collect(joining("\n"));
  }

  public static String describe(Diagnostic<? extends JavaFileObject> d) {
    String where = d.getSource() == null ? "-" : d.getSource().getName() + ":" + d.getLineNumber();
    return "  " + d.getKind() + " " + where + ": " + d.getMessage(Locale.ROOT);
  }

  /** The result of a successful compilation, with its classes loaded. */
  public static final class Compiled {
    public final Compilation compilation;
    public final ClassLoader loader;

    /** Loads the classes of a successful compilation. */
    public Compiled(Compilation compilation) {
      this(compilation, CopierHarness.class.getClassLoader());
    }

    /**
     * Loads this compilation's classes together with an earlier compilation's (the library its
     * sources were compiled against) in one loader, so that both share runtime packages.
     */
    public Compiled(Compilation compilation, Compiled earlier) {
      this.compilation = compilation;
      Map<String, byte[]> classes = new HashMap<>(classBytes(earlier.compilation));
      classes.putAll(classBytes(compilation));
      this.loader = new InMemoryClassLoader(classes, CopierHarness.class.getClassLoader());
    }

    private Compiled(Compilation compilation, ClassLoader parent) {
      this.compilation = compilation;
      this.loader = new InMemoryClassLoader(classBytes(compilation), parent);
    }

    /** Loads a class by binary name ({@code p.Outer$Inner}). */
    public Class<?> load(String binaryName) {
      try {
        return Class.forName(binaryName, true, loader);
      } catch (ClassNotFoundException e) {
        throw new AssertionError(
            "class "
                + binaryName
                + " was not compiled or generated; generated files: "
                + compilation.generatedFiles().stream()
                    .map(JavaFileObject::getName)
                    .collect(joining(", ")),
            e);
      }
    }

    /** A new instance of {@code binaryName} through its no-arg constructor (any visibility). */
    public Object newInstance(String binaryName) {
      return CopierHarness.newInstance(load(binaryName));
    }

    /** The generated source of a copier ({@code p.FooCopier}), failing when absent. */
    public String generatedSource(String copierQualifiedName) {
      JavaFileObject file =
          compilation
              .generatedSourceFile(copierQualifiedName)
              .orElseThrow(() -> new AssertionError("no generated source " + copierQualifiedName));
      try {
        return file.getCharContent(true).toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Calls {@code copierBinaryName.copy(src, dest)} reflectively; an exception thrown by {@code
     * copy} is rethrown unwrapped, so tests can assert on it.
     */
    public void copy(String copierBinaryName, Object src, Object dest) {
      Method copy = copyMethod(load(copierBinaryName));
      try {
        copy.invoke(null, src, dest);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException) {
          throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
          throw (Error) cause;
        }
        throw new AssertionError(cause);
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** The single {@code static void copy(X, X)} of a copier class. */
  public static Method copyMethod(Class<?> copier) {
    List<Method> found = new ArrayList<>();
    for (Method m : copier.getDeclaredMethods()) {
      if (m.getName().equals("copy")
          && m.getParameterCount() == 2
          && Modifier.isStatic(m.getModifiers())) {
        found.add(m);
      }
    }
    if (found.size() != 1) {
      throw new AssertionError(
          "expected exactly one static copy(src, dest) in " + copier + ", found " + found);
    }
    Method m = found.get(0);
    m.setAccessible(true);
    return m;
  }

  /** A new instance through the no-arg constructor, whatever its visibility. */
  public static Object newInstance(Class<?> type) {
    try {
      Constructor<?> c = type.getDeclaredConstructor();
      c.setAccessible(true);
      return c.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot instantiate " + type, e);
    }
  }

  /** The field {@code name} declared by {@code declaring} (not inherited), made accessible. */
  public static Field field(Class<?> declaring, String name) {
    try {
      Field f = declaring.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      throw new AssertionError("no field " + name + " in " + declaring, e);
    }
  }

  /** Reads the field {@code name} declared by the object's class or its nearest superclass. */
  public static Object get(Object target, String name) {
    return get(target, declaringClassOf(target.getClass(), name), name);
  }

  /** Reads the field {@code name} declared by {@code declaring}. */
  public static Object get(Object target, Class<?> declaring, String name) {
    try {
      return field(declaring, name).get(target);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes the field {@code name} declared by the object's class or its nearest superclass. */
  public static void set(Object target, String name, Object value) {
    set(target, declaringClassOf(target.getClass(), name), name, value);
  }

  /** Writes the field {@code name} declared by {@code declaring}. */
  public static void set(Object target, Class<?> declaring, String name, Object value) {
    try {
      field(declaring, name).set(target, value);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** Gives the field distinct values in the source and destination objects. */
  public static void fill(
      Object src, Object dest, String field, Object srcValue, Object destValue) {
    set(src, field, srcValue);
    set(dest, field, destValue);
  }

  private static Class<?> declaringClassOf(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (f.getName().equals(name)) {
          return c;
        }
      }
    }
    throw new AssertionError("no field " + name + " in " + type + " or its superclasses");
  }

  private static Map<String, byte[]> classBytes(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      // compile-testing names class output mem:///CLASS_OUTPUT/p/Outer$Inner.class
      String path = file.toUri().getPath();
      String marker = "CLASS_OUTPUT/";
      int start = path.indexOf(marker);
      if (start < 0) {
        throw new AssertionError("unexpected class file location " + file.toUri());
      }
      String binaryName =
          path.substring(start + marker.length(), path.length() - ".class".length())
              .replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(binaryName, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return classes;
  }

  /** Defines the classes of one compilation; delegates everything else to the test's loader. */
  private static final class InMemoryClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    InMemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
