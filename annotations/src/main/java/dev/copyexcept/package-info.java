/**
 * The {@link dev.copyexcept.CopyExcept} annotation: the only type a user of copy-except compiles
 * against. It has no dependencies and is needed at compile time only (retention {@code CLASS}, so
 * subclasses compiled later still see a superclass's exclusions).
 */
package dev.copyexcept;
