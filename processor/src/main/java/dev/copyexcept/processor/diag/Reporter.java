package dev.copyexcept.processor.diag;

import com.sun.source.tree.ClassTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.Optional;
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
  private final Optional<Trees> trees;

  /**
   * A reporter printing through {@code messager}, and through {@code trees} (javac's tree API,
   * absent on other compilers) for a problem on an {@code extends} clause.
   */
  public Reporter(Messager messager, Optional<Trees> trees) {
    this.messager = messager;
    this.trees = trees;
  }

  /** Prints every problem, in order. */
  public void print(Iterable<Problem> problems) {
    problems.forEach(this::print);
  }

  /** Prints one problem. */
  public void print(Problem problem) {
    if (problem.onExtends() && printOnExtends(problem)) {
      return;
    }
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

  /** Prints on the class's {@code extends} clause; false when its tree is not available. */
  private boolean printOnExtends(Problem problem) {
    if (trees.isEmpty()) {
      return false;
    }
    TreePath path = trees.get().getPath(problem.element());
    if (path == null
        || !(path.getLeaf() instanceof ClassTree type)
        || type.getExtendsClause() == null) {
      return false;
    }
    trees
        .get()
        .printMessage(
            problem.message().kind(),
            problem.text(),
            type.getExtendsClause(),
            path.getCompilationUnit());
    return true;
  }

  /** Prints {@code message} on {@code element}. */
  public void report(Element element, Message message, Object... args) {
    print(Problem.on(element, message, args));
  }
}
