package dev.copyexcept.processor.codegen;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.compileAndLoad;
import static dev.copyexcept.processor.CopierHarness.get;
import static dev.copyexcept.processor.CopierHarness.set;
import static dev.copyexcept.processor.CopierHarness.source;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.copyexcept.processor.CopierHarness;
import dev.copyexcept.processor.CopierHarness.Compiled;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The writer's corners that the broader tests pass through without pinning (found by mutation
 * testing, docs/mutation-testing.md): the name a hidden field's check message uses, and the Javadoc
 * of a copier that copies nothing.
 */
class CopierWriterCornersTest {

  @Test
  void nullHiddenFinalArray_messageNamesItsDeclaringClass_andDestIsUnchanged() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Base",
                "package p;",
                "public class Base {",
                "  final int[] arr = new int[1];",
                "}"),
            source(
                "p.Sub",
                "package p;",
                "@dev.copyexcept.CopyExcept",
                "public class Sub extends Base {",
                "  final int[] arr = new int[1];",
                "  int x;",
                "}"));
    Class<?> base = c.load("p.Base");
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    set(src, "x", 7);
    set(src, base, "arr", null);

    NullPointerException e =
        assertThrows(NullPointerException.class, () -> c.copy("p.SubCopier", src, dest));

    assertThat(e).hasMessageThat().isEqualTo("src.Base.arr is null");
    assertThat(get(dest, "x")).isEqualTo(0);
  }

  @Test
  void copierOfAClassWhoseFieldsAreAllExcluded_saysItCopiesNone() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Lock",
                "package p;",
                "@dev.copyexcept.CopyExcept(\"owner\")",
                "public class Lock {",
                "  Thread owner;",
                "}"));
    assertThat(c.generatedSource("p.LockCopier"))
        .contains(
            " * <p>Copied, topmost superclass first, each class in declaration order:\n"
                + " * <ol>\n"
                + " *   <li>none\n"
                + " * </ol>\n");
  }

  /** The lint options under which a suppression the copier needs but lacks fails the build. */
  private static final List<String> STRICT = List.of("-Xlint:all,-processing", "-Werror");

  @Test
  void copierOfAGenericAuxiliaryClass_suppressesUncheckedToo_andCompilesUnderWerror() {
    Compilation compilation =
        CopierHarness.compileWithOptions(
            STRICT,
            source(
                "p.Main",
                "package p;",
                "public class Main {}",
                "@dev.copyexcept.CopyExcept({})",
                "class Aux<T> { T value; int keep; }"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(new Compiled(compilation).generatedSource("p.AuxCopier"))
        .contains("@SuppressWarnings({\"auxiliaryclass\", \"unchecked\"})\n");
  }

  @Test
  void copierOfAPlainAuxiliaryClass_suppressesOnlyTheAuxiliaryClassLint() {
    Compilation compilation =
        CopierHarness.compileWithOptions(
            STRICT,
            source(
                "p.Main",
                "package p;",
                "public class Main {}",
                "@dev.copyexcept.CopyExcept({})",
                "class Aux { int keep; }"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(new Compiled(compilation).generatedSource("p.AuxCopier"))
        .contains("@SuppressWarnings(\"auxiliaryclass\")\n");
  }

  /**
   * A generic class named after its file that names an auxiliary class: its copier takes the
   * class's own type, so there is no unchecked cast to suppress.
   */
  @Test
  void copierOfAGenericClassNamingAnAuxiliaryClass_suppressesOnlyTheAuxiliaryClassLint() {
    Compilation compilation =
        CopierHarness.compileWithOptions(
            STRICT,
            source(
                "p.Main",
                "package p;",
                "@dev.copyexcept.CopyExcept({})",
                "public class Main<T> { T value; Aux aux; }",
                "class Aux {}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(new Compiled(compilation).generatedSource("p.MainCopier"))
        .contains("@SuppressWarnings(\"auxiliaryclass\")\n");
  }

  @Test
  void embeddedStructWhoseGetterReturnsACopy_messageSaysStruct_andJavadocWarns() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Point",
                "package p;",
                "@dev.copyexcept.CopyExcept",
                "public class Point { public int x; }"),
            source(
                "p.Shape",
                "package p;",
                "@dev.copyexcept.CopyExcept",
                "public class Shape {",
                "  private final Point origin = new Point();",
                "  public Point getOrigin() { Point p = new Point(); p.x = origin.x; return p; }",
                "}"));
    Object src = c.newInstance("p.Shape");
    Object dest = c.newInstance("p.Shape");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> c.copy("p.ShapeCopier", src, dest));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "dest.getOrigin() returns a different object on each call (a copy?), so it is not the"
                + " field origin and nothing could be copied into dest's own struct; make"
                + " getOrigin() return the field itself, or add origin to @CopyExcept");
    assertThat(c.generatedSource("p.ShapeCopier"))
        .contains(
            "   * @throws IllegalStateException if a getter that the copy writes through returns a\n"
                + "   *     different object on each call (a copy), so it cannot reach {@code dest}'s"
                + " own\n"
                + "   *     field\n");
  }
}
