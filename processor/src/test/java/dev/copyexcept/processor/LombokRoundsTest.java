package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class whose missing accessors Lombok may still write is taken up again in a later round ({@link
 * LombokAccessors}); the real Lombok, in both orders, is the integration tests' {@code
 * lombok-before} and {@code lombok-after}. Here a stand-in {@code lombok.Getter} that writes
 * nothing shows the other side: the class still gets the usual error, once, on the field, and no
 * other class waits for it.
 */
class LombokRoundsTest {
  private static final JavaFileObject GETTER =
      source(
          "lombok/Getter.java",
          "package lombok;",
          "import java.lang.annotation.*;",
          "@Retention(RetentionPolicy.SOURCE)",
          "public @interface Getter {}");

  @Test
  void lombokAnnotatedFieldWhoseAccessorsNeverCome_isTheUsualErrorOnTheFieldOnce(@TempDir Path dir)
      throws IOException {
    JavaFileObject account =
        source(
            "p/Account.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Account {",
            "  @lombok.Getter private long balance;",
            "}");
    JavaFileObject plain =
        source(
            "p/Plain.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Plain {",
            "  long x;",
            "}");
    Compilation compilation = Fixtures.compile(GETTER, account, plain);
    assertThat(compilation)
        .hadErrorContaining("[CopyExcept.inaccessibleField] field balance of p.Account is private")
        .inFile(account)
        .onLineContaining("private long balance");
    assertThat(compilation).hadErrorCount(1);
    assertThat(Fixtures.processorDiagnostics(compilation)).hasSize(1);
    assertThat(
            Fixtures.generatedDespiteErrors(dir, new CopyExceptProcessor(), GETTER, account, plain))
        .containsExactly("p/PlainCopier.java");
  }

  @Test
  void lombokOnTheClass_countsAsWell() {
    JavaFileObject account =
        source(
            "p/Account.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "@lombok.Getter",
            "class Account {",
            "  private long balance;",
            "}");
    Compilation compilation = Fixtures.compile(GETTER, account);
    assertThat(compilation)
        .hadErrorContaining("[CopyExcept.inaccessibleField] field balance of p.Account is private")
        .inFile(account)
        .onLineContaining("private long balance");
    assertThat(compilation).hadErrorCount(1);
  }
}
