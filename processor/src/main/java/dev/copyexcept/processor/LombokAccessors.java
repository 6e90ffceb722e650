package dev.copyexcept.processor;

import dev.copyexcept.processor.diag.Message;
import dev.copyexcept.processor.diag.Problem;
import dev.copyexcept.processor.validate.ValidationReport;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Whether a class's missing accessors may still be written by Lombok.
 *
 * <p>Lombok adds getters and setters to a class's syntax tree during annotation processing, in the
 * round it runs in. When this processor runs first in that round, a private field with
 * {@code @Getter @Setter} has no accessors yet. Like MapStruct's {@code
 * AstModifyingAnnotationProcessor} and lombok-mapstruct-binding (a type is "complete" once no
 * {@code @lombok.*} annotation is left on it), a class is taken up again one round later, when the
 * compiler has entered Lombok's methods: but only when it would otherwise fail for want of an
 * accessor on a field that Lombok annotates (on the field or on its class). A build without Lombok
 * never meets such a class, so nothing changes for it; and a class that still lacks the accessor in
 * the last round gets the usual error then.
 */
final class LombokAccessors {
  private LombokAccessors() {}

  /**
   * Whether every error of {@code report} is an inaccessible field that Lombok may yet give
   * accessors, and there is at least one.
   */
  static boolean mayStillCome(ValidationReport report) {
    boolean any = false;
    for (Problem problem : report.problems()) {
      if (!problem.isError()) {
        continue;
      }
      if (problem.message() != Message.INACCESSIBLE_FIELD || !lombokAnnotates(problem.element())) {
        return false;
      }
      any = true;
    }
    return any;
  }

  /** A {@code lombok.*} annotation on the field, or on the class that declares it. */
  private static boolean lombokAnnotates(Element field) {
    return hasLombokAnnotation(field)
        || (field.getEnclosingElement() instanceof TypeElement owner && hasLombokAnnotation(owner));
  }

  private static boolean hasLombokAnnotation(Element element) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().toString().startsWith("lombok.")) {
        return true;
      }
    }
    return false;
  }
}
