package dev.copyexcept.example.mm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test that provokes kernel warnings on purpose (and asserts on them itself), so that
 * {@link KernelExtension} does not fail it for raising them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ExpectWarnings {}
