package dev.copyexcept.processor.validate;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import dev.copyexcept.processor.diag.Message;
import dev.copyexcept.processor.diag.Reporter;
import dev.copyexcept.processor.model.CopierModel;
import dev.copyexcept.processor.model.Exclusion;
import dev.copyexcept.processor.model.FieldPlan;
import dev.copyexcept.processor.model.FieldPlan.Kind;
import dev.copyexcept.processor.scan.ExcludedName;
import dev.copyexcept.processor.scan.ScannedField;
import dev.copyexcept.processor.scan.ScannedType;
import dev.copyexcept.processor.scan.TypeScanner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Checks a class against the contract and turns it into a {@link CopierModel}.
 *
 * <p>Every problem is reported, then the verdict is given: a model only when this class produced no
 * error. Warnings do not prevent generation.
 */
public final class Validator {
  private final Reporter reporter;
  private final TypeScanner scanner;
  private final CopierNames names;

  /** A validator reporting through {@code reporter}. */
  public Validator(Reporter reporter, TypeScanner scanner, CopierNames names) {
    this.reporter = reporter;
    this.scanner = scanner;
    this.names = names;
  }

  /**
   * The checks that need no scan: the annotated element must be a class that is not private and
   * whose enclosing classes are not private. Returns whether the class passed; if not, it cannot be
   * scanned meaningfully and is given up.
   */
  public boolean checkDeclaration(TypeElement type, AnnotationMirror annotation) {
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
      reporter.report(type, annotation, Message.NOT_A_CLASS, type.getQualifiedName(), kind);
      return false;
    }
    Element e = type;
    while (e instanceof TypeElement t) {
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        reporter.report(
            type,
            annotation,
            Message.PRIVATE_CLASS,
            type.getQualifiedName(),
            t.equals(type)
                ? "is private"
                : "is nested in the private class " + t.getQualifiedName(),
            TypeScanner.copierName(type).simpleName(),
            t.getSimpleName());
        return false;
      }
      e = t.getEnclosingElement();
    }
    return true;
  }

  /** Validates a scan without unresolved types; returns the model when no error was reported. */
  public Optional<CopierModel> validate(ScannedType scan) {
    int errorsBefore = reporter.errorCount();
    TypeElement target = scan.target();

    Set<String> instanceNames = new LinkedHashSet<>();
    Set<String> staticNames = new HashSet<>();
    for (ScannedField field : scan.fields()) {
      (field.isStatic() ? staticNames : instanceNames).add(field.name());
    }
    checkOwnNames(scan, instanceNames, staticNames);

    // Exclusions are inherited: all names of the hierarchy, each with every class listing it.
    Map<String, List<ClassName>> excluded = new LinkedHashMap<>();
    List<ExcludedName> all = new ArrayList<>(scan.inheritedNames());
    all.addAll(scan.ownNames());
    for (ExcludedName name : all) {
      if (instanceNames.contains(name.name())) {
        List<ClassName> on = excluded.computeIfAbsent(name.name(), n -> new ArrayList<>());
        ClassName declaredOn = ClassName.get(name.declaredOn());
        if (!on.contains(declaredOn)) {
          on.add(declaredOn);
        }
      }
    }

    List<FieldPlan> plans = new ArrayList<>();
    boolean usesDeprecated = scan.deprecated();
    for (ScannedField field : scan.fields()) {
      if (!field.isStatic() && !excluded.containsKey(field.name())) {
        plan(scan, field).ifPresent(plans::add);
        usesDeprecated |= field.usesDeprecated();
      }
    }
    checkCycle(scan, excluded.keySet());
    checkCopierName(scan);

    if (reporter.errorCount() != errorsBefore) {
      return Optional.empty();
    }
    return Optional.of(
        new CopierModel(
            scan.copier(),
            isPublic(target),
            ClassName.get(target),
            TypeName.get(scan.targetType()),
            typeVariables(target),
            plans,
            excluded.entrySet().stream()
                .map(e -> new Exclusion(e.getKey(), e.getValue()))
                .collect(Collectors.toList()),
            target,
            scan.packageTypeNames(),
            usesDeprecated));
  }

  private void checkOwnNames(ScannedType scan, Set<String> instanceNames, Set<String> staticNames) {
    Set<String> seen = new HashSet<>();
    for (ExcludedName name : scan.ownNames()) {
      Element target = scan.target();
      if (!seen.add(name.name())) {
        reporter.report(target, name.mirror(), name.value(), Message.DUPLICATE_NAME, name.name());
      } else if (instanceNames.contains(name.name())) {
        continue;
      } else if (staticNames.contains(name.name())) {
        reporter.report(
            target,
            name.mirror(),
            name.value(),
            Message.STATIC_FIELD,
            name.name(),
            scan.target().getQualifiedName());
      } else {
        Optional<String> suggestion = Suggestions.closest(name.name(), instanceNames);
        if (suggestion.isPresent()) {
          reporter.report(
              target,
              name.mirror(),
              name.value(),
              Message.UNKNOWN_FIELD_SUGGESTION,
              name.name(),
              scan.target().getQualifiedName(),
              suggestion.get());
        } else {
          reporter.report(
              target,
              name.mirror(),
              name.value(),
              Message.UNKNOWN_FIELD_LIST,
              name.name(),
              scan.target().getQualifiedName(),
              instanceNames.isEmpty() ? "(none)" : String.join(", ", instanceNames));
        }
      }
    }
  }

  /** The plan of a copied field, or an error and empty when it cannot be copied. */
  private Optional<FieldPlan> plan(ScannedType scan, ScannedField field) {
    ClassName declaring = ClassName.get(field.declaringClass());
    // Only arrays and embedded structs get locals of their type; embedded ones are always nameable.
    TypeName type =
        field.nameable() || !field.isArray()
            ? TypeName.get(field.type())
            : ArrayTypeName.of(Object.class);
    Optional<TypeName> cast =
        field.hidden() ? field.castType().map(TypeName::get) : Optional.empty();
    Optional<String> getter = field.getter().map(m -> m.getSimpleName().toString());
    Optional<String> setter = field.setter().map(m -> m.getSimpleName().toString());
    if (field.isFinal() && (field.isArray() || field.embedded().isPresent())) {
      Kind kind = field.isArray() ? Kind.ARRAY : Kind.EMBEDDED;
      Optional<ClassName> copier = field.embedded().map(TypeScanner::copierName);
      if (kind == Kind.EMBEDDED && hasWildcardArguments((DeclaredType) field.type())) {
        reporter.report(
            placement(scan, field),
            Message.WILDCARD_STRUCT,
            field.name(),
            field.declaringClass().getQualifiedName(),
            field.type(),
            scan.copier().simpleName());
        return Optional.empty();
      }
      if (field.directlyAccessible()) {
        return Optional.of(
            new FieldPlan(
                field.name(),
                kind,
                type,
                field.nameable(),
                declaring,
                cast,
                Optional.empty(),
                Optional.empty(),
                copier));
      }
      if (getter.isPresent()) {
        return Optional.of(
            new FieldPlan(
                field.name(),
                kind,
                type,
                field.nameable(),
                declaring,
                Optional.empty(),
                getter,
                Optional.empty(),
                copier));
      }
      reportInaccessible(scan, field, true);
      return Optional.empty();
    }
    if (field.isFinal()) {
      reporter.report(
          placement(scan, field),
          Message.FINAL_FIELD,
          field.name(),
          field.declaringClass().getQualifiedName(),
          scan.copier().simpleName());
      return Optional.empty();
    }
    if (field.directlyAccessible()) {
      return Optional.of(
          new FieldPlan(
              field.name(),
              Kind.ASSIGN,
              type,
              field.nameable(),
              declaring,
              cast,
              Optional.empty(),
              Optional.empty(),
              Optional.empty()));
    }
    if (getter.isPresent() && setter.isPresent()) {
      return Optional.of(
          new FieldPlan(
              field.name(),
              Kind.ACCESSORS,
              type,
              field.nameable(),
              declaring,
              Optional.empty(),
              getter,
              setter,
              Optional.empty()));
    }
    reportInaccessible(scan, field, false);
    return Optional.empty();
  }

  private void reportInaccessible(ScannedType scan, ScannedField field, boolean getterSuffices) {
    String suffix = Character.toUpperCase(field.name().charAt(0)) + field.name().substring(1);
    String get = (field.type().getKind() == TypeKind.BOOLEAN ? "is" : "get") + suffix + "()";
    String accessors = getterSuffices ? get : get + " and set" + suffix + "(...)";
    Set<Modifier> modifiers = field.element().getModifiers();
    boolean samePackage =
        TypeScanner.packageOf(field.declaringClass()).equals(TypeScanner.packageOf(scan.target()));
    String access;
    String fix;
    if (modifiers.contains(Modifier.PUBLIC)) {
      // Hidden, and neither its class nor a subclass inheriting it can be named in a cast.
      access = "public but hidden, and no class to reach it through is accessible";
      fix = "make " + field.declaringClass().getQualifiedName() + " public";
    } else {
      access =
          modifiers.contains(Modifier.PRIVATE)
              ? "private"
              : modifiers.contains(Modifier.PROTECTED) ? "protected" : "package-private";
      fix = samePackage ? "make the field package-private" : "make the field public";
    }
    reporter.report(
        placement(scan, field),
        Message.INACCESSIBLE_FIELD,
        field.name(),
        field.declaringClass().getQualifiedName(),
        access,
        scan.copier().simpleName(),
        getterSuffices ? "getter " + get : "accessors " + accessors,
        accessors,
        fix);
  }

  /**
   * Reports a class that embeds itself, directly or through other structs. Only cycles back to the
   * annotated class are its problem; a cycle among the structs it embeds is theirs.
   */
  private void checkCycle(ScannedType scan, Set<String> excluded) {
    for (ScannedField field : scan.fields()) {
      if (isEmbeddedCopied(field, excluded)) {
        List<String> path = new ArrayList<>();
        path.add(field.declaringClass().getSimpleName() + "." + field.name());
        if (reaches(field.embedded().orElseThrow(), scan.target(), path, new HashSet<>())) {
          reporter.report(
              placement(scan, field),
              Message.EMBEDDED_CYCLE,
              scan.target().getQualifiedName(),
              String.join(" -> ", path));
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
    return !field.isStatic()
        && field.isFinal()
        && field.embedded().isPresent()
        && !excluded.contains(field.name());
  }

  private void checkCopierName(ScannedType scan) {
    String copier = scan.copier().canonicalName();
    String target = scan.target().getQualifiedName().toString();
    Optional<String> other = names.claim(copier, target);
    if (other.isPresent()) {
      reporter.report(
          scan.target(), scan.annotation(), Message.COPIER_NAME_CLASH, target, other.get(), copier);
    } else if (names.isSourceType(copier)) {
      reporter.report(scan.target(), scan.annotation(), Message.COPIER_NAME_TAKEN, target, copier);
    }
  }

  /** The field when its source is in this compilation, otherwise the annotated class. */
  private Element placement(ScannedType scan, ScannedField field) {
    Element outermost = field.declaringClass();
    while (outermost.getEnclosingElement() instanceof TypeElement enclosing) {
      outermost = enclosing;
    }
    return names.isSourceType(((TypeElement) outermost).getQualifiedName().toString())
        ? field.element()
        : scan.target();
  }

  /** {@code Box<?>} or {@code Outer<?>.Box}: the copier's {@code <T>} could not match both. */
  private static boolean hasWildcardArguments(DeclaredType type) {
    for (TypeMirror argument : type.getTypeArguments()) {
      if (argument.getKind() == TypeKind.WILDCARD) {
        return true;
      }
    }
    return type.getEnclosingType() instanceof DeclaredType enclosing
        && hasWildcardArguments(enclosing);
  }

  private static boolean isPublic(TypeElement type) {
    Element e = type;
    while (e instanceof TypeElement t) {
      if (!t.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
      e = t.getEnclosingElement();
    }
    return true;
  }

  /**
   * The type variables of {@code copy}: the class's own, preceded by those of its enclosing classes
   * as long as it is an inner (non-static) class, since {@code Outer<T>.Inner} uses them.
   */
  private static List<TypeVariableName> typeVariables(TypeElement type) {
    List<TypeVariableName> variables = new ArrayList<>();
    Element e = type;
    while (e instanceof TypeElement t) {
      List<TypeVariableName> own = new ArrayList<>();
      for (TypeParameterElement parameter : t.getTypeParameters()) {
        own.add(TypeVariableName.get(parameter));
      }
      variables.addAll(0, own);
      if (t.getNestingKind() != NestingKind.MEMBER || t.getModifiers().contains(Modifier.STATIC)) {
        break;
      }
      e = t.getEnclosingElement();
    }
    return variables;
  }
}
