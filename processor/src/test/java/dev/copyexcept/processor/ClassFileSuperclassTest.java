package dev.copyexcept.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A superclass read from a class file (a library jar) still contributes its fields and its
 * exclusions: {@code CLASS} retention keeps {@code @CopyExcept} visible.
 */
class ClassFileSuperclassTest {

  @Test
  void exclusionsAndAccessorsOfAClassFileSuperclass_areHonoured(@TempDir Path library)
      throws IOException {
    Fixtures.compileToClassFiles(
        library,
        source(
            "lib/Node.java",
            "package lib;",
            "@dev.copyexcept.CopyExcept(\"refs\")",
            "public class Node {",
            "  public volatile int refs;",
            "  public long start;",
            "  private int flags;",
            "  public int getFlags() { return flags; }",
            "  public void setFlags(int flags) { this.flags = flags; }",
            "}"));
    JavaFileObject vma =
        source(
            "p/Vma.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept(\"refs\")",
            "public class Vma extends lib.Node {",
            "  long end;",
            "}");
    Compilation compilation = Fixtures.compileAgainst(library, vma);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.VmaCopier")
        .contentsAsUtf8String()
        .contains(
            "  public static void copyAfterCheck(Vma src, Vma dest) {\n"
                + "    dest.start = src.start;\n"
                + "    dest.setFlags(src.getFlags());\n"
                + "    dest.end = src.end;\n"
                + "  }\n");
    assertThat(compilation)
        .generatedSourceFile("p.VmaCopier")
        .contentsAsUtf8String()
        .contains("{@code refs}: excluded by {@code @CopyExcept} on {@code Node}, {@code Vma}\n");
  }

  @Test
  void hiddenPublicFieldOfAPackagePrivateClass_isReachedThroughItsPublicSubclass(
      @TempDir Path library) throws IOException {
    Fixtures.compileToClassFiles(
        library,
        source(
            "q/Base.java", "package q;", "class Base {", "  public int v;", "  public int w;", "}"),
        source("q/Mid.java", "package q;", "public class Mid extends Base {}"));
    JavaFileObject sub =
        source(
            "p/Sub.java",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "public class Sub extends q.Mid {",
            "  long v;",
            "}");
    Compilation compilation = Fixtures.compileAgainst(library, sub);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.SubCopier")
        .contentsAsUtf8String()
        .contains(
            "  public static void copyAfterCheck(Sub src, Sub dest) {\n"
                + "    ((Mid) dest).v = ((Mid) src).v;\n"
                + "    dest.w = src.w;\n"
                + "    dest.v = src.v;\n"
                + "  }\n");
  }
}
