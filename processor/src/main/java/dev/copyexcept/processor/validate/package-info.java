/**
 * Judging a scanned class against every rule of the contract into a {@link
 * dev.copyexcept.processor.validate.ValidationReport} of every problem found (not only the first),
 * and building the {@link dev.copyexcept.processor.model.CopierModel} from a clean report only.
 * Both share one {@code FieldPlanner}, so the model never disagrees with the verdict on a field.
 *
 * <p>Placement rule: a problem with a name in {@code @CopyExcept} is reported on that annotation
 * value; a problem with a field is reported on the field when its source is part of this
 * compilation, otherwise on the annotated class (a diagnostic on a class-file element would have no
 * position).
 */
package dev.copyexcept.processor.validate;
