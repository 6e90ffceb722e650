package dev.copyexcept;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Generates, at compile time, a copier that copies every instance field of the annotated class (and
 * of its superclasses) from one instance into another, <em>except</em> the named fields.
 *
 * <p>For {@code p.Foo} the processor writes {@code p.FooCopier} with one method, {@code static void
 * copy(Foo src, Foo dest)}; a nested class {@code p.Outer.Foo} gives {@code p.Outer_FooCopier}. A
 * field added to the class later is copied automatically; a field that cannot be copied, or a name
 * here that matches no field, is a compile error.
 *
 * <pre>{@code
 * @CopyExcept("vm_refcnt")
 * final class VmAreaStruct {
 *   long vm_start, vm_end;
 *   int vm_refcnt;          // readers increment this concurrently: never overwritten
 * }
 *
 * VmAreaStructCopier.copy(orig, recycled);   // every field but vm_refcnt
 * }</pre>
 *
 * <p>Exclusions are inherited: a name excluded by an annotated superclass is excluded in every
 * subclass copier too. The annotation has no effect on local and anonymous classes, which
 * annotation processors cannot see.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CopyExcept {
  /** Names of the instance fields that the generated copier leaves untouched in the destination. */
  String[] value() default {};
}
