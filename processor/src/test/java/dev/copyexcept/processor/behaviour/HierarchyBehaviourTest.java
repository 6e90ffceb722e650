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
import java.lang.reflect.Method;
import java.lang.reflect.TypeVariable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Superclasses, inherited exclusions, accessors, hidden fields, generics, nested and abstract
 * classes: the copier handles every instance field of the hierarchy, and only those.
 */
class HierarchyBehaviourTest {

  // ---------------------------------------------------------------- inheritance

  @Test
  void superclassFields_areCopied_andBaseExclusionsAreInherited() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Base",
                """
            package p;
            @dev.copyexcept.CopyExcept("refcnt")
            public class Base { int refcnt; long start; }
            """),
            source(
                "p.Sub",
                """
            package p;
            @dev.copyexcept.CopyExcept("lock")
            public class Sub extends Base { int lock; String name; }
            """));
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    fill(src, dest, "refcnt", 1, -1);
    fill(src, dest, "start", 2L, -2L);
    fill(src, dest, "lock", 3, -3);
    fill(src, dest, "name", "src", "dest");

    c.copy("p.SubCopier", src, dest);

    assertWithMessage("inherited exclusion").that(get(dest, "refcnt")).isEqualTo(-1);
    assertWithMessage("own exclusion").that(get(dest, "lock")).isEqualTo(-3);
    assertThat(get(dest, "start")).isEqualTo(2L);
    assertThat(get(dest, "name")).isEqualTo("src");
  }

  @Test
  void baseExclusion_inheritedThroughAnUnannotatedMiddleClass() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Base",
                """
            package p;
            @dev.copyexcept.CopyExcept("refcnt")
            public class Base { int refcnt; int b; }
            """),
            source(
                "p.Mid",
                """
            package p;
            public class Mid extends Base { int m; }
            """),
            source(
                "p.Leaf",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Leaf extends Mid { int l; }
            """));
    Object src = c.newInstance("p.Leaf");
    Object dest = c.newInstance("p.Leaf");
    fill(src, dest, "refcnt", 1, -1);
    fill(src, dest, "b", 2, -2);
    fill(src, dest, "m", 3, -3);
    fill(src, dest, "l", 4, -4);

    c.copy("p.LeafCopier", src, dest);

    assertThat(get(dest, "refcnt")).isEqualTo(-1);
    assertThat(get(dest, "b")).isEqualTo(2);
    assertThat(get(dest, "m")).isEqualTo(3);
    assertThat(get(dest, "l")).isEqualTo(4);
  }

  @Test
  void subclassMayExcludeAFieldOfAnUnannotatedSuperclass_andBaseCopierIgnoresSubclassFields() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Plain",
                """
            package p;
            public class Plain { int a; int b; }
            """),
            source(
                "p.Sub",
                """
            package p;
            @dev.copyexcept.CopyExcept("a")
            public class Sub extends Plain { int c; }
            """));
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    fill(src, dest, "a", 1, -1);
    fill(src, dest, "b", 2, -2);
    fill(src, dest, "c", 3, -3);

    c.copy("p.SubCopier", src, dest);

    assertThat(get(dest, "a")).isEqualTo(-1);
    assertThat(get(dest, "b")).isEqualTo(2);
    assertThat(get(dest, "c")).isEqualTo(3);
  }

  @Test
  void baseCopierAppliedToSubclassInstances_copiesOnlyTheBaseFields() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Base",
                """
            package p;
            @dev.copyexcept.CopyExcept("k")
            public class Base { int k; int b; }
            """),
            source(
                "p.Sub",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Sub extends Base { int s; }
            """));
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    fill(src, dest, "k", 1, -1);
    fill(src, dest, "b", 2, -2);
    fill(src, dest, "s", 3, -3);

    c.copy("p.BaseCopier", src, dest);

    assertThat(get(dest, "k")).isEqualTo(-1);
    assertThat(get(dest, "b")).isEqualTo(2);
    assertWithMessage("subclass field is not Base's state").that(get(dest, "s")).isEqualTo(-3);
  }

  @Test
  void superclassInAnotherPackage_publicFieldsCopied_protectedOnesThroughAccessors() {
    Compiled c =
        compileAndLoad(
            source(
                "q.Base",
                """
            package q;
            public class Base {
              public int pub;
              protected int prot;
              int pkg;
              public int getProt() { return prot; }
              public void setProt(int v) { prot = v; }
              public int getPkg() { return pkg; }
              public void setPkg(int v) { pkg = v; }
            }
            """),
            source(
                "p.Sub",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Sub extends q.Base { int own; }
            """));
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    fill(src, dest, "pub", 1, -1);
    fill(src, dest, "prot", 2, -2);
    fill(src, dest, "pkg", 3, -3);
    fill(src, dest, "own", 4, -4);

    c.copy("p.SubCopier", src, dest);

    assertThat(get(dest, "pub")).isEqualTo(1);
    assertThat(get(dest, "prot")).isEqualTo(2);
    assertThat(get(dest, "pkg")).isEqualTo(3);
    assertThat(get(dest, "own")).isEqualTo(4);
  }

  // ---------------------------------------------------------------- accessors

  @Test
  void privateFields_copiedThroughGetSetAndIsSet() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Inner",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Inner { int x; }
            """),
            source(
                "p.Acc",
                """
            package p;
            @dev.copyexcept.CopyExcept("hidden")
            public class Acc {
              private int count;
              private boolean on;
              private String name;
              private final int[] arr = new int[2];
              private final Inner inner = new Inner();
              private int hidden;
              public int getCount() { return count; }
              public void setCount(int c) { count = c; }
              public boolean isOn() { return on; }
              public void setOn(boolean o) { on = o; }
              String getName() { return name; }
              void setName(String n) { name = n; }
              public int[] getArr() { return arr; }
              public Inner getInner() { return inner; }
            }
            """));
    Object src = c.newInstance("p.Acc");
    Object dest = c.newInstance("p.Acc");
    fill(src, dest, "count", 1, -1);
    fill(src, dest, "on", true, false);
    fill(src, dest, "name", "src", "dest");
    fill(src, dest, "hidden", 5, -5);
    int[] destArr = (int[]) get(dest, "arr");
    ((int[]) get(src, "arr"))[0] = 9;
    ((int[]) get(src, "arr"))[1] = 8;
    destArr[0] = -9;
    destArr[1] = -8;
    Object destInner = get(dest, "inner");
    set(get(src, "inner"), "x", 7);
    set(destInner, "x", -7);

    c.copy("p.AccCopier", src, dest);

    assertThat(get(dest, "count")).isEqualTo(1);
    assertThat(get(dest, "on")).isEqualTo(true);
    assertThat(get(dest, "name")).isEqualTo("src");
    assertThat(get(dest, "hidden")).isEqualTo(-5);
    assertThat(get(dest, "arr")).isSameInstanceAs(destArr);
    assertThat(destArr).asList().containsExactly(9, 8).inOrder();
    assertThat(get(dest, "inner")).isSameInstanceAs(destInner);
    assertThat(get(destInner, "x")).isEqualTo(7);
  }

  @Test
  void privateSuperclassField_copiedThroughInheritedAccessors() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Base",
                """
            package p;
            public class Base {
              private long secret;
              public long getSecret() { return secret; }
              public void setSecret(long s) { secret = s; }
            }
            """),
            source(
                "p.Sub",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Sub extends Base { int own; }
            """));
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    fill(src, dest, "secret", 11L, -11L);
    fill(src, dest, "own", 4, -4);

    c.copy("p.SubCopier", src, dest);

    assertThat(get(dest, "secret")).isEqualTo(11L);
    assertThat(get(dest, "own")).isEqualTo(4);
  }

  // ---------------------------------------------------------------- hidden fields

  private static final String HIDE_BASE =
      """
      package p;
      public class Base { int v; String s; }
      """;

  @Test
  void hiddenField_bothTheHiddenAndTheHidingFieldAreCopied() {
    Compiled c =
        compileAndLoad(
            source("p.Base", HIDE_BASE),
            source(
                "p.Sub",
                """
        package p;
        @dev.copyexcept.CopyExcept
        public class Sub extends Base { long v; }
        """));
    Class<?> base = c.load("p.Base");
    Class<?> sub = c.load("p.Sub");
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    set(src, base, "v", 1);
    set(dest, base, "v", -1);
    set(src, sub, "v", 2L);
    set(dest, sub, "v", -2L);
    fill(src, dest, "s", "src", "dest");

    c.copy("p.SubCopier", src, dest);

    assertWithMessage("Base.v (hidden)").that(get(dest, base, "v")).isEqualTo(1);
    assertWithMessage("Sub.v").that(get(dest, sub, "v")).isEqualTo(2L);
    assertThat(get(dest, "s")).isEqualTo("src");
  }

  @Test
  void hiddenField_excludingTheNameExcludesEveryFieldOfThatName() {
    Compiled c =
        compileAndLoad(
            source("p.Base", HIDE_BASE),
            source(
                "p.Sub",
                """
        package p;
        @dev.copyexcept.CopyExcept("v")
        public class Sub extends Base { long v; }
        """));
    Class<?> base = c.load("p.Base");
    Class<?> sub = c.load("p.Sub");
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    set(src, base, "v", 1);
    set(dest, base, "v", -1);
    set(src, sub, "v", 2L);
    set(dest, sub, "v", -2L);
    fill(src, dest, "s", "src", "dest");

    c.copy("p.SubCopier", src, dest);

    assertWithMessage("Base.v (hidden, excluded)").that(get(dest, base, "v")).isEqualTo(-1);
    assertWithMessage("Sub.v (excluded)").that(get(dest, sub, "v")).isEqualTo(-2L);
    assertThat(get(dest, "s")).isEqualTo("src");
  }

  @Test
  void hiddenField_baseExclusionAlsoExcludesTheSubclassFieldOfThatName() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Base",
                """
            package p;
            @dev.copyexcept.CopyExcept("v")
            public class Base { int v; int w; }
            """),
            source(
                "p.Sub",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Sub extends Base { int v; }
            """));
    Class<?> base = c.load("p.Base");
    Class<?> sub = c.load("p.Sub");
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    set(src, base, "v", 1);
    set(dest, base, "v", -1);
    set(src, sub, "v", 2);
    set(dest, sub, "v", -2);
    fill(src, dest, "w", 3, -3);

    c.copy("p.SubCopier", src, dest);

    assertThat(get(dest, base, "v")).isEqualTo(-1);
    assertThat(get(dest, sub, "v")).isEqualTo(-2);
    assertThat(get(dest, "w")).isEqualTo(3);
  }

  @Test
  void hiddenPrivateFieldWithAccessors_andPublicHidingField_bothCopied() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Base",
                """
            package p;
            public class Base {
              private int v;
              public int getV() { return v; }
              public void setV(int x) { v = x; }
            }
            """),
            source(
                "p.Sub",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Sub extends Base { public int v; }
            """));
    Class<?> base = c.load("p.Base");
    Class<?> sub = c.load("p.Sub");
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    set(src, base, "v", 1);
    set(dest, base, "v", -1);
    set(src, sub, "v", 2);
    set(dest, sub, "v", -2);

    c.copy("p.SubCopier", src, dest);

    assertThat(get(dest, base, "v")).isEqualTo(1);
    assertThat(get(dest, sub, "v")).isEqualTo(2);
  }

  @Test
  void threeLevelsHidingTheSameName_allThreeCopied() {
    Compiled c =
        compileAndLoad(
            source("p.A", "package p; public class A { int n; }"),
            source("p.B", "package p; public class B extends A { String n; }"),
            source(
                "p.C",
                "package p; @dev.copyexcept.CopyExcept public class C extends B { double n; }"));
    Class<?> a = c.load("p.A");
    Class<?> b = c.load("p.B");
    Class<?> cc = c.load("p.C");
    Object src = c.newInstance("p.C");
    Object dest = c.newInstance("p.C");
    set(src, a, "n", 1);
    set(dest, a, "n", -1);
    set(src, b, "n", "src");
    set(dest, b, "n", "dest");
    set(src, cc, "n", 0.5d);
    set(dest, cc, "n", -0.5d);

    c.copy("p.CCopier", src, dest);

    assertThat(get(dest, a, "n")).isEqualTo(1);
    assertThat(get(dest, b, "n")).isEqualTo("src");
    assertThat(get(dest, cc, "n")).isEqualTo(0.5d);
  }

  @Test
  void instanceFieldHiddenByAStaticField_instanceFieldCopied_staticUntouched() {
    Compiled c =
        compileAndLoad(
            source("p.Base", HIDE_BASE),
            source(
                "p.Sub",
                """
        package p;
        @dev.copyexcept.CopyExcept
        public class Sub extends Base { static int v; int own; }
        """));
    Class<?> base = c.load("p.Base");
    Class<?> sub = c.load("p.Sub");
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    set(src, base, "v", 1);
    set(dest, base, "v", -1);
    set(null, sub, "v", 42);
    fill(src, dest, "own", 2, -2);
    fill(src, dest, "s", "src", "dest");

    c.copy("p.SubCopier", src, dest);

    assertWithMessage("Base.v, hidden by a static").that(get(dest, base, "v")).isEqualTo(1);
    assertThat(get(null, sub, "v")).isEqualTo(42);
    assertThat(get(dest, "own")).isEqualTo(2);
    assertThat(get(dest, "s")).isEqualTo("src");
  }

  // ---------------------------------------------------------------- generics

  @Test
  void genericClass_typeParametersCarriedOver_andFieldsCopied() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Box",
                """
        package p;
        import java.util.List;
        @dev.copyexcept.CopyExcept("keep")
        public class Box<T extends Number> {
          T value;
          T keep;
          List<? extends T> list;
          final T[] arr;
          @SuppressWarnings("unchecked")
          Box() { arr = (T[]) new Number[2]; }
        }
        """));
    Object src = c.newInstance("p.Box");
    Object dest = c.newInstance("p.Box");
    fill(src, dest, "value", 1, -1);
    fill(src, dest, "keep", 2L, -2L);
    List<Integer> srcList = List.of(3);
    fill(src, dest, "list", srcList, List.of(-3));
    Number[] srcArr = (Number[]) get(src, "arr");
    Number[] destArr = (Number[]) get(dest, "arr");
    srcArr[0] = 4;
    srcArr[1] = 5.0;
    destArr[0] = -4;
    destArr[1] = -5.0;

    c.copy("p.BoxCopier", src, dest);

    assertThat(get(dest, "value")).isEqualTo(1);
    assertThat(get(dest, "keep")).isEqualTo(-2L);
    assertThat(get(dest, "list")).isSameInstanceAs(srcList);
    assertThat(get(dest, "arr")).isSameInstanceAs(destArr);
    assertThat(destArr).asList().containsExactly(4, 5.0).inOrder();

    Method copy = CopierHarness.copyMethod(c.load("p.BoxCopier"));
    TypeVariable<Method>[] params = copy.getTypeParameters();
    assertWithMessage("copy carries Box's type parameter").that(params).hasLength(1);
    assertThat(params[0].getBounds()).asList().containsExactly(Number.class);
  }

  @Test
  void subclassOfAGenericClass_copiesInheritedTypeVariableFields() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Holder",
                """
            package p;
            public class Holder<T> { T item; }
            """),
            source(
                "p.Names",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Names extends Holder<String> { int n; }
            """),
            source(
                "p.Pair",
                """
            package p;
            @dev.copyexcept.CopyExcept("b")
            public class Pair<A, B extends Comparable<B>> extends Holder<A> { A a; B b; }
            """));
    Object src = c.newInstance("p.Names");
    Object dest = c.newInstance("p.Names");
    fill(src, dest, "item", "src", "dest");
    fill(src, dest, "n", 1, -1);
    c.copy("p.NamesCopier", src, dest);
    assertThat(get(dest, "item")).isEqualTo("src");
    assertThat(get(dest, "n")).isEqualTo(1);

    Object ps = c.newInstance("p.Pair");
    Object pd = c.newInstance("p.Pair");
    fill(ps, pd, "item", "src-item", "dest-item");
    fill(ps, pd, "a", "src-a", "dest-a");
    fill(ps, pd, "b", "src-b", "dest-b");
    c.copy("p.PairCopier", ps, pd);
    assertThat(get(pd, "item")).isEqualTo("src-item");
    assertThat(get(pd, "a")).isEqualTo("src-a");
    assertThat(get(pd, "b")).isEqualTo("dest-b");
    assertThat(CopierHarness.copyMethod(c.load("p.PairCopier")).getTypeParameters()).hasLength(2);
  }

  @Test
  void hiddenFieldsWhoseTypesComeFromDifferentTypeArguments_allCopied() {
    Compiled c =
        compileAndLoad(
            source("p.GA", "package p; public class GA<T> { T t; }"),
            source("p.GB", "package p; public class GB<T> extends GA<java.util.List<T>> { T t; }"),
            source(
                "p.GC",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class GC extends GB<String> { int t; }
            """));
    Class<?> ga = c.load("p.GA");
    Class<?> gb = c.load("p.GB");
    Class<?> gc = c.load("p.GC");
    Object src = c.newInstance("p.GC");
    Object dest = c.newInstance("p.GC");
    List<String> list = List.of("x");
    set(src, ga, "t", list);
    set(dest, ga, "t", List.of());
    set(src, gb, "t", "src");
    set(dest, gb, "t", "dest");
    set(src, gc, "t", 1);
    set(dest, gc, "t", -1);

    c.copy("p.GCCopier", src, dest);

    assertThat(get(dest, ga, "t")).isSameInstanceAs(list);
    assertThat(get(dest, gb, "t")).isEqualTo("src");
    assertThat(get(dest, gc, "t")).isEqualTo(1);
  }

  // ---------------------------------------------------------------- nested, inner, abstract

  @Test
  void nestedClasses_getCopiersNamedAfterTheirEnclosingClasses() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Outer",
                """
        package p;
        public class Outer {
          @dev.copyexcept.CopyExcept("k")
          public static class Foo { int a; int k; }
          static class Mid {
            @dev.copyexcept.CopyExcept
            static class Deep { String s; }
          }
        }
        """));
    Object src = c.newInstance("p.Outer$Foo");
    Object dest = c.newInstance("p.Outer$Foo");
    fill(src, dest, "a", 1, -1);
    fill(src, dest, "k", 2, -2);
    c.copy("p.Outer_FooCopier", src, dest);
    assertThat(get(dest, "a")).isEqualTo(1);
    assertThat(get(dest, "k")).isEqualTo(-2);

    Object ds = c.newInstance("p.Outer$Mid$Deep");
    Object dd = c.newInstance("p.Outer$Mid$Deep");
    fill(ds, dd, "s", "src", "dest");
    c.copy("p.Outer_Mid_DeepCopier", ds, dd);
    assertThat(get(dd, "s")).isEqualTo("src");
  }

  @Test
  void innerClass_fieldsCopied_outerReferenceLeftAlone() throws Exception {
    Compiled c =
        compileAndLoad(
            source(
                "p.Host",
                """
        package p;
        public class Host {
          @dev.copyexcept.CopyExcept
          public class In { int a; String b; public Host outer() { return Host.this; } }
        }
        """));
    Class<?> host = c.load("p.Host");
    Class<?> in = c.load("p.Host$In");
    Object h1 = CopierHarness.newInstance(host);
    Object h2 = CopierHarness.newInstance(host);
    var ctor = in.getDeclaredConstructor(host);
    ctor.setAccessible(true);
    Object src = ctor.newInstance(h1);
    Object dest = ctor.newInstance(h2);
    fill(src, dest, "a", 1, -1);
    fill(src, dest, "b", "src", "dest");

    c.copy("p.Host_InCopier", src, dest);

    assertThat(get(dest, "a")).isEqualTo(1);
    assertThat(get(dest, "b")).isEqualTo("src");
    assertWithMessage("the enclosing instance is not a declared field and is kept")
        .that(in.getMethod("outer").invoke(dest))
        .isSameInstanceAs(h2);
  }

  @Test
  void abstractClass_copierWorksBetweenInstancesOfAConcreteSubclass() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Shape",
                """
            package p;
            @dev.copyexcept.CopyExcept("id")
            public abstract class Shape { int id; double w; abstract double area(); }
            """),
            source(
                "p.Square",
                """
            package p;
            public class Square extends Shape { int side; double area() { return side * side; } }
            """),
            source(
                "p.Tile",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Tile extends Square { char mark; }
            """));
    Object src = c.newInstance("p.Square");
    Object dest = c.newInstance("p.Square");
    fill(src, dest, "id", 1, -1);
    fill(src, dest, "w", 2.0, -2.0);
    fill(src, dest, "side", 3, -3);

    c.copy("p.ShapeCopier", src, dest);

    assertThat(get(dest, "id")).isEqualTo(-1);
    assertThat(get(dest, "w")).isEqualTo(2.0);
    assertWithMessage("Square.side is not Shape's state").that(get(dest, "side")).isEqualTo(-3);

    Object ts = c.newInstance("p.Tile");
    Object td = c.newInstance("p.Tile");
    fill(ts, td, "id", 1, -1);
    fill(ts, td, "w", 2.0, -2.0);
    fill(ts, td, "side", 3, -3);
    fill(ts, td, "mark", 'a', 'b');
    c.copy("p.TileCopier", ts, td);
    assertThat(get(td, "id")).isEqualTo(-1);
    assertThat(get(td, "w")).isEqualTo(2.0);
    assertThat(get(td, "side")).isEqualTo(3);
    assertThat(get(td, "mark")).isEqualTo('a');
  }

  @Test
  void fieldsNamedLikeTheCopyParameters_areCopied() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Clash",
                """
        package p;
        @dev.copyexcept.CopyExcept("copy")
        public class Clash { int src; String dest; long copy; Clash self; }
        """));
    Object src = c.newInstance("p.Clash");
    Object dest = c.newInstance("p.Clash");
    fill(src, dest, "src", 1, -1);
    fill(src, dest, "dest", "s", "d");
    fill(src, dest, "copy", 2L, -2L);
    fill(src, dest, "self", src, dest);

    c.copy("p.ClashCopier", src, dest);

    assertThat(get(dest, "src")).isEqualTo(1);
    assertThat(get(dest, "dest")).isEqualTo("s");
    assertThat(get(dest, "copy")).isEqualTo(-2L);
    assertThat(get(dest, "self")).isSameInstanceAs(src);
  }
}
