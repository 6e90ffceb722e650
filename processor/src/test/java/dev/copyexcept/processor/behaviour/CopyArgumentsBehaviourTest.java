package dev.copyexcept.processor.behaviour;

import static com.google.common.truth.Truth.assertThat;
import static dev.copyexcept.processor.CopierHarness.compileAndLoad;
import static dev.copyexcept.processor.CopierHarness.get;
import static dev.copyexcept.processor.CopierHarness.set;
import static dev.copyexcept.processor.CopierHarness.source;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.copyexcept.processor.CopierHarness.Compiled;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The arguments of {@code copy(src, dest)}: nulls are refused by name, aliasing is harmless. */
class CopyArgumentsBehaviourTest {
  private static Compiled c;

  @BeforeAll
  static void compile() {
    c =
        compileAndLoad(
            source(
                "p.Inner",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Inner { int x; }
            """),
            source(
                "p.Foo",
                """
            package p;
            @dev.copyexcept.CopyExcept("keep")
            public class Foo {
              int a;
              String s;
              int keep;
              final int[] arr = new int[] {1, 2, 3};
              final Inner inner = new Inner();
            }
            """));
  }

  @Test
  void copy_nullSource_throwsNullPointerNamingSrc_andLeavesDestUnchanged() {
    Object dest = c.newInstance("p.Foo");
    set(dest, "a", 5);

    NullPointerException e =
        assertThrows(NullPointerException.class, () -> c.copy("p.FooCopier", null, dest));

    assertThat(e).hasMessageThat().contains("src");
    assertThat(get(dest, "a")).isEqualTo(5);
  }

  @Test
  void copy_nullDestination_throwsNullPointerNamingDest() {
    Object src = c.newInstance("p.Foo");

    NullPointerException e =
        assertThrows(NullPointerException.class, () -> c.copy("p.FooCopier", src, null));

    assertThat(e).hasMessageThat().contains("dest");
    assertThat(e).hasMessageThat().doesNotContain("src");
  }

  @Test
  void copy_sameObjectAsSourceAndDestination_isHarmless() {
    Object x = c.newInstance("p.Foo");
    set(x, "a", 5);
    set(x, "s", "five");
    set(x, "keep", 6);
    int[] arr = (int[]) get(x, "arr");
    Object inner = get(x, "inner");
    set(inner, "x", 7);

    c.copy("p.FooCopier", x, x);

    assertThat(get(x, "a")).isEqualTo(5);
    assertThat(get(x, "s")).isEqualTo("five");
    assertThat(get(x, "keep")).isEqualTo(6);
    assertThat(get(x, "arr")).isSameInstanceAs(arr);
    assertThat(arr).asList().containsExactly(1, 2, 3).inOrder();
    assertThat(get(x, "inner")).isSameInstanceAs(inner);
    assertThat(get(inner, "x")).isEqualTo(7);
  }
}
