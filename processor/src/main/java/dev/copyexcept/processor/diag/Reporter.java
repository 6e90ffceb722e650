package dev.copyexcept.processor.diag;

import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;

/**
 * Prints {@link Problem}s through the {@link Messager}, as precisely placed as they say: on an
 * element, on one of its annotations, or on one value of that annotation, so IDEs underline the
 * right token.
 *
 * <p>It keeps no state: whether a class is clean is for the caller to decide from the problems it
 * collected, never from what was printed so far.
 */
public final class Reporter {
  private final Messager messager;

  /** A reporter printing through {@code messager}. */
  public Reporter(Messager messager) {
    this.messager = messager;
  }

  /** Prints every problem, in order. */
  public void print(Iterable<Problem> problems) {
    problems.forEach(this::print);
  }

  /** Prints one problem. */
  public void print(Problem problem) {
    if (problem.value().isPresent()) {
      messager.printMessage(
          problem.message().kind(),
          problem.text(),
          problem.element(),
          problem.annotation().orElseThrow(),
          problem.value().get());
    } else if (problem.annotation().isPresent()) {
      messager.printMessage(
          problem.message().kind(), problem.text(), problem.element(), problem.annotation().get());
    } else {
      messager.printMessage(problem.message().kind(), problem.text(), problem.element());
    }
  }

  /** Prints {@code message} on {@code element}. */
  public void report(Element element, Message message, Object... args) {
    print(Problem.on(element, message, args));
  }
}
