package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.Fixtures.compile;
import static dev.copyexcept.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.IOException;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failure policy of the processor's package documentation. */
class FailurePolicyTest {

  @Test
  void severalProblemsInOneClass_areAllReported() {
    JavaFileObject vma =
        source(
            "p/Vma.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept({\"vm_refcnd\", \"COUNT\"})",
            "class Vma {",
            "  static int COUNT;",
            "  int vm_refcnt;",
            "  final Object lock = new Object();",
            "  private long secret;",
            "}");
    Compilation compilation = compile(vma);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining("[CopyExcept.unknownField]");
    assertThat(compilation).hadErrorContaining("[CopyExcept.finalField]");
    assertThat(compilation).hadErrorContaining("[CopyExcept.inaccessibleField]");
    assertThat(compilation).hadWarningContaining("[CopyExcept.staticField]");
  }

  @Test
  void errorInOneClass_doesNotStopTheOthers(@TempDir Path out) throws IOException {
    JavaFileObject bad =
        source(
            "p/Bad.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Bad {",
            "  final int x = 1;",
            "}");
    JavaFileObject good =
        source(
            "p/Good.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Good {",
            "  int x;",
            "}");
    assertThat(compile(bad, good)).hadErrorCount(1);
    assertThat(Fixtures.generatedDespiteErrors(out, new CopyExceptProcessor(), bad, good))
        .containsExactly("p/GoodCopier.java");
  }

  @Test
  void unexpectedExceptionInOneClass_isOneErrorAndTheOthersStillGetCopiers(@TempDir Path out)
      throws IOException {
    JavaFileObject first =
        source(
            "p/First.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class First {",
            "  int x;",
            "}");
    JavaFileObject broken =
        source(
            "p/Broken.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Broken {",
            "  int x;",
            "}");
    JavaFileObject last =
        source(
            "p/Last.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Last {",
            "  int x;",
            "}");
    NullPointerException failure = new NullPointerException("injected");
    Compilation compilation = compile(Fixtures.failingOn("Broken", failure), first, broken, last);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.internalError] the @CopyExcept processor failed unexpectedly on p.Broken")
        .inFile(broken)
        .onLineContaining("class Broken");
    assertThat(
            Fixtures.generatedDespiteErrors(
                out, Fixtures.failingOn("Broken", failure), first, broken, last))
        .containsExactly("p/FirstCopier.java", "p/LastCopier.java")
        .inOrder();
  }

  @Test
  void stackOverflowInsideTheProcessor_isAlsoContained() {
    JavaFileObject vma =
        source(
            "p/Vma.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Vma {",
            "  int x;",
            "}");
    Compilation compilation =
        compile(
            new CopyExceptProcessor(
                type -> {
                  throw new StackOverflowError("injected");
                }),
            vma);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("java.lang.StackOverflowError: injected");
  }

  @Test
  void deprecatedFieldsAccessorsAndClasses_giveNoWarningFromGeneratedCode() {
    JavaFileObject old =
        source(
            "p/Old.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@Deprecated",
            "@CopyExcept",
            "public class Old {",
            "  int x;",
            "}");
    JavaFileObject vma =
        source(
            "p/Vma.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "@SuppressWarnings({\"deprecation\", \"removal\"})",
            "public class Vma {",
            "  @Deprecated int legacy;",
            "  @Deprecated(forRemoval = true) long doomed;",
            "  private int hidden;",
            "  @Deprecated public int getHidden() { return hidden; }",
            "  @Deprecated public void setHidden(int hidden) { this.hidden = hidden; }",
            "  final Old old = new Old();",
            "}");
    JavaFileObject plain =
        source(
            "p/Plain.java",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "class Plain {",
            "  int x;",
            "}");
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new CopyExceptProcessor())
            .withOptions("-Xlint:all,-processing")
            .compile(old, vma, plain);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.VmaCopier")
        .contentsAsUtf8String()
        .contains("@SuppressWarnings({\"deprecation\", \"removal\"})");
    assertThat(compilation)
        .generatedSourceFile("p.PlainCopier")
        .contentsAsUtf8String()
        .doesNotContain("@SuppressWarnings");
  }

  @Test
  void samePackageTypesNamedLikeJavaLangTypes_areNotConfusedWithThem() {
    JavaFileObject vma =
        source(
            "p/Vma.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "@Deprecated",
            "public class Vma {",
            "  int x;",
            "  final int[] pages = new int[2];",
            "}");
    JavaFileObject system = source("p/System.java", "package p;", "class System {}");
    JavaFileObject npe =
        source("p/NullPointerException.java", "package p;", "class NullPointerException {}");
    JavaFileObject iae =
        source(
            "p/IllegalArgumentException.java", "package p;", "class IllegalArgumentException {}");
    JavaFileObject suppress =
        source("p/SuppressWarnings.java", "package p;", "class SuppressWarnings {}");
    Compilation compilation = compile(vma, system, npe, iae, suppress);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.VmaCopier")
        .contentsAsUtf8String()
        .contains("java.lang.System.arraycopy(src.pages, 0, dest.pages, 0, src.pages.length);");
    assertThat(compilation)
        .generatedSourceFile("p.VmaCopier")
        .contentsAsUtf8String()
        .contains("throw new java.lang.NullPointerException(");
    assertThat(compilation)
        .generatedSourceFile("p.VmaCopier")
        .contentsAsUtf8String()
        .contains("throw new java.lang.IllegalArgumentException(");
    assertThat(compilation)
        .generatedSourceFile("p.VmaCopier")
        .contentsAsUtf8String()
        .contains("@java.lang.SuppressWarnings({");
  }

  @Test
  void validClasses_compileWithoutAnyWarning_evenWithEveryLintCategory() {
    JavaFileObject base =
        source(
            "p/Base.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept(\"refs\")",
            "public abstract class Base<T> {",
            "  protected volatile int refs;",
            "  T value;",
            "  private String label;",
            "  public String getLabel() { return label; }",
            "  public void setLabel(String label) { this.label = label; }",
            "}");
    JavaFileObject vma =
        source(
            "p/Vma.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept(\"refs\")",
            "public class Vma extends Base<String> {",
            "  transient long start;",
            "  final long[] pages = new long[4];",
            "  Object value;",
            "  class Inner {}",
            "}");
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new CopyExceptProcessor())
            .withOptions("-Xlint:all,-processing")
            .compile(base, vma);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.VmaCopier");
  }
}
