package dev.copyexcept.processor.diag;

import com.sun.source.tree.ClassTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

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
   * Whether the compiler is ecj (the Eclipse compiler), whose {@code Messager} finds the source
   * position of a class, interface, enum or annotation type but not of a record: {@code RECORD}
   * falls through the switch in its {@code BaseMessagerImpl}, and the diagnostic then has neither
   * file nor line.
   */
  private final boolean ecj;

  /**
   * A reporter printing through {@code messager}, and through {@code trees} (javac's tree API,
   * absent on other compilers) for a problem on an {@code extends} clause.
   */
  public Reporter(Messager messager, Optional<Trees> trees) {
    this.messager = messager;
    this.trees = trees;
    this.ecj = messager.getClass().getName().startsWith("org.eclipse.jdt.");
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
    if (ecj && problem.element().getKind() == ElementKind.RECORD) {
      // ecj places a record's canonical constructor (the implicit one too) on the record's
      // header: the line below the annotation, in the right file.
      messager.printMessage(
          problem.message().kind(),
          problem.text(),
          canonicalConstructor((TypeElement) problem.element()));
    } else if (problem.value().isPresent()) {
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

  /**
   * The record's canonical constructor; else its first constructor (ecj: a header that repeats a
   * component name has one component but a two-parameter implicit constructor, which is still on
   * the header); else the record itself, if it has no constructor (never seen).
   */
  private static Element canonicalConstructor(TypeElement record) {
    List<TypeMirror> components = new ArrayList<>();
    for (RecordComponentElement component : record.getRecordComponents()) {
      components.add(component.asType());
    }
    Element first = record;
    for (ExecutableElement constructor :
        ElementFilter.constructorsIn(record.getEnclosedElements())) {
      List<TypeMirror> parameters = new ArrayList<>();
      for (VariableElement parameter : constructor.getParameters()) {
        parameters.add(parameter.asType());
      }
      if (parameters.toString().equals(components.toString())) {
        return constructor;
      }
      if (first == record) {
        first = constructor;
      }
    }
    return first;
  }

  /** Prints {@code message} on {@code element}. */
  public void report(Element element, Message message, Object... args) {
    print(Problem.on(element, message, args));
  }
}
