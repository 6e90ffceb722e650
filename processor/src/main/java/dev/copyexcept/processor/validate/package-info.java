/**
 * Judging a scanned class against every rule of the contract, reporting every problem found (not
 * only the first), and building the {@link dev.copyexcept.processor.model.CopierModel} when there
 * was none.
 *
 * <p>Placement rule: a problem with a name in {@code @CopyExcept} is reported on that annotation
 * value; a problem with a field is reported on the field when its source is part of this
 * compilation, otherwise on the annotated class (a diagnostic on a class-file element would have no
 * position).
 */
package dev.copyexcept.processor.validate;
