package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, defect 2: under {@code --release N} javac reads the JDK from {@code ct.sym}, which has
 * no non-public fields, so a class extending a JDK class would get a copier that silently drops the
 * JDK class's state. Such a class is refused on its {@code extends}, naming the superclass, and the
 * diagnostics are the same with and without {@code --release}, on every JDK.
 */
class JdkSuperclassTest {
  private static final JavaFileObject E =
      source(
          "p.E",
          "package p;",
          "@dev.copyexcept.CopyExcept({})",
          "public class E",
          "    extends RuntimeException {",
          "  private static final long serialVersionUID = 1L;",
          "  int code;",
          "}");

  @ParameterizedTest(name = "options: {0}")
  @ValueSource(strings = {"", "--release 17"})
  void classExtendingAJdkClass_isRefusedOnItsExtends_withTheSameDiagnosticsOnEveryRelease(
      String options) {
    Compilation compilation = compileWith(options, E);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.jdkSuperclass] p.E extends java.lang.RuntimeException, a JDK class")
        .inFile(E)
        .onLineContaining("extends RuntimeException");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void theSuperclassIsNamed_whenItIsReachedThroughAClassOfTheUser() {
    JavaFileObject base =
        source(
            "p.Base",
            "package p;",
            "public abstract class Base<K, V> extends java.util.AbstractMap<K, V> {",
            "  public int size;",
            "}");
    JavaFileObject dict =
        source(
            "p.Dict",
            "package p;",
            "@dev.copyexcept.CopyExcept({})",
            "public abstract class Dict extends Base<String, String> {",
            "  public int n;",
            "}");
    List<String> texts = List.of("", "--release 17");
    String first = null;
    for (String options : texts) {
      Compilation compilation = compileWith(options, base, dict);
      assertThat(compilation)
          .hadErrorContaining(
              "[CopyExcept.jdkSuperclass] p.Dict extends java.util.AbstractMap (through p.Base), a"
                  + " JDK class")
          .inFile(dict)
          .onLineContaining("class Dict");
      assertThat(compilation).hadErrorCount(1);
      String text = compilation.errors().get(0).getMessage(Locale.ROOT);
      if (first == null) {
        first = text;
      } else {
        assertThat(text).isEqualTo(first);
      }
    }
  }

  @Test
  void javaLangObject_isNoJdkSuperclass() {
    JavaFileObject plain =
        source(
            "p.Plain",
            "package p;",
            "@dev.copyexcept.CopyExcept({})",
            "public class Plain extends Object {",
            "  int x;",
            "}");
    assertThat(compileWith("--release 17", plain)).succeededWithoutWarnings();
  }

  private static Compilation compileWith(String options, JavaFileObject... sources) {
    List<String> list = options.isEmpty() ? List.of() : List.of(options.split(" "));
    return Compiler.javac()
        .withProcessors(new CopyExceptProcessor())
        .withOptions(list)
        .compile(sources);
  }
}
