package dev.copyexcept.processor;

import dev.copyexcept.processor.diag.Message;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the fixture test of a catalogue entry. {@link CatalogueTest} fails when an entry of {@link
 * Message} has no such test, and when a test does not really emit an entry it is marked with.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Covers {
  /** The entries the test asserts, text, file and line. */
  Message[] value();
}
