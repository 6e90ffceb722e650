package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.compile;
import static dev.copyexcept.processor.CopierHarness.compileWith;
import static dev.copyexcept.processor.CopierHarness.failingOn;
import static dev.copyexcept.processor.CopierHarness.source;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The failure policy of the processor's package documentation: every problem reported, classes
 * given up one at a time, an unexpected exception contained as one error. (Broken input that javac
 * itself rejects is {@code behaviour.BadInputNoCrashTest}.)
 */
class FailurePolicyTest {

  @Test
  void severalProblemsInOneClass_areAllReported() {
    JavaFileObject vma =
        source(
            "p.Vma",
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
  void errorInOneClass_doesNotStopTheOthers() {
    JavaFileObject bad =
        source(
            "p.Bad",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Bad {",
            "  final int x = 1;",
            "}");
    JavaFileObject good =
        source(
            "p.Good",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Good {",
            "  int x;",
            "}");
    RecordingProcessor processor = new RecordingProcessor();
    assertThat(compileWith(processor, bad, good)).hadErrorCount(1);
    assertThat(processor.createdSources()).containsExactly("p.GoodCopier");
  }

  /**
   * Three ways an unexpected failure reaches the processor: an exception thrown just before it
   * handles the class (a hook in the processor), an {@code Error} thrown there, or an exception
   * thrown by the compiler's {@code Elements}/{@code Types} while it scans the class (poisoned for
   * arguments naming the class). Each with the trace line the error must carry.
   */
  static Stream<Arguments> injectedFailures() {
    return Stream.of(
        Arguments.of(
            "exception thrown before the class is handled",
            (Supplier<RecordingProcessor>)
                () ->
                    new RecordingProcessor(
                        failingOn("Broken", new NullPointerException("injected"))),
            "java.lang.NullPointerException: injected"),
        Arguments.of(
            "stack overflow before the class is handled",
            (Supplier<RecordingProcessor>)
                () ->
                    new RecordingProcessor(failingOn("Broken", new StackOverflowError("injected"))),
            "java.lang.StackOverflowError: injected"),
        Arguments.of(
            "exception thrown by Elements/Types while scanning the class",
            (Supplier<RecordingProcessor>) () -> new RecordingProcessor("Broken"),
            "java.lang.IllegalStateException: injected failure on p.Broken"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("injectedFailures")
  void unexpectedFailureInOneClass_isOneErrorAndTheOthersStillGetCopiers(
      String how, Supplier<RecordingProcessor> failing, String trace) {
    JavaFileObject first =
        source(
            "p.First",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class First {",
            "  int x;",
            "}");
    JavaFileObject broken =
        source(
            "p.Broken",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Broken {",
            "  int x;",
            "}");
    JavaFileObject last =
        source(
            "p.Last",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Last {",
            "  int x;",
            "}");
    RecordingProcessor processor = failing.get();
    Compilation compilation =
        assertDoesNotThrow(
            () -> compileWith(processor, first, broken, last),
            how + ": the processor let an exception escape");
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.internalError] the @CopyExcept processor failed unexpectedly on p.Broken")
        .inFile(broken)
        .onLineContaining("class Broken");
    assertThat(compilation).hadErrorContaining(trace);
    assertWithMessage("%s: it asks for a bug report", how)
        .that(compilation.errors().get(0).getMessage(Locale.ROOT))
        .containsMatch("(?i)report");
    assertWithMessage("%s: the other classes still get copiers, the failing one none", how)
        .that(processor.createdSources())
        .containsExactly("p.FirstCopier", "p.LastCopier")
        .inOrder();
  }

  @Test
  void deprecatedFieldsAccessorsAndClasses_giveNoWarningFromGeneratedCode() {
    JavaFileObject old =
        source(
            "p.Old",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@Deprecated",
            "@CopyExcept",
            "public class Old {",
            "  int x;",
            "}");
    JavaFileObject vma =
        source(
            "p.Vma",
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
            "p.Plain",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "class Plain {",
            "  int x;",
            "}");
    Compilation compilation =
        CopierHarness.compileWithOptions(List.of("-Xlint:all,-processing"), old, vma, plain);
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
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "@Deprecated",
            "public class Vma {",
            "  int x;",
            "  final int[] pages = new int[2];",
            "}");
    JavaFileObject system = source("p.System", "package p;", "class System {}");
    JavaFileObject npe =
        source("p.NullPointerException", "package p;", "class NullPointerException {}");
    JavaFileObject iae =
        source("p.IllegalArgumentException", "package p;", "class IllegalArgumentException {}");
    JavaFileObject suppress =
        source("p.SuppressWarnings", "package p;", "class SuppressWarnings {}");
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
            "p.Base",
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
            "p.Vma",
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
        CopierHarness.compileWithOptions(List.of("-Xlint:all,-processing"), base, vma);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.VmaCopier");
  }
}
