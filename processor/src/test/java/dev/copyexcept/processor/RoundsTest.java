package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.fill;
import static dev.copyexcept.processor.CopierHarness.get;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import dev.copyexcept.processor.CopierHarness.Compiled;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Classes whose types another processor generates later are deferred, not refused, and then copied
 * correctly; types that never come are reported once, when processing ends, and get no copier.
 */
class RoundsTest {

  @Test
  void typesGeneratedInALaterRound_classIsDeferredThenCopiedCorrectly() {
    Map<String, String> generated = new LinkedHashMap<>();
    generated.put(
        "p.Gen",
        """
        package p;
        @dev.copyexcept.CopyExcept("id")
        public class Gen { int id; int v; }
        """);
    generated.put(
        "p.GenBase",
        """
        package p;
        @dev.copyexcept.CopyExcept("k")
        public class GenBase { int k; int b; }
        """);
    Compilation compilation =
        CopierHarness.compileWith(
            List.of(new CopyExceptProcessor(), new FirstRoundSources(generated)),
            source(
                "p.Uses",
                """
                package p;
                @dev.copyexcept.CopyExcept
                public class Uses { Gen shared; final Gen embedded = new Gen(); int x; }
                """),
            source(
                "p.Sub",
                """
                package p;
                @dev.copyexcept.CopyExcept
                public class Sub extends GenBase { int s; }
                """));
    assertThat(compilation).succeeded();
    Compiled c = new Compiled(compilation);

    Object src = c.newInstance("p.Uses");
    Object dest = c.newInstance("p.Uses");
    Object shared = c.newInstance("p.Gen");
    fill(src, dest, "shared", shared, c.newInstance("p.Gen"));
    fill(src, dest, "x", 1, -1);
    Object destEmbedded = get(dest, "embedded");
    fill(get(src, "embedded"), destEmbedded, "id", 2, -2);
    fill(get(src, "embedded"), destEmbedded, "v", 3, -3);
    c.copy("p.UsesCopier", src, dest);
    assertThat(get(dest, "shared")).isSameInstanceAs(shared);
    assertThat(get(dest, "x")).isEqualTo(1);
    assertThat(get(dest, "embedded")).isSameInstanceAs(destEmbedded);
    assertThat(get(destEmbedded, "v")).isEqualTo(3);
    assertWithMessage("Gen's own exclusion").that(get(destEmbedded, "id")).isEqualTo(-2);

    Object s1 = c.newInstance("p.Sub");
    Object d1 = c.newInstance("p.Sub");
    fill(s1, d1, "k", 4, -4);
    fill(s1, d1, "b", 5, -5);
    fill(s1, d1, "s", 6, -6);
    c.copy("p.SubCopier", s1, d1);
    assertWithMessage("exclusion of a generated superclass").that(get(d1, "k")).isEqualTo(-4);
    assertThat(get(d1, "b")).isEqualTo(5);
    assertThat(get(d1, "s")).isEqualTo(6);
  }

  @Test
  void fieldTypeGeneratedInTheFirstRound_isResolvedInTheNext() {
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Vma {",
            "  Gen file;",
            "  java.util.List<Gen>[] history;",
            "}");
    Compilation compilation =
        CopierHarness.compileWith(
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
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Vma extends GenBase {",
            "  final GenStruct range = new GenStruct();",
            "}");
    Compilation compilation =
        CopierHarness.compileWith(
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
  void superclassNeverGenerated_isReportedOnceWhenProcessingEnds() {
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Vma extends Nowhere {",
            "  int x;",
            "}");
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation = CopierHarness.compileWith(processor, vma);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.unresolvedType] no copier was generated for p.Vma because"
                + " Nowhere (the superclass of p.Vma) could not be resolved")
        .inFile(vma)
        .onLineContaining("class Vma");
    assertThat(CopierHarness.processorDiagnostics(compilation)).hasSize(1);
    assertThat(processor.createdSources()).isEmpty();
  }

  @Test
  void annotationValueFromAConstantGeneratedLater_isResolvedInTheNextRound() {
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept(Names.REFCNT)",
            "class Vma {",
            "  int vm_refcnt;",
            "  long vm_start;",
            "}");
    Compilation compilation =
        CopierHarness.compileWith(
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
  void annotationValueNeverResolved_isNotReportedAsAFieldName() {
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept({\"x\", NO_SUCH_CONSTANT})",
            "class Vma {",
            "  int x;",
            "}");
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation = CopierHarness.compileWith(processor, vma);
    assertThat(compilation).hadErrorContaining("NO_SUCH_CONSTANT");
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.unresolvedType] no copier was generated for p.Vma because a value of"
                + " @CopyExcept on p.Vma could not be resolved")
        .inFile(vma)
        .onLineContaining("class Vma");
    assertThat(CopierHarness.processorDiagnostics(compilation)).hasSize(1);
    assertThat(processor.createdSources()).isEmpty();
  }

  @Test
  void typeParameterBoundNeverResolved_isReportedAndNoCopierIsWritten() {
    JavaFileObject box =
        source(
            "p.Box",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Box<T extends NoSuchBound> {",
            "  T t;",
            "}");
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation = CopierHarness.compileWith(processor, box);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.unresolvedType] no copier was generated for p.Box because NoSuchBound (a"
                + " bound of T in p.Box) could not be resolved")
        .inFile(box)
        .onLineContaining("class Box");
    assertThat(CopierHarness.processorDiagnostics(compilation)).hasSize(1);
    assertThat(processor.createdSources()).isEmpty();
  }
}
