package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.compile;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, defect 6: a field of a base class that no copier can copy is reported once, on the
 * field, where it can be fixed; every annotated subclass gets one error of its own that points at
 * it, instead of a copy of the field's error.
 */
class ErrorFanOutTest {
  private static JavaFileObject sub(String name) {
    return source(
        "p." + name,
        "package p;",
        "@dev.copyexcept.CopyExcept({})",
        "public class " + name + " extends Base {",
        "  int own;",
        "}");
  }

  @Test
  void unannotatedBase_privateField_reportedOnce_subclassesPointAtIt() {
    JavaFileObject base =
        source(
            "p.Base",
            "package p;",
            "public class Base {",
            "  private int secret;",
            "  private final Object lock = new Object();",
            "}");
    Compilation compilation = compile(base, sub("S1"), sub("S2"), sub("S3"));
    assertOnce(compilation, base, "int secret", "[CopyExcept.inaccessibleField]");
    assertOnce(compilation, base, "Object lock", "[CopyExcept.finalField]");
    for (String s : List.of("S1", "S2", "S3")) {
      assertThat(compilation)
          .hadErrorContaining(
              "[CopyExcept.inheritedFieldError] p."
                  + s
                  + " gets no copier: fields secret, lock of its superclass p.Base cannot be"
                  + " copied (see the errors on those fields)")
          .inFile(sub(s))
          .onLineContaining("class " + s);
    }
    // Two field errors, one pointer per subclass.
    assertThat(compilation).hadErrorCount(5);
  }

  @Test
  void annotatedBase_reportsItsOwnField_subclassesPointAtIt_inAnyOrder() {
    JavaFileObject base =
        source(
            "p.Base",
            "package p;",
            "@dev.copyexcept.CopyExcept({})",
            "public class Base {",
            "  private int secret;",
            "}");
    // The subclasses come first: the base is still validated first.
    Compilation compilation = compile(sub("S1"), sub("S2"), base);
    assertOnce(compilation, base, "int secret", "[CopyExcept.inaccessibleField]");
    assertThat(compilation)
        .hadErrorContaining("[CopyExcept.inheritedFieldError] p.S1 gets no copier")
        .inFile(sub("S1"))
        .onLineContaining("class S1");
    assertThat(compilation)
        .hadErrorContaining("[CopyExcept.inheritedFieldError] p.S2 gets no copier")
        .inFile(sub("S2"))
        .onLineContaining("class S2");
    assertThat(compilation).hadErrorCount(3);
  }

  private static void assertOnce(
      Compilation compilation, JavaFileObject file, String line, String tag) {
    long count =
        compilation.diagnostics().stream()
            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
            .filter(d -> d.getMessage(Locale.ROOT).startsWith(tag))
            .filter(d -> d.getSource() != null && d.getSource().getName().equals(file.getName()))
            .count();
    assertThat(count).isEqualTo(1);
    assertThat(compilation).hadErrorContaining(tag).inFile(file).onLineContaining(line);
  }
}
