package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classes whose types another processor generates later are deferred, not refused. */
class RoundsTest {

  @Test
  void fieldTypeGeneratedInTheFirstRound_isResolvedInTheNext() {
    JavaFileObject vma =
        source(
            "p/Vma.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Vma {",
            "  Gen file;",
            "  java.util.List<Gen>[] history;",
            "}");
    Compilation compilation =
        Fixtures.compile(
            List.of(
                FirstRoundSources.of("p.Gen", "package p; public class Gen {}"),
                new CopyExceptProcessor()),
            vma);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.VmaCopier")
        .contentsAsUtf8String()
        .contains("dest.file = src.file;");
  }

  @Test
  void generatedSuperclassAndEmbeddedStruct_areResolvedInTheNextRound() {
    JavaFileObject vma =
        source(
            "p/Vma.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Vma extends GenBase {",
            "  final GenStruct range = new GenStruct();",
            "}");
    Compilation compilation =
        Fixtures.compile(
            List.of(
                FirstRoundSources.of("p.GenBase", "package p; class GenBase { long start; }"),
                FirstRoundSources.of(
                    "p.GenStruct",
                    "package p; @dev.copyexcept.CopyExcept class GenStruct { final int[] bits = new"
                        + " int[2]; }"),
                new CopyExceptProcessor()),
            vma);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.GenStructCopier");
    assertThat(compilation)
        .generatedSourceFile("p.VmaCopier")
        .contentsAsUtf8String()
        .contains("GenStructCopier.check(srcRange, destRange);");
    assertThat(compilation)
        .generatedSourceFile("p.VmaCopier")
        .contentsAsUtf8String()
        .contains("dest.start = src.start;");
  }

  @Test
  void superclassNeverGenerated_isReportedOnceWhenProcessingEnds(@TempDir Path out)
      throws IOException {
    JavaFileObject vma =
        source(
            "p/Vma.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Vma extends Nowhere {",
            "  int x;",
            "}");
    Compilation compilation = Fixtures.compile(vma);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.unresolvedType] no copier was generated for p.Vma because"
                + " Nowhere (the superclass of p.Vma) could not be resolved")
        .inFile(vma)
        .onLineContaining("class Vma");
    assertThat(Fixtures.processorDiagnostics(compilation)).hasSize(1);
    assertThat(Fixtures.generatedDespiteErrors(out, new CopyExceptProcessor(), vma)).isEmpty();
  }

  @Test
  void annotationValueFromAConstantGeneratedLater_isResolvedInTheNextRound() {
    JavaFileObject vma =
        source(
            "p/Vma.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept(Names.REFCNT)",
            "class Vma {",
            "  int vm_refcnt;",
            "  long vm_start;",
            "}");
    Compilation compilation =
        Fixtures.compile(
            List.of(
                FirstRoundSources.of(
                    "p.Names",
                    "package p; class Names { static final String REFCNT = \"vm_refcnt\"; }"),
                new CopyExceptProcessor()),
            vma);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.VmaCopier")
        .contentsAsUtf8String()
        .contains("{@code vm_refcnt}: excluded by {@code @CopyExcept} on {@code Vma}");
  }

  @Test
  void annotationValueNeverResolved_isNotReportedAsAFieldName(@TempDir Path out)
      throws IOException {
    JavaFileObject vma =
        source(
            "p/Vma.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept({\"x\", NO_SUCH_CONSTANT})",
            "class Vma {",
            "  int x;",
            "}");
    Compilation compilation = Fixtures.compile(vma);
    assertThat(compilation).hadErrorContaining("NO_SUCH_CONSTANT");
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.unresolvedType] no copier was generated for p.Vma because a value of"
                + " @CopyExcept on p.Vma could not be resolved")
        .inFile(vma)
        .onLineContaining("class Vma");
    assertThat(Fixtures.processorDiagnostics(compilation)).hasSize(1);
    assertThat(Fixtures.generatedDespiteErrors(out, new CopyExceptProcessor(), vma)).isEmpty();
  }

  @Test
  void typeParameterBoundNeverResolved_isReportedAndNoCopierIsWritten(@TempDir Path out)
      throws IOException {
    JavaFileObject box =
        source(
            "p/Box.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Box<T extends NoSuchBound> {",
            "  T t;",
            "}");
    Compilation compilation = Fixtures.compile(box);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.unresolvedType] no copier was generated for p.Box because NoSuchBound (a"
                + " bound of T in p.Box) could not be resolved")
        .inFile(box)
        .onLineContaining("class Box");
    assertThat(Fixtures.processorDiagnostics(compilation)).hasSize(1);
    assertThat(Fixtures.generatedDespiteErrors(out, new CopyExceptProcessor(), box)).isEmpty();
  }
}
