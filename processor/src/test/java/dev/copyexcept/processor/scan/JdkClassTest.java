package dev.copyexcept.processor.scan;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.compile;
import static dev.copyexcept.processor.CopierHarness.compileWithOptions;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which superclasses count as the JDK's (issue 14): exactly the classes of the JDK's own modules
 * ({@code java.*} and {@code jdk.*}, whatever their packages: {@code javax.*}, {@code com.sun.*}),
 * or when there are no modules ({@code --release 8}), of {@code java.*} packages; on the JDK's
 * runtime image as on {@code --release}'s {@code ct.sym}. Classes of the user's that merely look
 * like the JDK's (a package or module named {@code javaextras} or {@code jdkfoo}) are copied.
 */
class JdkClassTest {

  /** A JDK superclass from each kind of JDK package, under each view of the JDK. */
  @ParameterizedTest(name = "{0} with options [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "java.util.AbstractList<String> | ''",
        "java.util.AbstractList<String> | --release 17",
        "java.util.AbstractList<String> | --release 8",
        "javax.swing.AbstractListModel<String> | ''",
        "javax.swing.AbstractListModel<String> | --release 17",
        "jdk.jfr.Event | ''",
        "jdk.jfr.Event | --release 17",
        "com.sun.source.util.TreeScanner<Void, Void> | ''",
        "com.sun.source.util.TreeScanner<Void, Void> | --release 17",
      })
  void aClassOfAJdkModule_inAnyPackage_isAJdkSuperclass(String superclass, String options) {
    JavaFileObject e =
        source(
            "p.E",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "public abstract class E",
            "    extends " + superclass + " {",
            "  private static final long serialVersionUID = 1L;",
            "  int code;",
            "}");
    Compilation compilation = compileWithOptions(options(options), e);
    String name = superclass.replaceAll("<.*", "");
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.jdkSuperclass] p.E extends " + name + ", a JDK class: its fields are")
        .inFile(e)
        .onLineContaining("extends " + superclass);
    assertThat(compilation).hadErrorCount(1);
  }

  /** Packages named like the JDK's but not {@code java.}: the user's classes, copied. */
  @ParameterizedTest(name = "{0} with options [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "javaextras | ''",
        "javaextras | --release 17",
        "javaextras | --release 8",
        "jdkfoo | ''",
        "jdkfoo | --release 17",
        "jdkfoo | --release 8",
        "jdk | ''",
      })
  void aPackageThatOnlyLooksLikeTheJdks_isTheUsers_itsFieldsAreCopied(String pkg, String options) {
    JavaFileObject base =
        source(
            pkg + ".Base", "package " + pkg + ";", "public class Base {", "  public int b;", "}");
    JavaFileObject sub =
        source(
            "p.Sub",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "public class Sub extends " + pkg + ".Base {",
            "  int own;",
            "}");
    Compilation compilation = compileWithOptions(options(options), base, sub);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .generatedSourceFile("p.SubCopier")
        .contentsAsUtf8String()
        .contains("dest.b = src.b;");
  }

  /**
   * A superclass from a module of the user's on the module path, named like the JDK's modules but
   * not {@code java.} or {@code jdk.}: not the JDK's, its field is copied.
   */
  @ParameterizedTest(name = "module {0}")
  @CsvSource({"javaextras", "jdkfoo", "javafx"})
  void aClassOfANamedModuleOfTheUsers_isNoJdkSuperclass(String module, @TempDir Path dir)
      throws IOException {
    Path src = dir.resolve("src");
    Path out = dir.resolve("out");
    write(src.resolve("module-info.java"), "module " + module + " { exports lib; }");
    write(src.resolve("lib/Base.java"), "package lib; public class Base { public int b; }");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("-d", out.toString()));
    args.add(src.resolve("module-info.java").toString());
    args.add(src.resolve("lib/Base.java").toString());
    assertThat(javac.run(null, null, null, args.toArray(String[]::new))).isEqualTo(0);

    JavaFileObject sub =
        source(
            "p.Sub",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "public class Sub extends lib.Base {",
            "  int own;",
            "}");
    Compilation compilation =
        compileWithOptions(List.of("--module-path", out.toString(), "--add-modules", module), sub);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .generatedSourceFile("p.SubCopier")
        .contentsAsUtf8String()
        .contains("dest.b = src.b;");
  }

  /**
   * A class of the user's in a {@code java.*} package (javac compiles it on the class path; no JVM
   * loads it): a superclass there is treated as the JDK's, as {@code isJdkClass} documents.
   */
  @Test
  void aSuperclassInAJavaPackageOnTheClassPath_isAJdkSuperclass() {
    JavaFileObject base =
        source("java.foo.Base", "package java.foo;", "public class Base {", "  public int b;", "}");
    JavaFileObject sub =
        source(
            "p.Sub",
            "package p;",
            "@dev.copyexcept.CopyExcept",
            "public class Sub",
            "    extends java.foo.Base {",
            "  int own;",
            "}");
    Compilation compilation = compile(base, sub);
    assertThat(compilation)
        .hadErrorContaining("[CopyExcept.jdkSuperclass] p.Sub extends java.foo.Base, a JDK class")
        .inFile(sub)
        .onLineContaining("extends java.foo.Base");
    assertThat(compilation).hadErrorCount(1);
  }

  /**
   * The annotated class itself is never its own JDK superclass: one in a {@code java.*} package
   * (which only a JDK developer compiles) is scanned like any other and gets its copier.
   */
  @Test
  void theAnnotatedClassInAJavaPackage_isNotItsOwnJdkSuperclass() {
    JavaFileObject t =
        source(
            "java.foo.T",
            "package java.foo;",
            "@dev.copyexcept.CopyExcept",
            "public class T {",
            "  int x;",
            "}");
    Compilation compilation = compile(t);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .generatedSourceFile("java.foo.TCopier")
        .contentsAsUtf8String()
        .contains("dest.x = src.x;");
  }

  private static List<String> options(String options) {
    return options.isEmpty() ? List.of() : List.of(options.split(" "));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
