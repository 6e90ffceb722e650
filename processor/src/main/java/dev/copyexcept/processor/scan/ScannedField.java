package dev.copyexcept.processor.scan;

import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * One field of the annotated class or of a superclass.
 *
 * @param element the field
 * @param declaringClass the class declaring it
 * @param castType when the field is hidden, the class whose cast reaches it as seen from the
 *     annotated class (type arguments substituted): the declaring class, or when that one is not
 *     accessible from the copier, the nearest subclass that inherits the field without hiding it;
 *     empty when no such class is accessible
 * @param type the field's type as a member of the annotated class
 * @param nameable whether code in the copier's package can name the field's type (no private or
 *     otherwise inaccessible class in it)
 * @param isStatic whether it is static
 * @param isFinal whether it is final
 * @param embedded the field type's class when it is a class annotated with {@code @CopyExcept} that
 *     the copier can name
 * @param hidden whether {@code src.name} would not denote this field (a field of the same name in a
 *     subclass hides it, or it is not inherited), so direct access needs a cast
 * @param directlyAccessible whether the copier (in the annotated class's package) can read and
 *     write it as {@code src.name}, with the cast when hidden
 * @param getter an accessible {@code getName()}/{@code isName()} returning the field's type, when
 *     the field is not directly accessible
 * @param setter an accessible {@code setName(type)}, when the field is not directly accessible
 * @param getterMisfit when there is no getter: a method named like one that does not fit, and why
 * @param setterMisfit when there is no setter: a method named like one that does not fit, and why
 * @param usesDeprecated whether copying it names something deprecated: the field, its accessors,
 *     its declaring class or its type's class
 */
public record ScannedField(
    VariableElement element,
    TypeElement declaringClass,
    Optional<DeclaredType> castType,
    TypeMirror type,
    boolean nameable,
    boolean isStatic,
    boolean isFinal,
    Optional<TypeElement> embedded,
    boolean hidden,
    boolean directlyAccessible,
    Optional<ExecutableElement> getter,
    Optional<ExecutableElement> setter,
    Optional<AccessorMisfit> getterMisfit,
    Optional<AccessorMisfit> setterMisfit,
    boolean usesDeprecated) {

  /** The field's simple name. */
  public String name() {
    return element.getSimpleName().toString();
  }

  /** Whether the field holds an array. */
  public boolean isArray() {
    return type.getKind() == TypeKind.ARRAY;
  }
}
