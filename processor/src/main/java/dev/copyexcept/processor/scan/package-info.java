/**
 * Reading an annotated class: its superclasses (topmost first), every field in declaration order
 * with the facts that decide how it can be copied (static, final, array, embedded struct,
 * accessible, hidden, accessors), and the names of every {@code @CopyExcept} in the hierarchy, kept
 * as annotation mirrors and values so that diagnostics can point at them.
 *
 * <p>Scanning judges nothing and reports nothing; validation does. Superclasses may come from class
 * files: {@code CLASS} retention keeps their annotations visible.
 */
package dev.copyexcept.processor.scan;
