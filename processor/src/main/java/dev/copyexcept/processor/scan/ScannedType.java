package dev.copyexcept.processor.scan;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;

/**
 * The facts about one annotated class.
 *
 * @param target the annotated class
 * @param targetType its type, with its own type variables as arguments
 * @param annotation the class's own {@code @CopyExcept}
 * @param copier the name its copier gets
 * @param ownNames the names in the class's own {@code @CopyExcept}, in order
 * @param inheritedNames the names in the superclasses' annotations, topmost superclass first
 * @param fields every field (static ones too) of the class and its superclasses, topmost superclass
 *     first, each class in declaration order
 * @param unresolved one description per type that could not be resolved (an error type), such as
 *     {@code "Missing (the type of field p.Foo.bar)"}; when not empty the rest may be incomplete
 * @param jdkSuperclass the first JDK class (other than {@code Object}) among the superclasses, if
 *     any: the scan stops below it, since its state is the JDK's and under {@code --release} not
 *     even visible to the compiler
 * @param deprecated whether the class or a class enclosing it is deprecated
 * @param packageTypeNames the simple names of the top-level types in the class's package (which
 *     shadow {@code java.lang} types of the same name in the copier), sorted
 */
public record ScannedType(
    TypeElement target,
    DeclaredType targetType,
    AnnotationMirror annotation,
    ClassName copier,
    List<ExcludedName> ownNames,
    List<ExcludedName> inheritedNames,
    List<ScannedField> fields,
    List<String> unresolved,
    Optional<TypeElement> jdkSuperclass,
    boolean deprecated,
    List<String> packageTypeNames) {

  /** Defensive copies. */
  public ScannedType {
    ownNames = List.copyOf(ownNames);
    inheritedNames = List.copyOf(inheritedNames);
    fields = List.copyOf(fields);
    unresolved = List.copyOf(unresolved);
    packageTypeNames = List.copyOf(packageTypeNames);
  }
}
