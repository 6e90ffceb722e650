package dev.copyexcept.processor.validate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import dev.copyexcept.processor.model.CopierModel;
import dev.copyexcept.processor.model.Exclusion;
import dev.copyexcept.processor.model.FieldPlan;
import dev.copyexcept.processor.scan.ScannedField;
import dev.copyexcept.processor.scan.ScannedType;
import dev.copyexcept.processor.util.TypeElements;
import dev.copyexcept.processor.validate.FieldPlanner.Planned;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/** Builds the {@link CopierModel} of a class whose {@link ValidationReport} is clean. */
public final class ModelFactory {
  private final FieldPlanner planner;
  private final Predicate<TypeElement> auxiliary;

  /**
   * A factory planning fields as validation does, with the same {@code names}; {@code auxiliary}
   * tells whether a top-level class is declared in a file named after another class.
   */
  public ModelFactory(CopierNames names, Predicate<TypeElement> auxiliary) {
    this.planner = new FieldPlanner(names);
    this.auxiliary = auxiliary;
  }

  /**
   * The model of the scanned class.
   *
   * @throws IllegalArgumentException if {@code report} is not the clean report of this scan's class
   */
  public CopierModel create(ScannedType scan, ValidationReport report) {
    TypeElement target = scan.target();
    if (!report.isClean() || !report.subject().equals(target)) {
      throw new IllegalArgumentException(
          "a model is built only from a clean report of its own class: " + target);
    }
    Map<String, List<ClassName>> excluded = Exclusions.excluded(scan);
    List<FieldPlan> plans = new ArrayList<>();
    boolean usesDeprecated = scan.deprecated();
    boolean auxiliaryTarget = auxiliary.test(TypeElements.outermost(target));
    boolean namesAuxiliary = auxiliaryTarget;
    for (ScannedField field : scan.fields()) {
      if (Exclusions.isCopied(field, excluded.keySet())) {
        namesAuxiliary |=
            mentionsAuxiliary(field.type())
                || field.castType().map(this::mentionsAuxiliary).orElse(false);
        if (!(planner.plan(scan, field) instanceof Planned planned)) {
          throw new IllegalStateException(
              "field " + field.name() + " of a clean class " + target + " has no plan");
        }
        plans.add(planned.plan());
        usesDeprecated |= field.usesDeprecated();
      }
    }
    List<Exclusion> exclusions = new ArrayList<>();
    excluded.forEach((name, on) -> exclusions.add(new Exclusion(name, on)));
    return new CopierModel(
        scan.copier(),
        isPublic(target),
        ClassName.get(target),
        TypeName.get(scan.targetType()),
        typeVariables(target),
        plans,
        exclusions,
        target,
        scan.packageTypeNames(),
        usesDeprecated,
        namesAuxiliary,
        auxiliaryTarget);
  }

  /**
   * Whether the type names a class declared in another class's file: itself, a type argument, a
   * wildcard bound, an array's component, or the enclosing type of an inner class ({@code
   * Outer<Aux>.Inner}), anywhere inside.
   */
  private boolean mentionsAuxiliary(TypeMirror type) {
    return switch (type.getKind()) {
      case ARRAY -> mentionsAuxiliary(((ArrayType) type).getComponentType());
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) type;
        yield auxiliary.test(TypeElements.outermost((TypeElement) declared.asElement()))
            || declared.getTypeArguments().stream().anyMatch(this::mentionsAuxiliary)
            || mentionsAuxiliary(declared.getEnclosingType());
      }
      case WILDCARD -> {
        WildcardType wildcard = (WildcardType) type;
        yield (wildcard.getExtendsBound() != null && mentionsAuxiliary(wildcard.getExtendsBound()))
            || (wildcard.getSuperBound() != null && mentionsAuxiliary(wildcard.getSuperBound()));
      }
      default -> false;
    };
  }

  private static boolean isPublic(TypeElement type) {
    return TypeElements.enclosingTypes(type).stream()
        .allMatch(t -> t.getModifiers().contains(Modifier.PUBLIC));
  }

  /**
   * The type variables of {@code copy}: the class's own, preceded by those of its enclosing classes
   * as long as it is an inner (non-static) class, since {@code Outer<T>.Inner} uses them.
   */
  private static List<TypeVariableName> typeVariables(TypeElement type) {
    List<TypeVariableName> variables = new ArrayList<>();
    for (TypeElement t : TypeElements.enclosingTypes(type)) {
      List<TypeVariableName> own = new ArrayList<>();
      for (TypeParameterElement parameter : t.getTypeParameters()) {
        own.add(TypeVariableName.get(parameter));
      }
      variables.addAll(0, own);
      if (t.getNestingKind() != NestingKind.MEMBER || t.getModifiers().contains(Modifier.STATIC)) {
        break;
      }
    }
    return variables;
  }
}
