package dev.copyexcept.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * Everything needed to write one copier.
 *
 * @param copier the generated class, {@code p.FooCopier} or {@code p.Outer_FooCopier}
 * @param isPublic whether the copier (and its methods) are public: the target and every class
 *     enclosing it are public
 * @param targetName the annotated class as written in the header and Javadoc
 * @param targetType the annotated class with its type variables, the type of both parameters
 * @param typeVariables the type variables of {@code copy} and {@code check}, with their bounds
 * @param fields the copied fields, topmost superclass first, each in declaration order
 * @param exclusions the excluded names, in the order their annotations were read
 * @param originatingElement the annotated class, for incremental builds
 * @param packageTypeNames the simple names of the other top-level types in the copier's package,
 *     sorted: a {@code java.lang} type the copier uses must be qualified when one shadows it
 * @param usesDeprecated whether the code names deprecated elements, so its methods suppress the
 *     deprecation warnings the user already sees on their own code
 * @param auxiliary whether the copier names a class declared in a file named after another class
 *     (javac's "auxiliary class"), so that the copier, in a file of its own, suppresses the {@code
 *     auxiliaryclass} lint that every use of it in a method body would raise
 * @param auxiliaryTarget whether the annotated class itself is (in) such a class: javac's lint
 *     cannot be suppressed in method signatures, so {@code copy} and {@code check} then take {@code
 *     Object} and cast
 */
public record CopierModel(
    ClassName copier,
    boolean isPublic,
    ClassName targetName,
    TypeName targetType,
    List<TypeVariableName> typeVariables,
    List<FieldPlan> fields,
    List<Exclusion> exclusions,
    TypeElement originatingElement,
    List<String> packageTypeNames,
    boolean usesDeprecated,
    boolean auxiliary,
    boolean auxiliaryTarget) {

  /** Defensive copies, so the model is immutable. */
  public CopierModel {
    typeVariables = List.copyOf(typeVariables);
    fields = List.copyOf(fields);
    exclusions = List.copyOf(exclusions);
    packageTypeNames = List.copyOf(packageTypeNames);
  }
}
