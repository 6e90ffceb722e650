/**
 * Diagnostics: the one catalogue of every message the processor can print ({@link
 * dev.copyexcept.processor.diag.Message}), a {@link dev.copyexcept.processor.diag.Problem} (one
 * message not yet printed, with its place) and the {@link dev.copyexcept.processor.diag.Reporter}
 * that prints them on the most precise element available (the element, its annotation, or one value
 * of the annotation), so IDEs underline the right token.
 *
 * <p>No other package formats user-facing text.
 */
package dev.copyexcept.processor.diag;
