package dev.copyexcept.processor.behaviour;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.copyexcept.processor.CopierHarness.compileAndLoad;
import static dev.copyexcept.processor.CopierHarness.get;
import static dev.copyexcept.processor.CopierHarness.set;
import static dev.copyexcept.processor.CopierHarness.source;

import dev.copyexcept.processor.CopierHarness.Compiled;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reason the processor exists: a field added to a class tomorrow is copied tomorrow, with no
 * change to anything but the class. Version 1 of a class is compiled, then version 2 with exactly
 * one added field; the second copier copies the new field, the first never knew it.
 */
class NewFieldsIncludedTest {

  private static final String V1 =
      """
      package p;
      @dev.copyexcept.CopyExcept("keep")
      public class Foo {
        int a;
        int keep;
        String name;
      %s}
      """;

  static Stream<Arguments> addedFields() {
    return Stream.of(
        Arguments.of("int", "42", "-42"),
        Arguments.of("long", "1L << 40", "-3L"),
        Arguments.of("boolean", "true", "false"),
        Arguments.of("double", "0.5", "-0.5"),
        Arguments.of("String", "\"new-src\"", "\"new-dest\""),
        Arguments.of(
            "java.util.List<String>", "java.util.List.of(\"s\")", "java.util.List.of(\"d\")"));
  }

  @ParameterizedTest(name = "added {0}")
  @MethodSource("addedFields")
  void addedField_isCopiedByTheRegeneratedCopier_withNoOtherChange(
      String type, String srcExpr, String destExpr) {
    String fieldName = "addedLater";
    Compiled v1 = compileAndLoad(source("p.Foo", V1.formatted("")));
    String v2Source = V1.formatted("  " + type + " " + fieldName + ";\n");
    // The test values come from a tiny helper class compiled alongside, so any field type works.
    Compiled run =
        compileAndLoad(
            source("p.Foo", v2Source),
            source(
                "p.Values",
                """
            package p;
            public class Values {
              public static Object src() { return %s; }
              public static Object dest() { return %s; }
            }
            """
                    .formatted(srcExpr, destExpr)));
    String v1Copier = v1.generatedSource("p.FooCopier");
    String v2Copier = run.generatedSource("p.FooCopier");
    assertWithMessage("v1 copier source").that(v1Copier).doesNotContain(fieldName);
    assertWithMessage("v2 copier source").that(v2Copier).contains(fieldName);

    Object srcValue = invokeStatic(run.load("p.Values"), "src");
    Object destValue = invokeStatic(run.load("p.Values"), "dest");
    Object src = run.newInstance("p.Foo");
    Object dest = run.newInstance("p.Foo");
    set(src, fieldName, srcValue);
    set(dest, fieldName, destValue);
    set(src, "a", 1);
    set(dest, "a", -1);
    set(src, "keep", 2);
    set(dest, "keep", -2);

    run.copy("p.FooCopier", src, dest);

    assertWithMessage("the new field %s", fieldName).that(get(dest, fieldName)).isEqualTo(srcValue);
    assertThat(get(dest, "a")).isEqualTo(1);
    assertThat(get(dest, "keep")).isEqualTo(-2);

    // And the v1 copier, run on v1 objects, still behaves as before.
    Object s1 = v1.newInstance("p.Foo");
    Object d1 = v1.newInstance("p.Foo");
    set(s1, "a", 1);
    set(d1, "a", -1);
    v1.copy("p.FooCopier", s1, d1);
    assertThat(get(d1, "a")).isEqualTo(1);
  }

  private static Object invokeStatic(Class<?> type, String method) {
    try {
      return type.getMethod(method).invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
