package dev.copyexcept.processor.behaviour;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.compileAgainst;
import static dev.copyexcept.processor.CopierHarness.compileAndLoad;
import static dev.copyexcept.processor.CopierHarness.compileToClassFiles;
import static dev.copyexcept.processor.CopierHarness.get;
import static dev.copyexcept.processor.CopierHarness.set;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import dev.copyexcept.processor.CopierHarness;
import dev.copyexcept.processor.CopierHarness.Compiled;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Superclasses read from class files (a library compiled earlier): the annotation's CLASS retention
 * lets subclasses see the inherited exclusions, and problems in such a superclass are reported on
 * the annotated class, and the generated copier reads them through casts and accessors. Also: the
 * copier's own shape as callers see it.
 */
class SeparateCompilationBehaviourTest {
  @TempDir Path library;

  private Compiled compileLibrary(JavaFileObject... sources) {
    Compiled lib = compileAndLoad(sources);
    CopierHarness.writeClasses(lib.compilation, library);
    return lib;
  }

  @Test
  void superclassFromClassFile_exclusionsInherited_accessorsAndHiddenFieldsHandled() {
    Compiled lib =
        compileLibrary(
            source(
                "p.Base",
                """
        package p;
        @dev.copyexcept.CopyExcept("refcnt")
        public class Base {
          int refcnt;
          public long start;
          int v;
          private int secret;
          final int[] arr = new int[2];
          public int getSecret() { return secret; }
          public void setSecret(int s) { secret = s; }
        }
        """));
    JavaFileObject subSource =
        source(
            "p.Sub",
            """
        package p;
        @dev.copyexcept.CopyExcept
        public class Sub extends Base { String v; }
        """);
    Compilation second =
        CopierHarness.compileAgainst(List.of(library.toFile()), List.of(subSource));
    assertThat(second).succeededWithoutWarnings();
    Compiled c = new Compiled(second, lib);
    Class<?> base = c.load("p.Base");
    Class<?> sub = c.load("p.Sub");
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    set(src, base, "refcnt", 1);
    set(dest, base, "refcnt", -1);
    set(src, base, "start", 2L);
    set(dest, base, "start", -2L);
    set(src, base, "v", 3);
    set(dest, base, "v", -3);
    set(src, base, "secret", 4);
    set(dest, base, "secret", -4);
    set(src, sub, "v", "src");
    set(dest, sub, "v", "dest");
    int[] destArr = (int[]) get(dest, base, "arr");
    ((int[]) get(src, base, "arr"))[0] = 5;
    ((int[]) get(src, base, "arr"))[1] = 6;

    c.copy("p.SubCopier", src, dest);

    assertWithMessage("exclusion inherited from a class file")
        .that(get(dest, base, "refcnt"))
        .isEqualTo(-1);
    assertThat(get(dest, base, "start")).isEqualTo(2L);
    assertWithMessage("hidden Base.v").that(get(dest, base, "v")).isEqualTo(3);
    assertThat(get(dest, sub, "v")).isEqualTo("src");
    assertWithMessage("private, through accessors").that(get(dest, base, "secret")).isEqualTo(4);
    assertThat(get(dest, base, "arr")).isSameInstanceAs(destArr);
    assertThat(destArr).asList().containsExactly(5, 6).inOrder();
  }

  @Test
  void problemInASuperclassFromClassFile_isReportedOnTheAnnotatedClass() {
    compileLibrary(
        source(
            "q.Lib",
            """
        package q;
        public class Lib { private int unreachable; public final long fixed = System.nanoTime(); }
        """));
    JavaFileObject subSource =
        source(
            "p.Sub",
            """
        package p;
        import dev.copyexcept.CopyExcept;

        @CopyExcept
        public class Sub extends q.Lib { int own; }
        """);
    Compilation second =
        CopierHarness.compileAgainst(List.of(library.toFile()), List.of(subSource));
    assertThat(second).failed();
    assertThat(second)
        .hadErrorContaining("unreachable")
        .inFile(subSource)
        .onLineContaining("class Sub");
    assertThat(second).hadErrorContaining("fixed").inFile(subSource).onLineContaining("class Sub");
  }

  @Test
  void excludingAFieldOfAClassFileSuperclass_isValid() {
    Compiled lib =
        compileLibrary(
            source(
                "q.Lib",
                """
        package q;
        public class Lib { private int unreachable; public int open; }
        """));
    Compilation second =
        CopierHarness.compileAgainst(
            List.of(library.toFile()),
            List.of(
                source(
                    "p.Sub",
                    """
        package p;
        @dev.copyexcept.CopyExcept("unreachable")
        public class Sub extends q.Lib { int own; }
        """)));
    assertThat(second).succeededWithoutWarnings();
    Compiled c = new Compiled(second, lib);
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    CopierHarness.fill(src, dest, "unreachable", 1, -1);
    CopierHarness.fill(src, dest, "open", 2, -2);
    CopierHarness.fill(src, dest, "own", 3, -3);

    c.copy("p.SubCopier", src, dest);

    assertThat(get(dest, "unreachable")).isEqualTo(-1);
    assertThat(get(dest, "open")).isEqualTo(2);
    assertThat(get(dest, "own")).isEqualTo(3);
  }

  // ---------------------------------------------------------------- the generated code for a
  // class-file superclass

  @Test
  void exclusionsAndAccessorsOfAClassFileSuperclass_areHonoured() {
    compileToClassFiles(
        library,
        source(
            "lib.Node",
            "package lib;",
            "@dev.copyexcept.CopyExcept(\"refs\")",
            "public class Node {",
            "  public volatile int refs;",
            "  public long start;",
            "  private int flags;",
            "  public int getFlags() { return flags; }",
            "  public void setFlags(int flags) { this.flags = flags; }",
            "}"));
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept(\"refs\")",
            "public class Vma extends lib.Node {",
            "  long end;",
            "}");
    Compilation compilation = compileAgainst(library, vma);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.VmaCopier")
        .contentsAsUtf8String()
        .contains(
            "  public static void copyAfterCheck(Vma src, Vma dest) {\n"
                + "    dest.start = src.start;\n"
                + "    dest.setFlags(src.getFlags());\n"
                + "    dest.end = src.end;\n"
                + "  }\n");
    assertThat(compilation)
        .generatedSourceFile("p.VmaCopier")
        .contentsAsUtf8String()
        .contains("{@code refs}: excluded by {@code @CopyExcept} on {@code Node}, {@code Vma}\n");
  }

  @Test
  void hiddenPublicFieldOfAPackagePrivateClass_isReachedThroughItsPublicSubclass() {
    compileToClassFiles(
        library,
        source("q.Base", "package q;", "class Base {", "  public int v;", "  public int w;", "}"),
        source("q.Mid", "package q;", "public class Mid extends Base {}"));
    JavaFileObject sub =
        source(
            "p.Sub",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "public class Sub extends q.Mid {",
            "  long v;",
            "}");
    Compilation compilation = compileAgainst(library, sub);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.SubCopier")
        .contentsAsUtf8String()
        .contains(
            "  public static void copyAfterCheck(Sub src, Sub dest) {\n"
                + "    ((Mid) dest).v = ((Mid) src).v;\n"
                + "    dest.w = src.w;\n"
                + "    dest.v = src.v;\n"
                + "  }\n");
  }

  // ---------------------------------------------------------------- the copier as callers see it

  @Test
  void copierIsFinalWithAPrivateConstructor_publicExactlyWhenTheClassAndItsEnclosersArePublic() {
    Compiled c =
        compileAndLoad(
            source("p.Pub", "package p; @dev.copyexcept.CopyExcept public class Pub { int a; }"),
            source("p.Pkg", "package p; @dev.copyexcept.CopyExcept class Pkg { int a; }"),
            source(
                "p.Outer",
                """
            package p;
            public class Outer {
              @dev.copyexcept.CopyExcept public static class In { int a; }
              static class Hid { @dev.copyexcept.CopyExcept public static class Deep { int a; } }
            }
            """));
    assertCopierShape(c.load("p.PubCopier"), true);
    assertCopierShape(c.load("p.PkgCopier"), false);
    assertCopierShape(c.load("p.Outer_InCopier"), true);
    assertCopierShape(c.load("p.Outer_Hid_DeepCopier"), false);
  }

  private static void assertCopierShape(Class<?> copier, boolean expectPublic) {
    assertWithMessage("%s is final", copier).that(Modifier.isFinal(copier.getModifiers())).isTrue();
    assertWithMessage("%s is public", copier)
        .that(Modifier.isPublic(copier.getModifiers()))
        .isEqualTo(expectPublic);
    assertWithMessage("%s constructors", copier)
        .that(copier.getDeclaredConstructors())
        .hasLength(1);
    assertWithMessage("%s constructor is private", copier)
        .that(Modifier.isPrivate(copier.getDeclaredConstructors()[0].getModifiers()))
        .isTrue();
  }

  @Test
  void publicCopier_isCallableFromAnotherPackage() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Pub",
                "package p; @dev.copyexcept.CopyExcept(\"k\") public class Pub { public int a; public int k; }"),
            source(
                "user.Use",
                """
            package user;
            public class Use {
              public static void run(p.Pub src, p.Pub dest) { p.PubCopier.copy(src, dest); }
            }
            """));
    Object src = c.newInstance("p.Pub");
    Object dest = c.newInstance("p.Pub");
    CopierHarness.fill(src, dest, "a", 1, -1);
    CopierHarness.fill(src, dest, "k", 2, -2);
    try {
      c.load("user.Use").getMethod("run", c.load("p.Pub"), c.load("p.Pub")).invoke(null, src, dest);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    assertThat(get(dest, "a")).isEqualTo(1);
    assertThat(get(dest, "k")).isEqualTo(-2);
  }

  // ---------------------------------------------------------------- accessors the copier cannot
  // call

  @Test
  void accessorsThatTheCopiersPackageCannotCall_areNotUsed_theFieldIsRefused() {
    JavaFileObject base =
        source(
            "q.Base",
            """
        package q;
        public class Base {
          private int hidden;
          int getHidden() { return hidden; }
          void setHidden(int h) { hidden = h; }
          private long guarded;
          protected long getGuarded() { return guarded; }
          protected void setGuarded(long g) { guarded = g; }
          private String fine;
          public String getFine() { return fine; }
          public void setFine(String f) { fine = f; }
        }
        """);
    JavaFileObject sub =
        source(
            "p.Sub",
            """
        package p;
        @dev.copyexcept.CopyExcept
        public class Sub extends q.Base { int own; }
        """);
    Compilation compilation = CopierHarness.compile(List.of(base, sub));
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("hidden")
        .inFile(base)
        .onLineContaining("private int hidden;");
    assertThat(compilation)
        .hadErrorContaining("guarded")
        .inFile(base)
        .onLineContaining("private long guarded;");
    for (var e : compilation.errors()) {
      assertWithMessage("no error about the field with public accessors: %s", e)
          .that(e.getMessage(java.util.Locale.ROOT))
          .doesNotContain("fine");
    }
  }
}
