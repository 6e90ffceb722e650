package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.compile;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, defect 5: an inaccessible field's message says exactly which accessor is missing, or
 * why the one found does not fit, and suggests only fixes the user can make.
 */
class AccessorMessagesTest {

  @Test
  void getterPresent_setterMissing_saysOnlyTheSetterIsMissing() {
    JavaFileObject e =
        source(
            "p.Failure",
            "package p;",
            "@dev.copyexcept.CopyExcept({})",
            "public class Failure {",
            "  private Throwable cause;",
            "  public Throwable getCause() { return cause; }",
            "}");
    Compilation compilation = compile(e);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.inaccessibleField] field cause of p.Failure is private, so"
                + " FailureCopier cannot access it; getCause() fits, but there is no setter"
                + " setCause(java.lang.Throwable); add setCause(java.lang.Throwable), make the"
                + " field package-private, or add it to @CopyExcept")
        .inFile(e)
        .onLineContaining("Throwable cause");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void getterOfAnotherType_isNamedWithItsType() {
    JavaFileObject range =
        source("p.Range", "package p;", "public class Range { public int lo, hi; }");
    JavaFileObject holder =
        source(
            "p.Holder",
            "package p;",
            "import java.util.Optional;",
            "@dev.copyexcept.CopyExcept({})",
            "public class Holder {",
            "  private Range range;",
            "  public Optional<Range> getRange() { return Optional.ofNullable(range); }",
            "  public void setRange(Range range) { this.range = range; }",
            "}");
    Compilation compilation = compile(range, holder);
    assertThat(compilation)
        .hadErrorContaining(
            "field range of p.Holder is private, so HolderCopier cannot access it;"
                + " setRange(p.Range) fits, but getRange() returns java.util.Optional<p.Range>,"
                + " not p.Range;")
        .inFile(holder)
        .onLineContaining("Range range;");
  }

  @Test
  void bothMissing_namesBoth() {
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "@dev.copyexcept.CopyExcept({})",
            "public class Vma {",
            "  private long start;",
            "}");
    assertThat(compile(vma))
        .hadErrorContaining(
            "there is no getter getStart() and no setter setStart(long); add getStart() and"
                + " setStart(long), make the field package-private, or add it to @CopyExcept")
        .inFile(vma)
        .onLineContaining("long start");
  }

  @Test
  void inaccessibleGetter_saysWhy() {
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "@dev.copyexcept.CopyExcept({})",
            "public class Vma {",
            "  private final int[] pages = new int[1];",
            "  private int[] getPages() { return pages; }",
            "}");
    assertThat(compile(vma))
        .hadErrorContaining(
            "field pages of p.Vma is private, so VmaCopier cannot access it; getPages() is"
                + " private;")
        .inFile(vma)
        .onLineContaining("int[] pages");
  }

  @Test
  void fieldOfAClassFromAJar_suggestsOnlyTheExclusion(@TempDir Path library) throws IOException {
    CopierHarness.compileToClassFiles(
        library,
        source(
            "lib.Base",
            "package lib;",
            "public class Base {",
            "  private int refs;",
            "  public int getRefs() { return refs; }",
            "}"));
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "@dev.copyexcept.CopyExcept({})",
            "public class Vma extends lib.Base {}");
    Compilation compilation = CopierHarness.compileAgainst(library, vma);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.inaccessibleField] field refs of lib.Base is private, so VmaCopier"
                + " cannot access it; getRefs() fits, but there is no setter setRefs(int);"
                + " lib.Base is not part of this compilation, so add refs to @CopyExcept of p.Vma")
        .inFile(vma)
        .onLineContaining("class Vma");
    String text = compilation.errors().get(0).getMessage(Locale.ROOT);
    assertThat(text).doesNotContain("make the field");
    assertThat(text).doesNotContain("add setRefs");
  }
}
