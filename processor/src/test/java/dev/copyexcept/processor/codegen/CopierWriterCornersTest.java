package dev.copyexcept.processor.codegen;

import static com.google.common.truth.Truth.assertThat;
import static dev.copyexcept.processor.CopierHarness.compileAndLoad;
import static dev.copyexcept.processor.CopierHarness.get;
import static dev.copyexcept.processor.CopierHarness.set;
import static dev.copyexcept.processor.CopierHarness.source;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.copyexcept.processor.CopierHarness.Compiled;
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
}
