package dev.copyexcept.processor.diag;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.AnnotationValueVisitor;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/** The invariants of a {@link Problem} that the processor's own call sites never break. */
class ProblemTest {

  @Test
  void valueWithoutItsAnnotation_isRefused() {
    AnnotationValue value =
        new AnnotationValue() {
          @Override
          public Object getValue() {
            return "x";
          }

          @Override
          public <R, P> R accept(AnnotationValueVisitor<R, P> v, P p) {
            return v.visitString("x", p);
          }
        };
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Problem(
                    Message.DUPLICATE_NAME,
                    null,
                    Optional.empty(),
                    Optional.of(value),
                    false,
                    List.of("x")));
    assertThat(e).hasMessageThat().isEqualTo("a value is placed within its annotation");
  }

  @Test
  void extendsClauseOfSomethingOtherThanAClass_isRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Problem(
                    Message.DUPLICATE_NAME,
                    null,
                    Optional.empty(),
                    Optional.empty(),
                    true,
                    List.of("x")));
    assertThat(e).hasMessageThat().isEqualTo("only a class has an extends clause");
  }

  @Test
  void extendsClauseWithinAnAnnotation_isRefused_evenOnAClass() {
    TypeElement type = stub(TypeElement.class);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Problem(
                    Message.JDK_SUPERCLASS,
                    type,
                    Optional.of(stub(AnnotationMirror.class)),
                    Optional.empty(),
                    true,
                    List.of("x")));
    assertThat(e).hasMessageThat().isEqualTo("only a class has an extends clause");
    assertThat(Problem.onExtends(type, Message.JDK_SUPERCLASS, "x").onExtends()).isTrue();
  }

  /** An implementation of {@code type} whose methods are never called. */
  private static <T> T stub(Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            ProblemTest.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              throw new UnsupportedOperationException(method.getName());
            }));
  }

  @Test
  void arguments_mayBeNull_andAreCopied_andErrorsAreTheErrorEntries() {
    List<Object> args = Arrays.asList("x", null);
    Problem problem =
        new Problem(Message.DUPLICATE_NAME, null, Optional.empty(), Optional.empty(), false, args);
    args.set(0, "y");
    assertThat(problem.args()).containsExactly("x", null).inOrder();
    assertThat(problem.text())
        .isEqualTo(
            "[CopyExcept.duplicateName] \"x\" is listed more than once in this @CopyExcept;"
                + " remove the repetition");
    assertThat(problem.isError()).isFalse();
    assertThat(Problem.on(null, Message.FINAL_FIELD, "f", "p.C", "CCopier").isError()).isTrue();
  }
}
