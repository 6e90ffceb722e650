package dev.copyexcept.processor.scan;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.compile;
import static dev.copyexcept.processor.CopierHarness.compileAndLoad;
import static dev.copyexcept.processor.CopierHarness.fill;
import static dev.copyexcept.processor.CopierHarness.get;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import dev.copyexcept.processor.CopierHarness;
import dev.copyexcept.processor.CopierHarness.Compiled;
import dev.copyexcept.processor.RecordingProcessor;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scanner's corners that the broader tests pass through without pinning (found by mutation
 * testing, docs/mutation-testing.md): which methods count as accessors, which deprecated elements
 * make the copier suppress warnings, which nested types count as unresolved, and which array
 * component types the copier can name.
 */
class TypeScannerCornersTest {

  /**
   * Methods that look like accessors of {@code private int x} but are not: each is skipped, so the
   * field is refused. A scanner that took one would either copy through the wrong method or write a
   * copier that does not compile.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "static int getX() { return 0; } static void setX(int v) {}"
            + " | getX() is static and setX(int) is static",
        "int getX(int i) { return x + i; } void setX(int v) { x = v; }"
            + " | setX(int) fits, but getX(int) takes parameters",
        "long getX() { return x; } void setX(int v) { x = v; }"
            + " | setX(int) fits, but getX() returns long, not int",
        "int getX() { return x; } void setX(long v) { x = (int) v; }"
            + " | getX() fits, but setX(long) takes long, not int",
        "int getX() { return x; } void setX(int v, int w) { x = v + w; }"
            + " | getX() fits, but setX(int, int) does not take exactly one parameter",
        "int getX() { return x; } void setX() { x = 0; }"
            + " | getX() fits, but setX() does not take exactly one parameter",
        "int isX() { return x; } void setX(int v) { x = v; }"
            + " | setX(int) fits, but there is no getter getX()",
        "private int getX() { return x; } private void setX(int v) { x = v; }"
            + " | getX() is private and setX(int) is private",
      })
  void methodsThatAreNoAccessorsOfTheField_areNotUsed_theFieldIsRefused(
      String methods, String why) {
    JavaFileObject acc =
        source(
            "p.Acc",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "class Acc {",
            "  private int x;",
            "  " + methods,
            "}");
    Compilation compilation = compile(acc);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.inaccessibleField] field x of p.Acc is private, so AccCopier cannot"
                + " access it; "
                + why
                + ";")
        .inFile(acc)
        .onLineContaining("private int x");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void booleanWrapperField_isReadThroughIsF() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Flag",
                """
                package p;
                @dev.copyexcept.CopyExcept
                public class Flag {
                  private Boolean on;
                  public Boolean isOn() { return on; }
                  public void setOn(Boolean on) { this.on = on; }
                }
                """));
    Object src = c.newInstance("p.Flag");
    Object dest = c.newInstance("p.Flag");
    fill(src, dest, "on", Boolean.TRUE, Boolean.FALSE);

    c.copy("p.FlagCopier", src, dest);

    assertThat(get(dest, "on")).isEqualTo(Boolean.TRUE);
    assertThat(c.generatedSource("p.FlagCopier")).contains("dest.setOn(src.isOn());");
  }

  /**
   * A field hidden by a subclass field of the same name whose accessors the subclass overrides: the
   * overriding accessors reach the subclass field, so they must not be used for the hidden one.
   */
  @Test
  void hiddenPrivateField_whoseAccessorsAreOverriddenBelow_isRefused() {
    JavaFileObject base =
        source(
            "p.Base",
            "package p;",
            "public class Base {",
            "  private int v;",
            "  public int getV() { return v; }",
            "  public void setV(int v) { this.v = v; }",
            "}");
    JavaFileObject sub =
        source(
            "p.Sub",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "public class Sub extends Base {",
            "  int v;",
            "  @Override public int getV() { return v; }",
            "  @Override public void setV(int v) { this.v = v; }",
            "}");
    Compilation compilation = compile(base, sub);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.inaccessibleField] field v of p.Base is private, so SubCopier cannot"
                + " access it; there is no getter getV() and no setter setV(int);")
        .inFile(base)
        .onLineContaining("private int v");
    assertThat(compilation)
        .hadErrorContaining("[CopyExcept.inheritedFieldError] p.Sub gets no copier: field v");
    assertThat(compilation).hadErrorCount(2);
  }

  /**
   * Each way a copier can name something deprecated, alone: the copier's methods must suppress the
   * warning (the user sees it on their own code already), and the build stays free of warnings.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "deprecated field | class T { @Deprecated int x; }",
        "deprecated declaring superclass, field hidden (so cast to it)"
            + " | class T extends Old { long x; }",
        "deprecated getter of a final array"
            + " | class T { private final int[] a = new int[1];"
            + " @Deprecated public int[] getA() { return a; } }",
        "deprecated setter"
            + " | class T { private int x; public int getX() { return x; }"
            + " @Deprecated public void setX(int x) { this.x = x; } }",
        "deprecated getter of a non-final field"
            + " | class T { private int x; @Deprecated public int getX() { return x; }"
            + " public void setX(int x) { this.x = x; } }",
        "deprecated field type | class T { Old old; }",
        "deprecated array component type | class T { Old[][] olds; }",
        "deprecated enclosing class | @Deprecated class T { @CopyExcept static class In { int x; } }",
      })
  void everySourceOfDeprecation_alone_isSuppressedInTheCopier(String what, String declaration) {
    JavaFileObject old =
        source("p.Old", "package p;", "@Deprecated", "public class Old {", "  public int x;", "}");
    boolean nested = declaration.startsWith("@Deprecated");
    JavaFileObject t =
        source(
            "p.T",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@SuppressWarnings({\"deprecation\", \"removal\"})",
            nested ? "" : "@CopyExcept",
            declaration);
    Compilation compilation =
        CopierHarness.compileWithOptions(List.of("-Xlint:all,-processing,-rawtypes"), old, t);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile(nested ? "p.T_InCopier" : "p.TCopier")
        .contentsAsUtf8String()
        .contains("@SuppressWarnings({\"deprecation\", \"removal\"})");
  }

  /**
   * A field type that never resolves, wherever the missing type sits in it (array component, type
   * argument, wildcard bound, enclosing type's argument): the class is reported as unresolved and
   * no copier is written.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Missing[]",
        "java.util.List<Missing>",
        "java.util.List<? extends Missing>",
        "java.util.List<? super Missing>",
        "java.util.Map<String, java.util.List<? super Missing[]>>",
        "Outer<Missing>.Inner",
      })
  void fieldTypeWithAMissingTypeInside_isReportedUnresolved_noCopierWritten(String type) {
    JavaFileObject outer =
        source("p.Outer", "package p;", "public class Outer<T> {", "  public class Inner {}", "}");
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "class Vma {",
            "  " + type + " f;",
            "}");
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation = CopierHarness.compileWith(processor, outer, vma);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.unresolvedType] no copier was generated for p.Vma because ")
        .inFile(vma)
        .onLineContaining("class Vma");
    assertThat(compilation).hadErrorContaining("(the type of field p.Vma.f) could not be resolved");
    assertThat(CopierHarness.processorDiagnostics(compilation)).hasSize(1);
    assertThat(processor.createdSources()).isEmpty();
  }

  /** The same for a superclass and for the bounds of the class's or its enclosing class's type. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "class Vma extends Base<Missing> { int x; } | the superclass of p.Vma",
        "class Vma<T extends java.util.List<? super Missing>> { T t; } | a bound of T in p.Vma",
        "class Vma<T extends Number & Missing> { T t; } | a bound of T in p.Vma",
      })
  void superclassOrBoundWithAMissingTypeInside_isReportedUnresolved(
      String declaration, String what) {
    JavaFileObject base = source("p.Base", "package p;", "public class Base<T> { T t; }");
    JavaFileObject vma = source("p.Vma", "package p;", "@dev.copyexcept.CopyExcept", declaration);
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation = CopierHarness.compileWith(processor, base, vma);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.unresolvedType] no copier was generated for p.Vma because ")
        .inFile(vma)
        .onLineContaining("class Vma");
    assertThat(compilation).hadErrorContaining("(" + what + ") could not be resolved");
    assertThat(CopierHarness.processorDiagnostics(compilation)).hasSize(1);
    assertThat(processor.createdSources()).isEmpty();
  }

  @Test
  void boundOfAnEnclosingClassesTypeParameterMissing_isReportedUnresolved() {
    JavaFileObject outer =
        source(
            "p.Outer",
            "package p;",
            "public class Outer<T extends Missing> {",
            "  @dev.copyexcept.CopyExcept",
            "  public class Inner { T t; }",
            "}");
    Compilation compilation = compile(outer);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.unresolvedType] no copier was generated for p.Outer.Inner because Missing"
                + " (a bound of T in p.Outer) could not be resolved");
    assertThat(CopierHarness.processorDiagnostics(compilation)).hasSize(1);
  }

  /**
   * Final arrays whose component type mentions a private nested class anywhere (a type argument, a
   * wildcard bound, an inner array): the copier cannot write that type down, so it copies them as
   * {@code Object[]}, and the copy still works.
   */
  @Test
  void finalArraysOfTypesMentioningAPrivateClass_copiedWithoutNamingIt() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Holder",
                """
                package p;
                import java.util.List;
                @dev.copyexcept.CopyExcept
                @SuppressWarnings({"unchecked", "rawtypes"})
                public class Holder {
                  private static class Node {}
                  final List<Node>[] plain = new List[1];
                  final List<? extends Node>[] upper = new List[1];
                  final List<? super Node>[] lower = new List[1];
                  final Node[][] nested = new Node[1][];
                }
                """));
    Object src = c.newInstance("p.Holder");
    Object dest = c.newInstance("p.Holder");
    List<String> names = List.of("plain", "upper", "lower", "nested");
    for (String name : names.subList(0, 3)) {
      ((Object[]) get(src, name))[0] = List.of();
    }
    // Node[][] holds Node[] only.
    ((Object[]) get(src, "nested"))[0] =
        java.lang.reflect.Array.newInstance(c.load("p.Holder$Node"), 0);

    c.copy("p.HolderCopier", src, dest);

    for (String name : names) {
      Object[] srcArray = (Object[]) get(src, name);
      Object[] destArray = (Object[]) get(dest, name);
      assertThat(destArray).isNotSameInstanceAs(srcArray);
      assertThat(destArray[0]).isSameInstanceAs(srcArray[0]);
    }
  }

  /** Another annotation before {@code @CopyExcept}: its values are no exclusions. */
  @Test
  void otherAnnotationBeforeCopyExcept_isNotReadAsIt() {
    Compiled c =
        compileAndLoad(
            source(
                "p.T",
                """
                package p;
                @SuppressWarnings("unused")
                @dev.copyexcept.CopyExcept("x")
                public class T { int x; int y; }
                """));
    Object src = c.newInstance("p.T");
    Object dest = c.newInstance("p.T");
    fill(src, dest, "x", 1, -1);
    fill(src, dest, "y", 2, -2);

    c.copy("p.TCopier", src, dest);

    assertThat(get(dest, "x")).isEqualTo(-1);
    assertThat(get(dest, "y")).isEqualTo(2);
  }

  /**
   * A private field of a package-private superclass in another package: hidden from the copier, no
   * class on the way down to cast to (none has the field as a member), so it is copied through the
   * public accessors it inherits.
   */
  @Test
  void privateFieldOfAPackagePrivateSuperclassInAnotherPackage_copiedThroughItsAccessors() {
    Compiled c =
        compileAndLoad(
            source(
                "q.Base",
                """
                package q;
                class Base {
                  private int f;
                  public int getF() { return f; }
                  public void setF(int f) { this.f = f; }
                }
                """),
            source("q.Mid", "package q;", "public class Mid extends Base {}"),
            source(
                "p.Sub",
                "package p;",
                "@dev.copyexcept.CopyExcept",
                "public class Sub extends q.Mid {",
                "  int own;",
                "}"));
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    fill(src, dest, "f", 5, -5);
    fill(src, dest, "own", 6, -6);

    c.copy("p.SubCopier", src, dest);

    assertThat(get(dest, "f")).isEqualTo(5);
    assertThat(get(dest, "own")).isEqualTo(6);
    assertThat(c.generatedSource("p.SubCopier")).contains("dest.setF(src.getF());");
  }

  /** A deprecated accessor of a field copied directly is not used, so nothing is suppressed. */
  @Test
  void deprecatedAccessorsOfADirectlyCopiedField_suppressNothing() {
    Compiled c =
        compileAndLoad(
            source(
                "p.T",
                """
                package p;
                @dev.copyexcept.CopyExcept
                public class T {
                  int x;
                  @Deprecated public int getX() { return x; }
                  @Deprecated public void setX(int x) { this.x = x; }
                }
                """));
    assertThat(c.generatedSource("p.TCopier")).doesNotContain("@SuppressWarnings");
  }

  /** A final field of an annotated record is no embedded struct: records are not structs. */
  @Test
  void finalFieldOfAnAnnotatedRecord_isAFinalFieldError_notAnEmbeddedStruct() {
    JavaFileObject r =
        source("p.R", "package p;", "@dev.copyexcept.CopyExcept", "record R(int x) {}");
    JavaFileObject t =
        source(
            "p.T",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "class T {",
            "  final R r = new R(1);",
            "}");
    Compilation compilation = compile(r, t);
    assertThat(compilation)
        .hadErrorContaining("[CopyExcept.finalField] field r of p.T is final")
        .inFile(t)
        .onLineContaining("final R r");
    assertThat(compilation).hadErrorContaining("[CopyExcept.notAClass]");
    assertThat(compilation).hadErrorCount(2);
  }

  /**
   * A package-private field of a class whose subclass in another package comes between it and the
   * annotated class (in the field's package again): not inherited, so {@code src.f} does not denote
   * it, but the copier, in the field's package, reaches it through a cast to its class.
   */
  @Test
  void packagePrivateFieldNotInheritedThroughAnotherPackage_isCopiedThroughACast() {
    Compiled c =
        compileAndLoad(
            source("p.Base", "package p;", "public class Base {", "  int f;", "}"),
            source("q.Mid", "package q;", "public class Mid extends p.Base {}"),
            source(
                "p.Sub",
                "package p;",
                "@dev.copyexcept.CopyExcept",
                "public class Sub extends q.Mid {",
                "  int own;",
                "}"));
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    fill(src, dest, "f", 5, -5);
    fill(src, dest, "own", 6, -6);

    c.copy("p.SubCopier", src, dest);

    assertThat(get(dest, "f")).isEqualTo(5);
    assertThat(get(dest, "own")).isEqualTo(6);
    assertThat(c.generatedSource("p.SubCopier")).contains("((Base) dest).f = ((Base) src).f;");
  }

  /**
   * A field inherited, not hidden, from an auxiliary class (declared in another class's file): the
   * copier reaches it as {@code src.a} without naming that class, so it suppresses no {@code
   * auxiliaryclass} warning.
   */
  @Test
  void fieldInheritedFromAnAuxiliaryClass_isReadWithoutACast_noSuppression() {
    Compiled c =
        compileAndLoad(
            source("p.Base", "package p;", "public class Base {}", "class Aux {", "  int a;", "}"),
            source(
                "p.Sub",
                "package p;",
                "@dev.copyexcept.CopyExcept",
                "public class Sub extends Aux {",
                "  int own;",
                "}"));
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    fill(src, dest, "a", 5, -5);

    c.copy("p.SubCopier", src, dest);

    assertThat(get(dest, "a")).isEqualTo(5);
    String copier = c.generatedSource("p.SubCopier");
    assertThat(copier).contains("dest.a = src.a;");
    assertThat(copier).doesNotContain("auxiliaryclass");
  }

  /**
   * A private field of a package-private class in another package, below which a public subclass is
   * parameterized with an auxiliary class: no class on the way down has the field as a member, so
   * there is no class to cast to, the copier uses the accessors and names neither the subclass nor
   * the auxiliary class, and suppresses nothing.
   */
  @Test
  void privateFieldWithoutAClassToCastTo_namesNoSubclass_noSuppression() {
    Compiled c =
        compileAndLoad(
            source(
                "q.Base",
                """
                package q;
                class Base<T> {
                  private int f;
                  public int getF() { return f; }
                  public void setF(int f) { this.f = f; }
                }
                """),
            source("q.Mid", "package q;", "public class Mid<T> extends Base<T> {}"),
            source(
                "p.Sub",
                "package p;",
                "@dev.copyexcept.CopyExcept",
                "public class Sub extends q.Mid<Arg> {",
                "  int own;",
                "}",
                "class Arg {}"));
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    fill(src, dest, "f", 5, -5);

    c.copy("p.SubCopier", src, dest);

    assertThat(get(dest, "f")).isEqualTo(5);
    String copier = c.generatedSource("p.SubCopier");
    assertThat(copier).contains("dest.setF(src.getF());");
    assertThat(copier).doesNotContain("auxiliaryclass");
  }

  /**
   * Accessors of a private superclass field that the subclass declares: the field is not shadowed,
   * so its accessors may be declared anywhere in the hierarchy, and are used.
   */
  @Test
  void accessorsDeclaredInTheSubclassForASuperclassField_areUsed() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Base",
                """
                package p;
                public class Base {
                  private int f;
                  protected int rawF() { return f; }
                  protected void rawF(int f) { this.f = f; }
                }
                """),
            source(
                "p.Sub",
                """
                package p;
                @dev.copyexcept.CopyExcept
                public class Sub extends Base {
                  public int getF() { return rawF(); }
                  public void setF(int f) { rawF(f); }
                }
                """));
    Object src = c.newInstance("p.Sub");
    Object dest = c.newInstance("p.Sub");
    fill(src, dest, "f", 5, -5);

    c.copy("p.SubCopier", src, dest);

    assertThat(get(dest, "f")).isEqualTo(5);
    assertThat(c.generatedSource("p.SubCopier")).contains("dest.setF(src.getF());");
  }

  /**
   * Methods that could read a boolean field but are not named like its getter, and getters named
   * {@code isF} that do not fit: none is used, and the refusal names the misfit.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "public boolean ready() { return on; } | setOn(boolean) fits, but there is no getter isOn()",
        "private boolean isOn() { return on; } | setOn(boolean) fits, but isOn() is private",
        "public boolean isOn(int i) { return on; }"
            + " | setOn(boolean) fits, but isOn(int) takes parameters",
      })
  void booleanFieldWithoutAFittingGetter_isRefused_theMisfitNamed(String getter, String why) {
    JavaFileObject acc =
        source(
            "p.Acc",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "public class Acc {",
            "  private boolean on;",
            "  " + getter,
            "  public void setOn(boolean on) { this.on = on; }",
            "}");
    Compilation compilation = compile(acc);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.inaccessibleField] field on of p.Acc is private, so AccCopier cannot"
                + " access it; "
                + why
                + ";")
        .inFile(acc)
        .onLineContaining("private boolean on");
    assertThat(compilation).hadErrorCount(1);
  }

  /**
   * Protected accessors in another package, which the copier cannot call: the refusal says they are
   * protected, not private. (A package-private method of another package is no member of the
   * annotated class at all, so it is "no setter".)
   */
  @Test
  void protectedAccessorsInAnotherPackage_areNamedAsProtected() {
    JavaFileObject base =
        source(
            "q.Base",
            "package q;",
            "public class Base {",
            "  private int f;",
            "  protected int getF() { return f; }",
            "  protected void setF(int f) { this.f = f; }",
            "}");
    JavaFileObject sub =
        source(
            "p.Sub",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "public class Sub extends q.Base {",
            "  int own;",
            "}");
    Compilation compilation = compile(base, sub);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.inaccessibleField] field f of q.Base is private, so SubCopier cannot"
                + " access it; getF() is protected (in another package) and setF(int) is"
                + " protected (in another package);")
        .inFile(base)
        .onLineContaining("private int f");
  }

  /**
   * A final field whose type is an annotated class the copier cannot name (private): no embedded
   * struct, so a final-field error.
   */
  @Test
  void finalFieldOfAnAnnotatedClassTheCopierCannotName_isAFinalFieldError() {
    JavaFileObject t =
        source(
            "p.T",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "public class T {",
            "  @dev.copyexcept.CopyExcept private static class In { int x; }",
            "  final In in = new In();",
            "}");
    Compilation compilation = compile(t);
    assertThat(compilation)
        .hadErrorContaining("[CopyExcept.finalField] field in of p.T is final")
        .inFile(t)
        .onLineContaining("final In in");
    assertThat(compilation).hadErrorContaining("[CopyExcept.privateClass] p.T.In is private");
    assertThat(compilation).hadErrorCount(2);
  }

  /** A final struct with a {@code ? super} type argument is a wildcard struct, like {@code ?}. */
  @Test
  void finalStructWithASuperBoundedWildcard_isAWildcardStruct() {
    JavaFileObject box =
        source("p.Box", "package p;", "@dev.copyexcept.CopyExcept", "public class Box<E> { E e; }");
    JavaFileObject t =
        source(
            "p.T",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "public class T {",
            "  final Box<? super Integer> box = new Box<>();",
            "}");
    Compilation compilation = compile(box, t);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.wildcardStruct] field box of p.T is the final @CopyExcept struct"
                + " p.Box<? super java.lang.Integer>")
        .inFile(t)
        .onLineContaining("final Box<? super Integer> box");
    assertThat(compilation).hadErrorCount(1);
  }

  /**
   * A type named {@code System} that another processor generates in the class's package in round 1:
   * a class deferred to round 2 (it waits for another generated type) sees it there, and its copier
   * writes {@code java.lang.System} in full. The package's names are read again each round.
   */
  @Test
  void typeShadowingSystemGeneratedInRound1_isSeenByAClassDeferredToRound2() {
    java.util.Map<String, String> generated = new java.util.LinkedHashMap<>();
    generated.put("p.Gen", "package p;\npublic class Gen {}\n");
    generated.put("p.System", "package p;\npublic class System {}\n");
    Compilation compilation =
        CopierHarness.compileWith(
            List.of(
                new dev.copyexcept.processor.FirstRoundSources(generated),
                new dev.copyexcept.processor.CopyExceptProcessor()),
            source(
                "p.Uses",
                """
                package p;
                @dev.copyexcept.CopyExcept
                public class Uses { Gen gen; final int[] a = new int[2]; }
                """));
    assertThat(compilation).succeeded();
    Compiled c = new Compiled(compilation);
    assertThat(c.generatedSource("p.UsesCopier")).contains("java.lang.System.arraycopy(");
    Object src = c.newInstance("p.Uses");
    Object dest = c.newInstance("p.Uses");
    ((int[]) get(src, "a"))[1] = 7;

    c.copy("p.UsesCopier", src, dest);

    assertThat(((int[]) get(dest, "a"))[1]).isEqualTo(7);
  }
}
