package dev.copyexcept.processor.validate;

import dev.copyexcept.processor.diag.Problem;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * The verdict on one class: every problem found in it, in the order the checks ran, and whether it
 * is clean (no error; warnings do not count). A model is built only from a clean report.
 *
 * @param subject the annotated class judged
 * @param problems the errors and warnings found, not yet printed
 */
public record ValidationReport(TypeElement subject, List<Problem> problems) {
  /** An immutable copy. */
  public ValidationReport {
    problems = List.copyOf(problems);
  }

  /** Whether no problem is an error, so the class may get its copier. */
  public boolean isClean() {
    return problems.stream().noneMatch(Problem::isError);
  }

  /** Collects the problems of one class. */
  static final class Builder {
    private final TypeElement subject;
    private final List<Problem> problems = new ArrayList<>();

    Builder(TypeElement subject) {
      this.subject = subject;
    }

    Builder add(Problem problem) {
      problems.add(problem);
      return this;
    }

    ValidationReport build() {
      return new ValidationReport(subject, problems);
    }
  }
}
