package dev.copyexcept.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.function.Consumer;
import javax.annotation.processing.Processor;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Shared helpers for compiling test sources with the processor. */
final class Fixtures {
  private Fixtures() {}

  /** A source file {@code path} (such as {@code "p/Foo.java"}) with the given lines. */
  static JavaFileObject source(String path, String... lines) {
    String name = path.substring(0, path.length() - ".java".length()).replace('/', '.');
    return JavaFileObjects.forSourceLines(name, lines);
  }

  /** Compiles with the processor only; javac's own lint warnings are off. */
  static Compilation compile(JavaFileObject... sources) {
    return compile(new CopyExceptProcessor(), sources);
  }

  /** Compiles with the given processors (in that order); javac's own lint warnings are off. */
  static Compilation compile(Processor processor, JavaFileObject... sources) {
    return Compiler.javac().withProcessors(processor).withOptions("-Xlint:none").compile(sources);
  }

  /** Compiles with several processors, in order. */
  static Compilation compile(List<Processor> processors, JavaFileObject... sources) {
    return Compiler.javac().withProcessors(processors).withOptions("-Xlint:none").compile(sources);
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

  /** The diagnostics whose message starts with a {@code [CopyExcept.} tag. */
  static List<Diagnostic<? extends JavaFileObject>> processorDiagnostics(Compilation compilation) {
    return compilation.diagnostics().stream()
        .filter(d -> d.getMessage(null).startsWith("[CopyExcept."))
        .toList();
  }
}
