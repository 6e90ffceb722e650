/**
 * The immutable description of one copier, built by validation and read by code generation.
 *
 * <p>It holds names and JavaPoet type names only, never {@code Elements} or {@code Types} queries,
 * so the writer cannot ask the compiler anything: every decision (which fields, in what order, how
 * each is copied) is taken before the model exists. The one compiler object it carries is the
 * originating element, passed through untouched to the {@code Filer}.
 */
package dev.copyexcept.processor.model;
