package dev.copyexcept.processor.behaviour;

import static java.util.stream.Collectors.joining;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.copyexcept.CopyExcept;
import dev.copyexcept.processor.CopyExceptProcessor;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles test sources with the {@link CopyExceptProcessor}, loads the compiled classes (the
 * annotated ones and the generated copiers) into a fresh in-memory class loader, and gives the
 * tests small reflective helpers to instantiate classes, fill fields and call {@code copy}.
 */
final class CopierHarness {
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

  /** A source file for {@code qualifiedName} (a top-level class name, {@code p.Foo}). */
  static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceString(qualifiedName, String.join("\n", lines));
  }

  /** Compiles with the processor; does not assert anything. */
  static Compilation compile(List<JavaFileObject> sources) {
    return compileWith(List.of(), sources);
  }

  /** Compiles with the processor and extra javac {@code options} (such as {@code -Xlint:all}). */
  static Compilation compileWithOptions(List<String> options, List<JavaFileObject> sources) {
    return Compiler.javac()
        .withProcessors(new CopyExceptProcessor())
        .withClasspath(CLASSPATH)
        .withOptions(options)
        .compile(sources);
  }

  /**
   * Compiles with the processor and {@code extraClasspath} (directories of earlier compilations).
   */
  static Compilation compileAgainst(List<File> extraClasspath, List<JavaFileObject> sources) {
    List<File> classpath = new ArrayList<>(CLASSPATH);
    classpath.addAll(extraClasspath);
    return Compiler.javac()
        .withProcessors(new CopyExceptProcessor())
        .withClasspath(classpath)
        .compile(sources);
  }

  /** Writes the class files of a successful compilation under {@code dir}, as javac -d would. */
  static void writeClasses(Compilation compilation, java.nio.file.Path dir) {
    classBytes(compilation)
        .forEach(
            (name, bytes) -> {
              java.nio.file.Path file = dir.resolve(name.replace('.', '/') + ".class");
              try {
                java.nio.file.Files.createDirectories(file.getParent());
                java.nio.file.Files.write(file, bytes);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /** Compiles with the processor followed by {@code others} (probes); does not assert anything. */
  static Compilation compileWith(List<Processor> others, List<JavaFileObject> sources) {
    return compileWith(new CopyExceptProcessor(), others, sources);
  }

  /** Compiles with {@code processor} (the processor, maybe wrapped) followed by {@code others}. */
  static Compilation compileWith(
      Processor processor, List<Processor> others, List<JavaFileObject> sources) {
    List<Processor> processors = new ArrayList<>();
    processors.add(processor);
    processors.addAll(others);
    return Compiler.javac().withProcessors(processors).withClasspath(CLASSPATH).compile(sources);
  }

  static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(sources));
  }

  /** Compiles, fails the test (with every diagnostic) unless compilation succeeded, and loads. */
  static Compiled compileAndLoad(JavaFileObject... sources) {
    return compileAndLoad("", List.of(sources));
  }

  static Compiled compileAndLoad(String context, List<JavaFileObject> sources) {
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
  static String describe(List<? extends Diagnostic<? extends JavaFileObject>> diagnostics) {
    return diagnostics.stream().map(CopierHarness::describe).collect(joining("\n"));
  }

  static String describe(Diagnostic<? extends JavaFileObject> d) {
    String where = d.getSource() == null ? "-" : d.getSource().getName() + ":" + d.getLineNumber();
    return "  " + d.getKind() + " " + where + ": " + d.getMessage(Locale.ROOT);
  }

  /** The result of a successful compilation, with its classes loaded. */
  static final class Compiled {
    final Compilation compilation;
    final ClassLoader loader;

    Compiled(Compilation compilation) {
      this(compilation, CopierHarness.class.getClassLoader());
    }

    /**
     * Loads this compilation's classes together with an earlier compilation's (the library its
     * sources were compiled against) in one loader, so that both share runtime packages.
     */
    Compiled(Compilation compilation, Compiled earlier) {
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
    Class<?> load(String binaryName) {
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
    Object newInstance(String binaryName) {
      return CopierHarness.newInstance(load(binaryName));
    }

    /** The generated source of a copier ({@code p.FooCopier}), failing when absent. */
    String generatedSource(String copierQualifiedName) {
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
    void copy(String copierBinaryName, Object src, Object dest) {
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
  static Method copyMethod(Class<?> copier) {
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

  static Object newInstance(Class<?> type) {
    try {
      Constructor<?> c = type.getDeclaredConstructor();
      c.setAccessible(true);
      return c.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot instantiate " + type, e);
    }
  }

  /** The field {@code name} declared by {@code declaring} (not inherited), made accessible. */
  static Field field(Class<?> declaring, String name) {
    try {
      Field f = declaring.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      throw new AssertionError("no field " + name + " in " + declaring, e);
    }
  }

  /** Reads the field {@code name} declared by the object's class or its nearest superclass. */
  static Object get(Object target, String name) {
    return get(target, declaringClassOf(target.getClass(), name), name);
  }

  static Object get(Object target, Class<?> declaring, String name) {
    try {
      return field(declaring, name).get(target);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  static void set(Object target, String name, Object value) {
    set(target, declaringClassOf(target.getClass(), name), name, value);
  }

  static void set(Object target, Class<?> declaring, String name, Object value) {
    try {
      field(declaring, name).set(target, value);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
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
