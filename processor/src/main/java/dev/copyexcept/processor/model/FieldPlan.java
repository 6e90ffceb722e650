package dev.copyexcept.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.Optional;

/**
 * How one field is copied.
 *
 * <p>The field is read either directly ({@code getter} empty), possibly through a cast to its
 * declaring class ({@code castTo} present) when a subclass field hides it, or through its getter.
 * Only {@link Kind#ACCESSORS} writes through a setter; arrays and embedded structs are written into
 * the object that the field (or the getter) already holds.
 *
 * @param name the field's simple name
 * @param kind how the value is transferred
 * @param type the field's type as a member of the annotated class (type variables substituted); for
 *     an array whose element type the copier cannot name (a private nested class), {@code
 *     Object[]}, which every reference array converts to
 * @param nameable whether {@code type} is the field's own type, which the copier can name
 * @param declaringClass the class that declares the field
 * @param castTo the declaring class as seen from the annotated class, when direct access needs a
 *     cast because a subclass field of the same name hides this one
 * @param getter the getter's name, when the field is read through it
 * @param setter the setter's name, for {@link Kind#ACCESSORS} only
 * @param embeddedCopier the copier of the field's class, for {@link Kind#EMBEDDED} only
 */
public record FieldPlan(
    String name,
    Kind kind,
    TypeName type,
    boolean nameable,
    ClassName declaringClass,
    Optional<TypeName> castTo,
    Optional<String> getter,
    Optional<String> setter,
    Optional<ClassName> embeddedCopier) {

  /** How a field's value gets from the source into the destination. */
  public enum Kind {
    /** {@code dest.f = src.f}. */
    ASSIGN,
    /** {@code dest.setF(src.getF())}. */
    ACCESSORS,
    /** A final array: its contents are copied with {@code System.arraycopy}. */
    ARRAY,
    /** A final {@code @CopyExcept} struct: copied by value with its own copier. */
    EMBEDDED
  }

  /**
   * {@code dest.f = src.f}, through a cast to {@code castTo} when a subclass field hides this one.
   */
  public static FieldPlan assign(
      String name,
      TypeName type,
      boolean nameable,
      ClassName declaringClass,
      Optional<TypeName> castTo) {
    return new FieldPlan(
        name,
        Kind.ASSIGN,
        type,
        nameable,
        declaringClass,
        castTo,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** {@code dest.setter(src.getter())}. */
  public static FieldPlan accessors(
      String name,
      TypeName type,
      boolean nameable,
      ClassName declaringClass,
      String getter,
      String setter) {
    return new FieldPlan(
        name,
        Kind.ACCESSORS,
        type,
        nameable,
        declaringClass,
        Optional.empty(),
        Optional.of(getter),
        Optional.of(setter),
        Optional.empty());
  }

  /**
   * A final array ({@code embeddedCopier} empty) or embedded struct (its copier present), read
   * directly, through a cast to {@code castTo} when hidden, and copied into the object it holds.
   */
  public static FieldPlan inPlace(
      String name,
      TypeName type,
      boolean nameable,
      ClassName declaringClass,
      Optional<TypeName> castTo,
      Optional<ClassName> embeddedCopier) {
    return new FieldPlan(
        name,
        inPlaceKind(embeddedCopier),
        type,
        nameable,
        declaringClass,
        castTo,
        Optional.empty(),
        Optional.empty(),
        embeddedCopier);
  }

  /** As {@link #inPlace}, but the object the field holds is read through {@code getter}. */
  public static FieldPlan inPlaceThroughGetter(
      String name,
      TypeName type,
      boolean nameable,
      ClassName declaringClass,
      String getter,
      Optional<ClassName> embeddedCopier) {
    return new FieldPlan(
        name,
        inPlaceKind(embeddedCopier),
        type,
        nameable,
        declaringClass,
        Optional.empty(),
        Optional.of(getter),
        Optional.empty(),
        embeddedCopier);
  }

  private static Kind inPlaceKind(Optional<ClassName> embeddedCopier) {
    return embeddedCopier.isPresent() ? Kind.EMBEDDED : Kind.ARRAY;
  }

  /** Checks that the optional parts match the kind. */
  public FieldPlan {
    if ((kind == Kind.ACCESSORS) != setter.isPresent()
        || (kind == Kind.ACCESSORS && getter.isEmpty())
        || (kind == Kind.EMBEDDED) != embeddedCopier.isPresent()
        || (castTo.isPresent() && getter.isPresent())) {
      throw new IllegalArgumentException("inconsistent plan for field " + name + ": " + kind);
    }
  }

  /** Whether the field is hidden by a subclass field and read through a cast. */
  public boolean isHidden() {
    return castTo.isPresent();
  }
}
