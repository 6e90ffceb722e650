package dev.copyexcept.processor.behaviour;

import static com.google.common.truth.Truth.assertWithMessage;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import dev.copyexcept.processor.CopierHarness;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The generated copiers compile without a single javac lint warning, so that users who build with
 * {@code -Xlint:all -Werror} (as this project does, minus processing/options) can use the
 * processor. Input: the valid random hierarchies of two batches plus generic, hidden, nested and
 * accessor shapes.
 */
class GeneratedCodeLintTest {

  @Test
  void generatedCopiers_compileWithoutLintWarnings() {
    List<JavaFileObject> sources = new ArrayList<>();
    for (long seed = 1000; seed < 1026; seed++) {
      addIfValid(sources, seed);
    }
    for (long seed = 2000; seed < 2026; seed++) {
      addIfValid(sources, seed);
    }
    sources.add(
        source(
            "lint.Box",
            """
        package lint;
        import java.util.List;
        @dev.copyexcept.CopyExcept("keep")
        public class Box<T extends Number & Comparable<T>> {
          T value; T keep; List<? extends T> list; final T[] arr;
          @SuppressWarnings("unchecked") Box() { arr = (T[]) new Number[1]; }
        }
        """));
    sources.add(
        source(
            "lint.Base",
            """
        package lint;
        public class Base<E> { int v; private E e; public E getE() { return e; } public void setE(E e) { this.e = e; } }
        """));
    sources.add(
        source(
            "lint.Sub",
            """
        package lint;
        @dev.copyexcept.CopyExcept
        public class Sub extends Base<String> { long v; final Box<Integer>[] boxes = null; }
        """));
    sources.add(
        source(
            "lint.GA",
            "package lint; public class GA<T> { T t; private T p; public T getP() { return p; } public void setP(T p) { this.p = p; } }"));
    sources.add(
        source(
            "lint.GB",
            "package lint; public class GB<T> extends GA<java.util.List<T>> { T t; final T[] arr = null; }"));
    sources.add(
        source(
            "lint.GC",
            """
        package lint;
        @dev.copyexcept.CopyExcept
        public class GC extends GB<String> { java.util.Map<String, ? super Integer> t; }
        """));
    sources.add(
        source(
            "lint.Old",
            """
        package lint;
        @Deprecated
        public class Old {
          @Deprecated public int old;
          @Deprecated(forRemoval = true) public long gone;
          private int acc;
          @Deprecated public int getAcc() { return acc; }
          @Deprecated public void setAcc(int a) { acc = a; }
        }
        """));
    sources.add(
        source(
            "lint.UsesOld",
            """
        package lint;
        @dev.copyexcept.CopyExcept
        @SuppressWarnings({"deprecation", "removal"})
        public class UsesOld extends Old { int fresh; }
        """));
    sources.add(
        source(
            "lint.Outer",
            """
        package lint;
        public class Outer<T> {
          @dev.copyexcept.CopyExcept public class In { T t; int[] a; }
          @dev.copyexcept.CopyExcept public static class Nest<U> { U u; final Nest<U>[] more = null; }
        }
        """));

    Compilation compilation =
        CopierHarness.compileWithOptions(List.of("-Xlint:all", "-Xlint:-processing"), sources);

    assertWithMessage("diagnostics:\n%s", CopierHarness.describe(compilation.diagnostics()))
        .that(compilation.status())
        .isEqualTo(Compilation.Status.SUCCESS);
    List<String> generatedWarnings = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR
          && d.getKind() != Diagnostic.Kind.NOTE
          && d.getSource() != null
          && d.getSource().getName().contains("SOURCE_OUTPUT")) {
        generatedWarnings.add(CopierHarness.describe(d));
      }
    }
    assertWithMessage("lint warnings in generated copiers").that(generatedWarnings).isEmpty();
  }

  private static void addIfValid(List<JavaFileObject> sources, long seed) {
    Shape shape = ShapeGenerator.generate(seed);
    if (ShapeOracle.problems(shape).isEmpty()) {
      sources.addAll(ShapeSources.of(shape));
    }
  }
}
