package dev.copyexcept.processor.behaviour;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.copyexcept.processor.CopierHarness.compileAndLoad;
import static dev.copyexcept.processor.CopierHarness.fill;
import static dev.copyexcept.processor.CopierHarness.get;
import static dev.copyexcept.processor.CopierHarness.set;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import dev.copyexcept.processor.CopierHarness;
import dev.copyexcept.processor.CopierHarness.Compiled;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unusual names and types: identifiers with {@code $} and non-ASCII letters, type-use annotations,
 * interface constants, odd annotation values that are still valid Java (empty, repeated, static
 * names), and embedded structs that are nested, generic or come from a library.
 */
class NamesAndTypesBehaviourTest {

  @Test
  void unusualIdentifiers_copied() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Odd$Name",
                """
        package p;
        @dev.copyexcept.CopyExcept("$")
        public class Odd$Name { int a$b; int _x; int café; int $; final int[] $arr = new int[1]; }
        """));
    Object src = c.newInstance("p.Odd$Name");
    Object dest = c.newInstance("p.Odd$Name");
    fill(src, dest, "a$b", 1, -1);
    fill(src, dest, "_x", 2, -2);
    fill(src, dest, "café", 3, -3);
    fill(src, dest, "$", 4, -4);
    ((int[]) get(src, "$arr"))[0] = 5;

    c.copy("p.Odd$NameCopier", src, dest);

    assertThat(get(dest, "a$b")).isEqualTo(1);
    assertThat(get(dest, "_x")).isEqualTo(2);
    assertThat(get(dest, "café")).isEqualTo(3);
    assertThat(get(dest, "$")).isEqualTo(-4);
    assertThat(((int[]) get(dest, "$arr"))[0]).isEqualTo(5);
  }

  @Test
  void typeUseAnnotatedFieldTypes_copied() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Nullable",
                """
            package p;
            import java.lang.annotation.*;
            @Target(ElementType.TYPE_USE) @Retention(RetentionPolicy.CLASS) public @interface Nullable {}
            """),
            source(
                "p.T",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class T {
              @Nullable String s;
              final @Nullable String @Nullable [] arr = new String[2];
              java.util.List<@Nullable String> list;
            }
            """));
    Object src = c.newInstance("p.T");
    Object dest = c.newInstance("p.T");
    fill(src, dest, "s", "src", "dest");
    ((String[]) get(src, "arr"))[1] = "a";
    List<String> list = List.of("x");
    fill(src, dest, "list", list, List.of());

    c.copy("p.TCopier", src, dest);

    assertThat(get(dest, "s")).isEqualTo("src");
    assertThat((String[]) get(dest, "arr")).asList().containsExactly(null, "a").inOrder();
    assertThat(get(dest, "list")).isSameInstanceAs(list);
  }

  @Test
  void interfaceConstants_areStaticAndIgnored() {
    Compiled c =
        compileAndLoad(
            source("p.K", "package p; public interface K { int LIMIT = 3; String NAME = \"k\"; }"),
            source(
                "p.Impl",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Impl implements K { int a; }
            """));
    Object src = c.newInstance("p.Impl");
    Object dest = c.newInstance("p.Impl");
    fill(src, dest, "a", 1, -1);
    c.copy("p.ImplCopier", src, dest);
    assertThat(get(dest, "a")).isEqualTo(1);
  }

  @Test
  void emptyName_isAnUnknownField_error() {
    Compilation compilation =
        CopierHarness.compile(
            List.of(
                source(
                    "p.E",
                    """
        package p;
        @dev.copyexcept.CopyExcept("")
        public class E { int a; }
        """)));
    assertWithMessage(CopierHarness.describe(compilation.diagnostics()))
        .that(compilation.status())
        .isEqualTo(Compilation.Status.FAILURE);
    assertWithMessage(CopierHarness.describe(compilation.diagnostics()))
        .that(
            compilation.errors().stream()
                .anyMatch(
                    e ->
                        e.getMessage(Locale.ROOT).contains("[CopyExcept.unknownField]")
                            && e.getMessage(Locale.ROOT).contains("\"\"")))
        .isTrue();
  }

  @Test
  void repeatedAndStaticNames_warnOnly_andTheCopierStillBehaves() {
    Compilation compilation =
        CopierHarness.compile(
            List.of(
                source(
                    "p.W",
                    """
        package p;
        @dev.copyexcept.CopyExcept({"a", "COUNT", "a"})
        public class W { static int COUNT; int a; int b; }
        """)));
    assertWithMessage(CopierHarness.describe(compilation.diagnostics()))
        .that(compilation.status())
        .isEqualTo(Compilation.Status.SUCCESS);
    assertWithMessage(CopierHarness.describe(compilation.diagnostics()))
        .that(compilation.warnings().stream().map(w -> w.getMessage(Locale.ROOT)).toList())
        .hasSize(2);
    Compiled c = new Compiled(compilation);
    Object src = c.newInstance("p.W");
    Object dest = c.newInstance("p.W");
    fill(src, dest, "a", 1, -1);
    fill(src, dest, "b", 2, -2);
    set(null, c.load("p.W"), "COUNT", 9);
    c.copy("p.WCopier", src, dest);
    assertThat(get(dest, "a")).isEqualTo(-1);
    assertThat(get(dest, "b")).isEqualTo(2);
    assertThat(get(null, c.load("p.W"), "COUNT")).isEqualTo(9);
  }

  @Test
  void nestedAndGenericEmbeddedStructs_copiedByValue() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Geo",
                """
            package p;
            public class Geo {
              @dev.copyexcept.CopyExcept("tag") public static class Vec { int x; int tag; }
            }
            """),
            source(
                "p.Box",
                """
            package p;
            @dev.copyexcept.CopyExcept public class Box<T> { T value; }
            """),
            source(
                "p.Body",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Body<T> { final Geo.Vec pos = new Geo.Vec(); final Box<T> box = new Box<>(); int mass; }
            """));
    Object src = c.newInstance("p.Body");
    Object dest = c.newInstance("p.Body");
    Object destPos = get(dest, "pos");
    Object destBox = get(dest, "box");
    fill(get(src, "pos"), destPos, "x", 1, -1);
    fill(get(src, "pos"), destPos, "tag", 2, -2);
    fill(get(src, "box"), destBox, "value", "src", "dest");
    fill(src, dest, "mass", 3, -3);

    c.copy("p.BodyCopier", src, dest);

    assertThat(get(dest, "pos")).isSameInstanceAs(destPos);
    assertThat(get(destPos, "x")).isEqualTo(1);
    assertThat(get(destPos, "tag")).isEqualTo(-2);
    assertThat(get(dest, "box")).isSameInstanceAs(destBox);
    assertThat(get(destBox, "value")).isEqualTo("src");
    assertThat(get(dest, "mass")).isEqualTo(3);
  }

  @Test
  void classesInThePackageShadowingJavaLangNames_doNotBreakTheCopier() {
    Compiled c =
        compileAndLoad(
            source("p.System", "package p; public class System { }"),
            source("p.String", "package p; public class String { }"),
            source("p.NullPointerException", "package p; public class NullPointerException { }"),
            source(
                "p.IllegalArgumentException",
                "package p; public class IllegalArgumentException { }"),
            source("p.Object", "package p; public class Object { }"),
            source(
                "p.Foo",
                """
            package p;
            @dev.copyexcept.CopyExcept("k")
            public class Foo { int a; int k; java.lang.String s; final int[] arr = new int[2]; }
            """));
    Object src = c.newInstance("p.Foo");
    Object dest = c.newInstance("p.Foo");
    fill(src, dest, "a", 1, -1);
    fill(src, dest, "k", 2, -2);
    fill(src, dest, "s", "src", "dest");
    ((int[]) get(src, "arr"))[1] = 3;

    c.copy("p.FooCopier", src, dest);

    assertThat(get(dest, "a")).isEqualTo(1);
    assertThat(get(dest, "k")).isEqualTo(-2);
    assertThat(get(dest, "s")).isEqualTo("src");
    assertThat(((int[]) get(dest, "arr"))[1]).isEqualTo(3);
    set(dest, "arr", new int[3]);
    try {
      c.copy("p.FooCopier", src, dest);
      throw new AssertionError("expected java.lang.IllegalArgumentException");
    } catch (java.lang.IllegalArgumentException expected) {
      assertThat(expected).hasMessageThat().contains("arr");
    }
    try {
      c.copy("p.FooCopier", null, dest);
      throw new AssertionError("expected java.lang.NullPointerException");
    } catch (java.lang.NullPointerException expected) {
      assertThat(expected).hasMessageThat().contains("src");
    }
  }

  @Test
  void typeParametersNamedLikeTypesTheCopierUses_doNotBreakIt() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Odd",
                """
        package p;
        @dev.copyexcept.CopyExcept
        public class Odd<System, Objects, NullPointerException> {
          System a; Objects b; NullPointerException n; final int[] arr = new int[1];
        }
        """));
    Object src = c.newInstance("p.Odd");
    Object dest = c.newInstance("p.Odd");
    fill(src, dest, "a", "a", "-a");
    fill(src, dest, "b", "b", "-b");
    fill(src, dest, "n", "n", "-n");
    ((int[]) get(src, "arr"))[0] = 4;

    c.copy("p.OddCopier", src, dest);

    assertThat(get(dest, "a")).isEqualTo("a");
    assertThat(get(dest, "b")).isEqualTo("b");
    assertThat(get(dest, "n")).isEqualTo("n");
    assertThat(((int[]) get(dest, "arr"))[0]).isEqualTo(4);
  }

  @Test
  void selfReferentialTypeParameter_carriedOver() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Node",
                """
        package p;
        @dev.copyexcept.CopyExcept("parent")
        public class Node<N extends Node<N>> { N parent; N next; int id; }
        """));
    Object src = c.newInstance("p.Node");
    Object dest = c.newInstance("p.Node");
    Object other = c.newInstance("p.Node");
    fill(src, dest, "parent", other, dest);
    fill(src, dest, "next", other, src);
    fill(src, dest, "id", 1, -1);

    c.copy("p.NodeCopier", src, dest);

    assertThat(get(dest, "parent")).isSameInstanceAs(dest);
    assertThat(get(dest, "next")).isSameInstanceAs(other);
    assertThat(get(dest, "id")).isEqualTo(1);
  }

  @TempDir Path library;

  @Test
  void embeddedStructFromALibrary_copiedWithTheLibrarysCopier() {
    Compiled lib =
        compileAndLoad(
            source(
                "lib.Vec",
                """
        package lib;
        @dev.copyexcept.CopyExcept("id")
        public class Vec { public int x; public int id; public final int[] arr = new int[2]; }
        """));
    CopierHarness.writeClasses(lib.compilation, library);
    Compilation app =
        CopierHarness.compileAgainst(
            List.of(library.toFile()),
            List.of(
                source(
                    "p.Body",
                    """
        package p;
        @dev.copyexcept.CopyExcept
        public class Body { final lib.Vec v = new lib.Vec(); int mass; }
        """)));
    assertWithMessage(CopierHarness.describe(app.diagnostics()))
        .that(app.status())
        .isEqualTo(Compilation.Status.SUCCESS);
    Compiled c = new Compiled(app, lib);
    Object src = c.newInstance("p.Body");
    Object dest = c.newInstance("p.Body");
    Object destV = get(dest, "v");
    fill(get(src, "v"), destV, "x", 1, -1);
    fill(get(src, "v"), destV, "id", 2, -2);
    ((int[]) get(get(src, "v"), "arr"))[1] = 7;
    fill(src, dest, "mass", 3, -3);

    c.copy("p.BodyCopier", src, dest);

    assertThat(get(dest, "v")).isSameInstanceAs(destV);
    assertThat(get(destV, "x")).isEqualTo(1);
    assertThat(get(destV, "id")).isEqualTo(-2);
    assertThat(((int[]) get(destV, "arr"))[1]).isEqualTo(7);
    assertThat(get(dest, "mass")).isEqualTo(3);

    // all-or-nothing reaches into the library struct: its array check runs before Body.mass is
    // written
    set(destV, "arr", new int[3]);
    fill(src, dest, "mass", 4, -4);
    try {
      c.copy("p.BodyCopier", src, dest);
      throw new AssertionError("expected an IllegalArgumentException for v.arr");
    } catch (IllegalArgumentException expected) {
      assertThat(expected).hasMessageThat().contains("arr");
    }
    assertThat(get(dest, "mass")).isEqualTo(-4);
  }
}
