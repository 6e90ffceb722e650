package dev.copyexcept.processor.validate;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.copyexcept.processor.diag.Message;
import dev.copyexcept.processor.diag.Problem;
import dev.copyexcept.processor.model.FieldPlan;
import dev.copyexcept.processor.scan.ScannedField;
import dev.copyexcept.processor.scan.ScannedType;
import dev.copyexcept.processor.scan.TypeScanner;
import dev.copyexcept.processor.util.Names;
import dev.copyexcept.processor.util.TypeElements;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Decides how one copied field is copied, or why it cannot be. It reports nothing: validation turns
 * a refusal into a problem of its report, and the model takes the plans of a clean class, so the
 * two can never disagree on a field.
 */
final class FieldPlanner {
  /** How the field is copied, or the one problem that prevents copying it. */
  sealed interface Outcome permits Planned, Refused {}

  /** The field can be copied as {@code plan} says. */
  record Planned(FieldPlan plan) implements Outcome {}

  /** The field cannot be copied, for the reason {@code problem} gives. */
  record Refused(Problem problem) implements Outcome {}

  private final CopierNames names;

  FieldPlanner(CopierNames names) {
    this.names = names;
  }

  /** The outcome for a copied (instance, not excluded) field of the scanned class. */
  Outcome plan(ScannedType scan, ScannedField field) {
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
      Optional<ClassName> copier = field.embedded().map(TypeScanner::copierName);
      if (copier.isPresent() && hasWildcardArguments((DeclaredType) field.type())) {
        return new Refused(
            Problem.on(
                placement(scan, field),
                Message.WILDCARD_STRUCT,
                field.name(),
                field.declaringClass().getQualifiedName(),
                field.type(),
                scan.copier().simpleName()));
      }
      if (field.directlyAccessible()) {
        return new Planned(
            FieldPlan.inPlace(field.name(), type, field.nameable(), declaring, cast, copier));
      }
      if (getter.isPresent()) {
        return new Planned(
            FieldPlan.inPlaceThroughGetter(
                field.name(), type, field.nameable(), declaring, getter.get(), copier));
      }
      return new Refused(inaccessible(scan, field, true));
    }
    if (field.isFinal()) {
      return new Refused(
          Problem.on(
              placement(scan, field),
              Message.FINAL_FIELD,
              field.name(),
              field.declaringClass().getQualifiedName(),
              scan.copier().simpleName()));
    }
    if (field.directlyAccessible()) {
      return new Planned(FieldPlan.assign(field.name(), type, field.nameable(), declaring, cast));
    }
    if (getter.isPresent() && setter.isPresent()) {
      return new Planned(
          FieldPlan.accessors(
              field.name(), type, field.nameable(), declaring, getter.get(), setter.get()));
    }
    return new Refused(inaccessible(scan, field, false));
  }

  private Problem inaccessible(ScannedType scan, ScannedField field, boolean getterSuffices) {
    String suffix = Names.capitalize(field.name());
    String get = (field.type().getKind() == TypeKind.BOOLEAN ? "is" : "get") + suffix + "()";
    String accessors = getterSuffices ? get : get + " and set" + suffix + "(...)";
    Set<Modifier> modifiers = field.element().getModifiers();
    boolean samePackage =
        TypeElements.packageOf(field.declaringClass())
            .equals(TypeElements.packageOf(scan.target()));
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
    return Problem.on(
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

  /** The field when its source is in this compilation, otherwise the annotated class. */
  Element placement(ScannedType scan, ScannedField field) {
    return names.isSourceType(
            TypeElements.outermost(field.declaringClass()).getQualifiedName().toString())
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
}
