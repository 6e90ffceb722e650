/**
 * Small helpers every step shares: walking a type's enclosing classes ({@link
 * dev.copyexcept.processor.util.TypeElements}) and the JavaBeans capitalization of a field name
 * ({@link dev.copyexcept.processor.util.Names}).
 *
 * <p>It depends on no other package of the processor, so any step may use it.
 */
package dev.copyexcept.processor.util;
