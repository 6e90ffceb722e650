package dev.copyexcept.processor.validate;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.compile;
import static dev.copyexcept.processor.CopierHarness.compileAndLoad;
import static dev.copyexcept.processor.CopierHarness.copyMethod;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import dev.copyexcept.processor.CopierHarness;
import dev.copyexcept.processor.CopierHarness.Compiled;
import java.nio.file.Path;
import java.util.Arrays;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation's corners that the broader tests pass through without pinning (found by mutation
 * testing, docs/mutation-testing.md): which embedded fields make a cycle, what the cycle's path
 * says, wildcard arguments of an enclosing type, and the type variables of nested classes.
 */
class ValidatorCornersTest {

  private static JavaFileObject struct(String name, String annotation, String body) {
    return source(
        "p." + name,
        "package p;",
        "@dev.copyexcept.CopyExcept" + annotation,
        "class " + name + " {",
        "  " + body,
        "}");
  }

  /** A non-final field of a struct type is a reference, copied as a pointer: no cycle. */
  @Test
  void nonFinalBackReference_isNoCycle() {
    Compilation compilation =
        compile(struct("A", "", "final B b = new B();"), struct("B", "", "A back; int x;"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  /**
   * Only a final struct field needs the struct's copier: a non-final one of a struct whose copier
   * does not exist (a library compiled without the processor) is a reference, assigned, and a final
   * array of it is copied element by element.
   */
  @Test
  void nonFinalFieldOfAStructWithoutCopier_isAssigned_notRefused(@TempDir Path library) {
    CopierHarness.compileToClassFiles(
        library,
        source(
            "q.A", "package q;", "@dev.copyexcept.CopyExcept", "public class A { public int x; }"));
    Compilation compilation =
        CopierHarness.compileAgainst(
            library,
            source(
                "p.B",
                "package p;",
                "@dev.copyexcept.CopyExcept",
                "class B { q.A ref; final q.A[] refs = new q.A[1]; }"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.BCopier")
        .contentsAsUtf8String()
        .contains("dest.ref = src.ref;");
  }

  /** A struct that excludes its embedded field, itself or through an annotated superclass. */
  @Test
  void embeddedFieldExcludedByTheEmbeddedStruct_orByItsSuperclass_breaksTheCycle() {
    Compilation own =
        compile(struct("A", "", "final B b = null;"), struct("B", "(\"a\")", "final A a = null;"));
    assertThat(own).succeededWithoutWarnings();

    JavaFileObject base =
        source(
            "p.BBase",
            "package p;",
            "@dev.copyexcept.CopyExcept(\"a\")",
            "class BBase {",
            "  final A a = null;",
            "}");
    JavaFileObject b =
        source("p.B", "package p;", "@dev.copyexcept.CopyExcept", "class B extends BBase {}");
    Compilation inherited = compile(struct("A", "", "final B b = null;"), base, b);
    assertThat(inherited).succeededWithoutWarnings();
  }

  /** The path names only the fields of the cycle, not a branch explored before it. */
  @Test
  void cycleThroughAStructWithAnotherEmbeddedField_pathNamesOnlyTheCycle() {
    Compilation compilation =
        compile(
            struct("A", "", "final B b = null;"),
            struct("B", "", "final D d = null; final C c = null;"),
            struct("C", "", "final A a = null;"),
            struct("D", "", "int x;"));
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.embeddedCycle] p.A embeds itself by value through final @CopyExcept"
                + " fields (A.b -> B.c -> C.a)");
    assertThat(compilation)
        .hadErrorContaining("p.B embeds itself by value through final @CopyExcept fields (B.c");
    assertThat(compilation)
        .hadErrorContaining("p.C embeds itself by value through final @CopyExcept fields (C.a");
    assertThat(compilation).hadErrorCount(3);
  }

  /**
   * A cycle among the structs a class embeds is theirs to report; the class only says it cannot
   * embed a struct that gets no copier.
   */
  @Test
  void cycleAmongEmbeddedStructs_isReportedOnThemOnly() {
    Compilation compilation =
        compile(
            struct("A", "", "final B b = null;"),
            struct("B", "", "final C c = null;"),
            struct("C", "", "final B b = null;"));
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.embeddedCycle] p.B embeds itself by value through final @CopyExcept"
                + " fields (B.c -> C.b)");
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.embeddedCycle] p.C embeds itself by value through final @CopyExcept"
                + " fields (C.b -> B.c)");
    assertThat(compilation).hadErrorContaining("[CopyExcept.missingCopier] field b of p.A");
    assertThat(compilation).hadErrorCount(3);
  }

  /** {@code Outer<?>.Box}: the wildcard is on the enclosing type of the struct. */
  @Test
  void finalInnerStructOfAWildcardOuter_isRefused_concreteOneCopied() {
    JavaFileObject outer =
        source(
            "p.Outer",
            "package p;",
            "class Outer<T> {",
            "  @dev.copyexcept.CopyExcept",
            "  class Box { T t; }",
            "}");
    JavaFileObject shelf =
        source(
            "p.Shelf",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "class Shelf {",
            "  final Outer<String>.Box named = new Outer<String>().new Box();",
            "  final Outer<?>.Box any = new Outer<Integer>().new Box();",
            "}");
    Compilation compilation = compile(outer, shelf);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.wildcardStruct] field any of p.Shelf is the final @CopyExcept struct"
                + " p.Outer<?>.Box,")
        .inFile(shelf)
        .onLineContaining("Outer<?>.Box any");
    assertThat(compilation).hadErrorCount(1);
  }

  /**
   * A static nested class cannot use its enclosing class's type variables, so its copier declares
   * only its own; an inner class's copier declares the enclosing ones first.
   */
  @Test
  void typeVariablesOfTheCopier_areTheClassesOwn_plusThoseOfEnclosingClassesOnlyForInnerOnes() {
    Compiled c =
        compileAndLoad(
            source(
                "p.Outer",
                """
                package p;
                import dev.copyexcept.CopyExcept;
                public class Outer<T> {
                  @CopyExcept public static class Nested<U> { U u; }
                  @CopyExcept public static class Plain { int x; }
                  @CopyExcept public class Inner<V> { T t; V v; }
                  public interface Api<W> {
                    @CopyExcept class Impl<X> { X x; }
                  }
                }
                """));
    assertThat(typeVariables(c, "p.Outer_NestedCopier")).containsExactly("U");
    assertThat(typeVariables(c, "p.Outer_PlainCopier")).isEmpty();
    assertThat(typeVariables(c, "p.Outer_InnerCopier")).containsExactly("T", "V").inOrder();
    assertThat(typeVariables(c, "p.Outer_Api_ImplCopier")).containsExactly("X");
  }

  private static java.util.List<String> typeVariables(Compiled c, String copier) {
    return Arrays.stream(copyMethod(c.load(copier)).getTypeParameters())
        .map(java.lang.reflect.TypeVariable::getName)
        .toList();
  }

  /** The fix an inaccessible-field error proposes depends on where the field is declared. */
  @Test
  void inaccessibleFields_fixDependsOnAccessAndPackage() {
    JavaFileObject base =
        source(
            "q.Base",
            "package q;",
            "public class Base {",
            "  int pkg;",
            "  private boolean flag;",
            "  private final long[] marks = new long[1];",
            "}");
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "public class Vma extends q.Base {",
            "  private int own;",
            "}");
    Compilation compilation = compile(base, vma);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.inaccessibleField] field pkg of q.Base is package-private, so VmaCopier"
                + " cannot access it; there is no getter getPkg() and no setter setPkg(int); add"
                + " getPkg() and setPkg(int), make the field public, or add it to @CopyExcept")
        .inFile(base)
        .onLineContaining("int pkg");
    assertThat(compilation)
        .hadErrorContaining(
            "field flag of q.Base is private, so VmaCopier cannot access it; there is no getter"
                + " isFlag() and no setter setFlag(boolean); add isFlag() and setFlag(boolean),"
                + " make the field public,");
    assertThat(compilation)
        .hadErrorContaining(
            "field marks of q.Base is private, so VmaCopier cannot access it; there is no getter"
                + " getMarks(); add getMarks(), make the field public,");
    assertThat(compilation)
        .hadErrorContaining(
            "field own of p.Vma is private, so VmaCopier cannot access it; there is no getter"
                + " getOwn() and no setter setOwn(int); add getOwn() and setOwn(int), make the"
                + " field package-private,");
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.inheritedFieldError] p.Vma gets no copier: fields pkg, flag, marks of its"
                + " superclass q.Base cannot be copied");
    assertThat(CopierHarness.processorDiagnostics(compilation)).hasSize(5);
  }
}
