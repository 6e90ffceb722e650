package dev.copyexcept.processor.validate;

import dev.copyexcept.processor.diag.Message;
import dev.copyexcept.processor.diag.Problem;
import dev.copyexcept.processor.scan.ExcludedName;
import dev.copyexcept.processor.scan.ScannedField;
import dev.copyexcept.processor.scan.ScannedType;
import dev.copyexcept.processor.scan.TypeScanner;
import dev.copyexcept.processor.util.TypeElements;
import dev.copyexcept.processor.validate.FieldPlanner.Refused;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Checks a class against the contract and returns a {@link ValidationReport} of every problem
 * found. It prints nothing and builds nothing: the processor prints the report, and only a clean
 * one lets {@link ModelFactory} build the model. Warnings do not make a report unclean.
 */
public final class Validator {
  private final TypeScanner scanner;
  private final CopierNames names;
  private final FieldPlanner planner;

  /** A validator that scans embedded structs with {@code scanner}. */
  public Validator(TypeScanner scanner, CopierNames names) {
    this.scanner = scanner;
    this.names = names;
    this.planner = new FieldPlanner(names);
  }

  /**
   * The checks that need no scan: the annotated element must be a class that is not private and
   * whose enclosing classes are not private. A class whose report is not clean cannot be scanned
   * meaningfully and is given up.
   */
  public ValidationReport checkDeclaration(TypeElement type, AnnotationMirror annotation) {
    ValidationReport.Builder report = new ValidationReport.Builder(type);
    String kind =
        switch (type.getKind()) {
          case CLASS -> null;
          case INTERFACE -> "an interface";
          case ENUM -> "an enum";
          case ANNOTATION_TYPE -> "an annotation type";
          case RECORD -> "a record (its fields are final, so a copier cannot assign them)";
          default -> "a " + type.getKind().toString().toLowerCase(Locale.ROOT);
        };
    if (kind != null) {
      return report
          .add(Problem.on(type, annotation, Message.NOT_A_CLASS, type.getQualifiedName(), kind))
          .build();
    }
    for (TypeElement t : TypeElements.enclosingTypes(type)) {
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        return report
            .add(
                Problem.on(
                    type,
                    annotation,
                    Message.PRIVATE_CLASS,
                    type.getQualifiedName(),
                    t.equals(type)
                        ? "is private"
                        : "is nested in the private class " + t.getQualifiedName(),
                    TypeScanner.copierName(type).simpleName(),
                    t.getSimpleName()))
            .build();
      }
    }
    return report.build();
  }

  /**
   * Judges a scan without unresolved types: its names, every copied field, embedding cycles and the
   * copier's name. Claims the copier's name for the class as a side effect.
   */
  public ValidationReport validate(ScannedType scan) {
    ValidationReport.Builder report = new ValidationReport.Builder(scan.target());
    checkOwnNames(scan, report);
    Set<String> excluded = Exclusions.excluded(scan).keySet();
    for (ScannedField field : scan.fields()) {
      if (Exclusions.isCopied(field, excluded)
          && planner.plan(scan, field) instanceof Refused refused) {
        report.add(refused.problem());
      }
    }
    checkCycle(scan, excluded, report);
    checkCopierName(scan, report);
    return report.build();
  }

  private static void checkOwnNames(ScannedType scan, ValidationReport.Builder report) {
    Set<String> instanceNames = Exclusions.instanceFieldNames(scan);
    Set<String> staticNames = new HashSet<>();
    for (ScannedField field : scan.fields()) {
      if (field.isStatic()) {
        staticNames.add(field.name());
      }
    }
    Set<String> seen = new HashSet<>();
    for (ExcludedName name : scan.ownNames()) {
      Element target = scan.target();
      if (!seen.add(name.name())) {
        report.add(
            Problem.on(target, name.mirror(), name.value(), Message.DUPLICATE_NAME, name.name()));
      } else if (instanceNames.contains(name.name())) {
        continue;
      } else if (staticNames.contains(name.name())) {
        report.add(
            Problem.on(
                target,
                name.mirror(),
                name.value(),
                Message.STATIC_FIELD,
                name.name(),
                scan.target().getQualifiedName()));
      } else {
        Optional<String> suggestion = Suggestions.closest(name.name(), instanceNames);
        if (suggestion.isPresent()) {
          report.add(
              Problem.on(
                  target,
                  name.mirror(),
                  name.value(),
                  Message.UNKNOWN_FIELD_SUGGESTION,
                  name.name(),
                  scan.target().getQualifiedName(),
                  suggestion.get()));
        } else {
          report.add(
              Problem.on(
                  target,
                  name.mirror(),
                  name.value(),
                  Message.UNKNOWN_FIELD_LIST,
                  name.name(),
                  scan.target().getQualifiedName(),
                  instanceNames.isEmpty() ? "(none)" : String.join(", ", instanceNames)));
        }
      }
    }
  }

  /**
   * Reports a class that embeds itself, directly or through other structs. Only cycles back to the
   * annotated class are its problem; a cycle among the structs it embeds is theirs.
   */
  private void checkCycle(ScannedType scan, Set<String> excluded, ValidationReport.Builder report) {
    for (ScannedField field : scan.fields()) {
      if (isEmbeddedCopied(field, excluded)) {
        List<String> path = new ArrayList<>();
        path.add(field.declaringClass().getSimpleName() + "." + field.name());
        if (reaches(field.embedded().orElseThrow(), scan.target(), path, new HashSet<>())) {
          report.add(
              Problem.on(
                  planner.placement(scan, field),
                  Message.EMBEDDED_CYCLE,
                  scan.target().getQualifiedName(),
                  String.join(" -> ", path)));
          return;
        }
      }
    }
  }

  private boolean reaches(
      TypeElement from, TypeElement goal, List<String> path, Set<TypeElement> visited) {
    if (from.equals(goal)) {
      return true;
    }
    if (!visited.add(from) || from.getKind() != ElementKind.CLASS) {
      return false;
    }
    ScannedType scan = scanner.scan(from);
    Set<String> excluded = new HashSet<>();
    scan.ownNames().forEach(n -> excluded.add(n.name()));
    scan.inheritedNames().forEach(n -> excluded.add(n.name()));
    for (ScannedField field : scan.fields()) {
      if (isEmbeddedCopied(field, excluded)) {
        path.add(field.declaringClass().getSimpleName() + "." + field.name());
        if (reaches(field.embedded().orElseThrow(), goal, path, visited)) {
          return true;
        }
        path.remove(path.size() - 1);
      }
    }
    return false;
  }

  private static boolean isEmbeddedCopied(ScannedField field, Set<String> excluded) {
    return Exclusions.isCopied(field, excluded) && field.isFinal() && field.embedded().isPresent();
  }

  private void checkCopierName(ScannedType scan, ValidationReport.Builder report) {
    String copier = scan.copier().canonicalName();
    String target = scan.target().getQualifiedName().toString();
    Optional<String> other = names.claim(copier, target);
    if (other.isPresent()) {
      report.add(
          Problem.on(
              scan.target(),
              scan.annotation(),
              Message.COPIER_NAME_CLASH,
              target,
              other.get(),
              copier));
    } else if (names.isSourceType(copier)) {
      report.add(
          Problem.on(scan.target(), scan.annotation(), Message.COPIER_NAME_TAKEN, target, copier));
    }
  }
}
