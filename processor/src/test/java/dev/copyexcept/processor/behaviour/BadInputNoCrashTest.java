package dev.copyexcept.processor.behaviour;

import static com.google.common.truth.Truth.assertWithMessage;
import static dev.copyexcept.processor.CopierHarness.compileWith;
import static dev.copyexcept.processor.CopierHarness.describe;
import static dev.copyexcept.processor.CopierHarness.source;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import com.google.testing.compile.Compilation;
import dev.copyexcept.processor.RecordingProcessor;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken input never crashes the processor: javac reports errors, no diagnostic carries an
 * exception from the processor, and a good class compiled alongside still gets its copier whenever
 * javac got as far as running annotation processors. (An unexpected exception inside the processor
 * is {@code FailurePolicyTest}'s.)
 */
class BadInputNoCrashTest {

  /** A valid class put into every compilation; its copier must be generated if processing ran. */
  private static final JavaFileObject GOOD =
      source(
          "good.Good",
          """
      package good;
      @dev.copyexcept.CopyExcept("k")
      public class Good { int a; int k; }
      """);

  private static final Pattern EXCEPTION_TRACE =
      Pattern.compile(
          "(?s).*(uncaught exception|\\[CopyExcept\\.internalError\\]|java\\.lang\\.\\w*(Exception|Error)\\b|\\bat dev\\.copyexcept\\.|"
              + "(NullPointer|ClassCast|IllegalState|IllegalArgument|IndexOutOfBounds|UnsupportedOperation)Exception).*");

  static Stream<Arguments> brokenSources() {
    return Stream.of(
        bad(
            "syntax error in a field initializer",
            true,
            null,
            """
            package bad;
            @dev.copyexcept.CopyExcept
            public class Bad { int x = ; int y; }
            """),
        bad(
            "syntax error: unclosed class",
            true,
            null,
            """
            package bad;
            @dev.copyexcept.CopyExcept("x")
            public class Bad { int x;
            """),
        bad(
            "field of an undefined type",
            true,
            "[CopyExcept.unresolvedType]",
            """
            package bad;
            @dev.copyexcept.CopyExcept
            public class Bad { NoSuchType m; int x; }
            """),
        bad(
            "final array of an undefined type",
            true,
            "[CopyExcept.unresolvedType]",
            """
            package bad;
            @dev.copyexcept.CopyExcept
            public class Bad { final NoSuchType[] arr = null; int x; }
            """),
        bad(
            "superclass of an undefined type",
            true,
            "[CopyExcept.unresolvedType]",
            """
            package bad;
            @dev.copyexcept.CopyExcept("x")
            public class Bad extends NoSuchBase { int x; }
            """),
        bad(
            "generic bound of an undefined type",
            true,
            null,
            """
            package bad;
            @dev.copyexcept.CopyExcept
            public class Bad<T extends NoSuchBound> { T t; int x; }
            """),
        bad(
            "generic field argument of an undefined type",
            true,
            "[CopyExcept.unresolvedType]",
            """
            package bad;
            @dev.copyexcept.CopyExcept
            public class Bad { java.util.List<NoSuchArg> list; }
            """),
        bad(
            "annotation value from an undefined method",
            true,
            null,
            """
            package bad;
            @dev.copyexcept.CopyExcept(SOME_METHOD())
            public class Bad { int x; }
            """),
        bad(
            "annotation value from a method (not a constant)",
            true,
            null,
            """
            package bad;
            @dev.copyexcept.CopyExcept(Bad.name())
            public class Bad { int x; static String name() { return "x"; } }
            """),
        bad(
            "annotation value of the wrong type",
            true,
            null,
            """
            package bad;
            @dev.copyexcept.CopyExcept(value = 42)
            public class Bad { int x; }
            """),
        bad(
            "annotation value from a non-constant field",
            true,
            null,
            """
            package bad;
            @dev.copyexcept.CopyExcept(Bad.NAME)
            public class Bad { static String NAME = "x"; int x; }
            """),
        bad(
            "annotation value from an undefined constant",
            true,
            null,
            """
            package bad;
            @dev.copyexcept.CopyExcept({"x", NO_SUCH_CONSTANT})
            public class Bad { int x; int y; }
            """),
        bad(
            "annotation with an unknown element",
            true,
            null,
            """
            package bad;
            @dev.copyexcept.CopyExcept(names = "x")
            public class Bad { int x; }
            """),
        bad(
            "annotation on an interface",
            true,
            "[CopyExcept.notAClass]",
            """
            package bad;
            @dev.copyexcept.CopyExcept
            public interface Bad { int X = 1; }
            """),
        bad(
            "annotation on an enum",
            true,
            "[CopyExcept.notAClass]",
            """
            package bad;
            @dev.copyexcept.CopyExcept
            public enum Bad { A, B; int x; }
            """),
        bad(
            "annotation on a record",
            true,
            "[CopyExcept.notAClass]",
            """
            package bad;
            @dev.copyexcept.CopyExcept
            public record Bad(int x, String y) {}
            """),
        bad(
            "annotation on an annotation type",
            true,
            "[CopyExcept.notAClass]",
            """
            package bad;
            @dev.copyexcept.CopyExcept
            public @interface Bad { int x() default 0; }
            """),
        bad(
            "annotation on a private nested class",
            true,
            "[CopyExcept.privateClass]",
            """
            package bad;
            public class Bad { @dev.copyexcept.CopyExcept private static class In { int x; } }
            """),
        bad(
            "struct embedding itself",
            true,
            "[CopyExcept.embeddedCycle]",
            """
            package bad;
            @dev.copyexcept.CopyExcept
            public class Bad { int x; final Bad self = null; }
            """),
        bad(
            "two structs embedding each other",
            true,
            "[CopyExcept.embeddedCycle]",
            """
            package bad;
            @dev.copyexcept.CopyExcept
            public class Bad { int x; final Other other = null; }
            @dev.copyexcept.CopyExcept
            class Other { int y; final Bad bad = null; }
            """),
        bad(
            "embedding a struct that has its own error",
            true,
            "[CopyExcept.unknownField]",
            """
            package bad;
            @dev.copyexcept.CopyExcept
            public class Bad { int x; final Broken inner = new Broken(); }
            @dev.copyexcept.CopyExcept("nosuch")
            class Broken { int y; }
            """),
        // Local classes are invisible to annotation processors: no copier, no error required.
        bad(
            "annotation on a method-local class",
            false,
            null,
            """
            package bad;
            public class Bad {
              void m() {
                @dev.copyexcept.CopyExcept class Local { int x; }
                new Local();
              }
            }
            """),
        bad(
            "annotation on a local class inside a broken method",
            true,
            null,
            """
            package bad;
            public class Bad {
              void m() {
                @dev.copyexcept.CopyExcept class Local { NoSuchType t; }
                undefinedCall();
              }
            }
            """));
  }

  /**
   * One broken input: whether javac must report errors, and the catalogue tag of the processor's
   * own error when the contract requires one (null when javac's errors are enough).
   */
  private static Arguments bad(String name, boolean expectErrors, String tag, String source) {
    return Arguments.of(name, expectErrors, tag, source);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenSources")
  void brokenInput_reportsDiagnostics_withoutAnExceptionFromTheProcessor(
      String name, boolean expectErrors, String expectedTag, String badSource) {
    ProbeProcessor probe = new ProbeProcessor();
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation =
        assertDoesNotThrow(
            () ->
                compileWith(List.of(processor, probe), List.of(source("bad.Bad", badSource), GOOD)),
            name + ": the compilation (and so the processor) threw");
    // Every assertion message carries these; a passing case prints nothing.
    String all =
        String.format(
            "(processing ran: %s, copiers: %s)%n%s",
            probe.ranOnGood, processor.createdSources(), describe(compilation.diagnostics()));

    if (expectErrors) {
      assertWithMessage("%s: expected errors; diagnostics:\n%s", name, all)
          .that(compilation.errors())
          .isNotEmpty();
    } else {
      assertWithMessage("%s: expected no errors; diagnostics:\n%s", name, all)
          .that(compilation.errors())
          .isEmpty();
    }
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      String message = d.getMessage(Locale.ROOT);
      assertWithMessage("%s: a diagnostic carries an exception from the processor:\n%s", name, all)
          .that(EXCEPTION_TRACE.matcher(message).matches())
          .isFalse();
    }
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      assertWithMessage("%s: the processor generated code that does not compile:\n%s", name, all)
          .that(d.getSource() == null ? "" : d.getSource().getName())
          .doesNotContain("SOURCE_OUTPUT");
      assertWithMessage(
              "%s: a diagnostic echoes javac's placeholder for an erroneous value:\n%s", name, all)
          .that(d.getMessage(Locale.ROOT))
          .doesNotContain("<error>");
    }
    if (expectedTag != null && probe.ranOnGood) {
      assertWithMessage(
              "%s: expected the processor's %s error on bad/Bad.java:\n%s", name, expectedTag, all)
          .that(
              compilation.errors().stream()
                  .anyMatch(
                      d ->
                          d.getMessage(Locale.ROOT).contains(expectedTag)
                              && d.getSource() != null
                              && d.getSource().getName().endsWith("bad/Bad.java")))
          .isTrue();
    }
    if (probe.ranOnGood) {
      assertWithMessage(
              "%s: annotation processing ran, so Good must get its copier; diagnostics:\n%s",
              name, all)
          .that(processor.createdSources())
          .contains("good.GoodCopier");
    }
  }

  /**
   * Runs after the processor and records whether annotation processing saw {@code good.Good}, so
   * the test knows whether javac got as far as processing (it does not, after a syntax error).
   */
  static final class ProbeProcessor extends AbstractProcessor {
    boolean ranOnGood;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
      if (roundEnv.getRootElements().stream()
          .anyMatch(
              e -> e instanceof TypeElement t && t.getQualifiedName().contentEquals("good.Good"))) {
        ranOnGood = true;
      }
      return false;
    }
  }
}
