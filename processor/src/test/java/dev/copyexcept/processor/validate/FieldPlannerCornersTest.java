package dev.copyexcept.processor.validate;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.compile;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import dev.copyexcept.processor.CopierHarness;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The fix of an inaccessible-field error when both accessors exist but the copier cannot call them:
 * nothing to add, and the access each accessor needs depends on the package it is declared in.
 */
class FieldPlannerCornersTest {

  @Test
  void privateAccessors_inTheSamePackage_areToBeMadePackagePrivateOrPublic_nothingAdded() {
    JavaFileObject own =
        source(
            "p.Own",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "class Own {",
            "  private int n;",
            "  private int getN() { return n; }",
            "  private void setN(int n) { this.n = n; }",
            "}");
    Compilation compilation = compile(own);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.inaccessibleField] field n of p.Own is private, so OwnCopier cannot"
                + " access it; getN() is private and setN(int) is private; make getN()"
                + " package-private or public, make setN(int) package-private or public, make the"
                + " field package-private, or add it to @CopyExcept")
        .inFile(own)
        .onLineContaining("private int n;");
    assertThat(CopierHarness.processorDiagnostics(compilation)).hasSize(1);
  }

  @Test
  void protectedAccessors_inAnotherPackage_areToBeMadePublic() {
    JavaFileObject base =
        source(
            "q.Base",
            "package q;",
            "public class Base {",
            "  private int n;",
            "  protected int getN() { return n; }",
            "  protected void setN(int n) { this.n = n; }",
            "}");
    JavaFileObject sub =
        source(
            "p.Sub",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "public class Sub extends q.Base {}");
    Compilation compilation = compile(base, sub);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.inaccessibleField] field n of q.Base is private, so SubCopier cannot"
                + " access it; getN() is protected (in another package) and setN(int) is"
                + " protected (in another package); make getN() public, make setN(int) public,"
                + " make the field public, or add it to @CopyExcept")
        .inFile(base)
        .onLineContaining("private int n;");
  }
}
