package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A class whose missing accessors Lombok may still write is taken up again in a later round ({@link
 * LombokAccessors}); the real Lombok, in both orders, is the integration tests' {@code lombok},
 * built with each order of the processors. Here a stand-in {@code lombok.Getter} that writes
 * nothing shows the other side: the class still gets the usual error, once, on the field, and no
 * other class waits for it.
 */
class LombokRoundsTest {
  private static final JavaFileObject GETTER =
      source(
          "lombok.Getter",
          "package lombok;",
          "import java.lang.annotation.*;",
          "@Retention(RetentionPolicy.SOURCE)",
          "public @interface Getter {}");

  @Test
  void lombokAnnotatedFieldWhoseAccessorsNeverCome_isTheUsualErrorOnTheFieldOnce() {
    JavaFileObject account =
        source(
            "p.Account",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Account {",
            "  @lombok.Getter private long balance;",
            "}");
    JavaFileObject plain =
        source(
            "p.Plain",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Plain {",
            "  long x;",
            "}");
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation = CopierHarness.compileWith(processor, GETTER, account, plain);
    assertThat(compilation)
        .hadErrorContaining("[CopyExcept.inaccessibleField] field balance of p.Account is private")
        .inFile(account)
        .onLineContaining("private long balance");
    assertThat(compilation).hadErrorCount(1);
    assertThat(CopierHarness.processorDiagnostics(compilation)).hasSize(1);
    assertThat(processor.createdSources()).containsExactly("p.PlainCopier");
  }

  @Test
  void lombokOnTheClass_countsAsWell() {
    JavaFileObject account =
        source(
            "p.Account",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "@lombok.Getter",
            "class Account {",
            "  private long balance;",
            "}");
    Compilation compilation = CopierHarness.compile(GETTER, account);
    assertThat(compilation)
        .hadErrorContaining("[CopyExcept.inaccessibleField] field balance of p.Account is private")
        .inFile(account)
        .onLineContaining("private long balance");
    assertThat(compilation).hadErrorCount(1);
  }
}
