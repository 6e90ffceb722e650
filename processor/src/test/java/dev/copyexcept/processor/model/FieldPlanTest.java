package dev.copyexcept.processor.model;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.copyexcept.processor.model.FieldPlan.Kind;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A plan whose optional parts contradict its kind is refused when it is built. */
class FieldPlanTest {
  private static final ClassName OWNER = ClassName.get("p", "Vma");
  private static final Optional<String> NONE = Optional.empty();
  private static final Optional<String> GET = Optional.of("getX");
  private static final Optional<String> SET = Optional.of("setX");
  private static final Optional<ClassName> COPIER = Optional.of(ClassName.get("p", "PartCopier"));
  private static final Optional<TypeName> CAST = Optional.of(OWNER);
  private static final Optional<TypeName> NO_CAST = Optional.empty();
  private static final Optional<ClassName> NO_COPIER = Optional.empty();

  static Stream<Arguments> inconsistentPlans() {
    return Stream.of(
        Arguments.of("assign with a setter", Kind.ASSIGN, NO_CAST, NONE, SET, NO_COPIER),
        Arguments.of("accessors without a setter", Kind.ACCESSORS, NO_CAST, GET, NONE, NO_COPIER),
        Arguments.of("accessors without a getter", Kind.ACCESSORS, NO_CAST, NONE, SET, NO_COPIER),
        Arguments.of("embedded without a copier", Kind.EMBEDDED, CAST, NONE, NONE, NO_COPIER),
        Arguments.of("array with a copier", Kind.ARRAY, CAST, NONE, NONE, COPIER),
        Arguments.of("cast and getter", Kind.ARRAY, CAST, GET, NONE, NO_COPIER));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inconsistentPlans")
  void inconsistentPlan_isRefused(
      String what,
      Kind kind,
      Optional<TypeName> cast,
      Optional<String> getter,
      Optional<String> setter,
      Optional<ClassName> copier) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new FieldPlan("x", kind, TypeName.INT, true, OWNER, cast, getter, setter, copier));
    assertThat(e).hasMessageThat().isEqualTo("inconsistent plan for field x: " + kind);
  }

  static Stream<Arguments> consistentPlans() {
    return Stream.of(
        Arguments.of("assign", Kind.ASSIGN, NO_CAST, NONE, NONE, NO_COPIER),
        Arguments.of("assign through a cast", Kind.ASSIGN, CAST, NONE, NONE, NO_COPIER),
        Arguments.of("accessors", Kind.ACCESSORS, NO_CAST, GET, SET, NO_COPIER),
        Arguments.of("array through a getter", Kind.ARRAY, NO_CAST, GET, NONE, NO_COPIER),
        Arguments.of("embedded through a cast", Kind.EMBEDDED, CAST, NONE, NONE, COPIER));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consistentPlans")
  void consistentPlan_isBuilt_hiddenExactlyWhenCast(
      String what,
      Kind kind,
      Optional<TypeName> cast,
      Optional<String> getter,
      Optional<String> setter,
      Optional<ClassName> copier) {
    FieldPlan plan =
        new FieldPlan("x", kind, TypeName.INT, true, OWNER, cast, getter, setter, copier);
    assertThat(plan.isHidden()).isEqualTo(cast.isPresent());
  }
}
