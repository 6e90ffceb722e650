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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * Checks a class against the contract and returns a {@link ValidationReport} of every problem
 * found. It prints nothing and builds nothing: the processor prints the report, and only a clean
 * one lets {@link ModelFactory} build the model. Warnings do not make a report unclean.
 */
public final class Validator {
  private final TypeScanner scanner;
  private final CopierNames names;
  private final FieldPlanner planner;
  private final StructCopiers structCopiers;

  /**
   * The fields whose problem was reported on the field itself, by whichever class met it first: a
   * subclass meeting it again points at it instead of repeating it. Only looked up, never iterated.
   */
  private final Set<Element> reportedOnField = new HashSet<>();

  /**
   * A validator that scans embedded structs with {@code scanner} and asks {@code structCopiers}
   * whether their copiers will exist.
   */
  public Validator(TypeScanner scanner, CopierNames names, StructCopiers structCopiers) {
    this.scanner = scanner;
    this.names = names;
    this.planner = new FieldPlanner(names);
    this.structCopiers = structCopiers;
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
    checkJdkSuperclass(scan, report);
    checkOwnNames(scan, report);
    Set<String> excluded = Exclusions.excluded(scan).keySet();
    Map<TypeElement, List<String>> inherited = new LinkedHashMap<>();
    for (ScannedField field : scan.fields()) {
      if (!Exclusions.isCopied(field, excluded)) {
        continue;
      }
      Optional<Problem> problem =
          planner.plan(scan, field) instanceof Refused refused
              ? Optional.of(refused.problem())
              : missingCopier(scan, field);
      if (problem.isEmpty()) {
        continue;
      }
      boolean onField = problem.get().element().equals(field.element());
      if (onField && !field.declaringClass().equals(scan.target())) {
        // A superclass's field, in this compilation: reported there once, pointed at from here.
        if (reportedOnField.add(field.element())) {
          report.add(problem.get());
        }
        inherited.computeIfAbsent(field.declaringClass(), c -> new ArrayList<>()).add(field.name());
      } else {
        if (onField) {
          reportedOnField.add(field.element());
        }
        report.add(problem.get());
      }
    }
    if (!inherited.isEmpty()) {
      report.add(inheritedFieldError(scan, inherited));
    }
    checkCycle(scan, excluded, report);
    checkCopierName(scan, report);
    return report.build();
  }

  /** A JDK superclass: its state cannot be copied, so the class gets no copier. */
  private static void checkJdkSuperclass(ScannedType scan, ValidationReport.Builder report) {
    if (scan.jdkSuperclass().isEmpty()) {
      return;
    }
    TypeElement jdk = scan.jdkSuperclass().get();
    List<String> through = new ArrayList<>();
    TypeMirror superclass = scan.target().getSuperclass();
    while (superclass instanceof DeclaredType declared
        && declared.asElement() instanceof TypeElement t
        && !t.equals(jdk)) {
      through.add(t.getQualifiedName().toString());
      superclass = t.getSuperclass();
    }
    report.add(
        Problem.onExtends(
            scan.target(),
            Message.JDK_SUPERCLASS,
            scan.target().getQualifiedName(),
            jdk.getQualifiedName(),
            through.isEmpty() ? "" : " (through " + String.join(", ", through) + ")",
            scan.copier().simpleName(),
            jdk.getSimpleName()));
  }

  /** A copied final embedded struct whose copier will not exist. */
  private Optional<Problem> missingCopier(ScannedType scan, ScannedField field) {
    if (!field.isFinal() || field.embedded().isEmpty()) {
      return Optional.empty();
    }
    TypeElement struct = field.embedded().get();
    if (reaches(struct, scan.target(), new ArrayList<>(), new HashSet<>())) {
      return Optional.empty(); // a cycle, reported as such
    }
    return structCopiers
        .whyMissing(struct)
        .map(
            missing ->
                Problem.on(
                    planner.placement(scan, field),
                    Message.MISSING_COPIER,
                    field.name(),
                    field.declaringClass().getQualifiedName(),
                    struct.getQualifiedName(),
                    TypeScanner.copierName(struct).canonicalName(),
                    missing.reason(),
                    scan.copier().simpleName(),
                    missing.fix()));
  }

  /** One error on the class for every superclass field reported where it is declared. */
  private static Problem inheritedFieldError(
      ScannedType scan, Map<TypeElement, List<String>> inherited) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<TypeElement, List<String>> e : inherited.entrySet()) {
      List<String> fields = e.getValue();
      parts.add(
          (fields.size() == 1 ? "field " : "fields ")
              + String.join(", ", fields)
              + " of its superclass "
              + e.getKey().getQualifiedName());
    }
    return Problem.on(
        scan.target(),
        Message.INHERITED_FIELD_ERROR,
        scan.target().getQualifiedName(),
        String.join(" and ", parts),
        scan.target().getQualifiedName());
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
      } else if (scan.jdkSuperclass().isPresent()) {
        // The name may be a field of the JDK superclass, which was not scanned (and whose
        // non-public fields javac may not see): the class is refused for that superclass alone.
        continue;
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
