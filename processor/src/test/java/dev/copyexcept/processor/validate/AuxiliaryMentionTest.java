package dev.copyexcept.processor.validate;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.compileWithOptions;
import static dev.copyexcept.processor.CopierHarness.describe;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A class in a file of its own whose copier names an auxiliary class (a top-level class declared in
 * another class's file) in its method bodies, as the type of a final array's check locals or as the
 * cast to a hidden field's class, gets {@code @SuppressWarnings("auxiliaryclass")}: javac's lint
 * then warns in the user's own files only, never in the copier. The auxiliary class may be the
 * type, a type argument, a wildcard bound or the enclosing type of an inner class anywhere in it
 * ({@code Outer<Aux>.Inner}: before the fix, this copier warned); a class mentioning none gets no
 * suppression. (The copier of an auxiliary class itself: AuxiliaryClassLintTest.)
 */
class AuxiliaryMentionTest {

  private static final JavaFileObject MAIN =
      source("p.Main", "package p;", "public class Main {}", "class Aux {}");

  /** A class in its own file with these final array fields (a raw {@code new List[1]} each). */
  private static JavaFileObject holder(String name, String... fields) {
    StringBuilder body = new StringBuilder();
    for (String field : fields) {
      body.append("  @SuppressWarnings({\"unchecked\", \"rawtypes\"}) ").append(field).append('\n');
    }
    return source(
        "p." + name,
        "package p;",
        "import java.util.List;",
        "@dev.copyexcept.CopyExcept",
        "class " + name + " {",
        body.toString(),
        "}");
  }

  @Test
  void copierNamingAnAuxiliaryClass_anywhereInATypeItNames_drawsNoLintWarningOfItsOwn() {
    JavaFileObject outer = source("p.Outer", "package p;", "class Outer<T> { class Inner {} }");
    JavaFileObject base = source("p.Base", "package p;", "class Base<T> { int x; }");
    JavaFileObject sub =
        source(
            "p.Sub",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "class Sub extends Base<Aux> { int x; }");
    Compilation compilation =
        compileWithOptions(
            List.of("-Xlint:auxiliaryclass"),
            MAIN,
            holder("Direct", "final Aux[] values = new Aux[1];"),
            holder("Argument", "final List<Aux>[] lists = new List[1];"),
            holder("Extends", "final List<? extends Aux>[] lists = new List[1];"),
            holder("Super", "final List<? super Aux>[] lists = new List[1];"),
            outer,
            holder("Enclosing", "final Outer<Aux>.Inner[] inners = new Outer.Inner[1];"),
            base,
            sub);

    assertThat(compilation).succeeded();
    for (String copier : List.of("Direct", "Argument", "Extends", "Super", "Enclosing", "Sub")) {
      assertThat(compilation)
          .generatedSourceFile("p." + copier + "Copier")
          .contentsAsUtf8String()
          .contains("@SuppressWarnings(\"auxiliaryclass\")");
    }
    // javac warns (once a round) about the user's own mentions of Aux outside Main.java only.
    List<Diagnostic<? extends JavaFileObject>> warnings =
        compilation.diagnostics().stream()
            .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
            .toList();
    assertWithMessage(describe(warnings))
        .that(
            warnings.stream()
                .map(d -> d.getSource().getName().replaceAll(".*/", ""))
                .distinct()
                .sorted()
                .toList())
        .containsExactly(
            "Argument.java",
            "Direct.java",
            "Enclosing.java",
            "Extends.java",
            "Sub.java",
            "Super.java");
    assertThat(warnings.stream().map(d -> d.getMessage(Locale.ROOT)).distinct().toList())
        .containsExactly(
            "auxiliary class p.Aux in p/Main.java should not be accessed from outside its own"
                + " source file");
  }

  /** Wildcard bounds that are not auxiliary classes are no reason to suppress the lint. */
  @Test
  void wildcardBoundsOfOrdinaryClasses_getNoSuppression() {
    Compilation compilation =
        compileWithOptions(
            List.of("-Xlint:all", "-Werror"),
            MAIN,
            holder(
                "Bounds",
                "final List<? extends Number>[] upper = new List[1];",
                "final List<? super Integer>[] lower = new List[1];",
                "final List<?>[] any = new List[1];"));

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.BoundsCopier")
        .contentsAsUtf8String()
        .doesNotContain("auxiliaryclass");
  }
}
