package dev.copyexcept.processor.behaviour;

import static com.google.common.truth.Truth.assertThat;
import static dev.copyexcept.processor.CopierHarness.field;
import static dev.copyexcept.processor.CopierHarness.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.copyexcept.processor.CopierHarness;
import dev.copyexcept.processor.CopierHarness.Compiled;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, defect 3: a final array or embedded struct the copier reaches only through its getter
 * is copied into the object the getter returns. When the getter returns a copy
 * (commons-collections' {@code MultiKey.getKeys()} returns {@code keys.clone()}), the destination
 * would never be written; the copier detects a getter that returns a different object on two calls
 * and throws, naming the field, before writing anything.
 */
class GetterReturnsCopyBehaviourTest {

  @Test
  void finalArrayWhoseGetterReturnsAClone_failsLoudly_andLeavesDestUnchanged() throws Exception {
    Compiled c =
        CopierHarness.compileAndLoad(
            source(
                "p.MultiKey",
                """
                package p;
                @dev.copyexcept.CopyExcept
                public class MultiKey {
                  public int hash;
                  private final Object[] keys = new Object[2];
                  public Object[] getKeys() { return keys.clone(); }
                }
                """));
    Object src = c.newInstance("p.MultiKey");
    Object dest = c.newInstance("p.MultiKey");
    Class<?> type = c.load("p.MultiKey");
    ((Object[]) field(type, "keys").get(src))[0] = "a";
    field(type, "hash").setInt(src, 7);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> c.copy("p.MultiKeyCopier", src, dest));
    assertThat(e).hasMessageThat().contains("keys");
    assertThat(e).hasMessageThat().contains("dest.getKeys()");
    assertThat(field(type, "hash").getInt(dest)).isEqualTo(0);
    assertArrayEquals(new Object[2], (Object[]) field(type, "keys").get(dest));
  }

  @Test
  void embeddedStructWhoseGetterReturnsACopy_failsLoudly() throws Exception {
    Compiled c =
        CopierHarness.compileAndLoad(
            source(
                "p.Point",
                """
                package p;
                @dev.copyexcept.CopyExcept
                public class Point { public int x; }
                """),
            source(
                "p.Shape",
                """
                package p;
                @dev.copyexcept.CopyExcept
                public class Shape {
                  private final Point origin = new Point();
                  public Point getOrigin() { Point p = new Point(); p.x = origin.x; return p; }
                }
                """));
    Object src = c.newInstance("p.Shape");
    Object dest = c.newInstance("p.Shape");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> c.copy("p.ShapeCopier", src, dest));
    assertThat(e).hasMessageThat().contains("origin");
  }

  @Test
  void getterReturningTheFieldItself_copiesIntoDestsOwnArray() throws Exception {
    Compiled c =
        CopierHarness.compileAndLoad(
            source(
                "p.Keys",
                """
                package p;
                @dev.copyexcept.CopyExcept
                public class Keys {
                  private final int[] keys = new int[2];
                  public int[] getKeys() { return keys; }
                }
                """));
    Object src = c.newInstance("p.Keys");
    Object dest = c.newInstance("p.Keys");
    Class<?> type = c.load("p.Keys");
    int[] destKeys = (int[]) field(type, "keys").get(dest);
    ((int[]) field(type, "keys").get(src))[1] = 5;
    c.copy("p.KeysCopier", src, dest);
    assertThat(field(type, "keys").get(dest)).isSameInstanceAs(destKeys);
    assertArrayEquals(new int[] {0, 5}, destKeys);
  }
}
