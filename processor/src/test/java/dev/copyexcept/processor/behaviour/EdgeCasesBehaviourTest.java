package dev.copyexcept.processor.behaviour;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.copyexcept.processor.CopierHarness.compileAndLoad;
import static dev.copyexcept.processor.CopierHarness.fill;
import static dev.copyexcept.processor.CopierHarness.get;
import static dev.copyexcept.processor.CopierHarness.set;
import static dev.copyexcept.processor.CopierHarness.source;

import dev.copyexcept.processor.CopierHarness;
import dev.copyexcept.processor.CopierHarness.Compiled;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Corners where a processor that is right for the common case goes wrong: types the copier cannot
 * name, generic superclasses with accessors, generic embedded structs, classes nested in interfaces
 * and in generic classes.
 */
class EdgeCasesBehaviourTest {

  @Test
  void fieldsOfAPrivateNestedType_copiedWithoutNamingTheType() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Holder",
                """
        package p;
        @dev.copyexcept.CopyExcept
        public class Holder {
          private static class Node { int v; }
          Node node;
          final Node[] nodes = new Node[2];
          int plain;
          static Node make(int v) { Node n = new Node(); n.v = v; return n; }
        }
        """));
    Class<?> holder = c.load("p.Holder");
    Object src = c.newInstance("p.Holder");
    Object dest = c.newInstance("p.Holder");
    Object n1 = make(holder, 1);
    Object n2 = make(holder, 2);
    Object[] srcNodes = (Object[]) get(src, "nodes");
    Object[] destNodes = (Object[]) get(dest, "nodes");
    srcNodes[0] = make(holder, 3);
    srcNodes[1] = make(holder, 4);
    destNodes[0] = make(holder, 5);
    fill(src, dest, "node", n1, n2);
    fill(src, dest, "plain", 6, -6);

    c.copy("p.HolderCopier", src, dest);

    assertThat(get(dest, "node")).isSameInstanceAs(n1);
    assertThat(get(dest, "nodes")).isSameInstanceAs(destNodes);
    assertThat(destNodes[0]).isSameInstanceAs(srcNodes[0]);
    assertThat(destNodes[1]).isSameInstanceAs(srcNodes[1]);
    assertThat(get(dest, "plain")).isEqualTo(6);
  }

  private static Object make(Class<?> holder, int v) {
    try {
      var m = holder.getDeclaredMethod("make", int.class);
      m.setAccessible(true);
      return m.invoke(null, v);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void privateFieldOfAGenericSuperclass_copiedThroughAccessorsOfTheSubstitutedType() {
    Compiled c =
        compileAndLoad(
            source(
                "q.Base",
                """
            package q;
            public class Base<T> {
              private T item;
              private final int[] counts = new int[2];
              public T getItem() { return item; }
              public void setItem(T item) { this.item = item; }
              public int[] getCounts() { return counts; }
            }
            """),
            source(
                "p.Names",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Names extends q.Base<String> { int n; }
            """));
    Object src = c.newInstance("p.Names");
    Object dest = c.newInstance("p.Names");
    fill(src, dest, "item", "src", "dest");
    fill(src, dest, "n", 1, -1);
    int[] destCounts = (int[]) get(dest, "counts");
    ((int[]) get(src, "counts"))[1] = 9;

    c.copy("p.NamesCopier", src, dest);

    assertThat(get(dest, "item")).isEqualTo("src");
    assertThat(get(dest, "n")).isEqualTo(1);
    assertThat(get(dest, "counts")).isSameInstanceAs(destCounts);
    assertThat(destCounts).asList().containsExactly(0, 9).inOrder();
  }

  @Test
  void genericEmbeddedStruct_copiedByValueWithItsCopier() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Box",
                """
            package p;
            @dev.copyexcept.CopyExcept("tag")
            public class Box<T> { T value; String tag; }
            """),
            source(
                "p.Crate",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Crate { final Box<Integer> box = new Box<>(); long weight; }
            """));
    Object src = c.newInstance("p.Crate");
    Object dest = c.newInstance("p.Crate");
    Object destBox = get(dest, "box");
    fill(get(src, "box"), destBox, "value", 1, -1);
    fill(get(src, "box"), destBox, "tag", "src", "dest");
    fill(src, dest, "weight", 2L, -2L);

    c.copy("p.CrateCopier", src, dest);

    assertThat(get(dest, "box")).isSameInstanceAs(destBox);
    assertThat(get(destBox, "value")).isEqualTo(1);
    assertThat(get(destBox, "tag")).isEqualTo("dest");
    assertThat(get(dest, "weight")).isEqualTo(2L);
  }

  @Test
  void classNestedInAnInterface_isImplicitlyPublicStatic_copierPublic() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Api",
                """
        package p;
        public interface Api {
          @dev.copyexcept.CopyExcept("k")
          class Msg { int a; int k; }
        }
        """));
    Object src = c.newInstance("p.Api$Msg");
    Object dest = c.newInstance("p.Api$Msg");
    fill(src, dest, "a", 1, -1);
    fill(src, dest, "k", 2, -2);

    c.copy("p.Api_MsgCopier", src, dest);

    assertThat(get(dest, "a")).isEqualTo(1);
    assertThat(get(dest, "k")).isEqualTo(-2);
    assertWithMessage("Api.Msg is public, so its copier is")
        .that(Modifier.isPublic(c.load("p.Api_MsgCopier").getModifiers()))
        .isTrue();
  }

  @Test
  void innerClassOfAGenericClass_usesTheOuterTypeParameter() throws Exception {
    Compiled c =
        compileAndLoad(
            source(
                "p.Tree",
                """
        package p;
        public class Tree<T> {
          @dev.copyexcept.CopyExcept("parent")
          public class Node { T value; Node parent; int depth; }
        }
        """));
    Class<?> tree = c.load("p.Tree");
    Class<?> node = c.load("p.Tree$Node");
    var ctor = node.getDeclaredConstructor(tree);
    Object t = CopierHarness.newInstance(tree);
    Object src = ctor.newInstance(t);
    Object dest = ctor.newInstance(t);
    Object p1 = ctor.newInstance(t);
    Object p2 = ctor.newInstance(t);
    fill(src, dest, "value", "src", "dest");
    fill(src, dest, "parent", p1, p2);
    fill(src, dest, "depth", 3, -3);

    c.copy("p.Tree_NodeCopier", src, dest);

    assertThat(get(dest, "value")).isEqualTo("src");
    assertThat(get(dest, "parent")).isSameInstanceAs(p2);
    assertThat(get(dest, "depth")).isEqualTo(3);
  }

  @Test
  void embeddedStructOfAnAbstractAnnotatedType_copiesTheDeclaredTypesFields() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Shape",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public abstract class Shape { double w; }
            """),
            source("p.Square", "package p; public class Square extends Shape { int side; }"),
            source(
                "p.Frame",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Frame { final Shape shape = new Square(); int z; }
            """));
    Object src = c.newInstance("p.Frame");
    Object dest = c.newInstance("p.Frame");
    Object destShape = get(dest, "shape");
    fill(get(src, "shape"), destShape, "w", 1.5, -1.5);
    fill(get(src, "shape"), destShape, "side", 2, -2);
    fill(src, dest, "z", 3, -3);

    c.copy("p.FrameCopier", src, dest);

    assertThat(get(dest, "shape")).isSameInstanceAs(destShape);
    assertThat(get(destShape, "w")).isEqualTo(1.5);
    assertWithMessage("Square.side is not Shape's state")
        .that(get(destShape, "side"))
        .isEqualTo(-2);
    assertThat(get(dest, "z")).isEqualTo(3);
    set(dest, "z", 0);
  }

  @Test
  void finalArraysAndStructsWhoseNamesCollideWithCopierLocals_allCopied() {
    Compiled c =
        compileAndLoad(
            source("p.In", "package p; @dev.copyexcept.CopyExcept public class In { int x; }"),
            source(
                "p.Base",
                """
            package p;
            public class Base { final int[] arr = new int[1]; final In in = new In(); }
            """),
            source(
                "p.Names",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Names extends Base {
              final int[] src = new int[1];
              final int[] dest = new int[1];
              final int[] nodes = new int[1];
              final int[] Nodes = new int[1];
              final int[] srcNodes = new int[1];
              final int[] arr = new int[1];
              final In in = new In();
              final In srcIn = new In();
            }
            """));
    Class<?> base = c.load("p.Base");
    Class<?> names = c.load("p.Names");
    Object s = c.newInstance("p.Names");
    Object d = c.newInstance("p.Names");
    int k = 1;
    List<Object[]> arrays = new ArrayList<>();
    for (Object[] f :
        new Object[][] {
          {names, "src"},
          {names, "dest"},
          {names, "nodes"},
          {names, "Nodes"},
          {names, "srcNodes"},
          {names, "arr"},
          {base, "arr"}
        }) {
      ((int[]) get(s, (Class<?>) f[0], (String) f[1]))[0] = k;
      ((int[]) get(d, (Class<?>) f[0], (String) f[1]))[0] = -k;
      arrays.add(new Object[] {f[0], f[1], k});
      k++;
    }
    for (Object[] f : new Object[][] {{names, "in"}, {names, "srcIn"}, {base, "in"}}) {
      set(get(s, (Class<?>) f[0], (String) f[1]), "x", k);
      set(get(d, (Class<?>) f[0], (String) f[1]), "x", -k);
      arrays.add(new Object[] {f[0], f[1], k});
      k++;
    }

    c.copy("p.NamesCopier", s, d);

    for (Object[] a : arrays) {
      Object v = get(d, (Class<?>) a[0], (String) a[1]);
      Object actual = v instanceof int[] ints ? ints[0] : get(v, "x");
      assertWithMessage("%s.%s", ((Class<?>) a[0]).getSimpleName(), a[1])
          .that(actual)
          .isEqualTo(a[2]);
    }
  }

  @Test
  void classInTheUnnamedPackage_getsACopierThere() {
    Compiled c =
        compileAndLoad(
            source(
                "Loose",
                """
        @dev.copyexcept.CopyExcept("k")
        public class Loose { int a; int k; final long[] arr = new long[1]; }
        """));
    Object src = c.newInstance("Loose");
    Object dest = c.newInstance("Loose");
    fill(src, dest, "a", 1, -1);
    fill(src, dest, "k", 2, -2);
    ((long[]) get(src, "arr"))[0] = 3L;

    c.copy("LooseCopier", src, dest);

    assertThat(get(dest, "a")).isEqualTo(1);
    assertThat(get(dest, "k")).isEqualTo(-2);
    assertThat(((long[]) get(dest, "arr"))[0]).isEqualTo(3L);
  }

  @Test
  void jdkSuperclass_itsProtectedFieldExcluded_ownFieldsCopied() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Names",
                """
        package p;
        @dev.copyexcept.CopyExcept("modCount")
        public class Names extends java.util.AbstractList<String> {
          String first;
          int size;
          public String get(int i) { return first; }
          public int size() { return size; }
          public void bump() { modCount += 7; }
          public int mods() { return modCount; }
        }
        """));
    Object src = c.newInstance("p.Names");
    Object dest = c.newInstance("p.Names");
    fill(src, dest, "first", "src", "dest");
    fill(src, dest, "size", 1, 2);
    call(dest, "bump"); // modCount is java.base's: reached through the subclass, not reflection

    c.copy("p.NamesCopier", src, dest);

    assertThat(get(dest, "first")).isEqualTo("src");
    assertThat(get(dest, "size")).isEqualTo(1);
    assertThat(call(dest, "mods")).isEqualTo(7);
    assertThat(call(src, "mods")).isEqualTo(0);
  }

  private static Object call(Object target, String method) {
    try {
      return target.getClass().getMethod(method).invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static final String PKG_PRIVATE_BASE =
      """
      package q;
      class Base { public int v; public int w; }
      """;
  private static final String PUBLIC_MID =
      """
      package q;
      public class Mid extends Base { }
      """;

  @Test
  void publicFieldsOfAPackagePrivateSuperclassInAnotherPackage_copiedThroughThePublicSubclass() {
    Compiled c =
        compileAndLoad(
            source("q.Base", PKG_PRIVATE_BASE),
            source("q.Mid", PUBLIC_MID),
            source(
                "p.Sub",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Sub extends q.Mid { int own; }
            """));
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    fill(src, dest, "v", 1, -1);
    fill(src, dest, "w", 2, -2);
    fill(src, dest, "own", 3, -3);

    c.copy("p.SubCopier", src, dest);

    assertThat(get(dest, "v")).isEqualTo(1);
    assertThat(get(dest, "w")).isEqualTo(2);
    assertThat(get(dest, "own")).isEqualTo(3);
  }

  @Test
  void hiddenPublicFieldOfAPackagePrivateSuperclassInAnotherPackage_bothCopied() {
    Compiled c =
        compileAndLoad(
            source("q.Base", PKG_PRIVATE_BASE),
            source("q.Mid", PUBLIC_MID),
            source(
                "p.Sub",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Sub extends q.Mid { long v; }
            """));
    Class<?> base = c.load("q.Base");
    Class<?> sub = c.load("p.Sub");
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    set(src, base, "v", 1);
    set(dest, base, "v", -1);
    set(src, sub, "v", 2L);
    set(dest, sub, "v", -2L);
    fill(src, dest, "w", 3, -3);

    c.copy("p.SubCopier", src, dest);

    assertWithMessage("q.Base.v, hidden, reached through the public q.Mid")
        .that(get(dest, base, "v"))
        .isEqualTo(1);
    assertThat(get(dest, sub, "v")).isEqualTo(2L);
    assertThat(get(dest, "w")).isEqualTo(3);
  }
}
